"""Event coding on invented sentences parsed with the configured model."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.actors import resolve_actors
from herald.events import extract_events
from herald.model import Analysis, Article, Event

pytestmark = pytest.mark.model


def _events(analyze: Callable[[str], Analysis], text: str) -> tuple[Event, ...]:
    article = Article(id="t", raw=text, text=text)
    analysis = analyze(text)
    return extract_events(article, analysis, resolve_actors(article, analysis))


def _dyads(events: tuple[Event, ...]) -> set[tuple[str, str, str | None, str | None]]:
    return {
        (
            e.type,
            e.cameo,
            e.actors[0].country if e.actors else None,
            e.recipients[0].country if e.recipients else None,
        )
        for e in events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkish Foreign Minister Hakan Fidan visited Egypt and Libya.",
            {("CONSULT", "042", "TUR", "EGY"), ("CONSULT", "042", "TUR", "LBY")},
        ),
        (
            "Japanese Prime Minister Fumio Kishida was received by US President Joe Biden.",
            {("CONSULT", "043", "USA", "JPN")},
        ),
        (
            "Police in Kenya arrested the opposition leader Raila Odinga.",
            {("COERCE", "173", "KEN", "KEN")},
        ),
        (
            "Iranian President Ebrahim Raisi accused Israel of sabotage.",
            {("ACCUSE", "112", "IRN", "ISR")},
        ),
    ],
)
def test_verbal_events_with_source_and_target(
    analyze: Callable[[str], Analysis], text: str, expected: set[tuple[str, str, str, str]]
) -> None:
    assert expected <= _dyads(_events(analyze, text))


@pytest.mark.parametrize(
    "text", ["Brazil and Argentina announced the expansion of their military cooperation."]
)
def test_nominal_cooperation_takes_context_from_its_modifier(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    events = _events(analyze, text)
    assert [(e.type, e.cameo, e.context) for e in events] == [("COOPERATE", "062", "military")]


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Ukraine did not attack Russian positions.", "negated"),
        ("The Chinese president will visit France next week.", "future"),
        ("If Iran attacks Israel, the region will suffer.", "hypothetical"),
    ],
)
def test_modality(analyze: Callable[[str], Analysis], text: str, flag: str) -> None:
    events = _events(analyze, text)
    assert events and getattr(events[0].modality, flag) is True


@pytest.mark.parametrize(
    "text",
    [
        "The weather was mild and the markets were calm.",
        "",
        "Officials visited.",
    ],
)
def test_no_event_without_a_coded_trigger_and_an_actor(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    assert _events(analyze, text) == ()


@pytest.mark.parametrize("text", ["Russia attacked Ukraine. " * 50])
def test_every_event_has_a_valid_evidence_span(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    for event in _events(analyze, text):
        assert event.evidence.contains(event.trigger)
        assert 0 <= event.evidence.start < event.evidence.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan and the Philippines signed a defence pact. The two leaders signed an agreement "
        "that allows their troops to train together."
    ],
)
def test_event_ids_are_unique_within_an_article(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    ids = [e.id for e in _events(analyze, text)]
    assert ids and len(ids) == len(set(ids))
