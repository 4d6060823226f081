"""Exports: the record contract (:mod:`herald.export.records`), its writers, PLOVER JSON and the
actor network."""

from __future__ import annotations

from herald.export.gdelt import GDELT_COLUMNS, global_event_id
from herald.export.network import Network, build_network, write_gexf, write_graphml
from herald.export.plover import PLOVER_KEYS, plover_record
from herald.export.records import (
    ACTOR_KEYS,
    ARTICLE_KEYS,
    EVENT_KEYS,
    QUOTE_KEYS,
    actor_record,
    event_record,
    quote_record,
)
from herald.export.writers import FORMATS, SELECTIONS, export

__all__ = [
    "ACTOR_KEYS",
    "ARTICLE_KEYS",
    "EVENT_KEYS",
    "FORMATS",
    "GDELT_COLUMNS",
    "PLOVER_KEYS",
    "QUOTE_KEYS",
    "SELECTIONS",
    "Network",
    "actor_record",
    "build_network",
    "event_record",
    "export",
    "global_event_id",
    "plover_record",
    "quote_record",
    "write_gexf",
    "write_graphml",
]
