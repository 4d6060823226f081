"""Fixtures of the watch tests: the local site, a store path, watchers with a stand-in pipeline."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from herald.sources import _http
from herald.store import Store
from herald.watch import Watcher
from watch.site import Site, process, start

MakeWatcher = Callable[..., Watcher]


@pytest.fixture
def site() -> Iterator[Site]:
    """A fresh server for each test, shut down after it."""
    state, httpd, thread = start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL reader keeps its retries but not their wait, so the tests stay fast."""
    monkeypatch.setattr(_http, "BACKOFF", 0.01)


@pytest.fixture(scope="session")
def blank_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty store, made once: copying it is faster than migrating for every test."""
    path = tmp_path_factory.mktemp("template") / "blank.duckdb"
    Store.open(path).close()
    return path


@pytest.fixture
def db(tmp_path: Path, blank_store: Path) -> Path:
    path = tmp_path / "watch.duckdb"
    shutil.copyfile(blank_store, path)
    return path


@pytest.fixture
def watcher(db: Path) -> MakeWatcher:
    """Watchers of the given sources on the test store, running the stand-in pipeline."""

    def make(*sources: str, **options: object) -> Watcher:
        return Watcher(sources, db=db, process=process, timeout=2.0, **options)  # type: ignore[arg-type]

    return make
