"""RSS and Atom feeds: one article per entry, damage reported after the entries it spared."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from herald.model import RawArticle, Rejection
from herald.sources import read_inputs
from sources.samples import outcomes, write

LIMIT = 1_000_000
FIRST = "Niger's junta expelled the French ambassador on Tuesday, state television said."
SECOND = "Mali's government recalled its envoy from Algiers on Wednesday, officials said."


def item(title: str, body: str, *, extra: str = "") -> str:
    return (
        f"<item><title>{title}</title><link>https://example.com/{title.lower()}</link>"
        f"<pubDate>Tue, 16 Jan 2024 23:30:00 +0100</pubDate>{extra}"
        f"<description>{body}</description></item>"
    )


def rss(*items: str, title: str = "Daily News", encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>https://example.com/</link>"
        + "".join(items)
        + "</channel></rss>"
    )


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Envoy expelled</title><link href="https://example.com/a"/>
<id>urn:a</id><published>2024-01-16T23:30:00+01:00</published><updated>2024-01-17T08:00:00Z</updated>
<author><name>Jane Doe</name></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{FIRST}</p></div></content>
</entry></feed>"""


def read(*paths: str | Path, max_bytes: int = LIMIT) -> list[RawArticle | Rejection]:
    return list(read_inputs(paths, max_bytes=max_bytes))


def articles(items: list[RawArticle | Rejection]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


@pytest.mark.parametrize("name", ["news.rss", "news.xml", "NEWS.RSS"])
def test_rss_entry_becomes_article_with_metadata(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, rss(item("One", FIRST), item("Two", SECOND)))
    first, second = articles(read(path))
    assert (first.key, second.key) == (f"{path}#entry1", f"{path}#entry2")
    assert (first.text, first.title, first.url, first.source, first.published) == (
        FIRST,
        "One",
        "https://example.com/one",
        "Daily News",
        date(2024, 1, 16),  # the day as written, not moved to UTC
    )
    assert (first.format, first.encoding, first.language) == ("feed", "utf-8", "en")


@pytest.mark.parametrize(
    "encoded",
    [f"<content:encoded><![CDATA[<div><p>{FIRST}</p><p>{SECOND}</p></div>]]></content:encoded>"],
)
def test_full_content_wins_over_the_summary_and_html_becomes_text(
    tmp_path: Path, encoded: str
) -> None:
    path = write(tmp_path / "news.rss", rss(item("One", "A teaser.", extra=encoded)))
    (article,) = articles(read(path))
    assert article.text == f"{FIRST}\n\n{SECOND}"


@pytest.mark.parametrize("name", ["wire.atom", "wire.xml"])
def test_atom_entry_becomes_article(tmp_path: Path, name: str) -> None:
    (article,) = articles(read(write(tmp_path / name, ATOM)))
    assert (article.text, article.source, article.author, article.published, article.url) == (
        FIRST,
        "Wire",
        "Jane Doe",
        date(2024, 1, 16),
        "https://example.com/a",
    )


@pytest.mark.parametrize("codec", ["cp1252"])
def test_feed_declared_encoding_is_used_and_recorded(tmp_path: Path, codec: str) -> None:
    text = "Le ministre a déclaré mardi à Niamey que la sécurité reste fragile."
    data = rss(item("Un", text), encoding="windows-1252").encode(codec)
    (article,) = articles(read(write(tmp_path / "fr.rss", data)))
    assert (article.text, article.encoding, article.language) == (text, codec, "fr")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("", "E102"),
        (rss(), "E102"),  # a well-formed feed without entries
        ("just some words, no markup", "E112"),
        ('<?xml version="1.0"?><catalog><book>Dune</book></catalog>', "E112"),
        ("<rss version='2.0'><channel><title>Daily N", "E112"),  # cut before any entry
    ],
)
def test_bad_feed_is_rejected(tmp_path: Path, data: str, code: str) -> None:
    path = write(tmp_path / "news.rss", data)
    assert outcomes(read(path)) == [(str(path), code)]


@pytest.mark.parametrize("cut", ["<item><title>Three</title><descr"])
def test_truncated_feed_keeps_the_entries_before_the_damage(tmp_path: Path, cut: str) -> None:
    whole = rss(item("One", FIRST), item("Two", SECOND))
    damaged = whole[: whole.index("</channel>")] + cut
    path = write(tmp_path / "news.rss", damaged)
    got = outcomes(read(path))
    assert got[:2] == [(f"{path}#entry1", "feed"), (f"{path}#entry2", "feed")]
    assert got[-1] == (str(path), "E112")


@pytest.mark.parametrize("empty", ["<item><title>No body</title></item>"])
def test_entry_without_text_is_rejected_alone(tmp_path: Path, empty: str) -> None:
    path = write(tmp_path / "news.rss", rss(item("One", FIRST), empty, item("Two", SECOND)))
    assert outcomes(read(path)) == [
        (f"{path}#entry1", "feed"),
        (f"{path}#entry2", "E102"),
        (f"{path}#entry3", "feed"),
    ]


@pytest.mark.parametrize(
    "news", [item("Three", "Talks resumed in Niamey on Thursday, the UN said.")]
)
def test_changed_feed_gives_new_entries_and_the_same_articles_for_old_ones(
    tmp_path: Path, news: str
) -> None:
    path = tmp_path / "news.rss"
    before = articles(read(write(path, rss(item("One", FIRST), item("Two", SECOND)))))
    # The publisher puts the newest entry first and drops the oldest.
    after = articles(read(write(path, rss(news, item("One", FIRST)))))
    assert [a.title for a in after] == ["Three", "One"]
    assert (after[1].text, after[1].url) == (before[0].text, before[0].url)
    assert len({a.key for a in after}) == len(after)


@pytest.mark.parametrize("data", [rss(item("One", FIRST)), ATOM])
def test_feed_on_stdin_is_recognised(monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    assert outcomes(read("-")) == [("<stdin>#entry1", "feed")]


@pytest.mark.parametrize("size", [200])
def test_feed_over_the_limit_is_rejected_e105(tmp_path: Path, size: int) -> None:
    path = write(tmp_path / "news.rss", rss(item("One", FIRST)))
    assert outcomes(read(path, max_bytes=size)) == [(str(path), "E105")]
