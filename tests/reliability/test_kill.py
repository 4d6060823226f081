"""SIGKILL an ingest at random points: the store stays consistent and a rerun completes it.

Quick version: a few kills on a small corpus with the blank pipeline. Full version
(HERALD_RELIABILITY_FULL=1, or ``python scripts/kill_trials.py``): 20 kills on 300 articles with
the real model, so events are checked too.
"""

from __future__ import annotations

import random
from pathlib import Path
from types import ModuleType

import pytest

from herald.api import ingest
from reliability.conftest import full_only

#: Quick version: articles in the corpus. Kills are (results stored first, pause in seconds);
#: 0 results means a kill during start-up.
ARTICLES = 16


@pytest.mark.shared
@pytest.mark.parametrize("kills", [((3, 0.1), (0, 1.0))])
def test_an_ingest_killed_at_random_points_resumes_whole(
    kill_trials: ModuleType,
    shared: Path,
    blank_env: dict[str, str],
    tmp_path: Path,
    kills: tuple[tuple[int, float], ...],
) -> None:
    corpus = kill_trials.write_corpus(tmp_path / "corpus", ARTICLES)
    reference_db = tmp_path / "reference.duckdb"
    ingest([corpus], db=reference_db, batch_size=4)  # here: the blank pipeline loads once
    reference = kill_trials.per_article(reference_db)
    db = tmp_path / "killed.duckdb"
    problems: list[str] = []
    for after, pause in kills:
        kill_trials.kill_once(corpus, db, blank_env, after, pause)
        problems += kill_trials.store_problems(db, reference)
    ingest([corpus], db=db, batch_size=4)  # the rerun, here too
    problems += kill_trials.store_problems(db, reference)
    assert problems == []
    assert kill_trials.per_article(db) == reference
    assert kill_trials.exports(db) == kill_trials.exports(reference_db)


@full_only
@pytest.mark.model
@pytest.mark.shared
@pytest.mark.parametrize(("articles", "trials"), [(300, 20)])
def test_twenty_kills_of_a_real_model_ingest_lose_nothing(
    kill_trials: ModuleType, shared: Path, tmp_path: Path, articles: int, trials: int
) -> None:
    report = kill_trials.run(articles, trials, random.randrange(1000), None, tmp_path)
    assert report["kills"] >= trials * 0.9
    assert report["inconsistent_after_kill"] == 0
    assert report["final_problems"] == []
    assert report["exports_equal_reference"]
