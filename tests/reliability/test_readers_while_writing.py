"""Readers while ``herald ingest`` writes: no error the user sees, and a consistent store.

DuckDB lets one process open a file at a time. A reader waits its turn (the ingest lets it in
between two articles) and then sees one committed state: whole articles, every event clustered.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

import herald.query as hq
from herald.store import Store

#: Articles the ingest writes: enough to keep it busy while every reader runs.
ARTICLES = 300
HERALD = str(Path(sys.executable).with_name("herald"))


@pytest.fixture(scope="module")
def ingesting(
    kill_trials: ModuleType,
    shared: Path,
    blank_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A ``herald ingest`` subprocess writing a store: (store path, process)."""
    work = tmp_path_factory.mktemp("ingesting")
    corpus = kill_trials.write_corpus(work / "corpus", ARTICLES)
    db = work / "herald.duckdb"
    env = kill_trials.environment(work, str(blank_model))
    with subprocess.Popen(
        [HERALD, "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        deadline = time.monotonic() + 120
        while not db.with_name(db.name + ".wal").exists() and time.monotonic() < deadline:
            time.sleep(0.1)  # the first article committed
        try:
            yield db, process
        finally:
            process.kill()


def _cli(*args: str) -> Callable[[Path, Path], int]:
    def read(db: Path, work: Path) -> int:
        out = work / "out.jsonl"
        argv = [a.replace("{out}", str(out)) for a in args]
        done = subprocess.run(
            [HERALD, *argv, "--db", str(db)], capture_output=True, text=True, timeout=300
        )
        # Errors print as "herald: [E...] ..."; a progress note like "wrote N articles" is fine.
        assert done.returncode == 0, done.stderr
        assert "herald:" not in done.stderr and "Traceback" not in done.stderr
        lines = (out.read_text(encoding="utf-8") if out.exists() else done.stdout).splitlines()
        return len([json.loads(line) for line in lines if line.strip()])

    return read


def _api_quotes(db: Path, work: Path) -> int:
    return len(hq.quotes(db))


def _api_checks(db: Path, work: Path) -> int:
    from reliability.conftest import script

    checks = script("kill_trials").CHECKS
    with Store.open(db) as store:
        assert [name for name, sql in checks.items() if store._rows(sql)[0][0]] == []
        return int(store.counts()["articles"])


@pytest.mark.shared
@pytest.mark.parametrize(
    "reader",
    [
        _cli("export", "--format", "jsonl", "--what", "articles", "-o", "{out}"),
        _cli("actors", "--format", "json"),
        _cli("events", "--format", "json"),
        _api_quotes,
        _api_checks,
    ],
    ids=["cli-export", "cli-actors", "cli-events", "api-quotes", "api-consistency"],
)
def test_a_reader_during_an_ingest_gets_its_answer(
    ingesting: tuple[Path, subprocess.Popen[str]],
    tmp_path: Path,
    reader: Callable[[Path, Path], int],
) -> None:
    db, process = ingesting
    assert process.poll() is None, "the ingest ended before the reader ran"
    assert reader(db, tmp_path) >= 0
    assert process.poll() is None or process.returncode == 0
