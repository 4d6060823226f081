"""The command line: help everywhere, the ingest-query-export loop, coded errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from herald.cli import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
COMMANDS = [
    "ingest",
    "events",
    "show",
    "extract",
    "export",
    "eval",
    "dyad",
    "actors",
    "clusters",
    "import",
    "report",
]


def _herald(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from herald.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=600,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["ingest", "x.txt", "--published", "19/01/2024"], "E109"),
        (["show", "nope", "--db", "{db}"], "E504"),
        (["export", "--format", "parquet", "--db", "{db}"], "E604"),
    ],
)
def test_errors_are_one_coded_line_not_a_traceback(
    tmp_path: Path, args: list[str], code: str
) -> None:
    db = str(tmp_path / "t.duckdb")
    result = _herald(*(a.replace("{db}", db) for a in args))
    assert result.returncode == 2
    assert f"[{code}]" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", "E102"),
        ("binary.txt", bytes(range(256)) * 8, "E103"),
        ("bad.txt", b"\xff\xfe\xfa\x00\x81 broken \xc3\x28 bytes" * 3, "E10"),
    ],
)
def test_bad_input_is_rejected_with_a_code_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    (folder / "good.txt").write_text(
        "Officials said the army of Mali attacked rebels near Gao on Monday.\n", encoding="utf-8"
    )
    result = _herald("ingest", str(folder), "--db", str(tmp_path / "t.duckdb"))
    assert result.returncode == 0, result.stderr
    assert "ingested 1 articles" in result.stdout
    assert f"[{code}" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "examples.duckdb"
    result = _herald("ingest", str(EXAMPLES), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["json"])
def test_ingest_then_query_events(store: Path, fmt: str) -> None:
    result = _herald("events", "--format", fmt, "--db", str(store))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["event"] and r["evidence"]["sentence"] for r in records)


@pytest.mark.model
@pytest.mark.parametrize("path", [str(EXAMPLES)])
def test_second_ingest_adds_nothing(store: Path, path: str) -> None:
    result = _herald("ingest", path, "--db", str(store))
    assert "ingested 0 articles" in result.stdout


@pytest.mark.model
@pytest.mark.parametrize(("fmt", "columns"), [("gdelt", 61)])
def test_gdelt_export_has_61_columns(store: Path, fmt: str, columns: int) -> None:
    result = _herald("export", "--format", fmt, "--db", str(store))
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows and all(len(row) == columns for row in rows)


@pytest.mark.model
@pytest.mark.parametrize("what", ["events", "quotes", "actors"])
def test_jsonl_export_of_each_kind(store: Path, what: str) -> None:
    result = _herald("export", "--format", "jsonl", "--what", what, "--db", str(store))
    assert result.returncode == 0, result.stderr
    assert all(json.loads(line) for line in result.stdout.splitlines())


@pytest.mark.model
@pytest.mark.parametrize("prefix_length", [8])
def test_show_marks_an_article_by_id_prefix(store: Path, prefix_length: int) -> None:
    events = _herald("events", "--format", "json", "--db", str(store)).stdout.splitlines()
    article_id = json.loads(events[0])["article_id"]
    result = _herald("show", article_id[:prefix_length], "--db", str(store))
    assert result.returncode == 0 and "events" in result.stdout


@pytest.mark.parametrize("example", ["chad-sudan-border.txt"])
def test_extract_json_separates_furniture(example: str) -> None:
    result = _herald("extract", str(EXAMPLES / example), "--json")
    record = json.loads(result.stdout)
    assert record["title"] and record["removed"]
    assert all(r["text"] not in record["text"] for r in record["removed"])


@pytest.mark.model
@pytest.mark.parametrize(("row", "code"), [("Zorbanian Liberation Front,SDN,REB,,", "SDNREB")])
def test_ingest_with_an_analysts_actor_dictionary(tmp_path: Path, row: str, code: str) -> None:
    dictionary = tmp_path / "mine.csv"
    dictionary.write_text("pattern,country,sector,valid_from,valid_to\n" + row + "\n")
    article = tmp_path / "a.txt"
    article.write_text(
        "The Zorbanian Liberation Front attacked an army convoy near the border on Monday.\n"
    )
    db = str(tmp_path / "t.duckdb")
    result = _herald("ingest", str(article), "--actors", str(dictionary), "--db", db)
    assert result.returncode == 0, result.stderr
    events = _herald("events", "--format", "json", "--db", db).stdout.splitlines()
    codes = {p["code"] for line in events for p in json.loads(line)["actor"]}
    assert code in codes
