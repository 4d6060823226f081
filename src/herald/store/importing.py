"""Reading exports back: JSON Lines and Parquet files of events, quotes, actors or articles.

The kind of record is told by its keys (each export's key set is the contract), so a file needs
no flag saying what it holds. Bad files and records are coded errors (E506, E507).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from herald.errors import StoreError
from herald.export.records import (
    ACTOR_KEYS,
    ANNOTATION_KEYS,
    ARTICLE_KEYS,
    EVENT_KEYS,
    LATER_KEYS,
    QUOTE_KEYS,
    Record,
)
from herald.store._store import Store

#: Record kinds by the keys every export of them has; articles first, so events can land on
#: their real article. Keys added later (LATER_KEYS) may be missing from older files.
KINDS: dict[str, frozenset[str]] = {
    "articles": frozenset(ARTICLE_KEYS) - LATER_KEYS["articles"],
    "events": frozenset(EVENT_KEYS) - LATER_KEYS["events"],
    "quotes": frozenset(QUOTE_KEYS) - LATER_KEYS["quotes"],
    "actors": frozenset(ACTOR_KEYS) - LATER_KEYS["actors"],
}
#: Keys whose values must be objects (or lists of objects) in an event record.
_NESTED = {"actor": list, "recipient": list, "evidence": dict, "modality": dict}


def kind_of(record: Record) -> str | None:
    """The export a record comes from, by its keys (None when it matches none)."""
    keys = set(record)
    for kind, wanted in KINDS.items():
        if wanted <= keys <= wanted | LATER_KEYS[kind]:
            return kind
    return None


def _plain(value: Any) -> Any:
    """Parquet values as JSON Lines would give them: dates as ISO strings, nested as dicts."""
    if isinstance(value, date):  # datetime included
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def read_records(path: Path) -> tuple[str, list[Record]]:
    """The records of one export file and their kind. E506 unreadable, E507 a foreign record."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise StoreError("E506", path=str(path), detail="no such file")
    if suffix == ".parquet":
        records = _read_parquet(path)
    elif suffix in (".jsonl", ".json", ".ndjson"):
        records = _read_jsonl(path)
    else:
        raise StoreError("E506", path=str(path), detail=f"unsupported file type {suffix!r}")
    if not records:
        raise StoreError("E506", path=str(path), detail="the file holds no records")
    kind = kind_of(records[0])
    if kind is None:
        raise StoreError(
            "E507",
            path=str(path),
            line=1,
            what="export",
            detail="its keys match no export (events, quotes, actors, articles)",
        )
    for n, record in enumerate(records, start=1):
        _check(record, kind, path, n)
    return kind, records


def _read_jsonl(path: Path) -> list[Record]:
    records: list[Record] = []
    try:
        with path.open(encoding="utf-8") as lines:
            for n, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise StoreError(
                        "E507", path=str(path), line=n, what="JSON", detail=str(exc)
                    ) from exc
                if not isinstance(record, dict):
                    raise StoreError(
                        "E507", path=str(path), line=n, what="JSON", detail="not an object"
                    )
                records.append(record)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError("E506", path=str(path), detail=str(exc)) from exc
    return records


def _read_parquet(path: Path) -> list[Record]:
    try:
        with duckdb.connect(":memory:") as con:
            cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
            names = [d[0] for d in cursor.description or ()]
            rows = cursor.fetchall()
    except duckdb.Error as exc:
        raise StoreError("E506", path=str(path), detail=str(exc)) from exc
    return [{k: _plain(v) for k, v in zip(names, row, strict=True)} for row in rows]


def _check(record: Record, kind: str, path: Path, line: int) -> None:
    """E507 unless the record has its kind's keys and the shapes the store relies on."""
    missing = KINDS[kind] - set(record)
    problem = f"missing {', '.join(sorted(missing))}" if missing else ""
    if not problem and not isinstance(record.get("article_id", record.get("id")), str):
        problem = "its article id is not a string"
    if not problem and kind == "events":
        for key, shape in _NESTED.items():
            if not isinstance(record[key], shape):
                problem = f"{key} is not a {'list' if shape is list else 'object'}"
                break
        else:
            if not isinstance(record["evidence"].get("start"), int):
                problem = "evidence.start is not a number"
    if not problem and kind == "quotes" and not isinstance(record["start"], int):
        problem = "start is not a number"
    if not problem and kind == "articles" and not isinstance(record["text"], str):
        problem = "text is not a string"
    if not problem and kind == "articles":
        problem = _annotation_problem(record)
    if problem:
        raise StoreError("E507", path=str(path), line=line, what=kind[:-1], detail=problem)


def _annotation_problem(record: Record) -> str:
    """What is wrong with an article record's span annotations ('' when nothing is)."""
    for table, keys in ANNOTATION_KEYS.items():
        items = record.get(table)
        if items is None:
            continue
        if not isinstance(items, list):
            return f"{table} is not a list"
        for item in items:
            if not isinstance(item, dict) or set(item) != set(keys):
                return f"{table} holds an item without the keys {', '.join(keys)}"
            if not (isinstance(item["start"], int) and isinstance(item["end"], int)):
                return f"{table} holds a span whose start or end is not a number"
    return ""


def import_files(store: Store, paths: Sequence[str | Path]) -> dict[str, int]:
    """Import export files into ``store``; returns new records per kind.

    Every file is read and checked before anything is written; articles go in first.
    """
    loaded = [read_records(Path(p)) for p in paths]
    order = list(KINDS)
    loaded.sort(key=lambda item: order.index(item[0]))
    added: dict[str, int] = {}
    for kind, records in loaded:
        added[kind] = added.get(kind, 0) + store.import_records(kind, records)
    return added
