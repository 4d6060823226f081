"""Event-location scorer (Halterman's Prodigy records): loading, scoring, the gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herald.eval import run_eval
from herald.eval.event_location import load_event_locations

# Made-up records in the Prodigy layout (not taken from the data).
_RECORDS = [
    {
        "text": "Troops clashed with rebels in Mosul on Sunday.",
        "spans": [
            {"start": 7, "end": 14, "label": "VERB"},
            {"start": 30, "end": 35, "label": "LOCATION"},
        ],
    },
    {"text": "Nothing happened.", "spans": [{"start": 8, "end": 16, "label": "VERB"}]},
    {"text": "No verb here.", "spans": []},
]


def test_loads_verbs_and_locations(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(_RECORDS), encoding="utf-8")
    records = load_event_locations(path)
    assert len(records) == 2  # the record without a VERB is skipped
    first = records[0]
    assert first.verb.text(first.text) == "clashed"
    assert [s.text(first.text) for s in first.locations] == ["Mosul"]
    assert records[1].locations == ()


@pytest.mark.model
def test_scores_a_located_and_an_unlocated_verb(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in _RECORDS), encoding="utf-8")
    metrics, _ = run_eval("event-location", path)
    assert metrics["n"] == 2
    assert metrics["accuracy"] == 1.0


@pytest.mark.shared
@pytest.mark.model
def test_event_location_gate(shared: Path) -> None:
    # 1,500 of the 9,144 visible records, evenly spread (the gold RELABEL set is held out).
    data = shared / "data/event_location/labeled_text.json.gz"
    metrics, _ = run_eval("event-location", data, limit=1500)
    assert metrics["accuracy"] >= 0.565  # measured 0.571 (0.504 before the choice was widened)
