"""Saved alert queries: validation, matching new events once per query, the JSON Lines log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from herald.errors import InputError
from herald.export.records import EVENT_KEYS
from herald.watch import AlertQuery, add_alert, default_alerts_log, list_alerts, remove_alert
from watch.conftest import MakeWatcher
from watch.site import Entry, Site, rss, story

COOPERATION = Entry(story("cooperation", 11), guid="c1", link="http://wire.invalid/c1")
PROTEST = Entry(story("protest", 12), guid="p1", link="http://wire.invalid/p1")
TALKS = Entry(story("talks", 13), guid="t1", link="http://wire.invalid/t1")


def log_lines(db: Path) -> list[dict[str, Any]]:
    path = default_alerts_log(db)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_matching_event_is_reported_and_logged(site: Site, watcher: MakeWatcher, db: Path) -> None:
    add_alert(db, AlertQuery.build("niger", actor="NER", type="COOPERATE"))
    url = site.put("/feed", rss([COOPERATION, PROTEST]))
    (hit,) = watcher(url).poll().alerts
    assert hit.line().startswith("alert niger: 2024-01-16 NER gov (NER) COOPERATE RUS gov (RUS) |")
    (record,) = log_lines(db)
    assert (record["alert"], record["source"], tuple(record["event"])) == (
        "niger",
        url,
        EVENT_KEYS,
    )
    assert record["article_id"] == record["event"]["article_id"] == hit.article_id


def test_event_alerts_once_per_query_even_across_restarts(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    add_alert(db, AlertQuery.build(type="COOPERATE"))
    url = site.put("/feed", rss([COOPERATION]), etag='"v1"')
    assert len(watcher(url).poll().alerts) == 1
    site.put("/feed", rss([PROTEST, COOPERATION]), etag='"v2"')
    assert watcher(url).poll().alerts == []
    assert len(log_lines(db)) == 1


def test_each_matching_query_alerts(site: Site, watcher: MakeWatcher, db: Path) -> None:
    add_alert(db, AlertQuery.build("by-type", type="CONSULT"))
    add_alert(db, AlertQuery.build("by-actor", actor="RUS"))
    add_alert(db, AlertQuery.build("elsewhere", country="KEN"))
    url = site.put("/feed", rss([TALKS]))
    hits = watcher(url).poll().alerts
    assert sorted(hit.alert for hit in hits) == ["by-actor", "by-type"]


def test_query_saved_later_ignores_events_stored_before(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    url = site.put("/feed", rss([TALKS]), etag='"v1"')
    watch = watcher(url)
    watch.poll()
    add_alert(db, AlertQuery.build(type="CONSULT"))
    site.put("/feed", rss([COOPERATION, TALKS]), etag='"v2"')
    assert watch.poll().alerts == []


#: Queries on the event "NER cooperates with RUS" (CAMEO 061), and whether each alerts on it.
QUERIES: list[tuple[dict[str, str], bool]] = [
    ({"actor": "NER"}, True),
    ({"actor": "RUS"}, False),
    ({"recipient": "RUS"}, True),
    ({"recipient": "NER"}, False),
    ({"actor": "NER", "recipient": "RUS"}, True),
    ({"country": "rus"}, True),
    ({"type": "cooperate"}, True),
    ({"type": "06"}, True),
    ({"type": "CONSULT"}, False),
    ({"text": "MILITARY cooperation"}, True),
    ({"text": "fuel"}, False),
    ({"source": "wire"}, True),
]


def test_queries_filter_the_new_events(site: Site, watcher: MakeWatcher, db: Path) -> None:
    # One poll for every query: the queries are independent, and a poll is the slow part.
    for number, (filters, _) in enumerate(QUERIES):
        add_alert(db, AlertQuery.build(f"q{number}", **filters))
    url = site.put("/feed", rss([COOPERATION]))
    alerted = {hit.alert for hit in watcher(url).poll().alerts}
    expected = {f"q{number}" for number, (_, alerts) in enumerate(QUERIES) if alerts}
    assert alerted == expected


@pytest.mark.parametrize(
    ("filters", "code"),
    [
        ({"type": "COOPERATION"}, "E122"),
        ({"type": "999"}, "E122"),
        ({"type": "CONSULT", "mode": "expel"}, "E122"),
        ({"mode": "nonsense"}, "E122"),
        ({"context": "sports"}, "E122"),
        ({"actor": "Niger"}, "E122"),
        ({"recipient": "N1R"}, "E122"),
        ({"actor": "", "text": None}, "E125"),
        ({"colour": "red"}, "E122"),
    ],
)
def test_bad_query_is_refused(filters: dict[str, str | None], code: str) -> None:
    with pytest.raises(InputError) as raised:
        AlertQuery.build(**filters)
    assert raised.value.code == code


@pytest.mark.parametrize("name", ["two words", "", "x" * 101])
def test_bad_name_is_refused_e122(name: str) -> None:
    with pytest.raises(InputError) as raised:
        AlertQuery.build(name, type="CONSULT")
    assert raised.value.code == "E122"


def test_name_is_made_of_the_filters_when_not_given() -> None:
    query = AlertQuery.build(actor="rus", type="consult", mode="Visit")
    assert query.name == "rus-consult-visit"


def test_duplicate_name_is_refused_e123(db: Path) -> None:
    add_alert(db, AlertQuery.build("niger", actor="NER"))
    with pytest.raises(InputError) as raised:
        add_alert(db, AlertQuery.build("niger", type="CONSULT"))
    assert raised.value.code == "E123"


def test_removing_an_unknown_alert_is_e124(db: Path) -> None:
    with pytest.raises(InputError) as raised:
        remove_alert(db, "nope")
    assert raised.value.code == "E124"


def test_saved_queries_are_listed_and_removed(db: Path) -> None:
    add_alert(db, AlertQuery.build("a", actor="NER", type="COOPERATE"))
    add_alert(db, AlertQuery.build("b", text="border", duplicates=True))
    listed = [(query.name, query.filters(), matches) for query, _, matches in list_alerts(db)]
    assert listed == [
        ("a", {"actor": "NER", "type": "COOPERATE"}, 0),
        ("b", {"text": "border", "duplicates": True}, 0),
    ]
    remove_alert(db, "a")
    assert [query.name for query, _, _ in list_alerts(db)] == ["b"]


def test_unwritable_alert_log_is_e126(watcher: MakeWatcher, tmp_path: Path) -> None:
    watch = watcher("http://127.0.0.1:9/feed", alerts_log=tmp_path / "missing" / "alerts.jsonl")
    with pytest.raises(InputError) as raised:
        watch.check_log()
    assert raised.value.code == "E126"
