"""Throughput: Herald's whole pipeline against bare spaCy on the same articles, in the same run.

    python bench/throughput.py [--articles N] [--workers N] [--repeat R]

Measures, each ``--repeat`` times (interleaved, so background load hits all alike):
- bare spaCy: ``nlp.pipe`` over the raw texts with the same model, nothing else;
- Herald, one process: ``herald.api.ingest`` of the same articles from JSON Lines into a fresh
  store (read, clean, parse, extract, store);
- Herald with ``--workers`` processes (pool started before timing);
- Herald, one process, without the store (``ratio_without_store``).
Then one instrumented one-process run for the time per stage. Warm-ups (models, gazetteer, worker
start) happen before any timing. Headline figures use each measurement's fastest run (the least
disturbed by other work on the machine); every run is in the JSON. The last line printed is one
JSON object; it is also saved to bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _common import machine, sample, save, stopwatch, words, write_inputs


def _timed(fn: Callable[..., Any], bucket: str, totals: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[bucket] += time.perf_counter() - start

    return wrapper


def _timed_iter(
    fn: Callable[..., Iterator[Any]], bucket: str, totals: dict[str, float]
) -> Callable[..., Iterator[Any]]:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        iterator = fn(*args, **kwargs)
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                totals[bucket] += time.perf_counter() - start
                return
            totals[bucket] += time.perf_counter() - start
            yield item

    return wrapper


def stage_times(inputs: Path, db: Path, model: str) -> dict[str, float]:
    """Seconds per stage of one instrumented one-process ingest (wrapping the stage functions
    where ``herald.pipeline`` calls them)."""
    import herald.nlp.pipeline as nlp_module
    from herald import pipeline
    from herald.api import ingest
    from herald.nlp import load_analyzer
    from herald.runners.local import LocalRunner
    from herald.store import Store

    totals: dict[str, float] = defaultdict(float)
    stages = {
        "clean": ["clean"],
        "actors": ["resolve_actors"],
        "events": ["extract_events"],
        "time": ["resolve_times", "infer_published", "date_events"],
        "geo": ["resolve_toponyms", "locate_events"],
        "quotes": ["extract_quotes"],
    }
    saved: list[tuple[Any, str, Any]] = []

    def patch(owner: Any, name: str, replacement: Any) -> None:
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, replacement)

    for stage, names in stages.items():
        for name in names:
            patch(pipeline, name, _timed(getattr(pipeline, name), stage, totals))
    analyzer = load_analyzer(model)
    patch(analyzer, "analyze_many", _timed_iter(analyzer.analyze_many, "nlp", totals))
    patch(nlp_module, "to_analysis", _timed(nlp_module.to_analysis, "nlp_to_analysis", totals))
    # Store.add stores through add_many too: patching add_many alone counts every write once.
    patch(Store, "add_many", _timed(Store.add_many, "store", totals))
    try:
        with LocalRunner(1, model=model) as runner, stopwatch() as elapsed:
            ingest([inputs], db=db, runner=runner)
        total = elapsed()
    finally:
        for owner, name, original in reversed(saved):
            if owner is analyzer:
                delattr(owner, name)  # back to the class's method
            else:
                setattr(owner, name, original)
    # analyze_many's time includes the copy out of spaCy's Doc; report the two apart.
    totals["nlp"] -= totals["nlp_to_analysis"]
    out = {"nlp_spacy": totals.pop("nlp"), **totals}
    out["other (read, batch, bookkeeping)"] = total - sum(out.values())
    out["total"] = total
    return {k: round(v, 3) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    import spacy

    from herald.api import ingest
    from herald.config import settings
    from herald.nlp.pipeline import resolve_model  # the same model path Herald loads
    from herald.runners import Job
    from herald.runners.local import LocalRunner, warm_up

    model = settings().model
    records = sample(args.articles)
    texts = [str(r["text"]) for r in records]
    n_words = words(records)
    tmp = Path(tempfile.mkdtemp(prefix="herald-bench-"))
    inputs = write_inputs(records, tmp / "inputs")

    # Warm-ups, untimed: Herald's model and gazetteer, bare spaCy, the worker pool.
    warm_up(model)
    bare = spacy.load(resolve_model(model))
    for _ in bare.pipe(texts[:8]):
        pass
    one = LocalRunner(1, model=model)
    one.start()
    many = LocalRunner(args.workers, model=model)
    with stopwatch() as start_time:
        many.start()
    worker_start_s = start_time()

    runs: dict[str, list[float]] = {
        "spacy_s": [],
        "herald_s": [],
        "herald_workers_s": [],
        "herald_no_store_s": [],
    }
    job = Job(paths=(str(inputs),))
    summary: dict[str, int] = {}
    for r in range(args.repeat):
        with stopwatch() as elapsed:
            for _ in bare.pipe(texts, batch_size=16):
                pass
        runs["spacy_s"].append(round(elapsed(), 3))
        with stopwatch() as elapsed:
            summary = ingest([inputs], db=tmp / f"one-{r}.duckdb", runner=one).as_dict()
        runs["herald_s"].append(round(elapsed(), 3))
        with stopwatch() as elapsed:
            ingest([inputs], db=tmp / f"many-{r}.duckdb", runner=many)
        runs["herald_workers_s"].append(round(elapsed(), 3))
        with stopwatch() as elapsed:
            for _ in one.results(job):
                pass
        runs["herald_no_store_s"].append(round(elapsed(), 3))
        print(f"run {r + 1}: " + ", ".join(f"{k} {v[-1]:.1f}" for k, v in runs.items()))
    many.close()
    one.close()
    stages = stage_times(inputs, tmp / "stages.duckdb", model)

    spacy_s, herald_s, workers_s, no_store_s = (min(v) for v in runs.values())
    result = {
        "articles": len(records),
        "words": n_words,
        "herald_articles_per_s": round(len(records) / herald_s, 2),
        "herald_words_per_s": round(n_words / herald_s),
        "spacy_articles_per_s": round(len(records) / spacy_s, 2),
        "spacy_words_per_s": round(n_words / spacy_s),
        "ratio": round(spacy_s / herald_s, 3),
        # The same stages without writing the store: what the store costs on top.
        "ratio_without_store": round(spacy_s / no_store_s, 3),
        "workers": args.workers,
        "herald_workers_articles_per_s": round(len(records) / workers_s, 2),
        "workers_speedup": round(herald_s / workers_s, 3),
        "worker_pool_start_s": round(worker_start_s, 2),
        "runs": runs,
        "ratio_per_run": [
            round(s / h, 3) for s, h in zip(runs["spacy_s"], runs["herald_s"], strict=True)
        ],
        "speedup_per_run": [
            round(h / w, 3) for h, w in zip(runs["herald_s"], runs["herald_workers_s"], strict=True)
        ],
        "stages_s": stages,
        "ingest_summary": summary,
        "model": model,
        "machine": machine(),
    }
    print("stage seconds (one process): " + ", ".join(f"{k} {v}" for k, v in stages.items()))
    save("throughput", result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
