"""herald.query: the store as pandas DataFrames and Arrow tables for notebooks."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import herald
from herald.store import Store
from store.factory import STORIES, Spec, make_result

SPEC = (Spec("CONSULT", "NER", "RUS", date(2024, 3, 2), cameo="040", goldstein=1.0),)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "h.duckdb"
    with Store.open(path) as store:
        store.add(make_result(STORIES["niger"], SPEC))
        store.add(make_result(STORIES["niger"] + " Copyright Wire.", SPEC))
    return path


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("events", {}),
        ("actors", {}),
        ("quotes", {}),
        ("dyads", {}),
        ("clusters", {}),
    ],
)
@pytest.mark.parametrize(("arrow", "cls"), [(False, pd.DataFrame), (True, pa.Table)])
def test_every_table_comes_as_pandas_or_arrow(
    db: Path, call: str, args: dict[str, Any], arrow: bool, cls: type
) -> None:
    assert isinstance(getattr(herald.query, call)(db, arrow=arrow, **args), cls)


@pytest.mark.parametrize("duplicates", [False, True])
def test_events_leave_copies_out_by_default(db: Path, duplicates: bool) -> None:
    frame = herald.query.events(db, duplicates=duplicates)
    assert len(frame) == (2 if duplicates else 1)


@pytest.mark.parametrize("pair", [("NER", "RUS")])
def test_dyad_timeline_frame(db: Path, pair: tuple[str, str]) -> None:
    frame = herald.query.dyad(*pair, db=db)
    assert list(frame["month"]) == ["2024-03"] and list(frame["events"]) == [1]


@pytest.mark.parametrize("pair", [("NER", "RUS")])
def test_an_open_store_can_be_given(db: Path, pair: tuple[str, str]) -> None:
    with Store.open(db) as store:
        assert len(herald.query.events(store, dyad=pair)) == 1
