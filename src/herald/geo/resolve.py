"""Placeholder: replaced by the real geo stage."""

from __future__ import annotations

from herald.model import Actors, Analysis, Article, Event, Toponym


def resolve_toponyms(article: Article, analysis: Analysis, actors: Actors) -> tuple[Toponym, ...]:
    """Find place names and resolve them to GeoNames."""
    return ()


def locate_events(
    article: Article,
    analysis: Analysis,
    toponyms: tuple[Toponym, ...],
    events: tuple[Event, ...],
) -> tuple[Event, ...]:
    """Give each event the place where it happened."""
    return events
