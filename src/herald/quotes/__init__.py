"""The quotes stage. Reads: analysis, actors. Adds: quotations with speaker, cue and content."""

from herald.quotes.attribute import extract_quotes

__all__ = ["extract_quotes"]
