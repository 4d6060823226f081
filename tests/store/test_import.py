"""Importing exports back: jsonl and parquet of articles, events, quotes, actors; coded errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from export.samples import sample_result
from herald.errors import StoreError
from herald.export import export
from herald.export.records import LATER_KEYS
from herald.store import SCHEMA_VERSION, Store, import_files
from store.factory import STORIES, make_result

KINDS = ["articles", "events", "quotes", "actors"]


@pytest.fixture(scope="module")
def original() -> Iterator[Store]:
    """Two articles (the second a near-duplicate of the first) and a third, unrelated one."""
    with Store.open(":memory:") as store:
        store.add(sample_result("one", url="https://example.com/one"))
        store.add(sample_result("two"))
        store.add(make_result(STORIES["japan"]))
        yield store


def _export_all(store: Store, folder: Path, fmt: str, kinds: list[str]) -> list[Path]:
    paths = []
    for what in kinds:
        path = folder / f"{what}.{fmt}"
        export(store, fmt, what, path)
        paths.append(path)
    return paths


def _snapshot(store: Store) -> dict[str, object]:
    return {
        "events": store.events(),
        "quotes": store.quotes(),
        "actors": store.actors(),
        "articles": store.articles(),
        # Cluster numbers are internal: compare the clusters themselves.
        "clusters": sorted(
            ({k: v for k, v in c.items() if k != "cluster_id"} for c in store.clusters()),
            key=lambda c: (c["event"], c["date_start"], c["actor_countries"]),
        ),
        "dyad": store.dyad_timeline("NER", "FRA"),
    }


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_full_export_imports_to_the_same_store(original: Store, tmp_path: Path, fmt: str) -> None:
    paths = _export_all(original, tmp_path, fmt, KINDS)
    with Store.open(tmp_path / "copy.duckdb") as copy:
        # Given in reverse order on purpose: articles must still go in first.
        import_files(copy, list(reversed(paths)))
        assert _snapshot(copy) == _snapshot(original)


#: Every table an export carries, with its columns in a fixed order for comparing rows.
TABLES = [
    "articles",
    "article_dedup",
    "actors",
    "mentions",
    "toponyms",
    "times",
    "events",
    "quotes",
]


def _rows(store: Store, table: str) -> list[tuple[object, ...]]:
    # ``table`` is one of the fixed names above. Sorted: import order is not insertion order.
    return sorted(store._rows(f"SELECT * FROM {table}"), key=repr)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
@pytest.mark.parametrize("table", TABLES)
def test_full_export_restores_every_row(
    original: Store, tmp_path: Path, fmt: str, table: str
) -> None:
    paths = _export_all(original, tmp_path, fmt, KINDS)
    with Store.open(":memory:") as copy:
        import_files(copy, paths)
        assert _rows(copy, table) == _rows(original, table)
        assert _rows(copy, table), "the sample store should fill every table"


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_records_without_articles_import_to_the_same_records(
    original: Store, tmp_path: Path, fmt: str
) -> None:
    paths = _export_all(original, tmp_path, fmt, ["events", "quotes", "actors"])
    with Store.open(":memory:") as copy:
        import_files(copy, paths)
        for what in ("events", "quotes", "actors"):
            assert getattr(copy, what)() == getattr(original, what)()


@pytest.mark.parametrize("what", ["events"])
def test_stand_in_article_keeps_spans_valid(original: Store, tmp_path: Path, what: str) -> None:
    (path,) = _export_all(original, tmp_path, "jsonl", [what])
    with Store.open(":memory:") as copy:
        import_files(copy, [path])
        for record in copy.events():
            text = copy.article(record["article_id"])["text"]
            evidence = record["evidence"]
            assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]


@pytest.mark.parametrize("what", KINDS)
def test_importing_twice_adds_nothing(original: Store, tmp_path: Path, what: str) -> None:
    (path,) = _export_all(original, tmp_path, "jsonl", [what])
    with Store.open(":memory:") as copy:
        first = import_files(copy, [path])
        before = copy.counts()
        assert import_files(copy, [path]) == {what: 0}
        assert copy.counts() == before
        assert first[what] > 0


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("missing.jsonl", None, "E506"),
        ("events.txt", "{}", "E506"),
        ("empty.jsonl", "", "E506"),
        ("broken.jsonl", "{not json\n", "E507"),
        ("list.jsonl", "[1, 2]\n", "E507"),
        ("foreign.jsonl", json.dumps({"id": "x", "text": "hello"}) + "\n", "E507"),
        ("broken.parquet", "not parquet", "E506"),
    ],
)
def test_bad_import_files_are_coded(
    tmp_path: Path, name: str, content: str | None, code: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with Store.open(":memory:") as store, pytest.raises(StoreError) as info:
        import_files(store, [path])
    assert info.value.code == code


@pytest.mark.parametrize("version", [1])
def test_store_from_before_dedup_is_caught_up(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.duckdb"
    with Store.open(path) as store:
        store.add(sample_result("one"))
        store.add(sample_result("two"))
    # Take the store back to schema 1, as Herald 0.1 left it.
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE article_dedup")
        con.execute("DROP TABLE event_cluster_members")
        con.execute("DROP TABLE event_clusters")
        con.execute("ALTER TABLE events DROP COLUMN actor_countries")
        con.execute("ALTER TABLE events DROP COLUMN recipient_countries")
        con.execute("DELETE FROM schema_migrations WHERE version > ?", [version])
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert len(store.duplicates()) == 1
        assert [c["mentions"] for c in store.clusters()] == [1, 1]
        assert store.events(dyad=("NER", "FRA"), directed=True)


#: A time expression whose start is text, not a number.
_BAD_TIME = {
    "start": "0",
    "end": 4,
    "kind": "date",
    "value": None,
    "start_date": None,
    "end_date": None,
    "precision": None,
}


@pytest.mark.parametrize(
    ("what", "field", "value"),
    [
        ("events", "evidence", "a sentence"),
        ("events", "actor", {}),
        ("articles", "mentions", "not a list"),
        ("articles", "toponyms", [{"start": 0}]),
        ("articles", "times", [_BAD_TIME]),
    ],
)
def test_malformed_record_is_e507(
    original: Store, tmp_path: Path, what: str, field: str, value: object
) -> None:
    record = getattr(original, what)()[0]
    record[field] = value
    path = tmp_path / f"{what}.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store.open(":memory:") as store:
        with pytest.raises(StoreError) as info:
            import_files(store, [path])
        assert info.value.code == "E507"
        assert store.counts()[what] == 0


@pytest.mark.parametrize("what", KINDS)
def test_exports_from_before_the_span_keys_still_import(
    original: Store, tmp_path: Path, what: str
) -> None:
    (path,) = _export_all(original, tmp_path, "jsonl", [what])
    older = [
        {k: v for k, v in json.loads(line).items() if k not in LATER_KEYS[what]}
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in older), encoding="utf-8")
    with Store.open(":memory:") as copy:
        assert import_files(copy, [path]) == {what: len(older)}
