"""The whole path with the real pipeline: a feed on 127.0.0.1, a saved query, one alert."""

from __future__ import annotations

from pathlib import Path

import pytest

from herald.watch import AlertQuery, Watcher, add_alert
from watch.site import Entry, Site, rss

ARTICLE = """NIAMEY, Jan 16 - Niger's military government signed an agreement with Russia on \
Tuesday to deepen military cooperation, the foreign ministry said.

Russian Deputy Defence Minister Yunus-Bek Yevkurov met General Abdourahamane Tiani in Niamey on \
Monday, state television reported. The two countries will train soldiers together, officials \
said. The talks followed the departure of the last French troops from the country in December."""


@pytest.mark.model
def test_new_feed_entry_runs_through_the_pipeline_and_alerts(site: Site, db: Path) -> None:
    add_alert(db, AlertQuery.build("visits", actor="RUS", recipient="NER", type="CONSULT"))
    entry = Entry(ARTICLE, guid="rfi-1", link="http://wire.invalid/rfi-1", title="Niger, Russia")
    url = site.put("/feed", rss([entry]), etag='"v1"')
    watch = Watcher([url], db=db, timeout=5.0)
    first = watch.poll()
    (hit,) = first.alerts
    assert (hit.event["date"], hit.event["event"]) == ("2024-01-15", "CONSULT")
    assert "Yevkurov met General Abdourahamane Tiani" in hit.event["evidence"]["sentence"]
    assert watch.poll().alerts == []
