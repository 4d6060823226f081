"""URL inputs against a local server on 127.0.0.1: dispatch, redirects, retries and caps."""

from __future__ import annotations

import socket
from datetime import date

import pytest

from herald.model import RawArticle, Rejection
from herald.sources import _http, read_inputs
from sources.samples import SLOW_SECONDS, Server, outcomes

LIMIT = 1_000_000


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their count but not their wait, so the suite stays fast."""
    monkeypatch.setattr(_http, "BACKOFF", 0.01)


def read(url: str, *, max_bytes: int = LIMIT, timeout: float = 5.0) -> list[RawArticle | Rejection]:
    return list(read_inputs([url], max_bytes=max_bytes, timeout=timeout))


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/page", [("", "html")]),
        ("/untyped", [("", "html")]),
        ("/text", [("", "text")]),
        ("/feed", [("#entry1", "feed"), ("#entry2", "feed")]),
        ("/records", [("#line1", "jsonl"), ("#line2", "jsonl")]),
    ],
)
def test_url_body_is_read_by_its_content_type(
    server: Server, path: str, expected: list[tuple[str, str]]
) -> None:
    url = server.url(path)
    assert outcomes(read(url)) == [(url + suffix, fmt) for suffix, fmt in expected]


@pytest.mark.parametrize("path", ["/page"])
def test_url_page_keeps_metadata_and_its_address(server: Server, path: str) -> None:
    (article,) = read(server.url(path))
    assert isinstance(article, RawArticle)
    assert (article.url, article.published, article.language) == (
        server.url(path),
        date(2024, 1, 16),
        "en",
    )
    assert article.text.startswith("NIAMEY, Jan 16")


@pytest.mark.parametrize("hops", [1, 3])
def test_redirects_are_followed_to_the_page(server: Server, hops: int) -> None:
    (article,) = read(server.url(f"/hop/{hops}"))
    assert isinstance(article, RawArticle)
    assert (article.key, article.url) == (server.url(f"/hop/{hops}"), server.url("/page"))


@pytest.mark.parametrize("path", ["/loop", f"/hop/{_http.MAX_REDIRECTS + 1}"])
def test_too_many_redirects_are_rejected_e118(server: Server, path: str) -> None:
    (rejection,) = read(server.url(path))
    assert isinstance(rejection, Rejection)
    assert (rejection.code, "redirects" in rejection.message) == ("E118", True)


@pytest.mark.parametrize("token", ["once"])
def test_server_error_is_retried(server: Server, token: str) -> None:
    path = f"/flaky/{token}"
    assert outcomes(read(server.url(path))) == [(server.url(path), "html")]
    assert server.hits[path] == 2


@pytest.mark.parametrize(("path", "tries"), [("/down", _http.RETRIES + 1), ("/missing", 1)])
def test_http_error_status_is_rejected_e117_after_bounded_tries(
    server: Server, path: str, tries: int
) -> None:
    before = server.hits[path]
    (rejection,) = read(server.url(path))
    assert isinstance(rejection, Rejection)
    assert rejection.code == "E117"
    assert server.hits[path] - before == tries


@pytest.mark.parametrize("timeout", [SLOW_SECONDS / 10])
def test_slow_server_is_rejected_e116(server: Server, timeout: float) -> None:
    (rejection,) = read(server.url("/slow"), timeout=timeout)
    assert isinstance(rejection, Rejection)
    assert rejection.code == "E116"
    assert server.hits["/slow"] == 1  # a timeout is not retried


@pytest.mark.parametrize("path", ["/endless", "/huge"])
def test_body_over_the_limit_is_rejected_e105(server: Server, path: str) -> None:
    (rejection,) = read(server.url(path), max_bytes=100_000)
    assert isinstance(rejection, Rejection)
    assert (rejection.key, rejection.code) == (server.url(path), "E105")


def test_refused_connection_is_rejected_e118() -> None:
    # A port that was free a moment ago on the loopback address: nothing listens there.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (rejection,) = read(f"http://127.0.0.1:{port}/page")
    assert isinstance(rejection, Rejection)
    assert rejection.code == "E118"
