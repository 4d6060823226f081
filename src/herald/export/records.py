"""The export record shapes, built from model objects: the contract every writer and query keeps.

Texts in records (participant words, evidence sentence, quote parts) are derived from spans into
the article's cleaned text at build time, never taken from anywhere else.
"""

from __future__ import annotations

from typing import Any

from herald.model import Actor, Actors, Article, Event, Participant, Place, Quote, Span

#: Keys of an event record, in output order.
EVENT_KEYS: tuple[str, ...] = (
    "id",
    "article_id",
    "event",
    "mode",
    "context",
    "cameo",
    "quad_class",
    "goldstein",
    "date",
    "date_start",
    "date_end",
    "date_precision",
    "date_source",
    "actor",
    "recipient",
    "location",
    "evidence",
    "modality",
    "confidence",
    "flags",
)
PARTICIPANT_KEYS: tuple[str, ...] = ("text", "name", "country", "sector", "role", "code")
LOCATION_KEYS: tuple[str, ...] = ("name", "geonameid", "country", "lat", "lon", "feature")
EVIDENCE_KEYS: tuple[str, ...] = ("sentence", "start", "end", "trigger_start", "trigger_end")
MODALITY_KEYS: tuple[str, ...] = ("negated", "future", "hypothetical", "reported_by")
QUOTE_KEYS: tuple[str, ...] = (
    "id",
    "article_id",
    "speaker",
    "speaker_actor",
    "cue",
    "content",
    "start",
    "end",
    "direct",
    # Spans and the speaker's actor id: what a store needs to restore the quote's markup.
    "speaker_actor_id",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
)
ACTOR_KEYS: tuple[str, ...] = (
    "name",
    "aliases",
    "country",
    "sector",
    "role",
    "mentions",
    "article_id",
    "kind",
    # The actor's id within its article (mentions in the article record point at it), every
    # span referring to it, and how sure the actors stage was.
    "actor_id",
    "spans",
    "confidence",
)
#: Keys of an article record: everything needed to restore the article in another store.
ARTICLE_KEYS: tuple[str, ...] = (
    "id",
    "key",
    "source",
    "url",
    "title",
    "author",
    "published",
    "published_inferred",
    "language",
    "encoding",
    "raw",
    "text",
    "caption_start",
    "caption_end",
    "related_titles",
    "tags",
    "removed",
    "ingested_at",
    "duplicate_of",
    "similarity",
    # The article's span annotations, as stored: actor mentions, place names, time expressions.
    "mentions",
    "toponyms",
    "times",
)
#: Span tables exported inside article records (keys of the same names), and their items' keys:
#: the same columns as the store's tables after ``article_id``.
ANNOTATION_KEYS: dict[str, tuple[str, ...]] = {
    "mentions": ("start", "end", "actor_id", "how"),
    "toponyms": ("start", "end", "name", "geonameid", "country", "lat", "lon", "feature", "role"),
    "times": ("start", "end", "kind", "value", "start_date", "end_date", "precision"),
}
#: Keys added to records after their first release: files written before them still import.
LATER_KEYS: dict[str, frozenset[str]] = {
    "events": frozenset(),
    "quotes": frozenset(
        {"speaker_actor_id", "speaker_start", "speaker_end", "cue_start", "cue_end"}
    ),
    "actors": frozenset({"actor_id", "spans", "confidence"}),
    "articles": frozenset({"mentions", "toponyms", "times"}),
}

Record = dict[str, Any]


def participant_record(participant: Participant, text: str) -> Record:
    """An event participant: the words used in the article and the actor they resolve to."""
    return {
        "text": participant.span.text(text),
        "name": participant.name,
        "country": participant.country,
        "sector": participant.sector,
        "role": participant.role,
        "code": participant.code,
    }


def location_record(place: Place | None) -> Record | None:
    """Where an event happened, or None when unknown."""
    if place is None:
        return None
    return {
        "name": place.name,
        "geonameid": place.geonameid,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "feature": place.feature,
    }


def event_record(event: Event, article: Article) -> Record:
    """An event as exported; ``article`` is the one whose cleaned text the event's spans index."""
    text = article.text
    when = event.date
    day = when.day if when is not None else None
    return {
        "id": event.id,
        "article_id": event.article_id,
        "event": event.type,
        "mode": event.mode,
        "context": event.context,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "date": day.isoformat() if day is not None else None,
        "date_start": when.start.isoformat() if when is not None else None,
        "date_end": when.end.isoformat() if when is not None else None,
        "date_precision": when.precision if when is not None else None,
        "date_source": when.source if when is not None else None,
        "actor": [participant_record(p, text) for p in event.actors],
        "recipient": [participant_record(p, text) for p in event.recipients],
        "location": location_record(event.location),
        "evidence": {
            "sentence": event.evidence.text(text),
            "start": event.evidence.start,
            "end": event.evidence.end,
            "trigger_start": event.trigger.start,
            "trigger_end": event.trigger.end,
        },
        "modality": {
            "negated": event.modality.negated,
            "future": event.modality.future,
            "hypothetical": event.modality.hypothetical,
            "reported_by": event.modality.reported_by,
        },
        "confidence": event.confidence,
        "flags": list(event.flags),
    }


def _span_text(span: Span | None, text: str) -> str | None:
    return span.text(text) if span is not None else None


def quote_record(quote: Quote, article: Article, actors: Actors) -> Record:
    """A quotation as exported; the speaker's actor id is resolved to its name via ``actors``."""
    text = article.text
    speaker_actor = actors.by_id(quote.speaker_actor) if quote.speaker_actor else None
    return {
        "id": quote.id,
        "article_id": quote.article_id,
        "speaker": _span_text(quote.speaker, text),
        "speaker_actor": speaker_actor.name if speaker_actor is not None else None,
        "cue": _span_text(quote.cue, text),
        "content": quote.content.text(text),
        "start": quote.content.start,
        "end": quote.content.end,
        "direct": quote.direct,
        "speaker_actor_id": quote.speaker_actor,
        "speaker_start": quote.speaker.start if quote.speaker is not None else None,
        "speaker_end": quote.speaker.end if quote.speaker is not None else None,
        "cue_start": quote.cue.start if quote.cue is not None else None,
        "cue_end": quote.cue.end if quote.cue is not None else None,
    }


def mention_spans(actor: Actor, actors: Actors) -> list[Span]:
    """Every distinct span referring to ``actor``: its own list plus the stage's mention list."""
    spans = set(actor.mentions)
    spans.update(m.span for m in actors.mentions if m.actor_id == actor.id)
    return sorted(spans)


def actor_record(actor: Actor, article_id: str, actors: Actors) -> Record:
    """One actor of one article, with the number of times the article refers to it."""
    spans = mention_spans(actor, actors)
    return {
        "name": actor.name,
        "aliases": list(actor.aliases),
        "country": actor.country,
        "sector": actor.sector,
        "role": actor.role,
        "mentions": len(spans),
        "article_id": article_id,
        "kind": actor.kind,
        "actor_id": actor.id,
        "spans": [[span.start, span.end] for span in spans],
        "confidence": actor.confidence,
    }
