"""GDELT 2.0 event rows: 61 columns in codebook order, CAMEO-style codes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest

from export.samples import sample_result
from herald.export import GDELT_COLUMNS, export, global_event_id
from herald.export.gdelt import fraction_date, gdelt_row
from herald.export.records import event_record
from herald.store import Store

COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}


@pytest.fixture(scope="module")
def rows() -> Iterator[list[list[str]]]:
    with Store.open(":memory:") as store:
        store.add(sample_result(url="https://example.com/niger"))
        buffer = io.StringIO()
        export(store, "gdelt", out=buffer)
    yield [line.split("\t") for line in buffer.getvalue().splitlines()]


def by_code(rows: list[list[str]], cameo: str) -> list[str]:
    return next(row for row in rows if row[COL["EventCode"]] == cameo)


@pytest.mark.parametrize("count", [61])
def test_header_has_61_names_in_codebook_order(count: int) -> None:
    assert len(GDELT_COLUMNS) == len(set(GDELT_COLUMNS)) == count
    assert GDELT_COLUMNS[:6] == (
        "GlobalEventID",
        "Day",
        "MonthYear",
        "Year",
        "FractionDate",
        "Actor1Code",
    )
    assert GDELT_COLUMNS[25:35] == (
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    )
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT_COLUMNS[COL["ActionGeo_Type"] : COL["ActionGeo_Type"] + 8] == tuple(
        f"ActionGeo_{f}"
        for f in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    )


@pytest.mark.parametrize("columns", [61])
def test_every_row_has_61_tab_separated_fields(rows: list[list[str]], columns: int) -> None:
    assert len(rows) == 2
    assert all(len(row) == columns for row in rows)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("Day", "20240116"),
        ("MonthYear", "202401"),
        ("Year", "2024"),
        ("FractionDate", "2024.1260"),
        ("Actor1Code", "NERGOV"),
        ("Actor1Name", "NIGER MILITARY GOVERNMENT"),
        ("Actor1CountryCode", "NER"),
        ("Actor1Type1Code", "GOV"),
        ("Actor2Code", "FRAGOV"),
        ("IsRootEvent", "1"),
        ("EventCode", "1663"),
        ("EventBaseCode", "166"),
        ("EventRootCode", "16"),
        ("QuadClass", "4"),
        ("GoldsteinScale", "-7.0"),
        ("NumMentions", "1"),
        ("NumSources", "1"),
        ("NumArticles", "1"),
        ("AvgTone", ""),
        ("Actor1Geo_Type", "0"),
        ("ActionGeo_Type", "4"),
        ("ActionGeo_FullName", "Niamey"),
        ("ActionGeo_Lat", "13.51366"),
        ("ActionGeo_Long", "2.1098"),
        ("ActionGeo_FeatureID", "2440485"),
        ("SOURCEURL", "https://example.com/niger"),
    ],
)
def test_located_dyadic_event_fields(rows: list[list[str]], column: str, expected: str) -> None:
    assert by_code(rows, "1663")[COL[column]] == expected


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("Day", "20240101"),  # a month-precise date is given by its first day
        ("Actor2Code", ""),
        ("IsRootEvent", "0"),
        ("EventBaseCode", "111"),
        ("EventRootCode", "11"),
        ("ActionGeo_Type", "0"),
        ("ActionGeo_FeatureID", ""),
    ],
)
def test_undirected_unlocated_event_fields(
    rows: list[list[str]], column: str, expected: str
) -> None:
    assert by_code(rows, "111")[COL[column]] == expected


@pytest.mark.parametrize("rows_column", ["DATEADDED"])
def test_date_added_is_a_timestamp(rows: list[list[str]], rows_column: str) -> None:
    value = rows[0][COL[rows_column]]
    assert len(value) == 14 and datetime.strptime(value, "%Y%m%d%H%M%S")


@pytest.mark.parametrize("event_id", ["abc:e1", "0123456789abcdef0123:e2"])
def test_global_event_id_is_a_stable_positive_integer(event_id: str) -> None:
    first = global_event_id(event_id)
    assert first == global_event_id(event_id)
    assert 0 < first < 2**53
    assert first != global_event_id(event_id + "x")


@pytest.mark.parametrize(
    ("day", "expected"), [(date(2024, 1, 16), 2024.126), (date(1979, 6, 1), 1979.4959)]
)
def test_fraction_date_follows_the_codebook(day: date, expected: float) -> None:
    assert fraction_date(day) == expected


def _record(actor: dict[str, Any]) -> dict[str, Any]:
    """The sample's dyadic event record with another first actor."""
    result = sample_result()
    record = event_record(result.events[0], result.article)
    record["actor"] = [actor]
    return record


@pytest.mark.parametrize(
    ("actor", "code", "country", "group", "type1"),
    [
        ({"country": "USA", "sector": "MIL"}, "USAMIL", "USA", "", "MIL"),
        ({"country": "NER", "sector": "JRN"}, "NERMED", "NER", "", "MED"),
        ({"country": "UNO", "sector": "IGO"}, "UNOIGO", "", "UNO", "IGO"),
        ({"country": None, "sector": "REB"}, "REB", "", "", "REB"),
        ({"country": "FRA", "sector": None}, "FRA", "FRA", "", ""),
    ],
)
def test_actor_codes_are_cameo_style(
    actor: dict[str, Any], code: str, country: str, group: str, type1: str
) -> None:
    participant = {"text": "x", "name": "x", "role": None, **actor}
    row = gdelt_row(_record(participant), {"key": "a.txt"})
    got = tuple(
        row[COL[f"Actor1{f}"]] for f in ("Code", "CountryCode", "KnownGroupCode", "Type1Code")
    )
    assert got == (code, country, group, type1)


@pytest.mark.parametrize(("context", "expected"), [({"key": "a.txt"}, "a.txt"), ({}, "")])
def test_source_url_falls_back_to_the_key(context: dict[str, Any], expected: str) -> None:
    participant = {"text": "x", "name": "x", "country": "NER", "sector": "GOV", "role": None}
    assert gdelt_row(_record(participant), context)[COL["SOURCEURL"]] == expected


@pytest.mark.parametrize(("feature", "kind"), [("country", "1"), ("city", "4"), ("admin1", "5")])
def test_action_geo_type_follows_the_place_feature(feature: str, kind: str) -> None:
    participant = {"text": "x", "name": "x", "country": "NER", "sector": "GOV", "role": None}
    row = gdelt_row(_record(participant), {"location_feature": feature})
    assert row[COL["ActionGeo_Type"]] == kind
