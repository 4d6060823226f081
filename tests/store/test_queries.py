"""Store queries: event filters and sorts, dyad timelines, actor summaries, data frames."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from herald.errors import ExportError
from herald.store import Store
from store.factory import NIAMEY, STORIES, Spec, make_result

NIGER_EVENTS = (
    Spec(
        "REDUCE",
        "NER",
        "FRA",
        date(2024, 1, 16),
        place=NIAMEY,
        cameo="1663",
        quad_class=4,
        goldstein=-7.0,
    ),
    Spec(
        "CONSULT",
        "NER",
        "RUS",
        date(2024, 3, 2),
        cameo="040",
        quad_class=1,
        goldstein=1.0,
        sentence=1,
    ),
    Spec(
        "AID", "RUS", "NER", date(2024, 3, 20), cameo="070", quad_class=2, goldstein=7.0, sentence=2
    ),
)
JAPAN_EVENTS = (
    Spec("CONSULT", "JPN", "PHL", date(2024, 7, 8), cameo="040", quad_class=1, goldstein=1.0),
    Spec(
        "DISAPPROVE",
        "CHN",
        "JPN",
        date(2024, 7, 9),
        cameo="111",
        quad_class=3,
        goldstein=-2.0,
        sentence=2,
    ),
)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        opened.add(make_result(STORIES["niger"], NIGER_EVENTS, source="Agence Wire"))
        opened.add(make_result(STORIES["japan"], JAPAN_EVENTS, source="Pacific Daily"))
        yield opened


def _types(records: list[dict[str, Any]]) -> list[str]:
    return [r["event"] for r in records]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"dyad": ("NER", "RUS")}, ["CONSULT", "AID"]),
        ({"dyad": ("rus", "ner")}, ["CONSULT", "AID"]),
        ({"dyad": ("NER", "RUS"), "directed": True}, ["CONSULT"]),
        ({"dyad": ("NER", "JPN")}, []),
        ({"mode": "nothing"}, []),
        ({"place": "niam"}, ["REDUCE"]),
        ({"place": "NE"}, ["REDUCE"]),
        ({"source": "pacific"}, ["CONSULT", "DISAPPROVE"]),
        ({"text": "MET PRESIDENT"}, ["CONSULT"]),
        ({"type": "consult", "since": date(2024, 6, 1)}, ["CONSULT"]),
        ({"sort": "-goldstein", "limit": 2}, ["AID", "CONSULT"]),
        ({"sort": "goldstein", "limit": 1}, ["REDUCE"]),
        ({"sort": "type", "limit": 2}, ["AID", "CONSULT"]),
    ],
)
def test_event_filters_and_sorts(
    store: Store, filters: dict[str, Any], expected: list[str]
) -> None:
    assert _types(store.events(**filters)) == expected


@pytest.mark.parametrize(
    ("filters", "name"),
    [({"sort": "loudness"}, "sort"), ({"colour": "red"}, "colour"), ({"limit": -1}, "limit")],
)
def test_bad_query_options_are_e605(store: Store, filters: dict[str, Any], name: str) -> None:
    with pytest.raises(ExportError) as info:
        store.events(**filters)
    assert info.value.code == "E605"
    assert info.value.details["name"] == name


@pytest.mark.parametrize("dyad", [("NER", "RUS")])
def test_dyad_timeline_fills_months_and_counts_quad_classes(
    store: Store, dyad: tuple[str, str]
) -> None:
    rows = store.dyad_timeline(*dyad)
    assert [r["month"] for r in rows] == ["2024-03"]
    assert (rows[0]["events"], rows[0]["q1"], rows[0]["q2"], rows[0]["goldstein"]) == (2, 1, 1, 8.0)


@pytest.mark.parametrize("dyad", [("NER", "FRA")])
def test_dyad_timeline_is_empty_between_strangers(store: Store, dyad: tuple[str, str]) -> None:
    assert store.dyad_timeline("NER", "PHL") == []
    assert store.dyad_timeline(*dyad, since=date(2025, 1, 1)) == []


@pytest.mark.parametrize("gap", [("2024-01", "2024-04")])
def test_dyad_timeline_has_empty_months_between_events(gap: tuple[str, str]) -> None:
    with Store.open(":memory:") as store:
        store.add(make_result(STORIES["niger"], (NIGER_EVENTS[0],)))
        late = Spec(
            "REDUCE", "NER", "FRA", date(2024, 4, 2), cameo="1663", quad_class=4, goldstein=-7.0
        )
        store.add(make_result(STORIES["kenya"], (late,)))
        rows = store.dyad_timeline("FRA", "NER")
    assert [r["month"] for r in rows] == [gap[0], "2024-02", "2024-03", gap[1]]
    assert [r["events"] for r in rows] == [1, 0, 0, 1]


@pytest.mark.parametrize("country", ["NER"])
def test_actor_summary_groups_actors_across_articles(store: Store, country: str) -> None:
    with Store.open(":memory:") as fresh:
        from export.samples import sample_result

        fresh.add(sample_result("one"))
        fresh.add(sample_result("two"))
        rows = fresh.actor_summary(country=country)
    junta = next(r for r in rows if r["name"] == "Niger military government")
    assert (junta["articles"], junta["mentions"], junta["aliases"]) == (2, 4, ["junta"])


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("events_frame", ()),
        ("quotes_frame", ()),
        ("actors_frame", ()),
        ("dyads_frame", ()),
        ("clusters_frame", ()),
        ("dyad_frame", ("NER", "RUS")),
    ],
)
@pytest.mark.parametrize(("kind", "cls"), [("pandas", pd.DataFrame), ("arrow", pa.Table)])
def test_frames_come_as_pandas_or_arrow(
    store: Store, method: str, args: tuple[str, ...], kind: str, cls: type
) -> None:
    assert isinstance(getattr(store, method)(*args, kind=kind), cls)


@pytest.mark.parametrize("filters", [{"dyad": ("NER", "RUS")}])
def test_event_frame_rows_follow_the_filters(store: Store, filters: dict[str, Any]) -> None:
    frame = store.events_frame(**filters)
    assert list(frame["event"]) == ["CONSULT", "AID"]
    assert list(frame["actor_countries"].map(list)) == [["NER"], ["RUS"]]


@pytest.mark.parametrize("pair", [("NER", "FRA", 1)])
def test_dyads_frame_counts_country_pairs(store: Store, pair: tuple[str, str, int]) -> None:
    frame = store.dyads_frame()
    row = frame[(frame.actor_country == pair[0]) & (frame.recipient_country == pair[1])]
    assert int(row["events"].iloc[0]) == pair[2]
