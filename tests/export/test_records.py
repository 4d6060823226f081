"""The export record contract, built from hand-made model objects."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from export.samples import sample_result
from herald.export.records import (
    ACTOR_KEYS,
    EVENT_KEYS,
    QUOTE_KEYS,
    actor_record,
    event_record,
    quote_record,
)
from herald.model import Actors, Quote, Result

RESULT = sample_result()


@pytest.mark.parametrize("index", [0, 1])
def test_event_record_has_exactly_the_contract_keys(index: int) -> None:
    record = event_record(RESULT.events[index], RESULT.article)
    assert tuple(record) == EVENT_KEYS
    assert tuple(record["evidence"]) == ("sentence", "start", "end", "trigger_start", "trigger_end")
    assert tuple(record["modality"]) == ("negated", "future", "hypothetical", "reported_by")


@pytest.mark.parametrize("result", [RESULT])
def test_event_texts_are_derived_from_spans(result: Result) -> None:
    record = event_record(result.events[0], result.article)
    assert record["actor"] == [
        {
            "text": "Niger's junta",
            "name": "Niger military government",
            "country": "NER",
            "sector": "GOV",
            "role": None,
            "code": None,
        }
    ]
    assert record["recipient"][0]["text"] == "the French ambassador"
    evidence = record["evidence"]
    assert evidence["sentence"] == result.article.text[evidence["start"] : evidence["end"]]
    trigger = result.article.text[evidence["trigger_start"] : evidence["trigger_end"]]
    assert trigger == "expelled"


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, ("2024-01-16", "2024-01-16", "2024-01-16", "day", "expression")),
        (1, (None, "2024-01-01", "2024-01-31", "month", "expression")),
    ],
)
def test_event_date_is_a_day_only_when_that_precise(index: int, expected: tuple[Any, ...]) -> None:
    record = event_record(RESULT.events[index], RESULT.article)
    keys = ("date", "date_start", "date_end", "date_precision", "date_source")
    assert tuple(record[k] for k in keys) == expected


@pytest.mark.parametrize("result", [RESULT])
def test_undated_unlocated_event_has_nulls(result: Result) -> None:
    bare = replace(result.events[0], date=None, location=None)
    record = event_record(bare, result.article)
    assert (record["date"], record["date_start"], record["date_precision"], record["location"]) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize("result", [RESULT])
def test_location_record(result: Result) -> None:
    assert event_record(result.events[0], result.article)["location"] == {
        "name": "Niamey",
        "geonameid": 2440485,
        "country": "NE",
        "lat": 13.51366,
        "lon": 2.1098,
        "feature": "city",
    }


@pytest.mark.parametrize("result", [RESULT])
def test_quote_record_resolves_speaker_to_actor_name(result: Result) -> None:
    record = quote_record(result.quotes[0], result.article, result.actors)
    assert tuple(record) == QUOTE_KEYS
    assert {k: record[k] for k in ("speaker", "speaker_actor", "cue", "content", "direct")} == {
        "speaker": "Colonel Amadou Abdramane",
        "speaker_actor": "Amadou Abdramane",
        "cue": "said",
        "content": "We will not accept interference,",
        "direct": True,
    }


@pytest.mark.parametrize(
    "quote", [replace(RESULT.quotes[0], speaker=None, speaker_actor=None, cue=None)]
)
def test_unattributed_quote_has_null_speaker(quote: Quote) -> None:
    record = quote_record(quote, RESULT.article, Actors())
    assert (record["speaker"], record["speaker_actor"], record["cue"]) == (None, None, None)


@pytest.mark.parametrize(("index", "mentions"), [(0, 2), (1, 1), (4, 0)])
def test_actor_record_counts_distinct_mentions(index: int, mentions: int) -> None:
    actor = RESULT.actors.actors[index]
    record = actor_record(actor, RESULT.article.id, RESULT.actors)
    assert tuple(record) == ACTOR_KEYS
    assert record["mentions"] == mentions
