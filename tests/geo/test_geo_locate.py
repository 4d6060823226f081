"""Choosing where an event happened from the syntax around its trigger."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.geo import locate_events, resolve_toponyms
from herald.model import Actors, Analysis, Article, Event, Participant, Place, Span, Toponym


def _event(text: str, trigger: str, mode: str | None = None, recipient: str | None = None) -> Event:
    start = text.index(trigger)
    recipients: tuple[Participant, ...] = ()
    if recipient is not None:
        r = text.index(recipient)
        recipients = (Participant(Span(r, r + len(recipient)), None, recipient),)
    return Event(
        id="e1",
        article_id="x",
        type="T",
        cameo="0",
        trigger=Span(start, start + len(trigger)),
        evidence=Span(0, len(text)),
        mode=mode,
        recipients=recipients,
    )


def _locate(analyze: Callable[[str], Analysis], text: str, event: Event) -> Place | None:
    article = Article(id="x", raw=text, text=text)
    analysis = analyze(text)
    toponyms = resolve_toponyms(article, analysis, Actors())
    (located,) = locate_events(article, analysis, toponyms, (event,))
    return located.location


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "mode", "recipient", "expected"),
    [
        # A locative phrase on the trigger, not the place of another clause.
        (
            "Protesters gathered in Kabul on Monday after the minister spoke in Islamabad.",
            "gathered",
            None,
            None,
            "Kabul",
        ),
        # The phrase hangs on the trigger's object; "X, Y" gives the city, not the country.
        (
            "Fans of the club marched with green flags in Dakar, Senegal, on Friday.",
            "marched",
            "demo",
            None,
            "Dakar",
        ),
        (
            "By Friday night, she was expected in Nairobi, Kenya.",
            "expected",
            "visit",
            None,
            "Nairobi",
        ),
        ("The foreign minister went to Brazil for talks.", "went", None, None, "Brazil"),
        # Each visit of a coordinated pair goes to its own recipient.
        ("The president visited Chile and Peru.", "visited", "visit", "Peru", "Peru"),
        ("The president visited Chile and Peru.", "visited", "visit", "Chile", "Chile"),
        ("The envoy, who visited Accra in May, said so.", "visited", None, None, "Accra"),
        ("Leaders held talks in Doha on Sunday.", "talks", None, None, "Doha"),
        ("Police arrested 20 people at a rally outside Lagos.", "arrested", None, None, "Lagos"),
        (
            "Officials in Moscow said the army attacked positions near Bakhmut.",
            "attacked",
            None,
            None,
            "Bakhmut",
        ),
    ],
)
def test_location_is_where_the_event_happened(
    analyze: Callable[[str], Analysis],
    text: str,
    trigger: str,
    mode: str | None,
    recipient: str | None,
    expected: str,
) -> None:
    place = _locate(analyze, text, _event(text, trigger, mode, recipient))
    assert place is not None and place.name == expected


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # A government named by its capital is an actor, not a location.
        ("Washington says it will resume aid to Bamako.", "resume"),
        # Demonyms describe, they do not locate.
        ("The French president met his German counterpart.", "met"),
        # The place belongs to the reporting clause, not to the event.
        ("Officials in Moscow said the army attacked the town.", "attacked"),
        # A place as the subject of the sentence is not where the event happened.
        ("Iran condemned the strike.", "condemned"),
    ],
)
def test_no_location_without_locative_evidence(
    analyze: Callable[[str], Analysis], text: str, trigger: str
) -> None:
    assert _locate(analyze, text, _event(text, trigger)) is None


_PLACE = Place("Niamey", 2440485, "NER", 13.5, 2.1, "city")


@pytest.mark.parametrize(
    ("analysis", "toponyms", "trigger"),
    [
        # No tokens at all.
        (Analysis("x", (), (), ()), (Toponym(Span(0, 1), _PLACE),), Span(0, 1)),
        # No toponyms.
        (Analysis("x", (), (), ()), (), Span(0, 1)),
        # A trigger past the end of the text.
        (Analysis("x", (), (), ()), (Toponym(Span(0, 1), _PLACE),), Span(50, 60)),
    ],
)
def test_bad_input_keeps_events_unlocated(
    analysis: Analysis, toponyms: tuple[Toponym, ...], trigger: Span
) -> None:
    event = Event("e", "x", "T", "0", trigger, Span(0, 1))
    article = Article(id="x", raw=analysis.text, text=analysis.text)
    assert locate_events(article, analysis, toponyms, (event,)) == (event,)


@pytest.mark.model
@pytest.mark.parametrize("text", ["Rebels attacked a base in Baghdad and fled."])
def test_events_beyond_the_toponyms_are_untouched(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    article = Article(id="x", raw=text, text=text)
    analysis = analyze(text)
    toponyms = resolve_toponyms(article, analysis, Actors())
    events = (_event(text, "attacked"), _event(text, "fled"))
    located = locate_events(article, analysis, toponyms, events)
    assert located[0].location is not None and located[0].location.name == "Baghdad"
    assert located[1].location is None
    assert [e.id for e in located] == [e.id for e in events]
