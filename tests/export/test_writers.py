"""Writers: JSON Lines, CSV, Parquet and GDELT from a store, and their coded failures."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

import herald.export
from export.samples import sample_result
from herald.errors import ExportError
from herald.export import EVENT_KEYS, export
from herald.export.writers import csv_columns
from herald.store import Store


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        opened.add(sample_result("one", url="https://example.com/one"))
        opened.add(sample_result("two"))
        yield opened


def to_text(store: Store, fmt: str, what: str = "events", **filters: Any) -> str:
    buffer = io.StringIO()
    export(store, fmt, what, buffer, **filters)
    return buffer.getvalue()


@pytest.mark.parametrize("what", ["events", "quotes", "actors"])
def test_jsonl_round_trips_the_store_records(store: Store, what: str) -> None:
    lines = to_text(store, "jsonl", what).splitlines()
    records = [json.loads(line) for line in lines]
    assert records == getattr(store, what)()
    assert records  # the sample has some of each


@pytest.mark.parametrize("fmt", ["jsonl"])
def test_jsonl_event_keys_are_the_contract(store: Store, fmt: str) -> None:
    first = json.loads(to_text(store, fmt).splitlines()[0])
    assert tuple(first) == EVENT_KEYS


@pytest.mark.parametrize(("filters", "count"), [({"actor": "NER"}, 2), ({"limit": 1}, 1), ({}, 4)])
def test_filters_reach_the_store(store: Store, filters: dict[str, Any], count: int) -> None:
    assert len(to_text(store, "jsonl", **filters).splitlines()) == count


@pytest.mark.parametrize("what", ["events"])
def test_csv_flattens_nested_fields(store: Store, what: str) -> None:
    rows = list(csv.DictReader(io.StringIO(to_text(store, "csv", what, actor="NER"))))
    assert list(rows[0]) == csv_columns(what)
    expel = rows[0]
    assert (expel["actor_name"], expel["actor_country"], expel["recipient_country"]) == (
        "Niger military government",
        "NER",
        "FRA",
    )
    assert expel["evidence_sentence"].startswith("Niger's junta expelled")
    assert (expel["location_name"], expel["modality_negated"], expel["flags"]) == (
        "Niamey",
        "false",
        "",
    )


@pytest.mark.parametrize("what", ["quotes", "actors"])
def test_csv_of_flat_records_has_their_keys(store: Store, what: str) -> None:
    rows = list(csv.DictReader(io.StringIO(to_text(store, "csv", what))))
    assert len(rows) == len(getattr(store, what)())
    assert list(rows[0]) == csv_columns(what)


@pytest.mark.parametrize("what", ["actors"])
def test_csv_writes_spans_as_start_end_pairs(store: Store, what: str) -> None:
    rows = csv.DictReader(io.StringIO(to_text(store, "csv", what)))
    for row, record in zip(rows, getattr(store, what)(), strict=True):
        assert row["spans"] == ";".join(f"{start}-{end}" for start, end in record["spans"])


@pytest.mark.parametrize("participants", [2])
def test_csv_joins_several_participants_with_semicolons(participants: int) -> None:
    result = sample_result()
    expel = result.events[0]
    two = replace(expel, actors=expel.actors * participants, id="x:e9")
    with Store.open(":memory:") as store:
        store.add(replace(result, events=(two,)))
        row = next(csv.DictReader(io.StringIO(to_text(store, "csv"))))
    assert row["actor_country"] == "NER;NER"


@pytest.mark.parametrize("what", ["events", "quotes", "actors"])
def test_parquet_is_written_with_duckdb(store: Store, tmp_path: Path, what: str) -> None:
    path = tmp_path / f"{what}.parquet"
    written = export(store, "parquet", what, path)
    rows = duckdb.sql(f"SELECT * FROM read_parquet('{path}')")
    assert written == len(rows.fetchall()) == len(getattr(store, what)())
    assert rows.columns == list(getattr(store, what)()[0])


@pytest.mark.parametrize("what", ["events"])
def test_parquet_keeps_nested_structure(store: Store, tmp_path: Path, what: str) -> None:
    path = tmp_path / "events.parquet"
    export(store, "parquet", what, path, actor="NER")
    sql = f"SELECT actor[1].country, location.name, evidence.start FROM read_parquet('{path}')"
    assert duckdb.sql(sql).fetchall() == [("NER", "Niamey", 0)] * 2


@pytest.mark.parametrize("what", ["events"])
def test_export_to_a_path_writes_the_file(store: Store, tmp_path: Path, what: str) -> None:
    path = tmp_path / "events.jsonl"
    assert export(store, "jsonl", what, path) == 4
    assert len(path.read_text(encoding="utf-8").splitlines()) == 4


@pytest.mark.parametrize("fmt", ["xml", "JSONL", ""])
def test_unknown_format_is_e601(store: Store, fmt: str) -> None:
    with pytest.raises(ExportError) as info:
        export(store, fmt, out=io.StringIO())
    assert info.value.code == "E601"


@pytest.mark.parametrize("what", ["mentions", "toponyms"])
def test_unknown_selection_is_e603(store: Store, what: str) -> None:
    with pytest.raises(ExportError) as info:
        export(store, "jsonl", what, io.StringIO())
    assert info.value.code == "E603"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt", "parquet"])
def test_unwritable_path_is_e602(store: Store, tmp_path: Path, fmt: str) -> None:
    with pytest.raises(ExportError) as info:
        export(store, fmt, "events", tmp_path / "no" / "such" / "dir" / "out")
    assert info.value.code == "E602"


@pytest.mark.parametrize(
    ("fmt", "what", "out"),
    [("parquet", "events", None), ("parquet", "events", "-"), ("gdelt", "quotes", None)],
)
def test_impossible_combination_is_e604(store: Store, fmt: str, what: str, out: Any) -> None:
    with pytest.raises(ExportError) as info:
        export(store, fmt, what, out if out is not None else io.StringIO())
    assert info.value.code == "E604"


@pytest.mark.parametrize("fmt", ["jsonl"])
def test_default_output_is_stdout(
    store: Store, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    export(store, fmt)
    assert len(capsys.readouterr().out.splitlines()) == 4


@pytest.mark.parametrize("module", [herald.export])
def test_public_names_are_exported(module: ModuleType) -> None:
    assert sorted(module.__all__) == sorted(
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and name != "annotations" and not isinstance(value, ModuleType)
    )
