"""The time stage. Reads: article (published date), analysis, events. Adds: resolved time
expressions and each event's date."""

from herald.time.resolve import date_events, infer_published, resolve_times

__all__ = ["date_events", "infer_published", "resolve_times"]
