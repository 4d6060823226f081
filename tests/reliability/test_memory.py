"""Memory over long runs: what keeps an ingest's resident memory from growing with the store.

The measurement itself is ``bench/soak.py`` (docs/reliability.md, *Memory*); these tests hold
the two mechanisms it rests on: a store recycles its DuckDB connection every
``RECYCLE_ARTICLES`` articles it writes, and the near-duplicate index keeps signatures compactly.
The full-size soak runs with ``HERALD_RELIABILITY_FULL=1``.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import tracemalloc
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import herald.store._store as store_module
from export.samples import sample_result
from herald.store import Store
from herald.store.dedup import NUM_PERM, DuplicateIndex, signature
from reliability.conftest import REPO, full_only


def _added(store: Store, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        assert store.add(sample_result(f"variant {i}"))


def test_a_store_recycles_its_connection_every_so_many_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "RECYCLE_ARTICLES", 3)
    with Store.open(tmp_path / "h.duckdb") as store:
        _added(store, 2)
        assert store._con is not None  # fewer than RECYCLE_ARTICLES: the connection stays
        index = store._duplicate_index()
        _added(store, 1, start=2)
        # The third article closed the connection (DuckDB gives back what it cached) ...
        assert store._con is None
        # ... and the next use reopens it, keeping the near-duplicate index (nobody else wrote).
        _added(store, 4, start=3)
        assert store._duplicate_index() is index
        assert store.counts()["articles"] == 7
        # Every variant shares the sample text: all but the first are its near-duplicates, also
        # those added after a recycle.
        assert len(store.duplicates()) == 6


def test_an_in_memory_store_is_never_recycled(monkeypatch: pytest.MonkeyPatch) -> None:
    # Closing the connection of an in-memory database would drop everything in it.
    monkeypatch.setattr(store_module, "RECYCLE_ARTICLES", 1)
    with Store.open(":memory:") as store:
        _added(store, 3)
        assert store._con is not None
        assert store.counts()["articles"] == 3


def test_recycling_keeps_a_store_whole_for_a_later_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "RECYCLE_ARTICLES", 2)
    path = tmp_path / "h.duckdb"
    with Store.open(path) as store:
        _added(store, 5)
    with Store.open(path) as store:
        assert store.counts()["articles"] == 5
        assert not store.add(sample_result("variant 4"))  # already stored
        assert len(store.duplicates()) == 4


def test_the_duplicate_index_keeps_signatures_compactly() -> None:
    rng = random.Random(1)
    index = DuplicateIndex()
    count = 300
    tracemalloc.start()
    try:
        for i in range(count):
            # Fresh values each time, as signatures come from MinHash or from the store.
            index.add(f"{i:020x}", [rng.randrange(2**32) for _ in range(NUM_PERM)])
        per_article = tracemalloc.get_traced_memory()[0] / count
    finally:
        tracemalloc.stop()
    # About 10.6 kB, nearly all of it datasketch's LSH tables; a list of Python ints per
    # signature added 4.6 kB more (about 15 kB in all).
    assert per_article < 12_000, per_article
    stored = index._signatures[f"{0:020x}"]
    assert stored.dtype == np.uint32 and stored.nbytes == 4 * NUM_PERM


def test_compact_signatures_find_the_same_copies() -> None:
    text = " ".join(f"word{i} in a sentence about the matter number {i % 7}" for i in range(60))
    copy = "LONDON (Wire) - " + text + " Copyright the Wire."
    other = " ".join(f"unrelated{i} text on another subject {i % 5}" for i in range(60))
    original, copied, different = signature(text), signature(copy), signature(other)
    assert original is not None and copied is not None and different is not None
    assert max(original) < 2**32  # what makes uint32 lossless (datasketch's affine32 scheme)
    index = DuplicateIndex()
    index.add("original", original)
    index.add("other", different)
    match = index.best(copied)
    assert match is not None and match.article_id == "original"
    assert match.similarity == pytest.approx(
        float(np.mean(np.asarray(original) == np.asarray(copied)))
    )


def _soak() -> ModuleType:
    path = REPO / "bench" / "soak.py"
    sys.path.insert(0, str(path.parent))  # soak.py imports bench/_common.py
    spec = importlib.util.spec_from_file_location("soak", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_soak_breakdown_reads_every_allocator() -> None:
    parts = _soak().breakdown()
    assert parts["anon_mb"] and parts["anon_mb"] > 0
    if parts["heap_mb"] is None or parts["pymalloc_mb"] is None:
        pytest.skip("no glibc mallinfo2 or no pymalloc statistics here")
    # What is in use is part of what each allocator holds.
    assert parts["heap_used_mb"] is not None and 0 < parts["heap_used_mb"] <= parts["heap_mb"]
    assert parts["pymalloc_used_mb"] is not None
    assert 0 < parts["pymalloc_used_mb"] <= parts["pymalloc_mb"]


@full_only
def test_ten_thousand_articles_keep_memory_flat(tmp_path: Path) -> None:
    """The soak of docs/reliability.md: RSS at the end within 10% of RSS after 1,000 articles,
    descriptors flat, no temporary file (blank pipeline; about 10-20 minutes)."""
    report = _soak().run(10_000, "blank", 250, tmp_path)
    assert report["flat"], {k: v for k, v in report.items() if k != "samples"}
