"""Placeholder."""

from __future__ import annotations

from herald.model import Actors, Analysis, Article


def resolve_actors(article: Article, analysis: Analysis) -> Actors:
    """Resolve the article's actors."""
    return Actors()
