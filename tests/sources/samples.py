"""Shared test data and helpers for the source readers; a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from herald.model import RawArticle, Rejection

PAGE = """<html><head><title>Niger expels envoy - Daily News</title>
<meta property="article:published_time" content="2024-01-16T10:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article>
<p>NIAMEY, Jan 16 - Niger's military government on Tuesday ordered the French ambassador to
leave the country within 48 hours, state television said.</p>
<p>The move follows weeks of tension between the junta and Paris over the presence of French
troops in the Sahel, officials said on Monday.</p></article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Daily News</title><link>http://example.invalid/</link>
<item><title>One</title><link>http://example.invalid/1</link>
<description>Niger's junta expelled the French ambassador on Tuesday, state television said.
</description></item>
<item><title>Two</title><link>http://example.invalid/2</link>
<description>Mali's government recalled its envoy from Algiers on Wednesday, officials said.
</description></item>
</channel></rss>"""

#: How long the slow endpoint waits; tests give the client a far shorter timeout.
SLOW_SECONDS = 1.0
#: The endless endpoint stops by itself after this much, should a client never hang up.
ENDLESS_LIMIT = 32 * 1024 * 1024


@dataclass
class Server:
    """The running server's base URL and how often each path was asked for."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


class _Handler(BaseHTTPRequestHandler):
    server_state: Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        path = self.path
        self.server_state.hits[path] += 1
        if path == "/page":
            self._send(200, "text/html; charset=utf-8", PAGE.encode())
        elif path == "/feed":
            self._send(200, "application/rss+xml", FEED.encode())
        elif path == "/text":
            self._send(200, "text/plain; charset=utf-8", b"Talks between the two states resumed.")
        elif path == "/records":
            lines = [json.dumps({"text": f"Story {n} about the talks."}) for n in (1, 2)]
            self._send(200, "application/json", "\n".join(lines).encode())
        elif path == "/untyped":
            self._send(200, "", PAGE.encode())
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect("/page" if left == 0 else f"/hop/{left - 1}")
        elif path == "/loop":
            self._redirect("/loop")
        elif path.startswith("/flaky/"):
            # Fails the first time each distinct flaky path is asked for, then answers.
            if self.server_state.hits[path] == 1:
                self._send(500, "text/plain", b"try again")
            else:
                self._send(200, "text/html", PAGE.encode())
        elif path == "/down":
            self._send(503, "text/plain", b"down")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/html", PAGE.encode())
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif path == "/endless":
            self._endless()
        else:
            self._send(404, "text/plain", b"no such page")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _endless(self) -> None:
        # No Content-Length: HTTP/1.0 reads the body until the connection closes.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>more words</p>" * 4096
        sent = 0
        try:
            while sent < ENDLESS_LIMIT:
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client hung up at its size cap, as it should


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def outcomes(items: list[RawArticle | Rejection]) -> list[tuple[str, str]]:
    """Each item as (key, rejection code or the article's format)."""
    return [(i.key, i.code if isinstance(i, Rejection) else i.format) for i in items]


def start_server() -> tuple[Server, ThreadingHTTPServer, threading.Thread]:
    """A threaded HTTP server on 127.0.0.1 at a free port."""
    state = Server(base="")
    handler = type("Handler", (_Handler,), {"server_state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return state, httpd, thread
