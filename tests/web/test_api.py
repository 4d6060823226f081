"""The JSON API: lists, filters, pages, lookups and its errors (TestClient, no model)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def _types(client: TestClient, **params: Any) -> list[str]:
    answer = client.get("/api/events", params=params)
    assert answer.status_code == 200, answer.text
    return [item["event"] for item in answer.json()["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"dyad": "NER,RUS"}, ["CONSULT", "AID"]),
        ({"dyad": "NER,RUS", "directed": "true"}, ["CONSULT"]),
        ({"actor": "jpn"}, ["CONSULT", "DISAPPROVE"]),
        ({"type": "consult", "since": "2024-06-01"}, ["CONSULT"]),
        ({"source": "pacific"}, ["CONSULT", "DISAPPROVE"]),
        ({"text": "met president"}, ["CONSULT"]),
        # Empty values are what HTML forms send for blank fields; the copy is hidden.
        ({"place": "niam", "type": "REDUCE", "article": "", "sort": ""}, ["REDUCE"] * 2),
        ({"place": "niam", "duplicates": "true"}, ["REDUCE"] * 3),
    ],
)
def test_event_filters_match_herald_events(
    client: TestClient, params: dict[str, Any], expected: list[str]
) -> None:
    assert _types(client, **params) == expected


def test_events_are_paged(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert first["next_offset"] == 2
    assert {e["id"] for e in first["items"]}.isdisjoint(e["id"] for e in second["items"])


@pytest.mark.parametrize(
    "path",
    [
        "/api",
        "/api/articles?q=junta",
        "/api/actors?country=NER",
        "/api/quotes?q=interference",
        "/api/dyads",
        "/api/dyads/NER/RUS",
        "/api/search?q=niger",
        "/api/corrections",
        "/openapi.json",
    ],
)
def test_read_endpoints_answer_json(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"


def test_search_finds_each_kind(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "junta"}).json()
    assert found["articles"] and found["events"]
    assert client.get("/api/search", params={"q": "Abdramane"}).json()["quotes"]


def test_article_has_text_spans_and_events(client: TestClient) -> None:
    article_id = client.get("/api/articles", params={"q": "junta"}).json()["items"][0]["id"]
    article = client.get(f"/api/articles/{article_id[:8]}").json()
    assert article["events"] and article["mentions"] and "raw" not in article


@pytest.mark.parametrize(
    ("name", "country", "part"),
    [("Niger military government", "NER", "events"), ("Amadou Abdramane", "NER", "quotes")],
)
def test_actor_has_its_events_and_quotes(
    client: TestClient, name: str, country: str, part: str
) -> None:
    actor = client.get("/api/actor", params={"name": name}).json()
    assert actor["entries"][0]["country"] == country
    assert actor[part]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/events/nosuchevent", 404, "E801"),
        ("/api/articles/ffffffff", 404, "E504"),
        ("/api/actor?name=Nobody", 404, "E801"),
        ("/api/nowhere", 404, "E801"),
        ("/api/events?since=19/01/2024", 422, "E805"),
        ("/api/events?sort=loudness", 422, "E805"),
        ("/api/events?dyad=NER", 422, "E805"),
        ("/api/events?limit=100000", 422, "E805"),
        ("/api/events?offset=-1", 422, "E805"),
        ("/api/events?text=%00", 422, "E805"),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404, "E801"),
        ("/api/export?format=parquet", 422, "E805"),
    ],
)
def test_bad_requests_get_coded_4xx(client: TestClient, path: str, status: int, code: str) -> None:
    answer = client.get(path)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code


@pytest.mark.parametrize(
    "path", ["/static/../pyproject.toml", "/static/..%2F..%2Fpyproject.toml", "/static/app.py"]
)
def test_no_request_path_reaches_the_file_system(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert "herald" not in answer.text.split("<main>")[-1].lower().split("error")[0]


@pytest.mark.parametrize("name", ["app.js", "app.css"])
def test_bundled_assets_are_served(client: TestClient, name: str) -> None:
    assert client.get(f"/static/{name}").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"],
)
def test_security_headers_on_every_answer(client: TestClient, header: str) -> None:
    assert header in client.get("/api").headers
    assert header in client.get("/").headers


def test_jsonl_export_endpoint(client: TestClient) -> None:
    answer = client.get("/api/export", params={"format": "jsonl", "actor": "NER"})
    assert answer.status_code == 200
    assert answer.text.count("\n") >= 3
