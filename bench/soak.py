"""Soak: one long ingest with memory, file handles and temporary files sampled as it goes.

    python bench/soak.py [--articles 10000] [--model NAME|blank] [--every 250]

The news corpus (../shared/data/news_corpus, HERALD_SHARED) is repeated with variation until
``--articles`` records: each repeat gets a dateline, a copy marker line and, every other repeat,
its first two paragraphs swapped, so every text hashes differently (and near-duplicate detection
has work to do). A child process runs ``herald.api.ingest`` over JSON Lines files of 500 records
into a fresh store, with its own empty TMPDIR; every ``--every`` stored results it reports its
resident memory (VmRSS), open file descriptors and threads from /proc/self, and the files in its
TMPDIR. After it ends, the TMPDIR and the store's folder are checked for leftovers.

Flat means: the peak RSS of the last tenth of the articles within 10% of the peak RSS of the
second tenth (by then the model, gazetteer and caches are loaded), no more open descriptors at
the end than early on (the most over the same windows), and no temporary file left. Peaks over
windows rather than two single samples: RSS saws up and down by 40-60 MB between the store's
connection recycles (every ``RECYCLE_ARTICLES`` articles, herald.store), when DuckDB's memory,
descriptors and threads are given back, so two samples can land on a trough and a crest; the
single-sample figures are reported too (``rss_growth_single``). Each sample also splits the
anonymous memory into the C heap, Python's arenas and the rest (chiefly DuckDB's own allocator):
see ``breakdown``.

``--model blank`` runs every stage on a blank spaCy pipeline (no parse: fast, fewer events); the
default is the configured model. ``--control`` keeps the near-duplicate index empty, to tell its
growth (about 11 kB per stored article, by design) from anything else. Prints one JSON line;
writes bench/results/soak.json (``--out``).
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import json
import os
import re
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


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _glibc() -> tuple[float, float] | None:
    """The C heap (glibc malloc): MB taken from the system and MB in use; None without glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallinfo2 = libc.mallinfo2
    except (OSError, AttributeError):
        return None
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    mb = 1024 * 1024
    return round((info.arena + info.hblkhd) / mb, 1), round((info.uordblks + info.hblkhd) / mb, 1)


def _pymalloc() -> tuple[float, float] | None:
    """Python's small-object allocator: MB of arenas held and MB in allocated blocks.

    ``sys._debugmallocstats`` writes to the C stderr, so fd 2 is pointed at a file meanwhile.
    """
    with tempfile.TemporaryFile() as out:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    arenas = re.search(r"(\d[\d,]*) arenas \* (\d[\d,]*) bytes/arena", text)
    used = re.search(r"# bytes in allocated blocks\s*=\s*([\d,]+)", text)
    if arenas is None or used is None:
        return None
    mb = 1024 * 1024
    count, size = (int(g.replace(",", "")) for g in arenas.groups())
    return round(count * size / mb, 1), round(int(used[1].replace(",", "")) / mb, 1)


def breakdown() -> dict[str, float | None]:
    """Where the resident memory is: anonymous memory split into the C heap (glibc's main
    arena, where nearly all of it is here), Python's arenas and the rest (chiefly DuckDB, which
    has its own allocator, jemalloc). The heap and the arenas are what each allocator holds,
    resident or not, so ``rest_mb`` is approximate; what matters is how each part moves."""
    anonymous = 0.0
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Anonymous:"):
                anonymous = int(line.split()[1]) / 1024
    heap, pymalloc = _glibc(), _pymalloc()
    rest = anonymous - heap[0] - pymalloc[0] if heap and pymalloc else None
    return {
        "anon_mb": round(anonymous, 1),
        "heap_mb": heap[0] if heap else None,
        "heap_used_mb": heap[1] if heap else None,
        "pymalloc_mb": pymalloc[0] if pymalloc else None,
        "pymalloc_used_mb": pymalloc[1] if pymalloc else None,
        "rest_mb": round(rest, 1) if rest is not None else None,
    }


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(inputs: str, db: str, every: int, control: bool, recycle: int | None) -> None:
    """Run the ingest, printing a sample line every ``every`` results.

    ``control``: the near-duplicate index starts empty for every article (a control run: what
    memory does without the one structure that grows with the store by design). ``recycle``:
    articles between the store's connection recycles instead of herald's RECYCLE_ARTICLES (0:
    never, as before recycling existed).
    """
    import herald.store._store as store_module
    from herald.api import ingest
    from herald.store import Store

    if control:
        from herald.store.dedup import DuplicateIndex

        Store._duplicate_index = lambda self: DuplicateIndex()  # type: ignore[method-assign]
    if recycle is not None:
        store_module.RECYCLE_ARTICLES = recycle or sys.maxsize

    # The ingest's store, kept to ask DuckDB what it holds at each sample.
    stores: list[Store] = []
    add_many = Store.add_many

    def remembering(self: Store, results: Any) -> list[bool]:
        if not stores:
            stores.append(self)
        return add_many(self, results)

    Store.add_many = remembering  # type: ignore[method-assign]

    def duckdb_mb() -> float | None:
        """DuckDB's buffer-managed memory (``duckdb_memory()``); None while the connection is
        recycled (asking would reopen it)."""
        connection = stores[0]._con if stores else None
        if connection is None:
            return None
        row = connection.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()
        return round(float(row[0] or 0) / (1024 * 1024), 1) if row else None

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
                        **breakdown(),
                        "duckdb_mb": duckdb_mb(),
                    }
                ),
                flush=True,
            )

    summary = ingest([inputs], db=db, on_result=sample)
    print(json.dumps({"summary": summary.as_dict()}), flush=True)


def run(
    articles: int,
    model: str | None,
    every: int,
    work: Path,
    control: bool = False,
    recycle: int | None = None,
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
        "" if recycle is None else str(recycle),
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
    tenth = max(1, articles // 10)
    warm = next(s for s in samples if s["results"] >= tenth)
    last = samples[-1]
    early = [s for s in samples if tenth <= s["results"] <= 2 * tenth] or [warm]
    late = [s for s in samples if s["results"] >= articles - tenth] or [last]
    early_peak = max(s["rss_mb"] for s in early)
    late_peak = max(s["rss_mb"] for s in late)
    leftovers = sorted(str(p.relative_to(work)) for p in tmp.rglob("*"))
    store_files = sorted(p.name for p in store_dir.iterdir())
    growth = (late_peak - early_peak) / early_peak
    single = (last["rss_mb"] - warm["rss_mb"]) / warm["rss_mb"]
    return {
        "articles": articles,
        "model": env.get("HERALD_MODEL", "default"),
        "control_without_dedup_index": control,
        "recycle_articles": recycle,
        "summary": summary,
        "seconds": round(seconds, 1),
        "rss_warm_mb": early_peak,
        "rss_warm_window": [early[0]["results"], early[-1]["results"]],
        "rss_last_mb": late_peak,
        "rss_last_window": [late[0]["results"], late[-1]["results"]],
        "rss_max_mb": max(s["rss_mb"] for s in samples),
        "rss_growth": round(growth, 3),
        "rss_at_warm_mb": warm["rss_mb"],
        "rss_warm_at": warm["results"],
        "rss_at_end_mb": last["rss_mb"],
        "rss_growth_single": round(single, 3),
        # Also over the windows: while the store's connection is recycled, DuckDB's file
        # descriptors and threads are closed for a moment.
        "fds_warm": max(s["fds"] for s in early),
        "fds_last": max(s["fds"] for s in late),
        "fds_max": max(s["fds"] for s in samples),
        "threads_last": max(s["threads"] for s in late),
        "tmp_files_max": max(s["tmp_files"] for s in samples),
        "tmp_leftovers": leftovers,
        "store_files": store_files,
        "flat": growth <= FLAT
        and max(s["fds"] for s in late) <= max(s["fds"] for s in early)
        and not leftovers
        and set(store_files) <= {"herald.duckdb", "herald.duckdb.wal"},
        "samples": samples,
        "load_average_at_end": os.getloadavg()[0],
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        recycle = int(sys.argv[6]) if sys.argv[6] else None
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "control", recycle)
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
    parser.add_argument(
        "--recycle",
        type=int,
        default=None,
        help="articles between the store's connection recycles (default herald's; 0: never)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "soak.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="herald-soak-") as work:
        report = run(args.articles, args.model, args.every, Path(work), args.control, args.recycle)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "samples"}))


if __name__ == "__main__":
    main()
