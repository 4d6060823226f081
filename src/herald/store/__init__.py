"""The DuckDB store: versioned schema, idempotent writes keyed by content hash, near-duplicate
articles, event clusters, record and data-frame queries, and imports of exports."""

from __future__ import annotations

from herald.store._store import FrameKind, Store
from herald.store.importing import import_files, read_records
from herald.store.queries import SORTS, EventFilter
from herald.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SORTS",
    "EventFilter",
    "FrameKind",
    "Migration",
    "Store",
    "import_files",
    "read_records",
]
