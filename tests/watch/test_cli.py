"""``herald watch`` and ``herald alert`` on the command line (a stand-in pipeline, no model)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import herald.watch
from herald.cli import cli, main
from herald.watch import default_alerts_log
from watch.site import Entry, Site, process, rss, story, unreachable_url


@pytest.fixture(autouse=True)
def stand_in_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(herald.watch, "_pipeline", lambda knowledge: process)


def herald_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def coded_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> str:
    """The one line ``herald`` prints for an error, after checking it exits with status 2."""
    monkeypatch.setattr(sys, "argv", ["herald", *args])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    return line


@pytest.mark.parametrize("command", [["watch"], ["alert"], ["alert", "add"], ["alert", "list"]])
def test_commands_have_help(command: list[str]) -> None:
    code, output = herald_cli(*command, "--help")
    assert code == 0 and "Usage" in output


def test_watch_once_prints_each_source_and_alert_and_logs_it(site: Site, db: Path) -> None:
    herald_cli("alert", "add", "--name", "niger", "--actor", "NER", "--db", str(db))
    url = site.put("/feed", rss([Entry(story("cooperation", 21), guid="c21")]))
    code, output = herald_cli("watch", url, "--once", "--db", str(db))
    lines = output.splitlines()
    assert code == 0 and lines[0].startswith("poll 1 at 20")
    assert lines[1].startswith(f"  {url}: 200 feed, 1 entries: 1 new, 0 seen; 1 stored (1 events)")
    assert lines[2].startswith("alert niger: 2024-01-16 NER gov (NER) COOPERATE RUS gov (RUS) |")
    (record,) = default_alerts_log(db).read_text().splitlines()
    assert json.loads(record)["alert"] == "niger"


def test_watch_polls_every_interval_up_to_max_polls(
    site: Site, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    url = site.put("/feed", rss([Entry(story("talks", 22), guid="t22")]), etag='"v1"')
    code, output = herald_cli("watch", url, "--every", "1m", "--max-polls", "3", "--db", str(db))
    assert (code, len(waits), output.count("not modified (304)")) == (0, 2, 2)


def test_ctrl_c_stops_the_watch_quietly(
    site: Site, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", interrupt)
    url = site.put("/feed", rss([Entry(story("talks", 23), guid="t23")]))
    result = CliRunner().invoke(cli, ["watch", url, "--db", str(db)])
    assert (result.exit_code, result.stderr.strip()) == (0, "watch stopped after 1 poll(s)")


def test_watch_exits_1_when_a_source_failed(db: Path) -> None:
    result = CliRunner().invoke(cli, ["watch", unreachable_url(), "--once", "--db", str(db)])
    assert result.exit_code == 1 and "error [E118]" in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["watch", "http://127.0.0.1:9/", "--every", "10x"], "E120"),
        (["watch", "feed.xml", "--once"], "E121"),
        (["alert", "add", "--type", "COOPERATION"], "E122"),
        (["alert", "add"], "E125"),
        (["alert", "remove", "nope"], "E124"),
    ],
)
def test_bad_input_is_one_coded_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    db: Path,
    args: list[str],
    code: str,
) -> None:
    line = coded_error(monkeypatch, capsys, *args, "--db", str(db))
    assert line.startswith(f"herald: [{code}] ")


def test_duplicate_alert_name_is_one_coded_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    herald_cli("alert", "add", "--name", "n", "--type", "CONSULT", "--db", str(db))
    line = coded_error(
        monkeypatch, capsys, "alert", "add", "--name", "n", "--text", "x", "--db", str(db)
    )
    assert line.startswith("herald: [E123] An alert named 'n' already exists")


def test_alerts_are_added_listed_and_removed(db: Path) -> None:
    added = herald_cli("alert", "add", "--actor", "ner", "--type", "cooperate", "--db", str(db))
    listed = herald_cli("alert", "list", "--db", str(db))
    as_json = herald_cli("alert", "list", "--json", "--db", str(db))
    removed = herald_cli("alert", "remove", "ner-cooperate", "--db", str(db))
    after = herald_cli("alert", "list", "--db", str(db))
    assert added == (0, "alert ner-cooperate: actor=NER type=COOPERATE\n")
    assert listed == (0, "ner-cooperate: actor=NER type=COOPERATE (0 matched)\n")
    # The JSON holds the library's field names: --actor (either side) is AlertQuery.country.
    assert json.loads(as_json[1])["filters"] == {"country": "NER", "type": "COOPERATE"}
    assert (removed, after) == ((0, "removed alert ner-cooperate\n"), (0, "no alerts saved\n"))
