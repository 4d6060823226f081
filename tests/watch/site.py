"""A local HTTP server on 127.0.0.1 whose feeds and pages tests change between polls.

Each resource may carry an ETag and a Last-Modified; a request sending them back gets a 304.
Stories are made of a lead sentence (the event a stand-in pipeline reads) and filler words of
their own, so no two stories look like near-duplicates to the store.
"""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from herald.model import RawArticle, Result
from store.factory import Spec, make_result

#: Lead sentence keyword -> the event the stand-in pipeline finds (first sentence is evidence).
EVENTS: dict[str, Spec] = {
    "cooperation": Spec("COOPERATE", "NER", "RUS", date(2024, 1, 16), cameo="061"),
    "talks": Spec("CONSULT", "RUS", "NER", date(2024, 1, 15), cameo="040"),
    "protest": Spec("PROTEST", "KEN", None, date(2024, 1, 17), cameo="141"),
}
LEADS = {
    "cooperation": "Niger signed a military cooperation pact with Russia on Tuesday.",
    "talks": "Russian envoys held talks with Niger's leaders in Niamey on Monday.",
    "protest": "Kenyan protesters marched against fuel prices in Nairobi on Wednesday.",
}


def story(kind: str, seed: int, words: int = 90) -> str:
    """A lead sentence of ``kind`` and filler sentences of made-up words unique to ``seed``."""
    rng = random.Random(seed)
    filler = []
    for _ in range(words // 10):
        sentence = " ".join(f"w{seed}x{rng.randrange(10**6)}" for _ in range(10))
        filler.append(sentence.capitalize() + ".")
    return LEADS[kind] + " " + " ".join(filler)


def process(articles: Sequence[RawArticle]) -> list[Result]:
    """A stand-in for the pipeline: one event per story, chosen by its lead's keyword."""
    results = []
    for raw in articles:
        specs = tuple(spec for word, spec in EVENTS.items() if word in raw.text.split(".")[0])
        result = make_result(raw.text, specs, url=raw.url, published=raw.published)
        article = replace(
            result.article, key=raw.key, title=raw.title or result.article.title, source=raw.source
        )
        results.append(replace(result, article=article))
    return results


@dataclass(frozen=True)
class Entry:
    """One feed entry; without ``guid``/``link`` the feed leaves those elements out."""

    text: str
    guid: str | None = None
    link: str | None = None
    title: str = "A story"
    published: date = date(2024, 1, 16)


def rss(entries: Sequence[Entry], title: str = "Wire") -> bytes:
    items = []
    for entry in entries:
        parts = [f"<title>{escape(entry.title)}</title>"]
        if entry.guid:
            parts.append(f'<guid isPermaLink="false">{escape(entry.guid)}</guid>')
        if entry.link:
            parts.append(f"<link>{escape(entry.link)}</link>")
        day = datetime(entry.published.year, entry.published.month, entry.published.day, 9)
        parts.append(f"<pubDate>{format_datetime(day.replace(tzinfo=UTC), usegmt=True)}</pubDate>")
        parts.append(f"<description>{escape(entry.text)}</description>")
        items.append("<item>" + "".join(parts) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://wire.invalid/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def atom(entries: Sequence[Entry], title: str = "Wire") -> bytes:
    items = []
    for entry in entries:
        items.append(
            f"<entry><id>{escape(entry.guid or entry.link or '')}</id>"
            f"<title>{escape(entry.title)}</title>"
            + (f'<link href="{escape(entry.link)}"/>' if entry.link else "")
            + f"<updated>{entry.published.isoformat()}T09:00:00Z</updated>"
            f'<content type="text">{escape(entry.text)}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:wire</id><updated>2024-01-16T09:00:00Z</updated>"
        + "".join(items)
        + "</feed>"
    ).encode()


@dataclass
class Resource:
    """What the server answers at one path."""

    body: bytes
    content_type: str = "application/rss+xml"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Site:
    """The server's resources (change them between polls) and the requests it got."""

    base: str = ""
    resources: dict[str, Resource] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def put(self, path: str, body: bytes, **answer: object) -> str:
        """Serve ``body`` at ``path`` from now on; returns its URL."""
        self.resources[path] = Resource(body, **answer)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> int:
        return sum(1 for asked, _ in self.requests if asked == path)

    def headers(self, path: str) -> dict[str, str]:
        """The headers of the last request for ``path``."""
        return [headers for asked, headers in self.requests if asked == path][-1]


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.site.requests.append((self.path, headers))
        resource = self.site.resources.get(self.path)
        if resource is None:
            self._answer(404, b"not here", "text/plain")
            return
        if resource.status != 200:
            self._answer(resource.status, b"failed", "text/plain")
            return
        validators = {}
        if resource.etag:
            validators["ETag"] = resource.etag
        if resource.last_modified:
            validators["Last-Modified"] = resource.last_modified
        asked_etag = headers.get("if-none-match")
        if (resource.etag and asked_etag == resource.etag) or (
            not asked_etag
            and resource.last_modified
            and headers.get("if-modified-since") == resource.last_modified
        ):
            self._answer(304, b"", None, validators)
            return
        self._answer(200, resource.body, resource.content_type, validators)

    def _answer(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def start() -> tuple[Site, ThreadingHTTPServer, threading.Thread]:
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return site, httpd, thread


def unreachable_url() -> str:
    """An address on 127.0.0.1 nobody listens on: a port bound, then released."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed"
