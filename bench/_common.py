"""Shared by the benchmarks: the corpus sample, input files, timing, results files."""

from __future__ import annotations

import gzip
import json
import os
import platform
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(
    os.environ.get("HERALD_SHARED", REPO.parent / "shared"), "data/news_corpus/articles.jsonl.gz"
)
RESULTS = REPO / "bench" / "results"

#: Articles per input file: readers load one JSON Lines file at a time, so this bounds reading.
FILE_ARTICLES = 500


def corpus() -> list[dict[str, Any]]:
    """Every record of the shared news corpus, in file order."""
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS} (set HERALD_SHARED)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def sample(count: int) -> list[dict[str, Any]]:
    """``count`` articles spread evenly over the corpus (every source represented), repeating
    the corpus when it is shorter; repeats get a marker line so every text hashes differently."""
    records = corpus()
    if count <= len(records):
        step = len(records) / count
        return [records[int(i * step)] for i in range(count)]
    out = []
    for i in range(count):
        record = dict(records[i % len(records)])
        if i >= len(records):
            record["text"] = f"{record['text']}\n\n(copy {i // len(records)})"
        out.append(record)
    return out


def write_inputs(records: list[dict[str, Any]], folder: Path) -> Path:
    """The records as JSON Lines files of FILE_ARTICLES each in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(records), FILE_ARTICLES):
        with (folder / f"part-{start // FILE_ARTICLES:05d}.jsonl").open("w") as out:
            for record in records[start : start + FILE_ARTICLES]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


def words(records: list[dict[str, Any]]) -> int:
    return sum(len(str(r["text"]).split()) for r in records)


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """``with stopwatch() as elapsed:`` ... ``elapsed()`` gives the seconds of the block."""
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg()[0],
    }


def save(name: str, payload: dict[str, Any]) -> Path:
    """Write ``payload`` to bench/results/<name>.json and return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path
