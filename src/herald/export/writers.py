"""Writers: records from the store out as JSON Lines, CSV, Parquet, GDELT TSV, PLOVER JSON Lines,
and the actor network as GraphML or GEXF."""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import duckdb

from herald.errors import ExportError
from herald.export.gdelt import gdelt_row
from herald.export.network import build_network, write_gexf, write_graphml
from herald.export.plover import plover_record
from herald.export.records import (
    ACTOR_KEYS,
    ARTICLE_KEYS,
    EVENT_KEYS,
    EVIDENCE_KEYS,
    LOCATION_KEYS,
    MODALITY_KEYS,
    PARTICIPANT_KEYS,
    QUOTE_KEYS,
    Record,
)

if TYPE_CHECKING:
    # Only for annotations: the store imports the record builders from this package.
    from herald.store import Store

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt", "plover", "graphml", "gexf")
SELECTIONS: tuple[str, ...] = ("events", "quotes", "actors", "articles")
#: Formats that exist only for events (the network is drawn from events).
_EVENT_ONLY = frozenset({"gdelt", "plover", "graphml", "gexf"})

Output = TextIO | Path | str | None

#: Nested parts of an event record and the keys each one flattens to in CSV.
_NESTED: dict[str, tuple[str, ...]] = {
    "actor": PARTICIPANT_KEYS,
    "recipient": PARTICIPANT_KEYS,
    "location": LOCATION_KEYS,
    "evidence": EVIDENCE_KEYS,
    "modality": MODALITY_KEYS,
}
_KEYS: dict[str, tuple[str, ...]] = {
    "events": EVENT_KEYS,
    "quotes": QUOTE_KEYS,
    "actors": ACTOR_KEYS,
    "articles": ARTICLE_KEYS,
}
#: Parquet column types per selection, so nested records keep their structure.
_PARTICIPANT = (
    "STRUCT(text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, "
    "code VARCHAR)"
)
_PARQUET_TYPES: dict[str, dict[str, str]] = {
    "events": {
        "id": "VARCHAR",
        "article_id": "VARCHAR",
        "event": "VARCHAR",
        "mode": "VARCHAR",
        "context": "VARCHAR",
        "cameo": "VARCHAR",
        "quad_class": "INTEGER",
        "goldstein": "DOUBLE",
        "date": "DATE",
        "date_start": "DATE",
        "date_end": "DATE",
        "date_precision": "VARCHAR",
        "date_source": "VARCHAR",
        "actor": f"{_PARTICIPANT}[]",
        "recipient": f"{_PARTICIPANT}[]",
        "location": "STRUCT(name VARCHAR, geonameid BIGINT, country VARCHAR, lat DOUBLE, "
        "lon DOUBLE, feature VARCHAR)",
        "evidence": 'STRUCT(sentence VARCHAR, start INTEGER, "end" INTEGER, '
        "trigger_start INTEGER, trigger_end INTEGER)",
        "modality": "STRUCT(negated BOOLEAN, future BOOLEAN, hypothetical BOOLEAN, "
        "reported_by VARCHAR)",
        "confidence": "DOUBLE",
        "flags": "VARCHAR[]",
    },
    "quotes": {
        "id": "VARCHAR",
        "article_id": "VARCHAR",
        "speaker": "VARCHAR",
        "speaker_actor": "VARCHAR",
        "cue": "VARCHAR",
        "content": "VARCHAR",
        "start": "INTEGER",
        "end": "INTEGER",
        "direct": "BOOLEAN",
        "speaker_actor_id": "VARCHAR",
        "speaker_start": "INTEGER",
        "speaker_end": "INTEGER",
        "cue_start": "INTEGER",
        "cue_end": "INTEGER",
    },
    "actors": {
        "name": "VARCHAR",
        "aliases": "VARCHAR[]",
        "country": "VARCHAR",
        "sector": "VARCHAR",
        "role": "VARCHAR",
        "mentions": "INTEGER",
        "article_id": "VARCHAR",
        "kind": "VARCHAR",
        "actor_id": "VARCHAR",
        "spans": "INTEGER[][]",
        "confidence": "DOUBLE",
    },
    "articles": {
        "id": "VARCHAR",
        "key": "VARCHAR",
        "source": "VARCHAR",
        "url": "VARCHAR",
        "title": "VARCHAR",
        "author": "VARCHAR",
        "published": "DATE",
        "published_inferred": "BOOLEAN",
        "language": "VARCHAR",
        "encoding": "VARCHAR",
        "raw": "VARCHAR",
        "text": "VARCHAR",
        "caption_start": "INTEGER",
        "caption_end": "INTEGER",
        "related_titles": "VARCHAR[]",
        "tags": "VARCHAR[]",
        "removed": "STRUCT(line INTEGER, text VARCHAR, reason VARCHAR)[]",
        "ingested_at": "TIMESTAMP",
        "duplicate_of": "VARCHAR",
        "similarity": "DOUBLE",
        "mentions": 'STRUCT(start INTEGER, "end" INTEGER, actor_id VARCHAR, how VARCHAR)[]',
        "toponyms": 'STRUCT(start INTEGER, "end" INTEGER, name VARCHAR, geonameid BIGINT, '
        "country VARCHAR, lat DOUBLE, lon DOUBLE, feature VARCHAR, role VARCHAR)[]",
        "times": 'STRUCT(start INTEGER, "end" INTEGER, kind VARCHAR, value VARCHAR, '
        "start_date DATE, end_date DATE, precision VARCHAR)[]",
    },
}


def export(
    store: Store,
    fmt: str,
    what: str = "events",
    out: Output = None,
    **filters: Any,
) -> int:
    """Write ``what`` (events, quotes, actors, articles) from ``store`` as ``fmt``; return a count.

    The count is of records written, or of edges for the networks (graphml, gexf). GDELT writes
    one row per real-world event (event cluster) and, like the networks, leaves out events of
    near-duplicate articles unless ``duplicates=True`` is given.
    ``out`` is an open text stream, a file path, or None for standard output (Parquet needs a
    path). ``filters`` go to the store query (``actor``, ``type``, ``since`` ... for events).
    Raises ExportError E601 for an unknown format, E603 for an unknown selection, E604 for an
    impossible combination and E602 when the output cannot be written.
    """
    if fmt not in FORMATS:
        raise ExportError("E601", value=fmt, choices=", ".join(FORMATS))
    if what not in SELECTIONS:
        raise ExportError("E603", value=what, choices=", ".join(SELECTIONS))
    if fmt in _EVENT_ONLY and what != "events":
        raise ExportError("E604", what=what, fmt=fmt, detail=f"{fmt} holds only events")
    if fmt in _EVENT_ONLY and fmt != "plover":
        # One real-world event is one row or edge weight: copies of syndicated articles are left
        # out unless asked for.
        filters.setdefault("duplicates", False)
    # Analysts' corrections (herald.store.corrections) override the machine coding in every
    # export, and events marked wrong are left out. Imported here: the store imports this package.
    from herald.store.corrections import corrected, corrected_rows

    if fmt == "gdelt":
        rows = _one_per_cluster(corrected_rows(store, store.events_with_context(**filters)))
        return _write_text(out, lambda stream: _write_gdelt(rows, stream))
    if fmt == "plover":
        rows = corrected_rows(store, store.events_with_context(**filters))
        return _write_text(out, lambda stream: _write_plover(rows, stream))
    if fmt in ("graphml", "gexf"):
        network = build_network(corrected(store, store.events(**filters)))
        writer = write_graphml if fmt == "graphml" else write_gexf
        return _write_text(out, lambda stream: writer(network, stream))
    if what == "articles" and fmt == "csv":
        raise ExportError("E604", what=what, fmt=fmt, detail="use jsonl or parquet for articles")
    records = _query(store, what, filters)
    if what == "events":
        records = corrected(store, records)
    if fmt == "parquet":
        if out is None or not isinstance(out, str | Path) or str(out) == "-":
            raise ExportError("E604", what=what, fmt=fmt, detail="it needs an output file path")
        return _write_parquet(records, what, Path(out))
    if fmt == "csv":
        return _write_text(out, lambda stream: _write_csv(records, what, stream))
    return _write_text(out, lambda stream: _write_jsonl(records, stream))


def _one_per_cluster(
    rows: list[tuple[Record, dict[str, Any]]],
) -> list[tuple[Record, dict[str, Any]]]:
    """The first row of each event cluster (rows outside any cluster are kept)."""
    seen: set[int] = set()
    out: list[tuple[Record, dict[str, Any]]] = []
    for record, context in rows:
        cluster = context.get("cluster_id")
        if cluster is not None:
            if cluster in seen:
                continue
            seen.add(cluster)
        out.append((record, context))
    return out


def _query(store: Store, what: str, filters: dict[str, Any]) -> list[Record]:
    if what == "articles":
        return store.articles(**filters)
    if what == "quotes":
        return store.quotes(**filters)
    if what == "actors":
        return store.actors(**filters)
    return store.events(**filters)


@contextlib.contextmanager
def _open(out: Output) -> Iterator[tuple[TextIO, str]]:
    if out is None or (isinstance(out, str) and out == "-"):
        yield sys.stdout, "<stdout>"
        return
    if isinstance(out, str | Path):
        path = Path(out)
        try:
            stream = path.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise ExportError("E602", path=str(path), detail=exc.strerror or str(exc)) from exc
        with stream:
            yield stream, str(path)
        return
    yield out, getattr(out, "name", "<stream>")


def _write_text(out: Output, write: Callable[[TextIO], int]) -> int:
    with _open(out) as (stream, name):
        try:
            return write(stream)
        except OSError as exc:
            raise ExportError("E602", path=name, detail=exc.strerror or str(exc)) from exc


def _write_jsonl(records: list[Record], stream: TextIO) -> int:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


def csv_columns(what: str) -> list[str]:
    """The CSV header for a selection: nested event fields become ``part_key`` columns."""
    columns: list[str] = []
    for key in _KEYS[what]:
        if what == "events" and key in _NESTED:
            columns.extend(f"{key}_{sub}" for sub in _NESTED[key])
        else:
            columns.append(key)
    return columns


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        # A list of spans ([start, end] pairs) reads as "12-18;40-46".
        return ";".join("-".join(map(_cell, v)) if isinstance(v, list) else _cell(v) for v in value)
    return str(value)


def flatten(record: Record, what: str) -> dict[str, str]:
    """One record as CSV cells: lists joined with ';', nested objects spread over columns."""
    cells: dict[str, str] = {}
    for key in _KEYS[what]:
        value = record[key]
        if what == "events" and key in _NESTED:
            for sub in _NESTED[key]:
                if isinstance(value, list):
                    cells[f"{key}_{sub}"] = ";".join(_cell(item[sub]) for item in value)
                else:
                    cells[f"{key}_{sub}"] = _cell(value[sub] if value is not None else None)
        else:
            cells[key] = _cell(value)
    return cells


def _write_csv(records: list[Record], what: str, stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=csv_columns(what), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(flatten(record, what))
    return len(records)


def _write_gdelt(rows: list[tuple[Record, dict[str, Any]]], stream: TextIO) -> int:
    for record, context in rows:
        stream.write("\t".join(gdelt_row(record, context)) + "\n")
    return len(rows)


def _write_plover(rows: list[tuple[Record, dict[str, Any]]], stream: TextIO) -> int:
    for record, context in rows:
        stream.write(json.dumps(plover_record(record, context), ensure_ascii=False) + "\n")
    return len(rows)


def _write_parquet(records: list[Record], what: str, path: Path) -> int:
    """Load the records into an in-memory DuckDB table of nested types and COPY it out."""
    types = _PARQUET_TYPES[what]
    columns = ", ".join(f'"{name}" {kind}' for name, kind in types.items())
    placeholders = ", ".join("?" for _ in types)
    try:
        with duckdb.connect(":memory:") as con:
            con.execute(f"CREATE TABLE records ({columns})")
            if records:
                con.executemany(
                    f"INSERT INTO records VALUES ({placeholders})",
                    [[record[name] for name in types] for record in records],
                )
            con.execute("COPY records TO ? (FORMAT parquet)", [str(path)])
    except duckdb.Error as exc:
        raise ExportError("E602", path=str(path), detail=str(exc)) from exc
    return len(records)
