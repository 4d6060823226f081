"""The DuckDB store: migrations, idempotent transactional writes, record queries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

import herald.store
from export.samples import rejection, sample_result
from herald.errors import StoreError
from herald.export.records import actor_record, event_record, quote_record
from herald.model import Article, Result
from herald.store import SCHEMA_VERSION, Store

SAMPLE = sample_result()


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


@pytest.fixture(scope="module")
def filled() -> Iterator[Store]:
    """One store holding the sample, shared by tests that only read."""
    with Store.open(":memory:") as opened:
        opened.add(SAMPLE)
        yield opened


@pytest.mark.parametrize("result", [sample_result()])
def test_add_writes_article_and_everything_extracted(store: Store, result: Result) -> None:
    assert store.add(result) is True
    assert store.counts() == {"articles": 1, "events": 2, "quotes": 1, "actors": 5, "rejections": 0}


@pytest.mark.parametrize("result", [sample_result()])
def test_same_result_twice_adds_nothing(store: Store, result: Result) -> None:
    store.add(result)
    before = store.counts()
    assert store.add(result) is False
    assert store.counts() == before


@pytest.mark.parametrize("first", [sample_result("first")])
def test_failed_add_rolls_back_and_keeps_earlier_content(store: Store, first: Result) -> None:
    store.add(first)
    second = sample_result("second")
    # Two events with one id break the primary key after the article row is already written.
    broken = replace(second, events=(second.events[0], second.events[0]))
    with pytest.raises(StoreError) as info:
        store.add(broken)
    assert info.value.code == "E503"
    assert store.counts() == {"articles": 1, "events": 2, "quotes": 1, "actors": 5, "rejections": 0}
    assert store.add(second) is True


@pytest.mark.parametrize("found", [SCHEMA_VERSION + 1, 99])
def test_newer_schema_version_is_refused_e502(tmp_path: Path, found: int) -> None:
    path = tmp_path / "herald.duckdb"
    Store.open(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [found])
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert info.value.code == "E502"
    assert info.value.details["found"] == found


@pytest.mark.parametrize("result", [sample_result()])
def test_reopened_store_keeps_data_and_migrates_once(tmp_path: Path, result: Result) -> None:
    path = tmp_path / "herald.duckdb"
    with Store.open(path) as first:
        first.add(result)
    with Store.open(path) as again:
        assert again.counts()["articles"] == 1
        assert again.schema_version == SCHEMA_VERSION
        rows = again._rows("SELECT version FROM schema_migrations")
    assert rows == [(v,) for v in range(1, SCHEMA_VERSION + 1)]


@pytest.mark.parametrize(
    ("where", "content"),
    [("missing-dir/sub/herald.duckdb", None), ("notes.duckdb", b"plain text, not a database")],
)
def test_unopenable_path_is_e501(tmp_path: Path, where: str, content: bytes | None) -> None:
    if content is not None:
        (tmp_path / where).write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path / where)
    assert info.value.code == "E501"


@pytest.mark.parametrize("call", ["counts", "events"])
def test_duckdb_errors_do_not_leak(call: str) -> None:
    store = Store.open(":memory:")
    store._con.close()  # simulate a connection lost under the store
    with pytest.raises(StoreError) as info:
        getattr(store, call)()
    assert info.value.code == "E503"
    assert isinstance(info.value.__cause__, duckdb.Error)


def _ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"].rsplit(":", 1)[1] for r in records]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["e2", "e1"]),
        ({"actor": "NER"}, ["e1"]),
        ({"actor": "fra"}, ["e2", "e1"]),
        ({"actor": "USA"}, []),
        ({"type": "reduce"}, ["e1"]),
        ({"type": "111"}, ["e2"]),
        ({"type": "16"}, ["e1"]),
        ({"since": date(2024, 1, 20)}, ["e2"]),
        ({"until": date(2024, 1, 10)}, ["e2"]),
        ({"since": date(2024, 1, 16), "until": date(2024, 1, 16)}, ["e2", "e1"]),
        ({"since": date(2024, 2, 1)}, []),
        ({"limit": 1}, ["e2"]),
    ],
)
def test_event_filters(filled: Store, filters: dict[str, Any], expected: list[str]) -> None:
    assert _ids(filled.events(**filters)) == expected


@pytest.mark.parametrize("prefix_length", [6, 20])
def test_event_filter_by_article_prefix(store: Store, prefix_length: int) -> None:
    one, two = sample_result("one"), sample_result("two")
    store.add(one)
    store.add(two)
    records = store.events(article=one.article.id[:prefix_length])
    assert {r["article_id"] for r in records} == {one.article.id}


@pytest.mark.parametrize("result", [SAMPLE])
def test_events_come_back_as_export_records(filled: Store, result: Result) -> None:
    expected = [event_record(e, result.article) for e in reversed(result.events)]
    assert filled.events() == expected


@pytest.mark.parametrize("result", [SAMPLE])
def test_quotes_come_back_as_export_records(filled: Store, result: Result) -> None:
    assert filled.quotes() == [
        quote_record(q, result.article, result.actors) for q in result.quotes
    ]


@pytest.mark.parametrize(("speaker", "count"), [("abdramane", 1), ("Colonel", 1), ("Macron", 0)])
def test_quote_speaker_filter(filled: Store, speaker: str, count: int) -> None:
    assert len(filled.quotes(speaker=speaker)) == count


@pytest.mark.parametrize("result", [SAMPLE])
def test_actors_are_aggregated_per_article_actor(filled: Store, result: Result) -> None:
    by_name = {r["name"]: r for r in filled.actors()}
    junta = result.actors.actors[0]
    assert by_name[junta.name] == actor_record(junta, result.article.id, result.actors)
    assert by_name[junta.name]["mentions"] == 2  # its name and the "We" that refers to it


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({"country": "ner"}, {"Niger military government", "Amadou Abdramane"}),
        ({"sector": "MIL"}, {"Amadou Abdramane"}),
        ({"country": "FRA", "sector": "JRN"}, {"Le Monde reporter"}),
    ],
)
def test_actor_filters(filled: Store, filters: dict[str, str], names: set[str]) -> None:
    assert {r["name"] for r in filled.actors(**filters)} == names


@pytest.mark.parametrize("prefix_length", [4, 20])
def test_article_by_unique_prefix_has_all_parts(filled: Store, prefix_length: int) -> None:
    result = SAMPLE
    article = filled.article(result.article.id[:prefix_length])
    assert article["id"] == result.article.id
    assert article["published"] == "2024-01-16"
    assert [m["text"] for m in article["mentions"]][:2] == [
        "Niger's junta",
        "the French ambassador",
    ]
    assert [t["text"] for t in article["toponyms"]] == ["Niger", "Niamey"]
    assert [t["text"] for t in article["times"]] == ["Tuesday"]
    assert (len(article["events"]), len(article["quotes"]), len(article["actors"])) == (2, 1, 5)


@pytest.mark.parametrize("unknown", ["ffffffff", "", "   "])
def test_unknown_article_is_e504(filled: Store, unknown: str) -> None:
    with pytest.raises(StoreError) as info:
        filled.article(unknown)
    assert info.value.code == "E504"


@pytest.mark.parametrize("ids", [("abc123", "abc456")])
def test_ambiguous_prefix_is_e505(store: Store, ids: tuple[str, str]) -> None:
    for n, article_id in enumerate(ids):
        store.add(sample_result(str(n), id=article_id))
    with pytest.raises(StoreError) as info:
        store.article("abc")
    assert info.value.code == "E505"


@pytest.mark.parametrize("item", [rejection("bad.txt", "E102")])
def test_rejection_is_recorded_once_per_key_and_code(store: Store, item: Any) -> None:
    assert store.add_rejection(item) is True
    assert store.add_rejection(item) is False
    assert store.add_rejection(replace(item, code="E103")) is True
    assert [(r["key"], r["code"]) for r in store.rejections()] == [
        ("bad.txt", "E102"),
        ("bad.txt", "E103"),
    ]


@pytest.mark.parametrize("item", [rejection("bad.txt", "E104")])
def test_result_holding_only_a_reader_rejection_records_it(store: Store, item: Any) -> None:
    placeholder = Article(id="", raw="", text="", key=item.key)
    assert store.add(Result(article=placeholder, rejections=(item,))) is False
    assert store.counts()["articles"] == 0
    assert store.counts()["rejections"] == 1


@pytest.mark.parametrize("code", ["E302"])
def test_article_rejected_by_a_stage_is_stored_with_its_rejection(store: Store, code: str) -> None:
    result = sample_result()
    stage_rejection = replace(rejection(result.article.key, code), article_id=result.article.id)
    bare = Result(article=result.article, rejections=(stage_rejection,))
    assert store.add(bare) is True
    assert store.counts() == {"articles": 1, "events": 0, "quotes": 0, "actors": 0, "rejections": 1}


@pytest.mark.parametrize("module", [herald.store])
def test_public_names_are_exported(module: Any) -> None:
    assert sorted(module.__all__) == sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and name != "annotations" and not isinstance(value, ModuleType)
    )
