"""Soak: one long ingest with memory, file handles and temporary files sampled as it goes.

    python bench/soak.py [--articles 10000] [--model NAME|blank] [--every 250]

The news corpus (../shared/data/news_corpus, HERALD_SHARED) is repeated with variation until
``--articles`` records: each repeat gets a dateline, a copy marker line and, every other repeat,
its first two paragraphs swapped, so every text hashes differently (and near-duplicate detection
has work to do). A child process runs ``herald.api.ingest`` over JSON Lines files of 500 records
into a fresh store, with its own empty TMPDIR; every ``--every`` stored results it reports its
resident memory (VmRSS), open file descriptors and threads from /proc/self, and the files in its
TMPDIR. After it ends, the TMPDIR and the store's folder are checked for leftovers.

Flat means: RSS at the end within 10% of RSS after the first 10% of the articles (the model,
gazetteer and caches are loaded by then), the same number of open descriptors, no temporary file
left. ``--model blank`` runs every stage on a blank spaCy pipeline (no parse: fast, fewer events);
the default is the configured model. ``--control`` keeps the near-duplicate index empty, to
tell its growth (about 15 kB per stored article, by design) from anything else. Prints one JSON
line; writes bench/results/soak.json (``--out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import write_inputs

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(
    os.environ.get("HERALD_SHARED", REPO.parent / "shared"), "data/news_corpus/articles.jsonl.gz"
)
RESULTS = REPO / "bench" / "results"
#: Flat: end-of-run RSS within this share of the RSS after the first tenth of the articles.
FLAT = 0.10


def varied(count: int) -> list[dict[str, Any]]:
    """``count`` records: the corpus, then repeats of it, each repeat changed a little."""
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS} (set HERALD_SHARED)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream]
    out = []
    for i in range(count):
        record = dict(records[i % len(records)])
        repeat = i // len(records)
        if repeat:
            paragraphs = str(record["text"]).split("\n\n")
            if repeat % 2 and len(paragraphs) > 2:
                paragraphs[0], paragraphs[1] = paragraphs[1], paragraphs[0]
            record["text"] = (
                f"WIRE {repeat} -\n\n" + "\n\n".join(paragraphs) + f"\n\n(repeat {repeat})"
            )
        out.append(record)
    return out


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(inputs: str, db: str, every: int, control: bool) -> None:
    """Run the ingest, printing a sample line every ``every`` results.

    ``control``: the near-duplicate index starts empty for every article (a control run: what
    memory does without the one structure that grows with the store by design).
    """
    from herald.api import ingest

    if control:
        from herald.store import Store
        from herald.store.dedup import DuplicateIndex

        Store._duplicate_index = lambda self: DuplicateIndex()  # type: ignore[method-assign]

    tmp = Path(tempfile.gettempdir())
    seen = 0
    started = time.perf_counter()

    def sample(_result: object) -> None:
        nonlocal seen
        seen += 1
        if seen % every == 0:
            print(
                json.dumps(
                    {
                        "results": seen,
                        "seconds": round(time.perf_counter() - started, 1),
                        "rss_mb": round(_status("VmRSS") / 1024, 1),
                        "fds": len(os.listdir("/proc/self/fd")),
                        "threads": _status("Threads"),
                        "tmp_files": sum(1 for _ in tmp.rglob("*")),
                    }
                ),
                flush=True,
            )

    summary = ingest([inputs], db=db, on_result=sample)
    print(json.dumps({"summary": summary.as_dict()}), flush=True)


def run(
    articles: int, model: str | None, every: int, work: Path, control: bool = False
) -> dict[str, Any]:
    inputs = write_inputs(varied(articles), work / "inputs")
    store_dir = work / "store"
    store_dir.mkdir()
    tmp = work / "tmp"
    tmp.mkdir()
    env = dict(os.environ, TMPDIR=str(tmp))
    if model == "blank":
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.to_disk(work / "blank_en")
        env["HERALD_MODEL"] = str(work / "blank_en")
    elif model:
        env["HERALD_MODEL"] = model
    command = [
        sys.executable,
        __file__,
        "--child",
        str(inputs),
        str(store_dir / "herald.duckdb"),
        str(every),
        "control" if control else "",
    ]
    samples: list[dict[str, Any]] = []
    summary: dict[str, Any] = {}
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as process:
        assert process.stdout is not None
        for line in process.stdout:
            record = json.loads(line)
            if "summary" in record:
                summary = record["summary"]
            else:
                samples.append(record)
                print(line.strip(), file=sys.stderr, flush=True)
    if process.returncode != 0 or not samples:
        raise SystemExit(f"soak child failed ({process.returncode})")
    seconds = time.perf_counter() - started
    warm = next(s for s in samples if s["results"] >= articles // 10)
    last = samples[-1]
    leftovers = sorted(str(p.relative_to(work)) for p in tmp.rglob("*"))
    store_files = sorted(p.name for p in store_dir.iterdir())
    growth = (last["rss_mb"] - warm["rss_mb"]) / warm["rss_mb"]
    return {
        "articles": articles,
        "model": env.get("HERALD_MODEL", "default"),
        "control_without_dedup_index": control,
        "summary": summary,
        "seconds": round(seconds, 1),
        "rss_warm_mb": warm["rss_mb"],
        "rss_warm_at": warm["results"],
        "rss_last_mb": last["rss_mb"],
        "rss_max_mb": max(s["rss_mb"] for s in samples),
        "rss_growth": round(growth, 3),
        "fds_warm": warm["fds"],
        "fds_last": last["fds"],
        "fds_max": max(s["fds"] for s in samples),
        "threads_last": last["threads"],
        "tmp_files_max": max(s["tmp_files"] for s in samples),
        "tmp_leftovers": leftovers,
        "store_files": store_files,
        "flat": growth <= FLAT
        and last["fds"] <= warm["fds"]
        and not leftovers
        and set(store_files) <= {"herald.duckdb", "herald.duckdb.wal"},
        "samples": samples,
        "load_average_at_end": os.getloadavg()[0],
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "control")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--model", default=None, help="a spaCy pipeline, or 'blank'")
    parser.add_argument("--every", type=int, default=250)
    parser.add_argument(
        "--control",
        action="store_true",
        help="keep the near-duplicate index empty (it grows with the store by design)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "soak.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="herald-soak-") as work:
        report = run(args.articles, args.model, args.every, Path(work), args.control)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "samples"}))


if __name__ == "__main__":
    main()
