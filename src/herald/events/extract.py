"""Placeholder."""

from __future__ import annotations

from herald.model import Actors, Analysis, Article, Event


def extract_events(article: Article, analysis: Analysis, actors: Actors) -> tuple[Event, ...]:
    """Code the article's events."""
    return ()
