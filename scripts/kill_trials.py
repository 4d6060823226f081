"""Kill an ingest with SIGKILL at random points; after each kill and after the final rerun, check
that the store is consistent and that nothing was lost or stored twice.

    python scripts/kill_trials.py [--articles 300] [--trials 20] [--seed 1] [--model NAME|blank]
                                  [--out bench/results/kill_trials.json]

The corpus is ``--articles`` records of ../shared/data/news_corpus (HERALD_SHARED), spread over
the corpus, written as JSON Lines files of 50, plus an empty file and a file with a malformed
record (so rejections are exercised too). A reference store is made by one uninterrupted ingest.
Then the same store is ingested again and again, each run killed (SIGKILL) after a random number
of stored results plus a random pause, so kills land between articles, inside a transaction or
during start-up; after every kill the store is checked (:func:`store_problems`): no orphan rows,
every stored article whole (as many events, quotes, actors, mentions as in the reference), every
event in exactly one cluster. A last run completes the ingest; its exports must equal the
reference's, line for line.

Every run uses a snapshot of ``src/herald`` taken at the start (:func:`environment`), so
edits to the checkout during the trials cannot make the reference and the killed runs differ.
``--model blank`` uses a blank English spaCy pipeline with a sentencizer (fast, but no parse, so
no events); the default is the configured model. The last line printed is one JSON object (also
written to ``--out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HERALD_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "data" / "news_corpus" / "articles.jsonl.gz"
FILE_ARTICLES = 50
#: Share of the trials that kill during start-up rather than after some stored results.
START_UP_SHARE = 0.15

#: The child: ingest the corpus, printing one line per result as it is stored.
_CHILD = """
import sys
from herald.api import ingest

def stored(result):
    print("stored", flush=True)

print("started", flush=True)
summary = ingest([sys.argv[1]], db=sys.argv[2], batch_size=4, on_result=stored)
print("done", summary.articles, summary.duplicates, flush=True)
"""

#: Tables holding one article's extraction, with how a row names its article.
_PER_ARTICLE = ("events", "quotes", "actors", "mentions", "toponyms", "times")

#: SQL checks that must each count zero rows in a consistent store.
CHECKS: dict[str, str] = {
    **{
        f"orphan {table}": f"SELECT count(*) FROM {table} t "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = t.article_id)"
        for table in _PER_ARTICLE
    },
    "article without its dedup row": "SELECT count(*) FROM articles a "
    "WHERE NOT EXISTS (SELECT 1 FROM article_dedup d WHERE d.article_id = a.id)",
    "dedup row without its article": "SELECT count(*) FROM article_dedup d "
    "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = d.article_id)",
    "event in no cluster": "SELECT count(*) FROM events e "
    "WHERE NOT EXISTS (SELECT 1 FROM event_cluster_members m WHERE m.event_id = e.id)",
    "event in several clusters": "SELECT count(*) FROM (SELECT event_id FROM "
    "event_cluster_members GROUP BY event_id HAVING count(*) > 1)",
    "cluster member without its event": "SELECT count(*) FROM event_cluster_members m "
    "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = m.event_id)",
    "cluster without members": "SELECT count(*) FROM event_clusters c "
    "WHERE NOT EXISTS (SELECT 1 FROM event_cluster_members m WHERE m.cluster_id = c.cluster_id)",
    "article stored twice (same input key)": "SELECT count(*) FROM (SELECT key FROM articles "
    "GROUP BY key HAVING count(*) > 1)",
    "rejection stored twice": "SELECT count(*) FROM (SELECT key, code FROM rejections "
    "GROUP BY key, code HAVING count(*) > 1)",
}


def per_article(db: Path) -> dict[str, tuple[int, ...]]:
    """Each stored article's row count in every per-article table."""
    counts = ", ".join(
        f"(SELECT count(*) FROM {t} x WHERE x.article_id = a.id)" for t in _PER_ARTICLE
    )
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(f"SELECT a.id, {counts} FROM articles a").fetchall()
    return {str(row[0]): tuple(int(n) for n in row[1:]) for row in rows}


def store_problems(db: Path, reference: dict[str, tuple[int, ...]] | None = None) -> list[str]:
    """What is wrong with the store at ``db`` (empty when consistent).

    With ``reference`` (:func:`per_article` of a complete store), every stored article must be
    known and whole: as many rows in each per-article table as in the reference.
    """
    if not db.exists():
        return []
    problems: list[str] = []
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {
            row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
        }
        if "articles" not in tables:
            return []  # killed before the first migration committed: an empty store
        for name, sql in CHECKS.items():
            found = con.execute(sql).fetchall()[0][0]
            if found:
                problems.append(f"{name}: {found}")
    if reference is not None:
        for article, counts in per_article(db).items():
            expected = reference.get(article)
            if expected is None:
                problems.append(f"article {article} not in the reference")
            elif counts != expected:
                problems.append(f"article {article} half-written: {counts} != {expected}")
    return problems


def write_corpus(folder: Path, articles: int) -> Path:
    """``articles`` corpus records spread over the corpus, as JSON Lines files, plus bad input."""
    if not CORPUS.is_file():
        raise SystemExit(f"corpus not found: {CORPUS} (set HERALD_SHARED)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as stream:
        records = [json.loads(line) for line in stream]
    step = len(records) / articles
    chosen = [records[int(i * step)] for i in range(articles)]
    folder.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(chosen), FILE_ARTICLES):
        with (folder / f"part-{start // FILE_ARTICLES:03d}.jsonl").open("w") as out:
            for record in chosen[start : start + FILE_ARTICLES]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (folder / "empty.txt").write_text("")
    (folder / "broken.jsonl").write_text('{"text": "A record cut off\n')
    return folder


def blank_model(folder: Path) -> Path:
    """A blank English spaCy pipeline with a sentencizer, saved to ``folder``."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(folder)
    return folder


def environment(work: Path, model: str | None) -> dict[str, str]:
    """The children's environment: a snapshot of Herald's code and the model to use.

    The snapshot (``src/herald`` copied to ``work``) keeps every run on the same code even while
    the checkout is being edited, so the reference and the killed runs extract alike.
    """
    snapshot = work / "src"
    shutil.copytree(
        REPO / "src" / "herald",
        snapshot / "herald",
        ignore=shutil.ignore_patterns("__pycache__"),
        dirs_exist_ok=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(snapshot), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    if model == "blank":
        env["HERALD_MODEL"] = str(blank_model(work / "blank_en"))
    elif model:
        env["HERALD_MODEL"] = model
    return env


def _child(corpus: Path, db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(corpus), str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def complete(corpus: Path, db: Path, env: dict[str, str]) -> float:
    """Ingest to the end; the seconds it took."""
    started = time.perf_counter()
    with _child(corpus, db, env) as process:
        out = process.stdout.read() if process.stdout else ""
    if process.returncode != 0 or "done" not in out:
        raise SystemExit(f"ingest failed ({process.returncode})")
    return time.perf_counter() - started


def kill_once(
    corpus: Path, db: Path, env: dict[str, str], after: int, pause: float
) -> dict[str, Any]:
    """Start an ingest, kill it after ``after`` stored results and ``pause`` seconds."""
    seen = 0
    finished = False
    with _child(corpus, db, env) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("started") and after == 0:
                break  # a kill during start-up: model loading, migrations, the first reads
            if line.startswith("done"):
                finished = True
                break
            if line.startswith("stored"):
                seen += 1
                if seen >= after:
                    break
        time.sleep(pause)
        process.send_signal(signal.SIGKILL)
        process.wait()
    return {
        "after_results": seen,
        "pause_s": round(pause, 3),
        "killed": process.returncode == -signal.SIGKILL and not finished,
    }


def exports(db: Path) -> dict[str, list[str]]:
    """Events, quotes and actors as JSON Lines, lines sorted."""
    from herald.export import export
    from herald.store import Store

    out: dict[str, list[str]] = {}
    with Store.open(db) as store:
        for what in ("events", "quotes", "actors"):
            path = db.with_suffix(f".{what}.jsonl")
            export(store, "jsonl", what, path)
            out[what] = sorted(path.read_text(encoding="utf-8").splitlines())
    return out


def run(articles: int, trials: int, seed: int, model: str | None, work: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    corpus = write_corpus(work / "corpus", articles)
    env = environment(work, model)
    reference_db = work / "reference.duckdb"
    reference_s = complete(corpus, reference_db, env)
    reference = per_article(reference_db)
    db = work / "killed.duckdb"
    outcomes: list[dict[str, Any]] = []
    started = time.perf_counter()
    for trial in range(trials):
        left = max(1, len(reference) - len(per_article(db) if db.exists() else {}))
        if rng.random() < START_UP_SHARE:
            after, pause = 0, rng.uniform(0.0, 10.0)
        else:
            # Spread the kills over what is left, so the last trials still have work to stop.
            after = rng.randint(1, max(1, 2 * left // (trials - trial + 1)))
            pause = rng.uniform(0.0, 0.5)
        outcome = kill_once(corpus, db, env, after, pause)
        problems = store_problems(db, reference)
        outcome.update(
            trial=trial + 1,
            stored=len(per_article(db)) if db.exists() else 0,
            problems=problems,
        )
        outcomes.append(outcome)
        print(json.dumps(outcome), file=sys.stderr, flush=True)
    complete(corpus, db, env)
    final = store_problems(db, reference)
    same = exports(db) == exports(reference_db)
    counts = per_article(db)
    return {
        "articles": len(reference),
        "events": sum(c[0] for c in reference.values()),
        "quotes": sum(c[1] for c in reference.values()),
        "trials": trials,
        "kills": sum(1 for o in outcomes if o["killed"]),
        "inconsistent_after_kill": sum(1 for o in outcomes if o["problems"]),
        "final_problems": final,
        "final_articles": len(counts),
        "exports_equal_reference": same,
        "model": env.get("HERALD_MODEL", "default"),
        "seed": seed,
        "reference_ingest_s": round(reference_s, 1),
        "trials_and_rerun_s": round(time.perf_counter() - started, 1),
        "outcomes": outcomes,
        "ok": same and not final and not any(o["problems"] for o in outcomes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--model", default=None, help="a spaCy pipeline, or 'blank'")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "kill_trials.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="herald-kill-") as work:
        report = run(args.articles, args.trials, args.seed, args.model, Path(work))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    summary = {k: v for k, v in report.items() if k != "outcomes"}
    print(json.dumps(summary))
    if not report["ok"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
