"""Exports: the record contract (:mod:`herald.export.records`) and its writers."""

from __future__ import annotations

from herald.export.gdelt import GDELT_COLUMNS, global_event_id
from herald.export.records import (
    ACTOR_KEYS,
    EVENT_KEYS,
    QUOTE_KEYS,
    actor_record,
    event_record,
    quote_record,
)
from herald.export.writers import FORMATS, SELECTIONS, export

__all__ = [
    "ACTOR_KEYS",
    "EVENT_KEYS",
    "FORMATS",
    "GDELT_COLUMNS",
    "QUOTE_KEYS",
    "SELECTIONS",
    "actor_record",
    "event_record",
    "export",
    "global_event_id",
    "quote_record",
]
