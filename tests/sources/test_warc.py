"""WARC crawls: one article per HTML response record; damage stops the file, keeping the rest."""

from __future__ import annotations

import gzip
import io
import sys
from datetime import date
from pathlib import Path

import pytest

from herald.model import RawArticle, Rejection
from herald.sources import read_inputs
from sources.samples import outcomes, write

LIMIT = 1_000_000
STORY = "Niger's junta expelled the French ambassador on Tuesday, state television said."


def page(label: str, *, dated: bool = False) -> bytes:
    meta = '<meta property="article:published_time" content="2023-12-01">' if dated else ""
    return (
        f"<html><head><title>{label}</title>{meta}</head><body><article>"
        f"<p>{label}: {STORY} The move follows weeks of tension with Paris.</p>"
        "</article></body></html>"
    ).encode()


def record(
    uri: str,
    body: bytes,
    *,
    media: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    kind: str = "response",
) -> bytes:
    """One WARC record, written out by hand as the WARC 1.0 standard lays it."""
    http = f"HTTP/1.1 {status}\r\nContent-Type: {media}\r\nContent-Length: {len(body)}\r\n\r\n"
    block = http.encode() + body
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-16T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode() + block + b"\r\n\r\n"


CRAWL = [
    record("https://example.com/a", page("A")),
    record("https://example.com/logo.png", b"\x89PNG\r\n" * 10, media="image/png"),
    record("https://example.com/moved", b"<html>Moved</html>", status="301 Moved"),
    record("https://example.com/b", page("B", dated=True), kind="response"),
]


def warc(records: list[bytes], *, gz: bool) -> bytes:
    # A .warc.gz holds each record in a gzip member of its own.
    return b"".join(gzip.compress(r) for r in records) if gz else b"".join(records)


def read(path: Path, max_bytes: int = LIMIT) -> list[RawArticle | Rejection]:
    return list(read_inputs([path], max_bytes=max_bytes))


@pytest.mark.parametrize(("name", "gz"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_responses_become_articles_and_other_records_are_skipped(
    tmp_path: Path, name: str, gz: bool
) -> None:
    path = write(tmp_path / name, warc(CRAWL, gz=gz))
    assert outcomes(read(path)) == [(f"{path}#record1", "warc"), (f"{path}#record4", "warc")]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (0, ("https://example.com/a", date(2024, 1, 16))),  # no date in the page: WARC-Date
        (1, ("https://example.com/b", date(2023, 12, 1))),  # the page's own date wins
    ],
)
def test_record_url_and_date(tmp_path: Path, number: int, expected: tuple[str, date]) -> None:
    path = write(tmp_path / "crawl.warc", warc(CRAWL, gz=False))
    article = [i for i in read(path) if isinstance(i, RawArticle)][number]
    assert (article.url, article.published) == expected
    assert STORY in article.text


@pytest.mark.parametrize("gz", [False, True])
def test_truncated_warc_keeps_the_records_before_the_cut(tmp_path: Path, gz: bool) -> None:
    whole = warc(CRAWL, gz=gz)
    path = write(tmp_path / "crawl.warc", whole[: len(whole) - 150])
    assert outcomes(read(path)) == [(f"{path}#record1", "warc"), (str(path), "E113")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E102"),
        (warc(CRAWL[1:3], gz=False), "E102"),  # no HTML page in it
        (b"this is not a WARC file\r\n\r\n", "E113"),
        (gzip.compress(b"WARC/1.0\r\nWARC-Type: resp")[:-12], "E113"),
    ],
)
def test_bad_warc_is_rejected(tmp_path: Path, data: bytes, code: str) -> None:
    path = write(tmp_path / "crawl.warc.gz", data)
    assert outcomes(read(path)) == [(str(path), code)]


@pytest.mark.parametrize("limit", [200])
def test_oversized_record_is_rejected_alone(tmp_path: Path, limit: int) -> None:
    small = record("https://example.com/s", b"<html><body><p>" + b"Talks resumed. " * 8 + b"</p>")
    path = write(tmp_path / "crawl.warc", warc([CRAWL[0], small], gz=False))
    assert outcomes(read(path, max_bytes=limit)) == [
        (f"{path}#record1", "E105"),
        (f"{path}#record2", "warc"),
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_on_stdin_is_recognised(monkeypatch: pytest.MonkeyPatch, gz: bool) -> None:
    data = warc(CRAWL[:1], gz=gz)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert outcomes(list(read_inputs(["-"], max_bytes=LIMIT))) == [("<stdin>#record1", "warc")]
