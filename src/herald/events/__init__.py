"""The events stage. Reads: analysis, actors. Adds: coded events with evidence spans."""

from herald.events.extract import extract_events

__all__ = ["extract_events"]
