"""Placeholder: replaced by the real time stage."""

from __future__ import annotations

from datetime import date

from herald.model import Analysis, Article, Event, TimeExpression


def resolve_times(article: Article, analysis: Analysis) -> tuple[TimeExpression, ...]:
    """Find time expressions and resolve them against the publication date."""
    return ()


def infer_published(times: tuple[TimeExpression, ...]) -> date | None:
    """Infer a publication date from internal evidence, or None."""
    return None


def date_events(
    article: Article,
    analysis: Analysis,
    times: tuple[TimeExpression, ...],
    events: tuple[Event, ...],
) -> tuple[Event, ...]:
    """Give each event the date that governs its clause."""
    return events
