"""Fixtures for the runners: a small corpus, and the store one in-process worker makes of it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from herald.api import ingest
from runners.helpers import exports

# A Ray instance the tests start listens on the loopback interface only; Ray reads this at import.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")

REPO = Path(__file__).resolve().parents[2]

_ARTICLES = {
    "niger.txt": "Niger's junta expels French ambassador\n\nNiger's military government ordered "
    "the French ambassador to leave the country on Friday, the foreign ministry said.\n\n"
    "France rejected the demand and said the junta had no authority to make it.",
    "talks.txt": "Kenya hosts Sudan talks\n\nKenyan President William Ruto met Sudanese army "
    "chief Abdel Fattah al-Burhan in Nairobi on Tuesday.\n\nThe two leaders agreed to resume "
    "peace talks, Ruto's office said.",
    "aid.txt": "Japan pledges aid to Ukraine\n\nJapan promised Ukraine $4.5 billion in new aid on "
    "Wednesday, Prime Minister Fumio Kishida said in Tokyo.\n\nRussia condemned the decision.",
    "empty.txt": "",
}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two examples, three short articles and an empty file: 6 inputs, 5 articles."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("chad-sudan-border.txt", "kenya-protest.html"):
        shutil.copy(REPO / "examples" / name, folder / name)
    for name, text in _ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def one_worker(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The exports of the corpus ingested in this process: what every engine must reproduce."""
    db = tmp_path_factory.mktemp("one") / "one.duckdb"
    ingest([corpus], db=db, published=None, batch_size=2)
    return exports(db)
