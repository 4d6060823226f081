"""The store's side of ``herald watch``: source validators, seen items, watched articles, alerts.

The tables come from migration 4 (``herald.store.schema``). Every statement is parameterised and
goes through the Store's own door to DuckDB (``_run``, ``_rows``, ``_fetch``, ``_transaction``),
so a failure arrives as a coded StoreError like any other store error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from herald.errors import InputError
from herald.store._store import Store

#: Item outcomes that end an item's story: it is skipped from then on.
FINAL_OUTCOMES = ("stored", "duplicate", "rejected")


def now() -> datetime:
    """Naive UTC, as the store keeps every timestamp."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class SourceState:
    """What a watched source answered last time."""

    url: str
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    polls: int
    last_polled: datetime | None
    last_status: str | None


@dataclass(frozen=True, slots=True)
class SavedAlert:
    """A saved alert query: its filters as given to :func:`herald.watch.AlertQuery.from_filters`."""

    name: str
    filters: dict[str, Any]
    created_at: datetime
    checked_until: datetime


@dataclass(frozen=True, slots=True)
class WatchedArticle:
    """An article a watch stored first, and where it came from."""

    article_id: str
    source: str
    stored_at: datetime


class WatchState:
    """Watch state in an open store. Writes are committed at once unless inside :meth:`batch`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction around several writes: all of them are kept, or none."""
        with self.store._transaction():
            yield

    # --- sources -------------------------------------------------------------------------------

    def source(self, url: str) -> SourceState | None:
        rows = self.store._fetch("SELECT * FROM watch_sources WHERE url = ?", [url])
        return SourceState(**rows[0]) if rows else None

    def sources(self) -> list[SourceState]:
        return [
            SourceState(**row)
            for row in self.store._fetch("SELECT * FROM watch_sources ORDER BY url")
        ]

    def record_poll(
        self,
        url: str,
        status: str,
        *,
        validators: tuple[str | None, str | None, str | None] | None = None,
    ) -> None:
        """Count a poll of ``url`` and its status; ``validators`` (ETag, Last-Modified, body
        hash) replace the stored ones when given, so only a fully read answer moves them."""
        at = now()
        self.store._run(
            "INSERT INTO watch_sources VALUES (?, NULL, NULL, NULL, 0, NULL, NULL) "
            "ON CONFLICT DO NOTHING",
            [url],
        )
        self.store._run(
            "UPDATE watch_sources SET polls = polls + 1, last_polled = ?, last_status = ? "
            "WHERE url = ?",
            [at, status, url],
        )
        if validators is not None:
            etag, last_modified, body_hash = validators
            self.store._run(
                "UPDATE watch_sources SET etag = ?, last_modified = ?, body_hash = ? WHERE url = ?",
                [etag, last_modified, body_hash, url],
            )

    # --- items ---------------------------------------------------------------------------------

    def seen(self, source: str, item: str, link: str | None) -> bool:
        """Whether the item (by identity, or by link when it has one) is done with."""
        rows = self.store._rows(
            "SELECT 1 FROM watch_items WHERE source = ? AND (item = ? OR (? IS NOT NULL AND "
            "link = ?)) AND list_contains(?, outcome) LIMIT 1",
            [source, item, link, link, list(FINAL_OUTCOMES)],
        )
        return bool(rows)

    def attempts(self, source: str, item: str) -> int:
        rows = self.store._rows(
            "SELECT attempts FROM watch_items WHERE source = ? AND item = ?", [source, item]
        )
        return int(rows[0][0]) if rows else 0

    def mark_item(
        self, source: str, item: str, link: str | None, outcome: str, code: str | None = None
    ) -> None:
        """Record what became of an item this poll (counting the attempt)."""
        self.store._run(
            "INSERT INTO watch_items VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (source, item) "
            "DO UPDATE SET link = excluded.link, outcome = excluded.outcome, "
            "code = excluded.code, attempts = watch_items.attempts + 1, "
            "seen_at = excluded.seen_at",
            [source, item, link, outcome, code, now()],
        )

    # --- watched articles ----------------------------------------------------------------------

    def add_article(self, article_id: str, source: str, item: str) -> None:
        self.store._run(
            "INSERT INTO watch_articles VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [article_id, source, item, now()],
        )

    def articles_after(self, moment: datetime) -> list[WatchedArticle]:
        """Articles the watch stored after ``moment``, oldest first."""
        rows = self.store._fetch(
            "SELECT article_id, source, stored_at FROM watch_articles WHERE stored_at > ? "
            "ORDER BY stored_at, article_id",
            [moment],
        )
        return [WatchedArticle(**row) for row in rows]

    # --- alerts --------------------------------------------------------------------------------

    def add_alert(self, name: str, filters: dict[str, Any]) -> SavedAlert:
        """Save a query; raises E123 when the name is taken. It matches articles stored later."""
        at = now()
        with self.batch():
            if self.store._rows("SELECT 1 FROM alert_queries WHERE name = ?", [name]):
                raise InputError("E123", name=name)
            self.store._run(
                "INSERT INTO alert_queries VALUES (?, ?, ?, ?)",
                [name, json.dumps(filters, sort_keys=True), at, at],
            )
        return SavedAlert(name, filters, at, at)

    def alerts(self) -> list[SavedAlert]:
        rows = self.store._fetch("SELECT * FROM alert_queries ORDER BY created_at, name")
        return [
            SavedAlert(
                name=row["name"],
                filters=json.loads(row["filters"]),
                created_at=row["created_at"],
                checked_until=row["checked_until"],
            )
            for row in rows
        ]

    def remove_alert(self, name: str) -> None:
        """Forget a query and what it matched (a new query of that name starts afresh); E124."""
        with self.batch():
            if not self.store._rows("SELECT 1 FROM alert_queries WHERE name = ?", [name]):
                raise InputError("E124", name=name)
            self.store._run("DELETE FROM alert_matches WHERE alert = ?", [name])
            self.store._run("DELETE FROM alert_queries WHERE name = ?", [name])

    def match_counts(self) -> dict[str, int]:
        rows = self.store._rows("SELECT alert, count(*) FROM alert_matches GROUP BY alert")
        return {str(alert): int(count) for alert, count in rows}

    def add_match(self, alert: str, event_id: str, article_id: str, at: datetime) -> bool:
        """Record that ``alert`` fired on the event; False when it already had."""
        rows = self.store._rows(
            "INSERT INTO alert_matches VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [alert, event_id, article_id, at],
        )
        # DuckDB answers an INSERT with the number of rows it inserted.
        return bool(rows and rows[0][0])

    def checked(self, alert: str, until: datetime) -> None:
        """Articles stored up to ``until`` have been matched against ``alert``."""
        self.store._run(
            "UPDATE alert_queries SET checked_until = ? WHERE name = ? AND checked_until < ?",
            [until, alert, until],
        )
