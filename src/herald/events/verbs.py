"""Placeholder: CAMEO verb-pattern dictionaries."""

from __future__ import annotations


class VerbDictionary:
    """A verb-pattern dictionary (placeholder)."""
