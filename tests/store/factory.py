"""Hand-made articles with chosen events, for dedup, cluster and query tests (no model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from herald.model import (
    Article,
    Event,
    EventDate,
    Modality,
    Participant,
    Place,
    Result,
    Span,
    article_id,
)

STORIES = {
    "niger": (
        "Niger's military rulers ordered the French ambassador to leave Niamey within two days. "
        "The junta said the envoy had ignored an invitation to a meeting at the foreign ministry. "
        "Paris rejected the order and said only the elected president could expel its diplomats. "
        "Thousands of supporters of the coup gathered outside the French embassy on Friday."
    ),
    "japan": (
        "Japanese Prime Minister Shigeru Ishiba visited Manila on Monday and met President "
        "Ferdinand Marcos. The two leaders signed an agreement allowing their troops to train "
        "together, the presidential office said. China criticized the pact and warned of "
        "consequences for regional stability in the South China Sea."
    ),
    "kenya": (
        "Thousands of demonstrators marched in Nairobi against a sharp rise in fuel prices and "
        "blocked roads near parliament for several hours. Police fired tear gas and arrested at "
        "least forty protesters, according to the national human rights commission."
    ),
}

NIAMEY = Place("Niamey", 2440485, "NE", 13.51366, 2.1098, "city")
PARIS = Place("Paris", 2988507, "FR", 48.85341, 2.3488, "city")


@dataclass(frozen=True)
class Spec:
    """One event to put in an article: who, what, when, where, how asserted."""

    type: str
    actor: str | None
    recipient: str | None
    start: date | None
    end: date | None = None
    place: Place | None = None
    cameo: str = "010"
    quad_class: int = 1
    goldstein: float = 0.0
    future: bool = False
    sentence: int = 0


def _sentences(text: str) -> list[Span]:
    spans, start = [], 0
    for n, char in enumerate(text):
        if char == "." and (n + 1 == len(text) or text[n + 1] == " "):
            spans.append(Span(start, n + 1))
            start = n + 2
    return spans


def make_result(
    text: str,
    specs: tuple[Spec, ...] = (),
    *,
    source: str | None = "Wire",
    published: date | None = date(2024, 1, 16),
    url: str | None = None,
) -> Result:
    """A Result for ``text`` whose events follow ``specs`` (evidence: the spec's sentence)."""
    aid = article_id(text)
    sentences = _sentences(text)
    events = []
    for n, spec in enumerate(specs):
        evidence = sentences[spec.sentence]
        first_word = Span(evidence.start, text.index(" ", evidence.start))
        events.append(
            Event(
                id=f"{aid}:e{n + 1}",
                article_id=aid,
                type=spec.type,
                cameo=spec.cameo,
                trigger=first_word,
                evidence=evidence,
                quad_class=spec.quad_class,
                goldstein=spec.goldstein,
                actors=(Participant(first_word, None, f"{spec.actor} gov", spec.actor, "GOV"),)
                if spec.actor
                else (),
                recipients=(
                    Participant(first_word, None, f"{spec.recipient} gov", spec.recipient, "GOV"),
                )
                if spec.recipient
                else (),
                date=EventDate(spec.start, spec.end or spec.start, "day", "expression")
                if spec.start
                else None,
                location=spec.place,
                modality=Modality(future=spec.future),
            )
        )
    article = Article(
        id=aid,
        raw=text,
        text=text,
        title=text.split(".")[0][:40],
        published=published,
        source=source,
        url=url,
        key=f"test/{aid[:6]}.txt",
    )
    return Result(article=article, events=tuple(events))
