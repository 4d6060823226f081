"""Polling feeds and pages on 127.0.0.1: conditional requests, seen items, per-source errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from herald.errors import InputError
from herald.store import Store
from herald.watch import FULL_TEXT_CHARS, MAX_ATTEMPTS, PollReport, parse_duration
from watch.conftest import MakeWatcher
from watch.site import Entry, Site, atom, rss, story, unreachable_url


def stored(db: Path) -> int:
    with Store.open(db) as store:
        return store.counts()["articles"]


def one(report: PollReport) -> tuple[str, int, int]:
    """(status, new, stored) of the only source of a poll."""
    (source,) = report.sources
    return source.status, source.new, source.ingest.articles


def two_stories() -> list[Entry]:
    return [
        Entry(story("cooperation", 1), guid="a1", link="http://wire.invalid/a1"),
        Entry(story("protest", 2), guid="a2", link="http://wire.invalid/a2"),
    ]


@pytest.mark.parametrize("render", [rss, atom])
def test_first_poll_stores_every_full_text_entry(
    site: Site, watcher: MakeWatcher, db: Path, render: object
) -> None:
    url = site.put("/feed", render(two_stories()))  # type: ignore[operator]
    assert one(watcher(url).poll()) == ("read", 2, 2)
    assert stored(db) == 2


def test_stored_etag_is_sent_back_and_304_means_nothing_new(
    site: Site, watcher: MakeWatcher
) -> None:
    url = site.put("/feed", rss(two_stories()), etag='"v1"')
    watch = watcher(url)
    watch.poll()
    assert one(watch.poll()) == ("not modified", 0, 0)
    assert site.headers("/feed")["if-none-match"] == '"v1"'


def test_stored_last_modified_is_sent_back_as_if_modified_since(
    site: Site, watcher: MakeWatcher
) -> None:
    stamp = "Tue, 16 Jan 2024 09:00:00 GMT"
    url = site.put("/feed", rss(two_stories()), last_modified=stamp)
    watch = watcher(url)
    watch.poll()
    assert one(watch.poll()) == ("not modified", 0, 0)
    assert site.headers("/feed")["if-modified-since"] == stamp


def test_state_survives_a_restart(site: Site, watcher: MakeWatcher) -> None:
    url = site.put("/feed", rss(two_stories()), etag='"v1"')
    watcher(url).poll()
    assert one(watcher(url).poll()) == ("not modified", 0, 0)


def test_only_the_new_entry_is_ingested_when_the_feed_changes(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    url = site.put("/feed", rss(two_stories()), etag='"v1"')
    watch = watcher(url)
    watch.poll()
    newer = [Entry(story("talks", 3), guid="a3"), *two_stories()]
    site.put("/feed", rss(newer), etag='"v2"')
    report = watch.poll()
    assert (one(report), report.sources[0].seen) == (("read", 1, 1), 2)
    assert stored(db) == 3


def test_same_body_without_validators_is_unchanged(site: Site, watcher: MakeWatcher) -> None:
    url = site.put("/feed", rss(two_stories()))
    watch = watcher(url)
    watch.poll()
    assert one(watch.poll()) == ("unchanged", 0, 0)


@pytest.mark.parametrize(
    ("first", "again"),
    [
        # Known by its guid: a new link and text do not make it new.
        (
            Entry(story("talks", 4), guid="g1", link="http://wire.invalid/old"),
            Entry(story("protest", 5), guid="g1", link="http://wire.invalid/new"),
        ),
        # Known by its link: a new guid does not make it new.
        (
            Entry(story("talks", 4), guid="g1", link="http://wire.invalid/same"),
            Entry(story("talks", 4), guid="g2", link="http://wire.invalid/same"),
        ),
        # Neither guid nor link: known by its text.
        (Entry(story("talks", 4)), Entry(story("talks", 4), title="Retitled")),
    ],
    ids=["guid", "link", "content-hash"],
)
def test_seen_entry_is_skipped(
    site: Site, watcher: MakeWatcher, db: Path, first: Entry, again: Entry
) -> None:
    url = site.put("/feed", rss([first]), etag='"v1"')
    watch = watcher(url)
    watch.poll()
    site.put("/feed", rss([again]), etag='"v2"')
    report = watch.poll()
    assert (one(report), report.sources[0].seen, stored(db)) == (("read", 0, 0), 1, 1)


def test_teaser_entry_is_read_from_its_linked_page(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    page = site.put("/story/1", story("talks", 6).encode(), content_type="text/plain")
    teaser = "Russian envoys held talks in Niamey."
    assert len(teaser) < FULL_TEXT_CHARS
    url = site.put("/feed", rss([Entry(teaser, guid="t1", link=page, title="Talks")]))
    assert one(watcher(url).poll()) == ("read", 1, 1)
    with Store.open(db) as store:
        (article,) = store.articles()
    assert (article["url"], article["title"], article["published"], site.hits("/story/1")) == (
        page,
        "Talks",
        "2024-01-16",
        1,
    )


def test_page_source_is_ingested_once(site: Site, watcher: MakeWatcher, db: Path) -> None:
    url = site.put("/page", story("protest", 7).encode(), content_type="text/plain")
    watch = watcher(url)
    assert one(watch.poll()) == ("read", 1, 1)
    assert one(watch.poll()) == ("unchanged", 0, 0)
    site.put("/page", story("talks", 8).encode(), content_type="text/plain")
    assert one(watch.poll()) == ("read", 1, 1)
    assert stored(db) == 2


#: Failing answers (None: nobody listens) and the code each source gets.
FAILURES: dict[str, tuple[dict[str, object] | None, str]] = {
    "/500": ({"status": 500}, "E117"),
    "/404": ({"status": 404}, "E117"),
    "/broken": ({"body": b"<rss version='2.0'><channel><item><title>cut"}, "E112"),
    "/not-a-feed": ({"body": b"not a feed", "content_type": "application/rss+xml"}, "E112"),
    "/unreachable": (None, "E118"),
}


def test_failing_sources_are_coded_rejections_and_the_others_go_on(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    urls = {}
    for path, (answer, _) in FAILURES.items():
        body = {"body": b"", **answer} if answer is not None else None
        urls[path] = site.put(path, **body) if body else unreachable_url()  # type: ignore[arg-type]
    good = site.put("/good", rss(two_stories()))
    report = watcher(*urls.values(), good).poll()
    *failed, fine = report.sources
    assert [(s.status, s.error and s.error.code) for s in failed] == [
        ("error", code) for _, code in FAILURES.values()
    ]
    assert (fine.status, fine.ingest.articles) == ("read", 2)
    with Store.open(db) as store:
        rejected = {(r["key"], r["code"], r["stage"]) for r in store.rejections()}
    assert rejected == {(urls[path], code, "watch") for path, (_, code) in FAILURES.items()}


def test_failed_source_is_polled_again_and_recovers(site: Site, watcher: MakeWatcher) -> None:
    url = site.put("/feed", b"", status=503)
    watch = watcher(url)
    assert one(watch.poll())[0] == "error"
    site.put("/feed", rss(two_stories()))
    assert one(watch.poll()) == ("read", 2, 2)


def test_broken_feed_keeps_the_entries_before_the_damage(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    whole = rss(two_stories())
    url = site.put("/feed", whole[: whole.index(b"<item>", whole.index(b"</item>"))] + b"<item><ti")
    report = watcher(url).poll()
    (source,) = report.sources
    assert (source.error and source.error.code, source.ingest.articles) == ("E112", 1)


def test_unreachable_linked_page_is_retried_next_poll(
    site: Site, watcher: MakeWatcher, db: Path
) -> None:
    site.put("/story/9", b"", status=500)
    entry = Entry("Envoys held talks.", guid="t9", link=site.url("/story/9"))
    url = site.put("/feed", rss([entry]), etag='"v1"')
    watch = watcher(url)
    first = watch.poll().sources[0]
    assert (first.failed, first.ingest.rejected) == (1, 1)
    site.put("/story/9", story("talks", 9).encode(), content_type="text/plain")
    # The same ETag: the feed must not answer 304 while an item is still to retry.
    assert one(watch.poll()) == ("read", 1, 1)


def test_item_is_given_up_after_its_last_attempt(site: Site, watcher: MakeWatcher) -> None:
    site.put("/story/10", b"", status=404)
    entry = Entry("Envoys held talks.", guid="t10", link=site.url("/story/10"))
    url = site.put("/feed", rss([entry]), etag='"v1"')
    watch = watcher(url)
    for _ in range(MAX_ATTEMPTS):
        watch.poll()
    assert one(watch.poll()) == ("not modified", 0, 0)
    assert site.hits("/story/10") == MAX_ATTEMPTS


@pytest.mark.parametrize("source", ["feed.xml", "ftp://example.org/feed", "-"])
def test_only_http_urls_can_be_watched_e121(watcher: MakeWatcher, source: str) -> None:
    with pytest.raises(InputError) as raised:
        watcher(source)
    assert raised.value.code == "E121"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("15m", 900), ("1h", 3600), ("1d", 86400), ("1h30m", 5400), (" 2M ", 120)],
)
def test_durations_are_parsed(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "15x", "m", "0s", "-5m", "1.5h", "15 m", "m15"])
def test_bad_durations_are_refused_e120(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_duration(text)
    assert raised.value.code == "E120"


def test_run_waits_out_the_interval_between_polls(site: Site, watcher: MakeWatcher) -> None:
    url = site.put("/feed", rss(two_stories()), etag='"v1"')
    waits: list[float] = []
    polls = watcher(url).run(60.0, max_polls=3, sleep=waits.append)
    assert polls == 3 and len(waits) == 2 and all(50 < wait <= 60 for wait in waits)
