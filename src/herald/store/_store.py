"""The DuckDB store: one article and everything extracted from it per transaction.

DuckDB exceptions enter Herald only through :meth:`Store.open` and the four private methods that
talk to the connection (``_run``, ``_rows``, ``_run_many``, ``_fetch``), where they become coded
:class:`StoreError` s; no ``duckdb`` exception leaves this module.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import duckdb

from herald.errors import StoreError
from herald.export.records import (
    ACTOR_KEYS,
    EVENT_KEYS,
    QUOTE_KEYS,
    Record,
    actor_record,
    event_record,
    mention_spans,
    quote_record,
)
from herald.model import Rejection, Result, Span
from herald.store.schema import MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION

Params = Sequence[Any]

#: Event columns that hold JSON, decoded on the way out.
_EVENT_JSON = ("actor", "recipient", "location", "evidence", "modality")


def _now() -> datetime:
    # Naive UTC: DuckDB TIMESTAMP has no zone, and TIMESTAMPTZ would need pytz to read back.
    return datetime.now(UTC).replace(tzinfo=None)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _spans_json(spans: Sequence[Span]) -> str:
    return json.dumps([[s.start, s.end] for s in spans])


class _AlreadyStored(Exception):
    """Internal signal: abandon an add whose article is already in the store."""


class Store:
    """A Herald store in a DuckDB file (or ``":memory:"``). Open it with :meth:`Store.open`."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, path: str) -> None:
        self._con = connection
        self.path = path

    # --- opening and schema -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (creating if needed) the store at ``path`` and bring its schema up to date.

        Raises StoreError E501 when the file cannot be opened or is locked, E502 when it was
        written by a newer Herald.
        """
        name = str(path)
        try:
            connection = duckdb.connect(name)
        except duckdb.Error as exc:
            raise StoreError("E501", path=name, detail=str(exc)) from exc
        store = cls(connection, name)
        try:
            store._migrate()
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

    @property
    def schema_version(self) -> int:
        """The newest migration applied to this store (0 for a blank one)."""
        rows = self._rows("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return int(rows[0][0]) if rows else 0

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with contextlib.suppress(duckdb.Error):
            self._con.close()

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

    def _run(self, sql: str, params: Params | None = None) -> None:
        try:
            self._con.execute(sql, params)
        except duckdb.Error as exc:
            raise StoreError("E503", detail=str(exc)) from exc

    def _rows(self, sql: str, params: Params | None = None) -> list[tuple[Any, ...]]:
        try:
            return self._con.execute(sql, params).fetchall()
        except duckdb.Error as exc:
            raise StoreError("E503", detail=str(exc)) from exc

    def _run_many(self, sql: str, rows: list[Params]) -> None:
        if not rows:
            return
        try:
            self._con.executemany(sql, rows)
        except duckdb.Error as exc:
            raise StoreError("E503", detail=str(exc)) from exc

    def _fetch(self, sql: str, params: Params | None = None) -> list[dict[str, Any]]:
        """Rows as dicts keyed by column name."""
        try:
            cursor = self._con.execute(sql, params)
            names = [d[0] for d in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except duckdb.Error as exc:
            raise StoreError("E503", detail=str(exc)) from exc

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._run("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            # The original error matters; a failing rollback (dead connection) would only hide it.
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            raise
        self._run("COMMIT")

    # --- writing ------------------------------------------------------------------------------

    def add(self, result: Result) -> bool:
        """Store one article with everything extracted from it, in one transaction.

        Returns False, writing nothing, when the article is already stored. A Result that only
        carries reader rejections (no article id) records those and returns False.
        """
        article = result.article
        if not article.id:
            for rejection in result.rejections:
                self.add_rejection(rejection)
            return False
        try:
            with self._transaction():
                # Checked inside the transaction so a concurrent writer cannot slip in between.
                if self._rows("SELECT 1 FROM articles WHERE id = ?", [article.id]):
                    raise _AlreadyStored
                self._write(result)
        except _AlreadyStored:
            return False
        return True

    def _write(self, result: Result) -> None:
        article = result.article
        now = _now()
        caption = article.caption
        self._run(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                json.dumps(
                    [{"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed]
                ),
                now,
            ],
        )
        actors = result.actors
        self._run_many(
            "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
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
        )
        self._run_many(
            "INSERT INTO mentions VALUES (?, ?, ?, ?, ?)",
            [[article.id, m.span.start, m.span.end, m.actor_id, m.how] for m in actors.mentions],
        )
        self._run_many(
            "INSERT INTO toponyms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
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
        )
        self._run_many(
            "INSERT INTO times VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [article.id, t.span.start, t.span.end, t.kind, t.value, t.start, t.end, t.precision]
                for t in result.times
            ],
        )
        self._run_many(
            _INSERT_EVENT,
            [
                _event_row(
                    seq, event_record(e, article), e.location.feature if e.location else None
                )
                for seq, e in enumerate(result.events)
            ],
        )
        self._run_many(
            "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
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
        )
        for rejection in result.rejections:
            self._insert_rejection(rejection, now)

    def add_rejection(self, rejection: Rejection) -> bool:
        """Record a rejection; False when the same input was already rejected with that code."""
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

    def events(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        article: str | None = None,
        limit: int | None = None,
    ) -> list[Record]:
        """Event records, oldest first (undated last), filtered.

        ``actor`` is an ISO3 (or IGO) code matching any actor's or recipient's country; ``type``
        a PLOVER type (case-insensitive) or a CAMEO code prefix (digits); ``since``/``until`` keep
        events whose date range overlaps them (undated events are dropped by a date filter);
        ``article`` an article id or unique-enough prefix.
        """
        rows = self._event_rows(
            actor=actor, type=type, since=since, until=until, article=article, limit=limit
        )
        return [record for record, _ in rows]

    def events_with_context(
        self,
        *,
        actor: str | None = None,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        article: str | None = None,
        limit: int | None = None,
    ) -> list[tuple[Record, dict[str, Any]]]:
        """Like :meth:`events`, each record paired with what exporters need beyond the contract.

        The context holds ``url`` and ``key`` of the article, ``ingested_at`` (datetime),
        ``location_feature`` and ``lead_end`` (the offset where the first paragraph ends).
        """
        return self._event_rows(
            actor=actor, type=type, since=since, until=until, article=article, limit=limit
        )

    def _event_rows(
        self,
        *,
        actor: str | None,
        type: str | None,
        since: date | None,
        until: date | None,
        article: str | None,
        limit: int | None,
    ) -> list[tuple[Record, dict[str, Any]]]:
        where: list[str] = []
        params: list[Any] = []
        if actor:
            where.append("list_contains(e.countries, ?)")
            params.append(actor.strip().upper())
        if type:
            if type.strip().isdigit():
                where.append("starts_with(e.cameo, ?)")
                params.append(type.strip())
            else:
                where.append("upper(e.event) = ?")
                params.append(type.strip().upper())
        if since is not None:
            where.append("e.date_end >= ?")
            params.append(since)
        if until is not None:
            where.append("e.date_start <= ?")
            params.append(until)
        if article:
            where.append("starts_with(e.article_id, ?)")
            params.append(article)
        sql = (
            "SELECT e.*, a.url AS _url, a.key AS _key, a.ingested_at AS _ingested_at, "
            # strpos counts characters from 1, as Python offsets count them from 0.
            "CASE WHEN strpos(a.text, chr(10) || chr(10)) > 0 "
            "THEN strpos(a.text, chr(10) || chr(10)) - 1 ELSE length(a.text) END AS _lead_end "
            "FROM events e JOIN articles a ON a.id = e.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date_start NULLS LAST, e.article_id, e.seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        out: list[tuple[Record, dict[str, Any]]] = []
        for row in self._fetch(sql, params):
            context = {
                "url": row["_url"],
                "key": row["_key"],
                "ingested_at": row["_ingested_at"],
                "location_feature": row["location_feature"],
                "lead_end": row["_lead_end"],
            }
            out.append((_event_from_row(row), context))
        return out

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

    def resolve_id(self, id_or_prefix: str) -> str:
        """The full id of the one article whose id starts with ``id_or_prefix``.

        Raises StoreError E504 when none does, E505 when several do.
        """
        prefix = id_or_prefix.strip()
        if not prefix:
            raise StoreError("E504", article=id_or_prefix)
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
)
_INSERT_EVENT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)})"
)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _event_row(seq: int, record: Record, feature: str | None) -> list[Any]:
    """An event record as an ``events`` row, in the order of _EVENT_COLUMNS."""
    countries = sorted(
        {p["country"] for p in (*record["actor"], *record["recipient"]) if p["country"]}
    )
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
    return record


def _quote_from_row(row: dict[str, Any]) -> Record:
    return {key: row[key] for key in QUOTE_KEYS}


def _actor_from_row(row: dict[str, Any]) -> Record:
    record = {key: row[key] for key in ACTOR_KEYS if key != "mentions"}
    record["aliases"] = list(record["aliases"])
    record["mentions"] = row["mention_count"]
    return {key: record[key] for key in ACTOR_KEYS}
