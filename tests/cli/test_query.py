"""Query commands: events filters and formats, dyad timelines, actors, clusters, import, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from export.samples import sample_result
from herald.cli import cli
from herald.store import Store
from store.factory import NIAMEY, STORIES, Spec, make_result

SPECS = (
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
        "AID", "RUS", "NER", date(2024, 5, 20), cameo="070", quad_class=2, goldstein=7.0, sentence=2
    ),
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "h.duckdb"
    with Store.open(path) as store:
        store.add(make_result(STORIES["niger"], SPECS, source="Agence Wire"))
        store.add(make_result(STORIES["niger"] + " Copyright Agence Wire.", SPECS, source="Copy"))
    return str(path)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "command", ["events", "dyad", "actors", "clusters", "import", "export", "report"]
)
def test_every_query_command_has_help(command: str) -> None:
    assert "Usage" in run(command, "--help")


@pytest.mark.parametrize(
    ("args", "events"),
    [
        ([], ["REDUCE", "CONSULT", "AID"]),
        (["--duplicates"], ["REDUCE", "REDUCE", "CONSULT", "CONSULT", "AID", "AID"]),
        (["--dyad", "NER", "RUS"], ["CONSULT", "AID"]),
        (["--dyad", "NER", "RUS", "--directed"], ["CONSULT"]),
        (["--place", "Niamey"], ["REDUCE"]),
        (["--source", "agence"], ["REDUCE", "CONSULT", "AID"]),
        (["--text", "junta said"], ["CONSULT"]),
        (["--sort", "-goldstein", "--limit", "1"], ["AID"]),
    ],
)
def test_events_filters_in_json(db: str, args: list[str], events: list[str]) -> None:
    out = run("events", "--db", db, "--format", "json", *args)
    assert [json.loads(line)["event"] for line in out.splitlines()] == events


@pytest.mark.parametrize("fmt", ["csv"])
def test_events_as_csv(db: str, fmt: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--format", fmt))))
    assert [r["event"] for r in rows] == ["REDUCE", "CONSULT", "AID"]
    assert rows[0]["location_name"] == "Niamey"


@pytest.mark.parametrize("fmt", ["table"])
def test_events_as_table(db: str, fmt: str) -> None:
    assert "3 events" in run("events", "--db", db, "--format", fmt)


@pytest.mark.parametrize("pair", [("NER", "RUS")])
def test_dyad_json_is_the_timeline(db: str, pair: tuple[str, str]) -> None:
    data = json.loads(run("dyad", *pair, "--db", db, "--format", "json"))
    assert [m["month"] for m in data["months"]] == ["2024-03", "2024-04", "2024-05"]
    assert [m["events"] for m in data["months"]] == [1, 0, 1]
    assert sum(m["goldstein"] for m in data["months"]) == 8.0


@pytest.mark.parametrize("pair", [("ner", "rus")])
def test_dyad_chart_is_readable_text(db: str, pair: tuple[str, str]) -> None:
    out = run("dyad", *pair, "--db", db)
    assert "NER - RUS" in out and "legend" in out
    march = next(line for line in out.splitlines() if line.startswith("2024-03"))
    assert "░" in march and "1 ev" in march
    assert "total: 2 events" in out


@pytest.mark.parametrize("country", ["NER"])
def test_actors_json(tmp_path: Path, country: str) -> None:
    path = str(tmp_path / "actors.duckdb")
    with Store.open(path) as store:
        store.add(sample_result())
    out = run("actors", "--db", path, "--country", country, "--format", "json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["name"] for r in rows} == {"Niger military government", "Amadou Abdramane"}
    assert all(r["country"] == country for r in rows)


@pytest.mark.parametrize("flag", ["--members"])
def test_clusters_lists_merged_events(db: str, flag: str) -> None:
    out = run("clusters", "--db", db, flag)
    assert "REDUCE NER -> FRA" in out and "1 in copies" in out


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_export_then_import_round_trip(db: str, tmp_path: Path, fmt: str) -> None:
    files = []
    for what in ("articles", "events"):
        path = tmp_path / f"{what}.{fmt}"
        run("export", "--db", db, "--format", fmt, "--what", what, "-o", str(path))
        files.append(str(path))
    copy = str(tmp_path / "copy.duckdb")
    assert "imported" in run("import", *files, "--db", copy)
    original = run("events", "--db", db, "--format", "json", "--duplicates")
    assert run("events", "--db", copy, "--format", "json", "--duplicates") == original


@pytest.mark.parametrize("fmt", ["plover", "graphml", "gexf"])
def test_export_new_formats(db: str, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"out.{fmt}"
    run("export", "--db", db, "--format", fmt, "-o", str(path))
    assert path.stat().st_size > 0


@pytest.mark.parametrize(("args", "code"), [(["events", "--sort", "loudness"], "E605")])
def test_bad_option_is_one_coded_line(db: str, args: list[str], code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from herald.cli import main; main()", *args, "--db", db],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"[{code}]" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("query", ["dyad=NER,RUS since=2024-01-01"])
def test_report_writes_one_html_file(db: str, tmp_path: Path, query: str) -> None:
    path = tmp_path / "report.html"
    run("report", "--db", db, "--query", query, "-o", str(path))
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "CONSULT" in page and "REDUCE" not in page
