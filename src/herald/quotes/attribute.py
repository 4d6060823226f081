"""Placeholder: replaced by the real quotes stage."""

from __future__ import annotations

from herald.model import Actors, Analysis, Article, Quote


def extract_quotes(article: Article, analysis: Analysis, actors: Actors) -> tuple[Quote, ...]:
    """Find quotations and attribute them."""
    return ()
