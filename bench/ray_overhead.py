"""Ray's overhead: the Ray engine on a local Ray instance against local worker processes.

    python bench/ray_overhead.py [--articles N] [--workers N] [--repeat R]

Both engines get ``--workers`` workers, are started before timing (Ray instance, actors, pool;
each loads the model and gazetteer once), and ingest the same JSON Lines files into fresh stores,
interleaved ``--repeat`` times. ``overhead_ratio`` is Ray's fastest time over the local engine's
(1.0 = no overhead). The last line printed is one JSON object; it is also saved to
bench/results/ray_overhead.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import machine, sample, save, stopwatch, words, write_inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    from herald.api import ingest
    from herald.runners import make_runner

    records = sample(args.articles)
    tmp = Path(tempfile.mkdtemp(prefix="herald-ray-bench-"))
    inputs = write_inputs(records, tmp / "inputs")
    local = make_runner("local", workers=args.workers)
    with stopwatch() as elapsed:
        local.start()
    local_start = elapsed()
    ray_runner = make_runner("ray", workers=args.workers, results_dir=tmp / "parquet")
    with stopwatch() as elapsed:
        ray_runner.start()
    ray_start = elapsed()

    runs: dict[str, list[float]] = {"local_s": [], "ray_s": []}
    for r in range(args.repeat):
        with stopwatch() as elapsed:
            ingest([inputs], db=tmp / f"local-{r}.duckdb", runner=local)
        runs["local_s"].append(round(elapsed(), 3))
        with stopwatch() as elapsed:
            ingest([inputs], db=tmp / f"ray-{r}.duckdb", runner=ray_runner)
        runs["ray_s"].append(round(elapsed(), 3))
        print(f"run {r + 1}: local {runs['local_s'][-1]:.1f} s, ray {runs['ray_s'][-1]:.1f} s")
    local.close()
    ray_runner.close()

    local_s, ray_s = min(runs["local_s"]), min(runs["ray_s"])
    result = {
        "articles": len(records),
        "words": words(records),
        "workers": args.workers,
        "local_articles_per_s": round(len(records) / local_s, 2),
        "ray_articles_per_s": round(len(records) / ray_s, 2),
        "overhead_ratio": round(ray_s / local_s, 3),
        "overhead_ratio_per_run": [
            round(r / lo, 3) for lo, r in zip(runs["local_s"], runs["ray_s"], strict=True)
        ],
        "local_start_s": round(local_start, 2),
        "ray_start_s": round(ray_start, 2),
        "runs": runs,
        "machine": machine(),
    }
    save("ray_overhead", result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
