"""Placeholder: replaced by the real cleaner."""

from __future__ import annotations

from herald.model import Cleaned


def clean(raw: str) -> Cleaned:
    """Clean scraped article text."""
    return Cleaned(text=raw.strip())
