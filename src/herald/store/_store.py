"""The DuckDB store: one article and everything extracted from it per transaction.

DuckDB exceptions enter Herald only through :meth:`Store.open` and the four private methods that
talk to the connection (``_run``, ``_rows``, ``_run_many``, ``_fetch``), where they become coded
:class:`StoreError` s; no ``duckdb`` exception leaves this module.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Self

import duckdb

from herald.errors import ConfigError, StoreError
from herald.export.records import (
    ACTOR_KEYS,
    ANNOTATION_KEYS,
    ARTICLE_KEYS,
    EVENT_KEYS,
    QUOTE_KEYS,
    Record,
    actor_record,
    event_record,
    mention_spans,
    quote_record,
)
from herald.model import Article, Event, Rejection, Result, Span
from herald.store.clusters import Cluster, Clusterer, Mention, assertion
from herald.store.queries import (
    ACTORS_SQL,
    DYADS_SQL,
    EVENT_JOINS,
    FRAME_COLUMNS,
    EventFilter,
    dyad_timeline_sql,
    event_filter,
)
from herald.store.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION

if TYPE_CHECKING:
    from herald.store.dedup import DuplicateIndex

Params = Sequence[Any]
#: What the data-frame queries return: a pandas DataFrame or a pyarrow Table.
FrameKind = Literal["pandas", "arrow"]

#: Event columns that hold JSON, decoded on the way out.
_EVENT_JSON = ("actor", "recipient", "location", "evidence", "modality")


def _now() -> datetime:
    # Naive UTC: DuckDB TIMESTAMP has no zone, and TIMESTAMPTZ would need pytz to read back.
    return datetime.now(UTC).replace(tzinfo=None)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _spans_json(spans: Sequence[Span]) -> str:
    return json.dumps([[s.start, s.end] for s in spans])


#: Rows per multi-row INSERT: large enough to amortise a statement, small enough for the parser.
_ROWS_PER_STATEMENT = 200


class _AlreadyStored(Exception):
    """Internal signal: abandon an add whose article is already in the store."""


# --- taking turns on the file ------------------------------------------------------------------
#
# DuckDB lets one process at a time open a file (even read-only opens are refused while another
# process holds it). Herald processes therefore take turns: a process that cannot open the store
# retries with backoff for up to HERALD_LOCK_WAIT seconds (E508 after that), and says it is
# waiting by touching ``<store>.waiting``. A store looks for that file before each article it adds
# and each article id it looks up (an ingest's checkpoint) and, when it finds it, closes its
# connection, lets the waiting process in, and reopens when that one is done. Nothing yields in
# the middle of a transaction or of a query, so a reader sees one committed state: every article
# whole, with all its events. A store also lets go of the file right after opening it, so an
# ingest loading its language model does not keep readers out.

#: Default seconds a process waits for another one to let go of the store (HERALD_LOCK_WAIT).
LOCK_WAIT_S = 60.0
#: First and largest pause between two attempts to open a store another process holds.
_BACKOFF_FIRST_S = 0.02
_BACKOFF_MAX_S = 0.25
#: A waiting file older than this was left by a process that stopped waiting (killed, gave up).
_WAITING_FRESH_S = 5.0
#: How long a yielding writer gives the waiting process to take the store before going on.
_HANDOFF_S = 2.0
#: Articles a store writes before it closes its connection (reopened at the next use). DuckDB
#: keeps the blocks written through a connection cached, and its allocator their memory, until
#: the database closes, so without this a long ingest grows with the store: about 40 MB over
#: 10,000 articles of the soak (docs/reliability.md, *Memory*). Closing also checkpoints.
RECYCLE_ARTICLES = 1000

_LOCKED = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.*?) \(PID (?P<pid>\d+)\)")
_NO_SPACE = re.compile(r"No space left on device|Disk quota exceeded|File too large", re.IGNORECASE)
_DAMAGED = re.compile(
    r"Corrupt database file|does not match stored checksum|Could not read enough bytes",
    re.IGNORECASE,
)


def lock_wait() -> float:
    """Seconds to wait for a store held by another process (HERALD_LOCK_WAIT, default 60)."""
    raw = os.environ.get("HERALD_LOCK_WAIT", str(LOCK_WAIT_S))
    try:
        value = float(raw)
        if not value >= 0:  # also refuses NaN
            raise ValueError("must be zero or more seconds")
    except ValueError as exc:
        raise ConfigError("E701", name="HERALD_LOCK_WAIT", value=raw, detail=str(exc)) from exc
    return value


def _waiting_file(path: str) -> Path:
    return Path(f"{path}.waiting")


def _classify(exc: duckdb.Error, path: str) -> StoreError:
    """A DuckDB error as a coded StoreError: E510 disk full, E509 damaged file, else E503."""
    text = str(exc)
    if _NO_SPACE.search(text):
        return StoreError("E510", path=path, detail=text)
    if _DAMAGED.search(text):
        return StoreError("E509", path=path, detail=text)
    return StoreError("E503", detail=text)


def _connect(path: str, wait: float, *, announce: bool) -> duckdb.DuckDBPyConnection:
    """Open ``path``, waiting with backoff while another process holds it.

    ``announce``: touch the waiting file while waiting, so a writer holding the store lets go.
    Raises E508 when the store stays locked for ``wait`` seconds, E509 for a damaged file, E510
    when there is no space to create it, E501 otherwise.
    """
    deadline = time.monotonic() + wait
    delay = _BACKOFF_FIRST_S
    waiting = _waiting_file(path)
    try:
        while True:
            try:
                return duckdb.connect(path)
            except duckdb.Error as exc:
                text = str(exc)
                if not _LOCKED.search(text):
                    error = _classify(exc, path)
                    if error.code == "E503":
                        error = StoreError("E501", path=path, detail=text)
                    raise error from exc
                left = deadline - time.monotonic()
                if left <= 0:
                    found = _HOLDER.search(text)
                    holder = (
                        f"PID {found['pid']}, {Path(found['exe']).name}" if found else "unknown"
                    )
                    raise StoreError(
                        "E508", path=path, holder=holder, waited=round(wait, 1)
                    ) from exc
            if announce:
                # A store in a read-only folder cannot say it waits; it still retries.
                with contextlib.suppress(OSError):
                    waiting.touch()
            # Jitter keeps two waiting processes from retrying in lockstep.
            time.sleep(min(left, delay * random.uniform(0.5, 1.0)))
            delay = min(delay * 2, _BACKOFF_MAX_S)
    finally:
        if announce:
            with contextlib.suppress(OSError):
                waiting.unlink(missing_ok=True)


class Store:
    """A Herald store in a DuckDB file (or ``":memory:"``). Open it with :meth:`Store.open`."""

    def __init__(
        self, connection: duckdb.DuckDBPyConnection, path: str, *, wait: float = LOCK_WAIT_S
    ) -> None:
        # None while the store has let another process take its turn (reopened when next used).
        self._con: duckdb.DuckDBPyConnection | None = connection
        self.path = path
        self.wait = wait
        # Built from the stored signatures on first use, then kept in step with each add.
        self._duplicates: DuplicateIndex | None = None
        # Transactions open on the connection (a store never yields inside one).
        self._depth = 0
        # A damaged file or a full disk: every later operation fails with the same error.
        self._fatal: StoreError | None = None
        self._closed = False
        # What the store held when it last yielded, to tell whether another process wrote since.
        self._stamp_before_yield: tuple[Any, ...] = ()
        # Articles added since the connection was last recycled (see RECYCLE_ARTICLES).
        self._written = 0

    # --- opening and schema -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, wait: float | None = None) -> Store:
        """Open (creating if needed) the store at ``path`` and bring its schema up to date.

        While another process holds the file, waits up to ``wait`` seconds (default
        HERALD_LOCK_WAIT, 60) for its turn. Raises StoreError E508 when the store stays in use,
        E501 when the file cannot be opened, E509 when it is damaged, E502 when it was written by
        a newer Herald.
        """
        name = str(path)
        seconds = lock_wait() if wait is None else wait
        connection = _connect(name, seconds, announce=name != ":memory:")
        store = cls(connection, name, wait=seconds)
        try:
            store._migrate()
            if name != ":memory:":
                store._release()  # reopened at the first use: setting up does not hold the file
        except StoreError:
            store.close()
            raise
        return store

    def _migrate(self) -> None:
        self._run(MIGRATIONS_TABLE)
        found = self.schema_version
        if found > SCHEMA_VERSION:
            raise StoreError("E502", path=self.path, found=found, supported=SCHEMA_VERSION)
        for migration in MIGRATIONS:
            if migration.version <= found:
                continue
            with self._transaction():
                self._run(migration.sql)
                self._run(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [migration.version, migration.name, _now()],
                )
        if 0 < found < 2:
            # Signatures and clusters need Python (MinHash, the matching rules), not SQL alone.
            with self._transaction():
                self._catch_up()

    @property
    def schema_version(self) -> int:
        """The newest migration applied to this store (0 for a blank one)."""
        rows = self._rows("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return int(rows[0][0]) if rows else 0

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._closed = True
        if self._con is not None:
            with contextlib.suppress(duckdb.Error):
                self._con.close()

    # --- taking turns with other processes ----------------------------------------------------

    def _connection(self) -> duckdb.DuckDBPyConnection:
        """The open connection, reopened (waiting for the file) after this store yielded."""
        if self._fatal is not None:
            raise StoreError(self._fatal.code, **self._fatal.details)
        if self._con is None:
            if self._closed:
                raise StoreError("E503", detail="the store was closed")
            stamp = self._stamp_before_yield
            self._con = _connect(self.path, self.wait, announce=True)
            if self._duplicates is not None and self._stamp() != stamp:
                # Another process wrote meanwhile: rebuild the near-duplicate index when needed.
                self._duplicates = None
        return self._con

    def _stamp(self) -> tuple[Any, ...]:
        return self._rows("SELECT count(*), max(ingested_at) FROM articles")[0]

    def _release(self) -> None:
        """Close the connection, remembering what the store held; the next use reopens it."""
        if self._con is None:
            return
        self._stamp_before_yield = self._stamp()
        with contextlib.suppress(duckdb.Error):
            self._con.close()
        self._con = None

    def _yield_if_asked(self) -> None:
        """Let a waiting process have the store: called between two articles, never inside a
        transaction or in the middle of a query."""
        if self._depth or self._con is None or self.path == ":memory:":
            return
        waiting = _waiting_file(self.path)
        try:
            age = time.time() - waiting.stat().st_mtime
        except OSError:
            return
        if age > _WAITING_FRESH_S:
            return
        self._release()
        # The waiting process removes the file once it has the store; then wait for it to finish.
        deadline = time.monotonic() + _HANDOFF_S
        while waiting.exists() and time.monotonic() < deadline:
            time.sleep(_BACKOFF_FIRST_S)
        if waiting.exists():
            # Nobody took the turn: a stale file, left by a process that stopped waiting.
            with contextlib.suppress(OSError):
                waiting.unlink()

    def take_turn(self) -> None:
        """Let another process that waits for the file have it now (between units of work).

        A long-lived reader such as ``herald serve`` calls this while idle, so an ingest started
        beside it gets the store instead of timing out with E508.
        """
        self._yield_if_asked()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- the one door to DuckDB ---------------------------------------------------------------

    def _fail(self, exc: duckdb.Error) -> StoreError:
        """Translate a DuckDB error; a damaged file or a full disk stops every later operation."""
        error = _classify(exc, self.path)
        if error.code in ("E509", "E510"):
            self._fatal = error
        return error

    def _run(self, sql: str, params: Params | None = None) -> None:
        con = self._connection()
        try:
            con.execute(sql, params)
        except duckdb.Error as exc:
            raise self._fail(exc) from exc

    def _rows(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        con = self._connection()
        try:
            return con.execute(sql, params).fetchall()
        except duckdb.Error as exc:
            raise self._fail(exc) from exc

    def _run_many(self, sql: str, rows: list[Params]) -> None:
        if not rows:
            return
        head, values, row = sql.rpartition("VALUES ")
        row = row.strip()
        con = self._connection()
        if sql in _ARROW_INSERTS and self._insert_arrow(head, rows):
            return
        try:
            if values and row.startswith("(") and row.endswith(")"):
                # DuckDB runs executemany as one statement per row (about 10 ms each here);
                # one multi-row VALUES statement per chunk is the same insert, far cheaper.
                for at in range(0, len(rows), _ROWS_PER_STATEMENT):
                    chunk = rows[at : at + _ROWS_PER_STATEMENT]
                    statement = head + values + ", ".join([row] * len(chunk))
                    con.execute(statement, [value for params in chunk for value in params])
            else:
                con.executemany(sql, rows)
        except duckdb.Error as exc:
            raise self._fail(exc) from exc

    def _insert_arrow(self, head: str, rows: list[Params]) -> bool:
        """``head`` ("INSERT INTO t [(cols)] ") fed from an Arrow table of ``rows``: binding
        thousands of parameters costs about 10 us each, an Arrow scan next to nothing. False
        (nothing written) when Arrow cannot type a column; the caller then binds parameters."""
        import pyarrow as pa

        try:
            columns = zip(*rows, strict=True)
            table = pa.table({f"c{i}": list(column) for i, column in enumerate(columns)})
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            return False
        con = self._connection()
        try:
            con.register("_herald_rows", table)
            try:
                con.execute(head + "SELECT * FROM _herald_rows")
            finally:
                con.unregister("_herald_rows")
        except duckdb.Error as exc:
            raise self._fail(exc) from exc
        return True

    def _fetch(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        con = self._connection()
        try:
            cursor = con.execute(sql, params)
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.Error as exc:
            raise self._fail(exc) from exc

    def _frame(self, sql: str, params: Params, kind: FrameKind) -> Any:
        """A query's rows as a pandas DataFrame or a pyarrow Table."""
        con = self._connection()
        try:
            relation = con.sql(sql, params=list(params))
            return relation.to_arrow_table() if kind == "arrow" else relation.df()
        except duckdb.Error as exc:
            raise self._fail(exc) from exc

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._run("BEGIN TRANSACTION")
        self._depth += 1
        try:
            yield
            self._run("COMMIT")
        except BaseException:
            # The original error matters; a failing rollback (dead connection, or a commit that
            # already ended the transaction) would only hide it.
            if self._con is not None:
                with contextlib.suppress(duckdb.Error):
                    self._con.execute("ROLLBACK")
            raise
        finally:
            self._depth -= 1

    # --- writing ------------------------------------------------------------------------------

    def add(self, result: Result) -> bool:
        """Store one article with everything extracted from it, in one transaction.

        Returns False, writing nothing, when the article is already stored. A Result that only
        carries reader rejections (no article id) records those and returns False.
        """
        return self.add_many([result])[0]

    def add_many(self, results: Sequence[Result]) -> list[bool]:
        """Store several articles in one transaction: one statement per table for the batch.

        What an ingest uses: each DuckDB statement costs milliseconds whatever its size, so a
        batch of articles is written (and its events clustered) for little more than one. The
        batch is atomic: a failure or a kill leaves none of it, and a rerun redoes it whole.
        Returns, per result, whether its article was added (False: already stored, or only
        reader rejections, which are recorded).
        """
        added = [False] * len(results)
        todo: list[int] = []
        for i, result in enumerate(results):
            if result.article.id:
                todo.append(i)
            else:
                for rejection in result.rejections:
                    self.add_rejection(rejection)
        if not todo:
            return added
        self._yield_if_asked()
        fresh: list[int] = []
        try:
            with self._transaction():
                # Checked inside the transaction so a concurrent writer cannot slip in between.
                ids = [results[i].article.id for i in todo]
                stored = {
                    str(r[0])
                    for r in self._rows(
                        f"SELECT id FROM articles WHERE id IN ({', '.join('?' * len(ids))})", ids
                    )
                }
                for i in todo:
                    article_id = results[i].article.id
                    if article_id not in stored:
                        stored.add(article_id)  # a second copy within the batch is a repeat
                        fresh.append(i)
                if fresh:
                    batch = [results[i] for i in fresh]
                    self._write_many(batch)
                    self._dedup_many([r.article for r in batch])
                    fresh_ids = [r.article.id for r in batch]
                    marks = ", ".join("?" * len(fresh_ids))
                    self._cluster(f"e.article_id IN ({marks})", fresh_ids)
        except BaseException:
            # Signatures of a rolled-back batch were indexed as it went: rebuild from the table.
            self._duplicates = None
            raise
        for i in fresh:
            added[i] = True
        self._written += len(fresh)
        if self._written >= RECYCLE_ARTICLES and not self._depth and self.path != ":memory:":
            # Between two batches, as when taking turns; an in-memory store would lose its data.
            self._written = 0
            self._release()
        return added

    # --- near-duplicates and event clusters ---------------------------------------------------

    def _duplicate_index(self) -> DuplicateIndex:
        # datasketch pulls in scipy (about a second): imported when first needed, so commands
        # that only read the store start fast.
        from herald.store.dedup import DuplicateIndex

        if self._duplicates is None:
            index = DuplicateIndex()
            rows = self._rows(
                "SELECT article_id, signature FROM article_dedup WHERE signature IS NOT NULL"
            )
            index.add_many((str(r[0]), r[1]) for r in rows)
            self._duplicates = index
        return self._duplicates

    def _index_signature(self, article_id: str, values: list[int] | None) -> None:
        if values is not None and self._duplicates is not None:
            self._duplicates.add(article_id, values)

    def _write_dedup(
        self,
        article_id: str,
        text: str,
        known: tuple[str | None, float | None] | None = None,
    ) -> list[int] | None:
        """Sign an article and link it to the stored original it copies (``known``: as given).

        A copy of a copy links to the first original, so every family has one root.
        """
        from herald.store.dedup import signature

        values = signature(text) if text else None
        duplicate_of, score = known if known is not None else (None, None)
        if known is None and values is not None:
            match = self._duplicate_index().best(values)
            if match is not None:
                duplicate_of, score = self._root_of(match.article_id), match.similarity
        self._run(
            # An import replaces the row of a stand-in article; an add never meets one.
            "INSERT INTO article_dedup VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE "
            "SET duplicate_of = excluded.duplicate_of, similarity = excluded.similarity, "
            "signature = excluded.signature",
            [article_id, duplicate_of, score, values],
        )
        return values

    def _root_of(self, article_id: str) -> str:
        """The first original of a stored article's family (itself when it copies nothing)."""
        found = self._rows(
            "SELECT coalesce(duplicate_of, article_id) FROM article_dedup WHERE article_id = ?",
            [article_id],
        )
        return str(found[0][0]) if found else article_id

    def _dedup_many(self, articles: Sequence[Article]) -> None:
        """Sign new articles and link each to the original it copies, in one statement.

        An article may copy one earlier in the same batch: the index learns each signature as
        the batch goes (add_many forgets them if the batch rolls back).
        """
        from herald.store.dedup import signature

        index = self._duplicate_index()
        roots: dict[str, str] = {}
        rows: list[Params] = []
        for article in articles:
            values = signature(article.text) if article.text else None
            duplicate_of: str | None = None
            score: float | None = None
            if values is not None:
                match = index.best(values)
                if match is not None:
                    root = roots.get(match.article_id) or self._root_of(match.article_id)
                    duplicate_of, score = root, match.similarity
                index.add(article.id, values)
            roots[article.id] = duplicate_of or article.id
            rows.append([article.id, duplicate_of, score, values])
        self._run_many(_INSERT_DEDUP, rows)

    def _cluster(self, where: str, params: Params) -> int:
        """Assign the unclustered events matching ``where`` (over ``e``) to event clusters.

        Events are taken in ingest order, so the first report of an event founds its cluster.
        Returns the number of events assigned.
        """
        rows = self._fetch(
            "SELECT e.id, e.article_id, e.event, e.mode, e.context, e.cameo, e.quad_class, "
            "e.goldstein, "
            "e.actor_countries, e.recipient_countries, e.modality, e.date_start, e.date_end, "
            "e.location, e.actor, e.recipient, "
            "TRY_CAST(e.evidence ->> '$.start' AS INTEGER) AS sentence "
            "FROM events e JOIN articles a ON a.id = e.article_id "
            f"WHERE ({where}) AND NOT EXISTS "
            "(SELECT 1 FROM event_cluster_members m WHERE m.event_id = e.id) "
            "ORDER BY a.ingested_at, e.article_id, e.seq",
            params,
        )
        if not rows:
            return 0
        mentions = [_mention(row) for row in rows]
        by_id = {row["id"]: row for row in rows}
        dated = [m for m in mentions if m.mergeable]
        existing: list[Cluster] = []
        if dated:
            assert all(m.start is not None and m.end is not None for m in dated)
            existing = [
                _cluster_from_row(row)
                for row in self._fetch(
                    "SELECT * FROM event_clusters WHERE list_contains(?, event) "
                    "AND date_start <= ? AND date_end >= ? ORDER BY cluster_id",
                    [
                        sorted({m.key[0] for m in dated}),
                        max(m.end for m in dated if m.end is not None),
                        min(m.start for m in dated if m.start is not None),
                    ],
                )
            ]
        next_id = int(
            self._rows("SELECT coalesce(max(cluster_id), 0) + 1 FROM event_clusters")[0][0]
        )
        clusterer = Clusterer(existing, next_id)
        for mention in mentions:
            clusterer.assign(mention)
        touched = list(clusterer.touched.values())
        self._run_many(
            "INSERT INTO event_clusters VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)",
            [_cluster_row(c, by_id[c.first_event_id]) for c in touched if c.new],
        )
        self._run_many(
            "UPDATE event_clusters SET date_start = ?, date_end = ?, geonameid = ?, place = ?, "
            "lat = ?, lon = ?, actor_codes = ?, recipient_codes = ? WHERE cluster_id = ?",
            [
                [
                    c.start,
                    c.end,
                    c.geonameid,
                    c.place,
                    c.lat,
                    c.lon,
                    list(c.codes[0]),
                    list(c.codes[1]),
                    c.cluster_id,
                ]
                for c in touched
                if c.changed and not c.new
            ],
        )
        self._run_many(
            "INSERT INTO event_cluster_members VALUES (?, ?)",
            [[event_id, c.cluster_id] for c in touched for event_id in c.members],
        )
        self._recount([c.cluster_id for c in touched])
        return len(rows)

    def recluster(self) -> int:
        """Cluster every event again from scratch (after the matching rules changed).

        Returns the number of clusters. Two transactions: DuckDB refuses to reinsert keys deleted
        earlier in the same one.
        """
        with self._transaction():
            self._run("DELETE FROM event_cluster_members")
            self._run("DELETE FROM event_clusters")
        with self._transaction():
            self._cluster("TRUE", [])
        return int(self._rows("SELECT count(*) FROM event_clusters")[0][0])

    def _recount(self, cluster_ids: list[int]) -> None:
        """Recompute the GDELT-style counts of some clusters from their members.

        Mentions from near-duplicate articles count as ``duplicate_mentions`` only, so a
        syndicated copy never inflates mentions, articles or sources.
        """
        if not cluster_ids:
            return
        self._run(
            """
            UPDATE event_clusters SET mentions = c.mentions, articles = c.articles,
                sources = c.sources, duplicate_mentions = c.duplicate_mentions
            FROM (
                SELECT m.cluster_id,
                    -- Two events drawn from one sentence are one mention of the event.
                    count(DISTINCT (e.article_id, e.evidence ->> '$.start'))
                        FILTER (WHERE d.duplicate_of IS NULL) AS mentions,
                    count(DISTINCT e.article_id) FILTER (WHERE d.duplicate_of IS NULL)
                        AS articles,
                    count(DISTINCT coalesce(a.source, a.id)) FILTER (WHERE d.duplicate_of IS NULL)
                        AS sources,
                    count(DISTINCT (e.article_id, e.evidence ->> '$.start'))
                        FILTER (WHERE d.duplicate_of IS NOT NULL) AS duplicate_mentions
                FROM event_cluster_members m
                JOIN events e ON e.id = m.event_id
                JOIN articles a ON a.id = e.article_id
                LEFT JOIN article_dedup d ON d.article_id = e.article_id
                WHERE list_contains(?, m.cluster_id)
                GROUP BY m.cluster_id
            ) c
            WHERE event_clusters.cluster_id = c.cluster_id
            """,
            [cluster_ids],
        )

    def _catch_up(self) -> None:
        """Sign articles and cluster events stored before dedup and clusters existed."""
        rows = self._rows(
            "SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM article_dedup) "
            "ORDER BY ingested_at, id"
        )
        for article_id, text in rows:
            self._index_signature(str(article_id), self._write_dedup(str(article_id), text))
        self._run(
            "UPDATE events SET "
            "actor_countries = coalesce(actor_countries, []), "
            "recipient_countries = coalesce(recipient_countries, [])"
        )
        self._cluster("TRUE", [])

    def _write_many(self, results: Sequence[Result]) -> None:
        """Insert the rows of several results, one multi-row statement per table."""
        now = _now()
        tables: dict[str, list[Params]] = {sql: [] for sql in _INSERTS}
        for result in results:
            for sql, rows in _rows_of(result, now).items():
                tables[sql].extend(rows)
        for sql, rows in tables.items():
            self._run_many(sql, rows)
        for result in results:
            for rejection in result.rejections:
                self._insert_rejection(rejection, now)

    # --- importing exports ----------------------------------------------------------------------

    def import_records(self, what: str, records: Sequence[Record]) -> int:
        """Write exported records back (``what``: articles, events, quotes or actors) at once.

        Records already present are skipped, so importing a file twice adds nothing. Events and
        quotes of an article that is not stored get a stand-in article (key ``import:<id>``) whose
        text holds their sentences at their offsets, so spans still point at the right words;
        importing the article's own record later replaces it. Returns the number of new records.
        """
        with self._transaction():
            if what == "articles":
                added = self._import_articles(records)
            elif what == "events":
                added = self._import_events(records)
            elif what == "quotes":
                added = self._import_quotes(records)
            else:
                added = self._import_actors(records)
            self._cluster("TRUE", [])
            self._recount([int(r[0]) for r in self._rows("SELECT cluster_id FROM event_clusters")])
        # Signatures written by the import are not in the in-memory index: rebuild it when needed.
        self._duplicates = None
        return added

    def _import_articles(self, records: Sequence[Record]) -> int:
        added = 0
        for record in records:
            # The original ingest time keeps ingest order, which event clustering follows.
            at = record["ingested_at"]
            ingested = datetime.fromisoformat(at) if isinstance(at, str) else (at or _now())
            found = self._rows("SELECT key FROM articles WHERE id = ?", [record["id"]])
            if found and not str(found[0][0]).startswith("import:"):
                continue
            values = [
                record["key"],
                record["source"],
                record["url"],
                record["title"],
                record["author"],
                _day(record["published"]),
                bool(record["published_inferred"]),
                record["language"],
                record["encoding"],
                record["raw"],
                record["text"],
                record["caption_start"],
                record["caption_end"],
                list(record["related_titles"] or []),
                list(record["tags"] or []),
                json.dumps(record["removed"] or []),
            ]
            if found:
                # An UPDATE, not DELETE + INSERT: DuckDB refuses to reinsert a key deleted in the
                # same transaction.
                self._run(
                    "UPDATE articles SET key = ?, source = ?, url = ?, title = ?, author = ?, "
                    "published = ?, published_inferred = ?, language = ?, encoding = ?, raw = ?, "
                    "text = ?, caption_start = ?, caption_end = ?, related_titles = ?, tags = ?, "
                    "removed = ?, ingested_at = ? WHERE id = ?",
                    [*values, ingested, record["id"]],
                )
            else:
                self._run(
                    "INSERT INTO articles VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [record["id"], *values, ingested],
                )
            self._write_dedup(
                record["id"], record["text"], known=(record["duplicate_of"], record["similarity"])
            )
            self._restore_annotations(record["id"], record)
            added += 1
        return added

    def _stand_in(self, article_id: str, pieces: list[tuple[int, str]]) -> None:
        """Create or extend the stand-in article of imported events or quotes.

        Its text is blank except for ``pieces`` (offset, text), so stored spans stay valid.
        """
        found = self._rows("SELECT key, text FROM articles WHERE id = ?", [article_id])
        if found and not str(found[0][0]).startswith("import:"):
            return
        text = list(found[0][1]) if found else []
        for start, piece in pieces:
            end = start + len(piece)
            if len(text) < end:
                text.extend(" " * (end - len(text)))
            text[start:end] = piece
        body = "".join(text)
        if found:
            self._run(
                "UPDATE articles SET raw = ?, text = ? WHERE id = ?", [body, body, article_id]
            )
            return
        self._run(
            "INSERT INTO articles (id, key, published_inferred, language, raw, text, "
            "related_titles, tags, removed, ingested_at) VALUES (?, ?, false, 'en', ?, ?, [], [], "
            "'[]', ?)",
            [article_id, f"import:{article_id}", body, body, _now()],
        )
        self._write_dedup(article_id, "", known=(None, None))

    def _next_seq(self, table: str, article_id: str, counters: dict[str, int]) -> int:
        if article_id not in counters:
            # ``table`` is one of two fixed names chosen by the caller, never user input.
            rows = self._rows(
                f"SELECT coalesce(max(seq), -1) + 1 FROM {table} WHERE article_id = ?",
                [article_id],
            )
            counters[article_id] = int(rows[0][0])
        counters[article_id] += 1
        return counters[article_id] - 1

    def _import_events(self, records: Sequence[Record]) -> int:
        added = 0
        counters: dict[str, int] = {}
        for record in sorted(records, key=_record_text_order):
            if self._rows("SELECT 1 FROM events WHERE id = ?", [record["id"]]):
                continue
            evidence = record["evidence"]
            self._stand_in(record["article_id"], [(int(evidence["start"]), evidence["sentence"])])
            seq = self._next_seq("events", record["article_id"], counters)
            feature = (record["location"] or {}).get("feature")
            self._run(_INSERT_EVENT, _event_row(seq, record, feature))
            added += 1
        return added

    def _import_quotes(self, records: Sequence[Record]) -> int:
        added = 0
        counters: dict[str, int] = {}
        for record in records:
            if self._rows("SELECT 1 FROM quotes WHERE id = ?", [record["id"]]):
                continue
            article_id = record["article_id"]
            self._stand_in(article_id, [(int(record["start"]), record["content"])])
            speaker_id = record.get("speaker_actor_id")
            if speaker_id is None and record["speaker_actor"]:
                # An export from before quotes carried the id: find the actor by its name.
                rows = self._rows(
                    "SELECT actor_id FROM actors WHERE article_id = ? AND name = ? "
                    "ORDER BY actor_id LIMIT 1",
                    [article_id, record["speaker_actor"]],
                )
                speaker_id = str(rows[0][0]) if rows else None
            self._run(
                _INSERT_QUOTE,
                [
                    record["id"],
                    article_id,
                    self._next_seq("quotes", article_id, counters),
                    record["speaker"],
                    record["speaker_actor"],
                    speaker_id,
                    record["cue"],
                    record["content"],
                    record["start"],
                    record["end"],
                    bool(record["direct"]),
                    *(record.get(key) for key in _QUOTE_SPANS),
                ],
            )
            added += 1
        return added

    def _import_actors(self, records: Sequence[Record]) -> int:
        added = 0
        per_article: dict[str, int] = {}
        for record in records:
            article_id = record["article_id"]
            # Ids numbered in file order: the same file imported again gives the same ids (and
            # adds nothing), and actors tied on mentions keep their exported order.
            n = per_article[article_id] = per_article.get(article_id, 0) + 1
            actor_id = record.get("actor_id") or f"i{n:05d}"
            if self._rows(
                "SELECT 1 FROM actors WHERE article_id = ? AND actor_id = ?", [article_id, actor_id]
            ):
                continue
            self._stand_in(article_id, [])
            confidence = record.get("confidence")
            self._run(
                _INSERT_ACTOR,
                [
                    article_id,
                    actor_id,
                    record["name"],
                    record["kind"],
                    record["country"],
                    record["sector"],
                    record["role"],
                    list(record["aliases"] or []),
                    json.dumps(record.get("spans") or []),
                    int(record["mentions"]),
                    1.0 if confidence is None else float(confidence),
                ],
            )
            added += 1
        return added

    def articles(self, *, limit: int | None = None) -> list[Record]:
        """Article records (text, metadata and near-duplicate link), in ingest order."""
        sql = (
            "SELECT a.*, d.duplicate_of, d.similarity FROM articles a "
            "LEFT JOIN article_dedup d ON d.article_id = a.id ORDER BY a.ingested_at, a.id"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._fetch(sql, params)
        annotations = self._annotations([row["id"] for row in rows])
        out: list[Record] = []
        for row in rows:
            row["published"] = _iso(row["published"])
            row["ingested_at"] = _iso(row["ingested_at"])
            row["removed"] = json.loads(row["removed"])
            row["related_titles"] = list(row["related_titles"])
            row["tags"] = list(row["tags"])
            for table in ANNOTATION_KEYS:
                row[table] = annotations[table].get(row["id"], [])
            out.append({key: row[key] for key in ARTICLE_KEYS})
        return out

    def _annotations(self, article_ids: list[str]) -> dict[str, dict[str, list[Record]]]:
        """The span rows (mentions, toponyms, times) of these articles, in stored order."""
        found: dict[str, dict[str, list[Record]]] = {table: {} for table in ANNOTATION_KEYS}
        if not article_ids:
            return found
        for table, columns in ANNOTATION_KEYS.items():
            # ``table`` and ``columns`` are fixed names from ANNOTATION_KEYS, never user input.
            names = ", ".join(f'"{c}"' for c in columns)
            for row in self._fetch(
                f"SELECT article_id, {names} FROM {table} "
                "WHERE article_id IN (SELECT unnest(?)) ORDER BY rowid",
                [article_ids],
            ):
                item = {c: row[c] for c in columns}
                for key in ("start_date", "end_date"):
                    if key in item:
                        item[key] = _iso(item[key])
                found[table].setdefault(row["article_id"], []).append(item)
        return found

    def _restore_annotations(self, article_id: str, record: Record) -> None:
        """Replace an article's span rows with those of its exported record (when it has them)."""
        for table, columns in ANNOTATION_KEYS.items():
            items = record.get(table)
            if items is None:
                continue
            self._run(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
            for item in items:
                values = [
                    _day(item[c]) if c in ("start_date", "end_date") else item[c] for c in columns
                ]
                marks = ", ".join("?" for _ in columns)
                self._run(f"INSERT INTO {table} VALUES (?, {marks})", [article_id, *values])

    def add_rejection(self, rejection: Rejection) -> bool:
        """Record a rejection; False when the same input was already rejected with that code."""
        self._yield_if_asked()
        return self._insert_rejection(rejection, _now())

    def _insert_rejection(self, rejection: Rejection, at: datetime) -> bool:
        rows = self._rows(
            "INSERT INTO rejections VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                rejection.key,
                rejection.stage,
                rejection.code,
                rejection.message,
                rejection.article_id,
                at,
            ],
        )
        # DuckDB answers an INSERT with the number of rows it inserted.
        return bool(rows and rows[0][0])

    # --- queries ------------------------------------------------------------------------------

    def events(self, **filters: Any) -> list[Record]:
        """Event records, oldest first (undated last), filtered.

        Filters are those of :class:`herald.store.queries.EventFilter`: ``actor`` (ISO3 or IGO
        code on either side), ``dyad`` (A, B) and ``directed``, ``type`` (PLOVER type or CAMEO
        prefix), ``mode``, ``context``, ``since``/``until`` (date ranges overlapping them;
        undated events drop out), ``article`` (id prefix), ``place``, ``source``, ``text``,
        ``duplicates`` (False hides events of near-duplicate articles), ``sort`` and ``limit``.
        An unknown filter or sort is E605.
        """
        return [record for record, _ in self._event_rows(event_filter(filters), context=False)]

    def events_with_context(self, **filters: Any) -> list[tuple[Record, dict[str, Any]]]:
        """Like :meth:`events`, each record paired with what exporters need beyond the contract.

        The context holds ``url``, ``key``, ``source`` and ``title`` of the article,
        ``ingested_at`` (datetime), ``location_feature``, ``lead_end`` (the offset where the first
        paragraph ends), ``cluster_id`` and the cluster's GDELT-style counts.
        """
        return self._event_rows(event_filter(filters), context=True)

    def _event_rows(
        self, query: EventFilter, *, context: bool
    ) -> list[tuple[Record, dict[str, Any]]]:
        params: list[Any] = []
        sql = query.select(params)
        if context:
            sql = (
                "SELECT e.*, a.url AS _url, a.key AS _key, a.source AS _source, "
                "a.title AS _title, a.ingested_at AS _ingested_at, m.cluster_id AS _cluster_id, "
                "c.mentions AS _mentions, c.sources AS _sources, c.articles AS _articles, "
                # strpos counts characters from 1, as Python offsets count them from 0.
                "CASE WHEN strpos(a.text, chr(10) || chr(10)) > 0 "
                "THEN strpos(a.text, chr(10) || chr(10)) - 1 ELSE length(a.text) END AS _lead_end "
                f"FROM ({sql}) e {EVENT_JOINS} "
                "LEFT JOIN event_clusters c ON c.cluster_id = m.cluster_id " + query.order()
                # The joins keep no order: sort again, on the few rows left.
            )
        out: list[tuple[Record, dict[str, Any]]] = []
        for row in self._fetch(sql, params):
            extras: dict[str, Any] = {}
            if context:
                extras = {
                    "url": row["_url"],
                    "key": row["_key"],
                    "source": row["_source"],
                    "title": row["_title"],
                    "ingested_at": row["_ingested_at"],
                    "location_feature": row["location_feature"],
                    "lead_end": row["_lead_end"],
                    "cluster_id": row["_cluster_id"],
                    "mentions": row["_mentions"],
                    "sources": row["_sources"],
                    "articles": row["_articles"],
                }
            out.append((_event_from_row(row), extras))
        return out

    # --- analysis: frames, dyads, actors, clusters -------------------------------------------

    def events_frame(self, kind: FrameKind = "pandas", **filters: Any) -> Any:
        """Events as a flat table (one row per event; countries and names as lists).

        Same filters as :meth:`events`; ``kind`` 'pandas' gives a DataFrame, 'arrow' a Table.
        """
        query = event_filter(filters)
        params: list[Any] = []
        inner = query.select(params)
        sql = f"SELECT {FRAME_COLUMNS} FROM ({inner}) e {EVENT_JOINS} {query.order()}"
        return self._frame(sql, params, kind)

    def quotes_frame(self, kind: FrameKind = "pandas", **filters: Any) -> Any:
        """Quotes as a table, with the article's source, title and publication date."""
        article = filters.pop("article", None)
        speaker = filters.pop("speaker", None)
        if filters:
            name = sorted(filters)[0]
            raise StoreError("E503", detail=f"unknown quote filter {name!r}")
        sql = (
            "SELECT q.id, q.article_id, q.speaker, q.speaker_actor, q.cue, q.content, q.direct, "
            "q.start, q.end, a.source, a.title, a.published FROM quotes q "
            "JOIN articles a ON a.id = q.article_id "
            "WHERE (? IS NULL OR starts_with(q.article_id, ?)) AND (? IS NULL OR "
            "contains(lower(q.speaker), ?) OR contains(lower(q.speaker_actor), ?)) "
            "ORDER BY q.article_id, q.seq"
        )
        who = speaker.lower() if speaker else None
        return self._frame(sql, [article, article, who, who, who], kind)

    def actor_summary(
        self,
        *,
        country: str | None = None,
        sector: str | None = None,
        name: str | None = None,
        limit: int | None = None,
    ) -> list[Record]:
        """Actors across articles, one per (name, country, sector), most mentioned first.

        Each has its roles, kinds, aliases, mention count and the number of articles naming it.
        """
        sql, params = _actor_summary_sql(country, sector, name, limit)
        rows = self._fetch(sql, params)
        for row in rows:
            for key in ("roles", "kinds", "aliases"):
                row[key] = list(row[key] or [])
            row["mentions"] = int(row["mentions"])
        return rows

    def actors_frame(self, kind: FrameKind = "pandas", **filters: Any) -> Any:
        """:meth:`actor_summary` as a table."""
        sql, params = _actor_summary_sql(
            filters.get("country"), filters.get("sector"), filters.get("name"), filters.get("limit")
        )
        return self._frame(sql, params, kind)

    def dyad_timeline(
        self,
        one: str,
        two: str,
        *,
        directed: bool = False,
        since: date | None = None,
        until: date | None = None,
        fill: bool = True,
    ) -> list[Record]:
        """Real-world events between two countries by month (of the event's date range start).

        Each month has ``events`` (clusters), ``mentions``, counts per QuadClass ``q1``..``q4``
        and the ``goldstein`` sum. Events of near-duplicate articles are not counted. ``fill``
        adds empty months between the first and the last.
        """
        sql, params = _dyad_sql(one, two, directed, since, until)
        rows = self._fetch(sql, params)
        for row in rows:
            for key in ("events", "mentions", "q1", "q2", "q3", "q4"):
                row[key] = int(row[key] or 0)
            row["goldstein"] = float(row["goldstein"] or 0.0)
        return _fill_months(rows) if fill else rows

    def dyad_frame(
        self,
        one: str,
        two: str,
        kind: FrameKind = "pandas",
        *,
        directed: bool = False,
        since: date | None = None,
        until: date | None = None,
    ) -> Any:
        """:meth:`dyad_timeline` (months with events only) as a table."""
        sql, params = _dyad_sql(one, two, directed, since, until)
        return self._frame(sql, params, kind)

    def dyads_frame(self, kind: FrameKind = "pandas") -> Any:
        """Every (actor country, recipient country) pair with its event counts and Goldstein sum."""
        return self._frame(DYADS_SQL, [], kind)

    def clusters_frame(self, kind: FrameKind = "pandas") -> Any:
        """The event clusters with their GDELT-style counts, most mentioned first."""
        return self._frame(
            "SELECT * FROM event_clusters "
            "ORDER BY mentions DESC, date_start NULLS LAST, cluster_id",
            [],
            kind,
        )

    def clusters(self, *, limit: int | None = None, duplicates: bool = False) -> list[Record]:
        """Event clusters, most mentioned first (``duplicates``: also those seen only in copies)."""
        sql = "SELECT * FROM event_clusters"
        if not duplicates:
            sql += " WHERE mentions > 0"
        sql += " ORDER BY mentions DESC, sources DESC, date_start NULLS LAST, cluster_id"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._fetch(sql, params)
        for row in rows:
            for key in ("actor_countries", "recipient_countries", "actor_codes", "recipient_codes"):
                row[key] = list(row[key])
            row["date_start"] = _iso(row["date_start"])
            row["date_end"] = _iso(row["date_end"])
        return rows

    def cluster_members(self, cluster_id: int) -> list[Record]:
        """The event records of one cluster, in ingest order."""
        rows = self._fetch(
            "SELECT e.* FROM event_cluster_members m JOIN events e ON e.id = m.event_id "
            "JOIN articles a ON a.id = e.article_id WHERE m.cluster_id = ? "
            "ORDER BY a.ingested_at, e.article_id, e.seq",
            [cluster_id],
        )
        return [_event_from_row(row) for row in rows]

    def duplicates(self) -> list[Record]:
        """Near-duplicate links: each copy with its original and estimated similarity."""
        return self._fetch(
            "SELECT article_id, duplicate_of, similarity FROM article_dedup "
            "WHERE duplicate_of IS NOT NULL ORDER BY duplicate_of, article_id"
        )

    def quotes(
        self,
        *,
        article: str | None = None,
        speaker: str | None = None,
        limit: int | None = None,
    ) -> list[Record]:
        """Quote records in article order; ``speaker`` matches the speaker's words or actor name
        (case-insensitive substring), ``article`` an article id prefix."""
        where: list[str] = []
        params: list[Any] = []
        if article:
            where.append("starts_with(article_id, ?)")
            params.append(article)
        if speaker:
            where.append("(contains(lower(speaker), ?) OR contains(lower(speaker_actor), ?))")
            params.extend([speaker.lower(), speaker.lower()])
        sql = "SELECT * FROM quotes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY article_id, seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_quote_from_row(row) for row in self._fetch(sql, params)]

    def actors(
        self,
        *,
        article: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        limit: int | None = None,
    ) -> list[Record]:
        """Actor records, one per actor of each article, most mentioned first."""
        where: list[str] = []
        params: list[Any] = []
        if article:
            where.append("starts_with(article_id, ?)")
            params.append(article)
        if country:
            where.append("country = ?")
            params.append(country.strip().upper())
        if sector:
            where.append("sector = ?")
            params.append(sector.strip().upper())
        sql = "SELECT * FROM actors"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY mention_count DESC, article_id, actor_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_actor_from_row(row) for row in self._fetch(sql, params)]

    def rejections(self, *, code: str | None = None, limit: int | None = None) -> list[Record]:
        """Recorded rejections, oldest first, optionally of one code."""
        params: list[Any] = []
        sql = 'SELECT key, stage, code, message, article_id, "at" FROM rejections'
        if code:
            sql += " WHERE code = ?"
            params.append(code)
        sql += ' ORDER BY "at", key, code'
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._fetch(sql, params)
        for row in rows:
            row["at"] = _iso(row["at"])
        return rows

    def has_article(self, article_id: str) -> bool:
        """Whether the article with exactly this id is stored (an ingest's checkpoint)."""
        # An ingest asks this before each input: a point to take turns at.
        self._yield_if_asked()
        # Equality uses the primary key's index; a prefix match would scan every id.
        return bool(self._rows("SELECT 1 FROM articles WHERE id = ?", [article_id]))

    def resolve_id(self, id_or_prefix: str) -> str:
        """The full id of the one article whose id starts with ``id_or_prefix``.

        Raises StoreError E504 when none does, E505 when several do.
        """
        prefix = id_or_prefix.strip()
        if not prefix:
            raise StoreError("E504", article=id_or_prefix)
        # An ingest asks this before each input (its checkpoint): a point to take turns at.
        self._yield_if_asked()
        rows = self._rows(
            "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [prefix]
        )
        if not rows:
            raise StoreError("E504", article=id_or_prefix)
        if len(rows) > 1:
            raise StoreError("E505", article=id_or_prefix)
        return str(rows[0][0])

    def article(self, id_or_prefix: str) -> Record:
        """One article with its actors, mentions, toponyms, times, events and quotes.

        Mentions, toponyms and times carry their ``text`` (derived from the span).
        """
        article_id = self.resolve_id(id_or_prefix)
        row = self._fetch("SELECT * FROM articles WHERE id = ?", [article_id])[0]
        text: str = row["text"]
        start, end = row.pop("caption_start"), row.pop("caption_end")
        row["caption"] = {"start": start, "end": end} if start is not None else None
        row["published"] = _iso(row["published"])
        row["ingested_at"] = _iso(row["ingested_at"])
        row["removed"] = json.loads(row["removed"])
        row["related_titles"] = list(row["related_titles"])
        row["tags"] = list(row["tags"])
        row["actors"] = self.actors(article=article_id)
        order = 'ORDER BY "start", "end"'
        mentions = self._fetch(
            f'SELECT "start", "end", actor_id, how FROM mentions WHERE article_id = ? {order}',
            [article_id],
        )
        toponyms = self._fetch(
            'SELECT "start", "end", name, geonameid, country, lat, lon, feature, role '
            f"FROM toponyms WHERE article_id = ? {order}",
            [article_id],
        )
        times = self._fetch(
            'SELECT "start", "end", kind, value, start_date, end_date, precision '
            f"FROM times WHERE article_id = ? {order}",
            [article_id],
        )
        for item in (*mentions, *toponyms, *times):
            item["text"] = text[item["start"] : item["end"]]
        for item in times:
            item["start_date"] = _iso(item["start_date"])
            item["end_date"] = _iso(item["end_date"])
        row["mentions"] = mentions
        row["toponyms"] = toponyms
        row["times"] = times
        row["events"] = self.events(article=article_id)
        row["quotes"] = self.quotes(article=article_id)
        return row

    def counts(self) -> dict[str, int]:
        """How many articles, events, quotes, actors and rejections the store holds."""
        tables = ("articles", "events", "quotes", "actors", "rejections")
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
        row = self._rows(sql)[0]
        return {t: int(n) for t, n in zip(tables, row, strict=True)}


#: ``events`` columns written from a record, in the order _event_row gives them.
_EVENT_COLUMNS = (
    "id",
    "article_id",
    "seq",
    "event",
    "mode",
    "context",
    "cameo",
    "quad_class",
    "goldstein",
    '"date"',
    "date_start",
    "date_end",
    "date_precision",
    "date_source",
    "actor",
    "recipient",
    "location",
    "evidence",
    "modality",
    "location_feature",
    "confidence",
    "flags",
    "countries",
    "actor_countries",
    "recipient_countries",
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)})"
)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


_INSERT_ARTICLE = (
    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_ACTOR = "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_MENTION = "INSERT INTO mentions VALUES (?, ?, ?, ?, ?)"
_INSERT_TOPONYM = "INSERT INTO toponyms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_TIME = "INSERT INTO times VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_INSERT_QUOTE = "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#: The inserts of one stored article, in the order they run (articles first: the others refer
#: to it).
_INSERTS = (
    _INSERT_ARTICLE,
    _INSERT_ACTOR,
    _INSERT_MENTION,
    _INSERT_TOPONYM,
    _INSERT_TIME,
    _INSERT_EVENT,
    _INSERT_QUOTE,
)


_INSERT_DEDUP = "INSERT INTO article_dedup VALUES (?, ?, ?, ?)"
#: Quote record keys of the speaker's and cue's spans, in the ``quotes`` columns' order.
_QUOTE_SPANS = ("speaker_start", "speaker_end", "cue_start", "cue_end")

#: Inserts whose rows match their table's columns one to one, fed from Arrow in bulk.
_ARROW_INSERTS = frozenset([*_INSERTS, _INSERT_DEDUP])


def _rows_of(result: Result, now: datetime) -> dict[str, list[Params]]:
    """The rows one result adds to each table, keyed by the insert statement."""
    article, actors = result.article, result.actors
    caption = article.caption
    removed = [{"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed]
    return {
        _INSERT_ARTICLE: [
            [
                article.id,
                article.key,
                article.source,
                article.url,
                article.title,
                article.author,
                article.published,
                article.published_inferred,
                article.language,
                article.encoding,
                article.raw,
                article.text,
                caption.start if caption else None,
                caption.end if caption else None,
                list(article.related_titles),
                list(article.tags),
                json.dumps(removed),
                now,
            ]
        ],
        _INSERT_ACTOR: [
            [
                article.id,
                actor.id,
                actor.name,
                actor.kind,
                actor.country,
                actor.sector,
                actor.role,
                list(actor.aliases),
                _spans_json(mention_spans(actor, actors)),
                actor_record(actor, article.id, actors)["mentions"],
                actor.confidence,
            ]
            for actor in actors.actors
        ],
        _INSERT_MENTION: [
            [article.id, m.span.start, m.span.end, m.actor_id, m.how] for m in actors.mentions
        ],
        _INSERT_TOPONYM: [
            [
                article.id,
                t.span.start,
                t.span.end,
                t.place.name if t.place else None,
                t.place.geonameid if t.place else None,
                t.place.country if t.place else None,
                t.place.lat if t.place else None,
                t.place.lon if t.place else None,
                t.place.feature if t.place else None,
                t.role,
            ]
            for t in result.toponyms
        ],
        _INSERT_TIME: [
            [article.id, t.span.start, t.span.end, t.kind, t.value, t.start, t.end, t.precision]
            for t in result.times
        ],
        _INSERT_EVENT: [
            _event_row(seq, event_record(e, article), e.location.feature if e.location else None)
            for seq, e in enumerate(sorted(result.events, key=_text_order))
        ],
        _INSERT_QUOTE: [
            [
                q.id,
                q.article_id,
                seq,
                rec["speaker"],
                rec["speaker_actor"],
                q.speaker_actor,
                rec["cue"],
                rec["content"],
                rec["start"],
                rec["end"],
                rec["direct"],
                q.speaker.start if q.speaker else None,
                q.speaker.end if q.speaker else None,
                q.cue.start if q.cue else None,
                q.cue.end if q.cue else None,
            ]
            for seq, q in enumerate(result.quotes)
            for rec in [quote_record(q, article, actors)]
        ],
    }


def _text_order(event: Event) -> tuple[int, int, str]:
    """Where an event stands in its article: events are numbered (``seq``) in text order, which
    an import can rebuild from the exported spans."""
    return (event.evidence.start, event.trigger.start, event.id)


def _record_text_order(record: Record) -> tuple[str, int, int, str]:
    """:func:`_text_order` of an exported event record, after its article id."""
    evidence = record["evidence"]
    return (record["article_id"], evidence["start"], evidence["trigger_start"] or 0, record["id"])


def _event_row(seq: int, record: Record, feature: str | None) -> list[Any]:
    """An event record as an ``events`` row, in the order of _EVENT_COLUMNS."""
    actor_countries = sorted({p["country"] for p in record["actor"] if p["country"]})
    recipient_countries = sorted({p["country"] for p in record["recipient"] if p["country"]})
    countries = sorted({*actor_countries, *recipient_countries})
    return [
        record["id"],
        record["article_id"],
        seq,
        record["event"],
        record["mode"],
        record["context"],
        record["cameo"],
        record["quad_class"],
        record["goldstein"],
        _day(record["date"]),
        _day(record["date_start"]),
        _day(record["date_end"]),
        record["date_precision"],
        record["date_source"],
        *(json.dumps(record[name]) for name in _EVENT_JSON),
        feature,
        record["confidence"],
        record["flags"],
        countries,
        actor_countries,
        recipient_countries,
    ]


def _event_from_row(row: dict[str, Any]) -> Record:
    """An ``events`` row back as the event record it was written from."""
    record: Record = {}
    for key in EVENT_KEYS:
        value = row[key]
        if key in _EVENT_JSON:
            value = json.loads(value) if value is not None else None
        elif key in ("date", "date_start", "date_end"):
            value = _iso(value)
        elif key == "flags":
            value = list(value)
        record[key] = value
    if record["location"] is not None:
        # Stores written before the location record carried its feature class keep it apart.
        record["location"]["feature"] = row["location_feature"]
    return record


def _quote_from_row(row: dict[str, Any]) -> Record:
    return {key: row[key] for key in QUOTE_KEYS}


def _actor_from_row(row: dict[str, Any]) -> Record:
    record = dict(row)
    record["aliases"] = list(row["aliases"])
    # The table's ``mentions`` column holds the spans; the record's ``mentions`` is their count.
    record["spans"] = json.loads(row["mentions"])
    record["mentions"] = row["mention_count"]
    return {key: record[key] for key in ACTOR_KEYS}


def _codes(participants: list[dict[str, Any]]) -> tuple[str, ...]:
    """CAMEO-style codes (country + sector) of one side's participants with a country."""
    out = {f"{p['country']}{p.get('sector') or ''}" for p in participants if p.get("country")}
    return tuple(sorted(out))


def _names(participants: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(str(p.get("name") or p.get("text") or "").casefold() for p in participants)


def _mention(row: dict[str, Any]) -> Mention:
    """An ``events`` row as clustering sees it."""
    location = json.loads(row["location"]) if row["location"] else None
    modality = json.loads(row["modality"]) if row["modality"] else None
    actors = json.loads(row["actor"] or "[]")
    recipients = json.loads(row["recipient"] or "[]")
    return Mention(
        event_id=row["id"],
        key=(
            row["event"],
            tuple(row["actor_countries"] or ()),
            tuple(row["recipient_countries"] or ()),
            assertion(modality),
        ),
        start=row["date_start"],
        end=row["date_end"],
        geonameid=location.get("geonameid") if location else None,
        place=location.get("name") if location else None,
        lat=location.get("lat") if location else None,
        lon=location.get("lon") if location else None,
        actor_countries=tuple(row["actor_countries"] or ()),
        recipient_countries=tuple(row["recipient_countries"] or ()),
        article_id=row["article_id"],
        names=(_names(actors), _names(recipients)),
        sentence=row["sentence"] if row["sentence"] is not None else -1,
        codes=(_codes(actors), _codes(recipients)),
    )


def _cluster_from_row(row: dict[str, Any]) -> Cluster:
    return Cluster(
        cluster_id=row["cluster_id"],
        key=(
            row["event"],
            tuple(row["actor_countries"]),
            tuple(row["recipient_countries"]),
            row["assertion"],
        ),
        start=row["date_start"],
        end=row["date_end"],
        first_event_id=row["first_event_id"],
        geonameid=row["geonameid"],
        place=row["place"],
        lat=row["lat"],
        lon=row["lon"],
        actor_countries=tuple(row["actor_countries"]),
        recipient_countries=tuple(row["recipient_countries"]),
        codes=(tuple(row["actor_codes"]), tuple(row["recipient_codes"])),
    )


def _cluster_row(cluster: Cluster, first: dict[str, Any]) -> list[Any]:
    """A new ``event_clusters`` row, counts left for _recount."""
    event, _, _, asserted = cluster.key
    return [
        cluster.cluster_id,
        event,
        list(cluster.actor_countries),
        list(cluster.recipient_countries),
        list(cluster.codes[0]),
        list(cluster.codes[1]),
        asserted,
        cluster.start,
        cluster.end,
        cluster.geonameid,
        cluster.place,
        cluster.lat,
        cluster.lon,
        cluster.first_event_id,
        first["mode"],
        first["context"],
        first["cameo"],
        first["quad_class"],
        first["goldstein"],
    ]


def _actor_summary_sql(
    country: str | None, sector: str | None, name: str | None, limit: int | None
) -> tuple[str, list[Any]]:
    code = country.strip().upper() if country else None
    kind = sector.strip().upper() if sector else None
    words = name.strip().lower() if name else None
    params: list[Any] = [code, code, kind, kind, words, words]
    sql = ACTORS_SQL
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params


def _dyad_sql(
    one: str, two: str, directed: bool, since: date | None, until: date | None
) -> tuple[str, list[Any]]:
    a, b = one.strip().upper(), two.strip().upper()
    params: list[Any] = [a, b] if directed else [a, b, b, a]
    params.extend([since, since, until, until])
    return dyad_timeline_sql(directed), params


def _fill_months(rows: list[Record]) -> list[Record]:
    """The rows with zero rows added for months between the first and the last."""
    if not rows:
        return rows
    by_month = {row["month"]: row for row in rows}
    year, month = (int(part) for part in rows[0]["month"].split("-"))
    last = rows[-1]["month"]
    out: list[Record] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append(
            by_month.get(key)
            or {
                "month": key,
                "events": 0,
                "mentions": 0,
                "q1": 0,
                "q2": 0,
                "q3": 0,
                "q4": 0,
                "goldstein": 0.0,
            }
        )
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
