"""What the web pages and the API read from the store, beyond the Store's public queries.

Every value reaches DuckDB as a parameter. One DuckDB connection serves the whole server, and a
connection must not run two statements at once: :class:`Backend` serialises access with a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from herald.export.records import Record
from herald.store import Store, corrections

# The row -> record conversion is the store's own, so records read here match its exports.
from herald.store._store import _event_from_row

T = TypeVar("T")

#: Names of actors as the SQL sees them: the participants' ``name`` fields on either side.
_SIDE_NAMES = (
    'list_contains(list_transform(from_json(e.{side}, \'[{{"name": "VARCHAR"}}]\'), '
    "lambda p: p.name), ?)"
)


#: How often an idle server checks whether another process waits for the store (seconds).
TURN_POLL_S = 0.25


class Backend:
    """The store behind a lock: ``backend(lambda store: ...)`` runs one unit of work.

    Between units of work a watcher thread lets a waiting process (an ingest started beside the
    server) take the store; the next request reopens it (see Store.take_turn).
    """

    def __init__(self, store: Store, *, poll: float = TURN_POLL_S) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher = threading.Thread(
            target=self._watch, args=(poll,), name="herald-store-turns", daemon=True
        )
        self._watcher.start()

    def __call__(self, work: Callable[[Store], T]) -> T:
        with self._lock:
            return work(self.store)

    def _watch(self, poll: float) -> None:
        while not self._stop.wait(poll):
            with self._lock:
                self.store.take_turn()

    def close(self) -> None:
        """Stop the watcher thread (the store itself is closed by its owner)."""
        self._stop.set()
        self._watcher.join(timeout=5)


def annotate(store: Store, records: list[Record]) -> list[Record]:
    """Event records as the interface shows them: corrections applied, the trail attached.

    Each gets ``analyst``: None when uncorrected, else ``{"wrong", "fields": {field: entry}}``
    with the entry's value, analyst, note and time, and ``machine``: the uncorrected record.
    """
    found = corrections.latest(store, [r["id"] for r in records])
    out = []
    for record in records:
        fields = found.get(record["id"])
        if not fields:
            out.append({**record, "analyst": None})
            continue
        shown = corrections.apply(record, fields)
        shown["analyst"] = {"wrong": corrections.is_wrong(fields), "fields": fields}
        shown["machine"] = record
        out.append(shown)
    return out


def event(store: Store, event_id: str) -> Record | None:
    """One event record with its article's title and source, or None."""
    rows = store._fetch(
        "SELECT e.*, a.title AS _title, a.source AS _source, a.published AS _published "
        "FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?",
        [event_id],
    )
    if not rows:
        return None
    row = rows[0]
    record = _event_from_row(row)
    record["article"] = {
        "id": row["article_id"],
        "title": row["_title"],
        "source": row["_source"],
        "published": row["_published"].isoformat() if row["_published"] else None,
    }
    return record


def articles(store: Store, *, q: str | None, limit: int, offset: int) -> list[Record]:
    """Articles (newest ingest first) whose title or text holds ``q``, with event counts."""
    where, params = "", []
    if q:
        where = "WHERE contains(lower(a.title), ?) OR contains(lower(a.text), ?)"
        params = [q.lower(), q.lower()]
    rows = store._fetch(
        "SELECT a.id, a.title, a.source, a.url, a.published, a.key, a.language, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
        "length(a.text) AS length, d.duplicate_of "
        f"FROM articles a LEFT JOIN article_dedup d ON d.article_id = a.id {where} "
        "ORDER BY a.ingested_at DESC, a.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    for row in rows:
        row["published"] = row["published"].isoformat() if row["published"] else None
    return rows


def quotes(store: Store, *, q: str, limit: int, offset: int) -> list[Record]:
    """Quotations whose content, speaker or speaker's actor holds ``q``."""
    needle = q.lower()
    return store._fetch(
        'SELECT id, article_id, speaker, speaker_actor, cue, content, start, "end", direct '
        "FROM quotes WHERE contains(lower(content), ?) OR contains(lower(speaker), ?) "
        "OR contains(lower(speaker_actor), ?) ORDER BY article_id, seq LIMIT ? OFFSET ?",
        [needle, needle, needle, limit, offset],
    )


def actor_events(store: Store, name: str, *, limit: int) -> list[Record]:
    """Events with a participant of this name on either side, by date."""
    condition = " OR ".join(_SIDE_NAMES.format(side=side) for side in ("actor", "recipient"))
    rows = store._fetch(
        f"SELECT e.* FROM events e WHERE {condition} "
        "ORDER BY e.date_start NULLS LAST, e.article_id, e.seq LIMIT ?",
        [name, name, limit],
    )
    return [_event_from_row(row) for row in rows]


def actor_quotes(store: Store, name: str, *, limit: int) -> list[Record]:
    """Quotations attributed to the actor of this name."""
    return store._fetch(
        'SELECT id, article_id, speaker, speaker_actor, cue, content, start, "end", direct '
        "FROM quotes WHERE speaker_actor = ? ORDER BY article_id, seq LIMIT ?",
        [name, limit],
    )


def actor_names(store: Store, article_id: str) -> dict[str, Record]:
    """The actors of one article by their id (mentions point at ids)."""
    rows = store._fetch(
        "SELECT actor_id, name, country, sector, kind FROM actors WHERE article_id = ?",
        [article_id],
    )
    return {row["actor_id"]: row for row in rows}


def dyads(store: Store, *, limit: int) -> list[Record]:
    """Country pairs with their event counts, busiest first."""
    frame = store.dyads_frame()
    records: list[Record] = frame.head(limit).to_dict("records")
    for row in records:
        for key in ("events", "mentions", "cooperative", "conflictual"):
            row[key] = int(row[key])
        row["goldstein"] = float(row["goldstein"])
    return records


def counts(store: Store) -> dict[str, Any]:
    """Store totals for the home page and ``/api``."""
    figures: dict[str, Any] = dict(store.counts())
    figures["corrections"] = int(store._rows("SELECT count(*) FROM corrections")[0][0])
    return figures
