"""Hand-built model objects for store and export tests (no language model needed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from herald.model import (
    Actor,
    ActorMention,
    Actors,
    Article,
    Event,
    EventDate,
    Modality,
    Participant,
    Place,
    Quote,
    Rejection,
    Result,
    Span,
    TimeExpression,
    Toponym,
    article_id,
)

TEXT = (
    "Niger's junta expelled the French ambassador on Tuesday in Niamey.\n\n"
    '"We will not accept interference," said Colonel Amadou Abdramane.\n\n'
    "France condemned the move this month, a reporter for Le Monde wrote."
)


def span(text: str, words: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(start, start + len(words))


def sample_result(variant: str = "", *, id: str | None = None, url: str | None = None) -> Result:
    """A fully populated Result; ``variant`` makes a different article (and different ids)."""
    text = TEXT + (f"\n\n{variant}" if variant else "")
    aid = id or article_id(text)
    article = Article(
        id=aid,
        raw=text,
        text=text,
        title="Niger expels envoy",
        published=date(2024, 1, 16),
        source="Daily News",
        url=url,
        author="Jane Doe",
        encoding="utf-8",
        caption=None,
        related_titles=("Sahel tensions rise",),
        tags=("Niger", "France"),
        key=f"articles/{variant or 'one'}.txt",
    )
    junta = Actor(
        id="a1",
        name="Niger military government",
        kind="group",
        country="NER",
        sector="GOV",
        aliases=("junta",),
        mentions=(span(text, "Niger's junta"),),
    )
    envoy = Actor(
        id="a2",
        name="French ambassador",
        kind="person",
        country="FRA",
        sector="GOV",
        mentions=(span(text, "the French ambassador"),),
    )
    colonel = Actor(
        id="a3",
        name="Amadou Abdramane",
        kind="person",
        country="NER",
        sector="MIL",
        role="spokesman",
        mentions=(span(text, "Colonel Amadou Abdramane"),),
    )
    france = Actor(id="a4", name="France", kind="state", country="FRA", sector="GOV", mentions=())
    reporter = Actor(id="a5", name="Le Monde reporter", kind="person", country="FRA", sector="JRN")
    actors = Actors(
        actors=(junta, envoy, colonel, france, reporter),
        mentions=(
            ActorMention(span(text, "Niger's junta"), "a1"),
            ActorMention(span(text, "the French ambassador"), "a2"),
            ActorMention(span(text, "Colonel Amadou Abdramane"), "a3"),
            ActorMention(span(text, "France"), "a4"),
            ActorMention(span(text, "We"), "a1", how="pronoun"),
        ),
    )
    first_sentence = span(
        text, "Niger's junta expelled the French ambassador on Tuesday in Niamey."
    )
    last_sentence = span(
        text, "France condemned the move this month, a reporter for Le Monde wrote."
    )
    expel = Event(
        id=f"{aid}:e1",
        article_id=aid,
        type="REDUCE",
        cameo="1663",
        trigger=span(text, "expelled"),
        evidence=first_sentence,
        mode="expel",
        context="diplomatic",
        quad_class=4,
        goldstein=-7.0,
        actors=(Participant(span(text, "Niger's junta"), "a1", junta.name, "NER", "GOV"),),
        recipients=(
            Participant(span(text, "the French ambassador"), "a2", envoy.name, "FRA", "GOV"),
        ),
        date=EventDate(
            date(2024, 1, 16), date(2024, 1, 16), "day", "expression", span(text, "Tuesday")
        ),
        location=Place("Niamey", 2440485, "NE", 13.51366, 2.1098, "city"),
        confidence=0.9,
    )
    condemn = Event(
        id=f"{aid}:e2",
        article_id=aid,
        type="DISAPPROVE",
        cameo="111",
        trigger=span(text, "condemned"),
        evidence=last_sentence,
        quad_class=3,
        goldstein=-2.0,
        actors=(Participant(span(text, "France"), "a4", france.name, "FRA", "GOV", None),),
        date=EventDate(date(2024, 1, 1), date(2024, 1, 31), "month", "expression"),
        modality=Modality(reported_by="Le Monde reporter"),
        confidence=0.6,
        flags=("no_recipient",),
    )
    quote = Quote(
        id=f"{aid}:q1",
        article_id=aid,
        content=span(text, "We will not accept interference,"),
        speaker=span(text, "Colonel Amadou Abdramane"),
        speaker_actor="a3",
        cue=span(text, "said"),
    )
    return Result(
        article=article,
        actors=actors,
        events=(expel, condemn),
        times=(
            TimeExpression(
                span(text, "Tuesday"),
                "date",
                "2024-01-16",
                date(2024, 1, 16),
                date(2024, 1, 16),
                "day",
            ),
        ),
        toponyms=(
            Toponym(
                span(text, "Niger"),
                Place("Niger", 2440476, "NE", 17.0, 10.0, "country"),
                "government",
            ),
            Toponym(span(text, "Niamey"), Place("Niamey", 2440485, "NE", 13.51366, 2.1098)),
        ),
        quotes=(quote,),
    )


def with_events(result: Result, *events: Event) -> Result:
    """The same result with other events."""
    return replace(result, events=events)


def rejection(key: str = "bad.txt", code: str = "E102") -> Rejection:
    return Rejection(key=key, stage="ingest", code=code, message=f"[{code}] something")
