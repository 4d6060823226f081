"""Placeholder: analysts' actor dictionaries (CSV, PETRARCH/Phoenix formats)."""

from __future__ import annotations


class ActorDictionary:
    """An actor dictionary (placeholder)."""
