"""Peak memory of a streaming ingest at 1,000 and at 10,000 articles (the corpus repeated).

    python bench/memory.py [--sizes 1000 10000] [--workers N] [--repeat R]

Each size runs ``herald.api.ingest`` in a fresh child process over JSON Lines files of 500
articles into a fresh store. Reported per run: the child's own peak RSS (``ru_maxrss``, exact)
and the peak of the whole process tree (child plus worker processes, sampled every 0.2 s from
/proc; Linux only). Flat memory means the 10,000-article peak is within 10% of the 1,000 one.
The last line printed is one JSON object with ``rss_1k_mb`` and ``rss_10k_mb`` (tree peaks, the
largest over repeats); it is also saved to bench/results/memory.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, sample, save, write_inputs

PAGE_KB = 4


def _tree_rss_kb(root: int) -> int:
    """Resident set of ``root`` and every descendant, in kB (from /proc)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE_KB
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended between two reads
    return total


def run_child(inputs: Path, db: Path, workers: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(inputs), str(db), str(workers)]
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_rss_kb(child.pid))
            time.sleep(0.2)
        out = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"child failed ({child.returncode}): {out[-2000:]}")
    report = json.loads(out.strip().splitlines()[-1])
    report["tree_peak_mb"] = round(peak / 1024, 1)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def child(inputs: str, db: str, workers: int) -> None:
    from herald.api import ingest

    summary = ingest([inputs], db=db, workers=workers)
    print(
        json.dumps(
            {
                "self_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "largest_worker_peak_mb": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
                ),
                "summary": summary.as_dict(),
            }
        )
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="herald-memory-"))
    runs: dict[int, list[dict[str, Any]]] = {}
    for size in args.sizes:
        inputs = write_inputs(sample(size), tmp / f"inputs-{size}")
        for r in range(args.repeat):
            report = run_child(inputs, tmp / f"store-{size}-{r}.duckdb", args.workers)
            runs.setdefault(size, []).append(report)
            print(f"{size} articles, run {r + 1}: {json.dumps(report)}", flush=True)
    peaks = {size: max(r["tree_peak_mb"] for r in reports) for size, reports in runs.items()}
    result: dict[str, Any] = {
        "workers": args.workers,
        "runs": {str(k): v for k, v in runs.items()},
        "machine": machine(),
    }
    if 1000 in peaks:
        result["rss_1k_mb"] = peaks[1000]
    if 10000 in peaks:
        result["rss_10k_mb"] = peaks[10000]
    if 1000 in peaks and 10000 in peaks:
        result["growth"] = round(peaks[10000] / peaks[1000] - 1, 3)
    save("memory", result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
