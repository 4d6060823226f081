"""The DuckDB store: versioned schema, idempotent writes keyed by content hash, record queries."""

from __future__ import annotations

from herald.store._store import Store
from herald.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "Store"]
