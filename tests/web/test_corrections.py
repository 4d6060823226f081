"""Corrections: the write token, validation, the audit trail, exports and re-ingest."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from export.samples import sample_result
from herald.errors import WebError
from herald.export import export
from herald.store import Store, corrections
from web.conftest import TOKEN


def _event_id(client: TestClient, **filters: Any) -> str:
    event_id: str = client.get("/api/events", params=filters).json()["items"][0]["id"]
    return event_id


def _post(client: TestClient, event_id: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(f"/api/events/{event_id}/corrections", json=body, headers=headers)


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "E802"),
        ({"Authorization": "Bearer wrong-token"}, 403, "E803"),
        ({"Authorization": f"Basic {TOKEN}"}, 401, "E802"),
        ({"Authorization": "Bearer " + TOKEN[:-1]}, 403, "E803"),
    ],
)
def test_writes_need_the_token(
    client: TestClient, headers: dict[str, str], status: int, code: str
) -> None:
    event_id = _event_id(client, type="AID")
    answer = _post(client, event_id, {"analyst": "ann", "verdict": "wrong"}, headers)
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert client.get(f"/api/events/{event_id}/corrections").json() == []


@pytest.mark.parametrize(
    "body",
    [
        {"analyst": "ann"},
        {"analyst": "", "verdict": "wrong"},
        {"verdict": "wrong"},
        {"analyst": "ann", "verdict": "maybe"},
        {"analyst": "ann", "type": {"event": "DANCE"}},
        {"analyst": "ann", "type": {"event": "CONSULT", "mode": "juggle"}},
        {"analyst": "ann", "actor": [{"country": "N3R"}]},
        {"analyst": "ann", "actor": [{"sector": "GOV"}]},
        {"analyst": "ann", "recipient": [{"country": "FRA", "sector": "XYZ"}]},
        {"analyst": "ann", "date": {"start": "2024-02-30"}},
        {"analyst": "ann", "date": {"start": "2024-02-03", "end": "2024-02-01"}},
        {"analyst": "ann", "colour": "red"},
        [1, 2, 3],
    ],
)
def test_invalid_corrections_are_422(client: TestClient, auth: dict[str, str], body: Any) -> None:
    answer = _post(client, _event_id(client, type="AID"), body, auth)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] in ("E805", "E806")


def test_unknown_event_is_404(client: TestClient, auth: dict[str, str]) -> None:
    answer = _post(client, "nosuchevent", {"analyst": "ann", "verdict": "wrong"}, auth)
    assert (answer.status_code, answer.json()["error"]["code"]) == (404, "E801")


@pytest.mark.parametrize("size", [70_000, 1_000_000])
def test_oversized_body_is_413(client: TestClient, auth: dict[str, str], size: int) -> None:
    body = {"analyst": "x" * size, "verdict": "wrong"}
    answer = _post(client, _event_id(client, type="AID"), body, auth)
    assert (answer.status_code, answer.json()["error"]["code"]) == (413, "E804")


def test_chunked_oversized_body_is_413(client: TestClient, auth: dict[str, str]) -> None:
    chunks = (b"x" * 8192 for _ in range(20))  # no Content-Length: sent chunked
    answer = client.post(
        f"/api/events/{_event_id(client, type='AID')}/corrections",
        content=chunks,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert answer.status_code == 413


def test_correction_is_applied_shown_and_audited(client: TestClient, auth: dict[str, str]) -> None:
    event_id = _event_id(client, type="CONSULT", actor="JPN")
    body = {
        "analyst": "ann",
        "note": "the text says they signed",
        "type": {"event": "AGREE"},
        "recipient": [{"country": "PHL", "name": "Philippine government", "sector": "GOV"}],
        "date": {"start": "2024-07-07"},
    }
    answer = _post(client, event_id, body, auth)
    assert answer.status_code == 201, answer.text
    shown = client.get(f"/api/events/{event_id}").json()
    assert (shown["event"], shown["cameo"], shown["date"]) == ("AGREE", "030", "2024-07-07")
    assert shown["machine"]["event"] == "CONSULT"
    assert set(shown["analyst"]["fields"]) == {"type", "recipient", "date"}
    assert [c["field"] for c in shown["corrections"]] == ["type", "recipient", "date"]
    assert {c["analyst"] for c in shown["corrections"]} == {"ann"}
    assert "corrected:type" in shown["flags"]


def test_null_takes_a_correction_back(client: TestClient, auth: dict[str, str]) -> None:
    event_id = _event_id(client, type="DISAPPROVE")
    _post(client, event_id, {"analyst": "ann", "type": {"event": "ACCUSE"}}, auth)
    _post(client, event_id, {"analyst": "bob", "type": None}, auth)
    shown = client.get(f"/api/events/{event_id}").json()
    assert shown["event"] == "DISAPPROVE" and shown["analyst"] is None
    assert len(shown["corrections"]) == 2


def _exported(store: Store, fmt: str) -> str:
    stream = io.StringIO()
    export(store, fmt, "events", stream)
    return stream.getvalue()


@pytest.fixture
def corrected_store() -> Any:
    from store.factory import STORIES, make_result
    from web.conftest import NIGER_EVENTS

    with Store.open(":memory:") as store:
        store.add(make_result(STORIES["niger"], NIGER_EVENTS))
        ids = [e["id"] for e in store.events()]
        corrections.add(store, ids[0], {"verdict": "wrong"}, analyst="ann")
        corrections.add(store, ids[1], {"type": "ACCUSE"}, analyst="ann")
        yield store, ids


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt", "plover", "graphml"])
def test_exports_honour_corrections(corrected_store: Any, fmt: str) -> None:
    store, ids = corrected_store
    text = _exported(store, fmt)
    assert ids[0] not in text or fmt in ("graphml",)
    assert "ACCUSE" in text or fmt in ("gdelt", "graphml")
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert [r["event"] for r in records] == ["ACCUSE", "AID"]
        assert "corrected:type" in records[0]["flags"]


def test_corrections_survive_reingest_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    with Store.open(path) as store:
        store.add(sample_result())
        event_id = store.events(type="REDUCE")[0]["id"]
        corrections.add(store, event_id, {"type": "ACCUSE"}, analyst="ann")
    with Store.open(path) as store:
        assert store.add(sample_result()) is False  # re-ingest: already stored
        machine = store.events(type="REDUCE")
        assert machine[0]["id"] == event_id  # the machine coding is untouched
        assert corrections.corrected(store, machine)[0]["event"] == "ACCUSE"


def test_corrections_of_unknown_events_are_refused() -> None:
    with Store.open(":memory:") as store, pytest.raises(WebError) as info:
        corrections.add(store, "nope", {"verdict": "wrong"}, analyst="ann")
    assert info.value.code == "E801"
