"""MUC-4 scorer: reading messages and keys, comparing dates, mapping types, the gate."""

from __future__ import annotations

import gzip
import io
import tarfile
from datetime import date
from pathlib import Path

import pytest

from herald.eval import EVALUATIONS, run_eval, takes_limit
from herald.eval.muc4 import (
    Incident,
    Prediction,
    date_correct,
    dateline_date,
    incident_type,
    key_countries,
    key_dates,
    load_muc4,
    main_country,
    predict,
    truecase,
)
from herald.model import Article, Event, EventDate, Place, Result, Span, Toponym

D = date

# A made-up message and key in the distribution's layout (not taken from the corpus).
_TEXT = """TST9-MUC4-0001 (NOSC)

   LIMA, 14 MAR 90 (RADIO) -- [TEXT] REBELS BOMBED A BRIDGE IN CUZCO YESTERDAY.

TST9-MUC4-0002 (NOSC)

   QUITO, NO DATE -- [TEXT] THE MINISTER SPOKE ABOUT THE ECONOMY.
"""
_KEY = """0.  MESSAGE: ID                     TST9-MUC4-0001 (NCCOSC)
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  13 MAR 90
3.  INCIDENT: LOCATION              PERU: CUZCO (CITY)
4.  INCIDENT: TYPE                  BOMBING

0.  MESSAGE: ID                     TST9-MUC4-0002 (NCCOSC)
1.  MESSAGE: TEMPLATE               *
2.  INCIDENT: DATE                  *
"""
_EXPECTED = Incident(
    ((D(1990, 3, 13), D(1990, 3, 13)),), frozenset({"PER"}), frozenset({"BOMBING"})
)


def _write(tmp_path: Path, kind: str) -> Path:
    files = {"muc/dev/dev-muc4-0001": _TEXT, "muc/dev/key-dev-0001": _KEY, "muc/README": "x"}
    if kind == "tar":
        path = tmp_path / "muc.tar.gz"
        with tarfile.open(path, "w:gz") as archive:
            for name, text in files.items():
                data = text.encode()
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        return path
    if kind == "gzip file":
        path = tmp_path / "muc.txt.gz"
        path.write_bytes(gzip.compress((_TEXT + "\n" + _KEY).encode()))
        return path
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("kind", ["tar", "folder", "gzip file"])
def test_loads_messages_keys_and_datelines(tmp_path: Path, kind: str) -> None:
    first, second = load_muc4(_write(tmp_path, kind))
    assert (first.id, first.published, first.incidents) == (
        "TST9-MUC4-0001",
        D(1990, 3, 14),
        (_EXPECTED,),
    )
    assert first.text.lstrip().startswith("LIMA, 14 MAR 90")
    # "No relevant incident" keys leave the message without incidents; NO DATE gives no date.
    assert (second.published, second.incidents) == (None, ())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("   SAN SALVADOR, 3 JAN 90 -- [TEXT] X", D(1990, 1, 3)),
        ("   BOGOTA, 18 APRIL 89 (AFP) -- [TEXT] X", D(1989, 4, 18)),
        ("   PERTH (AUSTRALIA), JUNE 11 89 (AFP) -- [TEXT] X", D(1989, 6, 11)),
        ("   TEGUCIGALPA, 7 FEB (REUTER) -- [TEXT] X", None),  # no year
        ("   SAN SALVADOR, NO DATE -- [SPEECH] X", None),
        ("   NO DATELINE AT ALL", None),
    ],
)
def test_dateline_date(body: str, expected: date | None) -> None:
    assert dateline_date(body) == expected


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("30 DEC 89", ((D(1989, 12, 30), D(1989, 12, 30)),)),
        ("- 08 JAN 90", ((None, D(1990, 1, 8)),)),
        ("25 OCT 89 - 26 OCT 89", ((D(1989, 10, 25), D(1989, 10, 26)),)),
        (
            "(- 29 MAR 89) / (28 MAR 89 - 29 MAR 89)",
            ((None, D(1989, 3, 29)), (D(1989, 3, 28), D(1989, 3, 29))),
        ),
        ("-", ()),
        ("*", ()),
    ],
)
def test_key_dates(fill: str, expected: tuple[object, ...]) -> None:
    assert key_dates(fill) == expected


@pytest.mark.parametrize(
    ("fill", "expected"),
    [
        ("EL SALVADOR: SAN MIGUEL (DEPARTMENT): SAN LUIS (TOWN)", {"SLV"}),
        ("COLOMBIA / VENEZUELA", {"COL", "VEN"}),
        ("? HONDURAS", {"HND"}),
        ("(PERU: LIMA (CITY)) / (PERU: CALLAO (CITY))", {"PER"}),
        ("-", set()),
    ],
)
def test_key_countries(fill: str, expected: set[str]) -> None:
    assert key_countries(fill) == expected


_ALTERNATIVES = ((None, D(1989, 3, 9)), (D(1989, 3, 28), D(1989, 3, 29)))


@pytest.mark.parametrize(
    ("start", "end", "spans", "expected"),
    [
        (D(1990, 1, 3), D(1990, 1, 3), ((D(1990, 1, 3), D(1990, 1, 3)),), True),
        (D(1990, 1, 2), D(1990, 1, 2), ((D(1990, 1, 3), D(1990, 1, 3)),), False),
        # "On or before B": the week up to B.
        (D(1990, 1, 8), D(1990, 1, 8), ((None, D(1990, 1, 8)),), True),
        (D(1990, 1, 2), D(1990, 1, 2), ((None, D(1990, 1, 8)),), True),
        (D(1989, 12, 1), D(1989, 12, 1), ((None, D(1990, 1, 8)),), False),
        # A range answers only when it lies inside the key's.
        (D(1989, 12, 1), D(1989, 12, 31), ((D(1989, 12, 30), D(1989, 12, 30)),), False),
        # Any alternative will do.
        (D(1989, 3, 28), D(1989, 3, 28), _ALTERNATIVES, True),
        (None, None, ((D(1990, 1, 3), D(1990, 1, 3)),), False),
    ],
)  # fmt: skip
def test_date_correct(
    start: date | None,
    end: date | None,
    spans: tuple[tuple[date | None, date], ...],
    expected: bool,
) -> None:
    assert date_correct(Prediction(None, start, end, None), spans) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REBELS ATTACKED SAN SALVADOR ON 10 MARCH.", "Rebels attacked San Salvador on 10 March."),
        ("LIMA, 11 MAR 89 -- [TEXT] THE ARMY LEFT.", "Lima, 11 mar 89 -- [text] The army left."),
        ("Mixed case stays AS IT IS.", "Mixed case stays AS IT IS."),
    ],
)
def test_truecase(text: str, expected: str) -> None:
    assert truecase(text) == expected


def _event(kind: str, cameo: str, mode: str | None = None, **extra: object) -> Event:
    return Event(
        id=cameo,
        article_id="x",
        type=kind,
        cameo=cameo,
        trigger=Span(0, 1),
        evidence=Span(0, 1),
        mode=mode,
        **extra,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (_event("ASSAULT", "181", "abduct"), "KIDNAPPING"),
        (_event("ASSAULT", "1832", "explosives"), "BOMBING"),
        (_event("ASSAULT", "193", "firearms"), "ATTACK"),
        (_event("ASSAULT", "186", "targeted"), "ATTACK"),
        (_event("PROTEST", "143", "strike"), "FORCED WORK STOPPAGE"),
        (_event("CONSULT", "040"), None),
    ],
)
def test_incident_types_map_through_the_table(event: Event, expected: str | None) -> None:
    assert incident_type(event) == expected


def _place(name: str, country: str) -> Place:
    return Place(name, None, country, None, None)


def test_prediction_takes_the_event_of_the_key_type_then_the_main_country() -> None:
    day = EventDate(D(1990, 3, 13), D(1990, 3, 13), "day", "expression")
    result = Result(
        article=Article(id="x", raw="", text="", published=D(1990, 3, 14)),
        events=(
            _event("ASSAULT", "193", "firearms", confidence=0.9),
            _event("ASSAULT", "1832", "explosives", date=day),
        ),
        toponyms=(
            Toponym(Span(0, 1), _place("Lima", "PER")),
            Toponym(Span(2, 3), _place("Quito", "ECU")),
            Toponym(Span(4, 5), _place("Peru", "PER"), role="government"),
        ),
    )
    incident = Incident((), frozenset({"PER"}), frozenset({"BOMBING"}))
    assert main_country(result) == "PER"
    assert predict(result, incident) == Prediction("BOMBING", day.start, day.end, "PER")


def test_muc4_is_registered_with_a_limit() -> None:
    assert "muc4" in EVALUATIONS and takes_limit(EVALUATIONS["muc4"][1])


@pytest.mark.shared
@pytest.mark.model
def test_muc4_gate(shared: Path) -> None:
    # An evenly spread sample of 80 of the 697 dev messages with incidents keeps this near 30 s.
    metrics, _ = run_eval("muc4", shared / "data/muc4/muc34_dev.tar.gz", limit=80)
    assert metrics["messages"] == 80
    assert metrics["date_accuracy"] >= 0.74  # measured 0.770 (all 697: 0.732)
    assert metrics["location_country_accuracy"] >= 0.89  # measured 0.924 (all 697: 0.873)
    assert metrics["incident_type_accuracy"] >= 0.50  # measured 0.527 (all 697: 0.561)
