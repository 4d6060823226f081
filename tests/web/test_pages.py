"""Pages: each renders, links to the others, and escapes every store text."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from web.conftest import EVIL


def _hostile_id(client: TestClient) -> str:
    found = client.get("/api/articles", params={"q": "evil twin"}).json()["items"]
    article_id: str = found[0]["id"]
    return article_id


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("/", "Latest articles"),
        ("/search?q=junta", "found-events"),
        ("/events?actor=NER&dyad=&type=", "Niger"),
        ("/actors?country=NER", "Niger military government"),
        ("/actor?name=Niger+military+government", "aliases"),
        ("/dyad?a=NER&b=RUS", "<svg"),
        ("/network", "actor network"),
        ("/map", "map of event locations"),
        ("/corrections", "Corrections"),
        ("/api-docs", "/api/events"),
    ],
)
def test_pages_render(client: TestClient, path: str, needle: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert needle in answer.text


def test_reader_highlights_spans_and_links_events(client: TestClient) -> None:
    article_id = client.get("/api/articles", params={"q": "junta"}).json()["items"][-1]["id"]
    page = client.get(f"/articles/{article_id}").text
    for kind in ("hl-actor", "hl-evidence", "hl-trigger", "hl-quote", "hl-time"):
        assert kind in page
    assert re.search(r'data-events="[^"]+"', page)


@pytest.mark.parametrize("path", ["/articles/{id}", "/search?q=evil", "/events?duplicates=true"])
def test_hostile_text_is_escaped(client: TestClient, path: str) -> None:
    page = client.get(path.format(id=_hostile_id(client))).text
    assert EVIL not in page
    assert "<script>window" not in page and "<img src=x" not in page
    assert "javascript:" not in page


def test_pages_load_nothing_from_outside(client: TestClient) -> None:
    page = client.get(f"/articles/{_hostile_id(client)}").text
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources and all(s.startswith(("/", "?", "#")) for s in sources), sources


@pytest.mark.parametrize(
    ("path", "status"),
    [("/articles/ffffff", 404), ("/nowhere", 404), ("/events?since=yesterday", 422)],
)
def test_page_errors_are_html(client: TestClient, path: str, status: int) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")


def test_foreign_host_is_refused() -> None:
    from fastapi.testclient import TestClient as Client

    from herald.store import Store
    from herald.web import create_app

    with Store.open(":memory:") as store:
        app = create_app(store, allowed_hosts=frozenset({"127.0.0.1"}))
        with Client(app, base_url="http://evil.example") as client:
            assert client.get("/api").status_code == 400
        with Client(app, base_url="http://127.0.0.1:8000") as client:
            assert client.get("/api").status_code == 200
