"""Store faults: locked, damaged, from a newer Herald, out of space.

Each gives one coded error, writes nothing half and leaves what was stored before intact.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest

from export.samples import sample_result
from herald.errors import ConfigError, StoreError
from herald.store import SCHEMA_VERSION, Store
from reliability.conftest import TESTS, full_only

#: A child that holds a store (it has written to it) until its standard input closes.
_HOLDER = """
import sys
sys.path.insert(0, sys.argv[2])
from export.samples import sample_result
from herald.store import Store
store = Store.open(sys.argv[1])
store.add(sample_result("held"))
print("ready", flush=True)
sys.stdin.read()
"""

#: A child that keeps adding articles until a stop file appears.
_WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from export.samples import sample_result
from herald.store import Store
stop = Path(sys.argv[3])
with Store.open(sys.argv[1]) as store:
    store.add(sample_result("writer 0"))
    print("ready", flush=True)
    i = 1
    while not stop.exists():
        store.add(sample_result(f"writer {i}"))
        i += 1
"""

#: A child that adds articles until the store refuses, under a file size limit (no privileges
#: needed): writes past the limit fail with EFBIG, as they would with ENOSPC on a full disk.
_FILLER = """
import json, resource, signal, sys
sys.path.insert(0, sys.argv[2])
from export.samples import sample_result
from herald.errors import ConfigError, StoreError
from herald.model import Rejection
from herald.store import Store
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
added, codes = 0, []
store = Store.open(sys.argv[1])
try:
    for i in range(100000):
        store.add(sample_result(f"filler {i} " + "x" * 30000))
        added += 1
except StoreError as error:
    codes.append(error.code)
    try:
        store.add_rejection(Rejection("after.txt", "store", error.code, str(error)))
    except StoreError as again:
        codes.append(again.code)
store.close()
print(json.dumps({"added": added, "codes": codes}))
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _problems(kill_trials: ModuleType, db: Path) -> list[str]:
    problems: list[str] = kill_trials.store_problems(db)
    return problems


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A closed store holding three articles."""
    db = tmp_path / "herald.duckdb"
    with Store.open(db) as store:
        for variant in ("one", "two", "three"):
            store.add(sample_result(variant))
    return db


@contextlib.contextmanager
def _held(db: Path) -> Iterator[int]:
    """Another process holding ``db``; yields its pid."""
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db), str(TESTS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "ready"
        try:
            yield holder.pid
        finally:
            holder.stdin.close()
            holder.wait(timeout=60)


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, int]]:
    """A store of three articles held by another process (which added a fourth): path, pid."""
    db = tmp_path_factory.mktemp("held") / "herald.duckdb"
    with Store.open(db) as store:
        for variant in ("one", "two", "three"):
            store.add(sample_result(variant))
    with _held(db) as pid:
        yield db, pid


@pytest.mark.parametrize("wait", [0.0, 0.3])
def test_a_store_held_by_another_process_is_e508_naming_it(
    held: tuple[Path, int], wait: float
) -> None:
    db, pid = held
    with pytest.raises(StoreError) as info:
        Store.open(db, wait=wait)
    assert info.value.code == "E508"
    assert f"PID {pid}" in str(info.value)


@pytest.mark.parametrize("wait", [0.3])
def test_a_held_store_keeps_its_content(stored: Path, wait: float) -> None:
    with _held(stored), contextlib.suppress(StoreError):
        Store.open(stored, wait=wait)
    with Store.open(stored) as store:
        assert store.counts()["articles"] == 4  # three before, one by the holder


@pytest.mark.parametrize("reads", [3])
def test_a_writer_lets_waiting_readers_in_between_articles(
    stored: Path, kill_trials: ModuleType, reads: int
) -> None:
    stop = stored.with_name("stop")
    seen: list[int] = []
    with subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(stored), str(TESTS), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        try:
            for _ in range(reads):
                with Store.open(stored, wait=60.0) as store:
                    seen.append(store.counts()["articles"])
                    problems = [
                        name for name, sql in kill_trials.CHECKS.items() if store._rows(sql)[0][0]
                    ]
                    assert problems == []
        finally:
            stop.touch()
            writer.wait(timeout=60)
    assert writer.returncode == 0
    assert seen == sorted(seen) and seen[0] >= 4


@pytest.mark.parametrize("value", ["-1", "soon", "nan"])
def test_a_bad_lock_wait_setting_is_e701(
    stored: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HERALD_LOCK_WAIT", value)
    with pytest.raises(ConfigError) as info:
        Store.open(stored)
    assert info.value.code == "E701"


def _truncate_quarter(db: Path) -> None:
    # Not half: DuckDB grows its file ahead of use, so the second half may hold no data yet.
    os.truncate(db, db.stat().st_size // 4)


def _overwrite(offset: int, size: int) -> object:
    def damage(db: Path) -> None:
        with db.open("r+b") as handle:
            handle.seek(offset)
            handle.write(bytes(range(256)) * (size // 256))

    return damage


@pytest.mark.parametrize(
    ("damage", "codes"),
    [
        (_truncate_quarter, {"E509"}),
        (_overwrite(4096, 4096), {"E509"}),
        (_overwrite(8192, 4096), {"E509"}),
        (_overwrite(0, 256), {"E501"}),
    ],
    ids=["truncated", "header-block-1", "header-block-2", "not-duckdb"],
)
def test_a_damaged_store_is_coded_and_left_untouched(
    stored: Path, damage: object, codes: set[str]
) -> None:
    assert callable(damage)
    damage(stored)
    before = _digest(stored)
    with pytest.raises(StoreError) as info, Store.open(stored) as store:
        store.counts()
        store.events()
    assert info.value.code in codes
    assert _digest(stored) == before


@pytest.mark.parametrize("newer", [SCHEMA_VERSION + 1, 99])
def test_a_store_from_a_newer_herald_is_e502_and_untouched(stored: Path, newer: int) -> None:
    with duckdb.connect(str(stored)) as con:
        con.execute("INSERT INTO schema_migrations VALUES (?, 'future', now())", [newer])
    before = _digest(stored)
    with pytest.raises(StoreError) as info:
        Store.open(stored)
    assert info.value.code == "E502"
    assert _digest(stored) == before
    with duckdb.connect(str(stored), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall() == [(3,)]


#: Bytes a file may grow past the store's size before writes fail.
ROOM = 100_000


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A store of three articles, then filled by a child until it ran out of room."""
    db = tmp_path_factory.mktemp("filled") / "herald.duckdb"
    with Store.open(db) as store:
        for variant in ("one", "two", "three"):
            store.add(sample_result(variant))
    done = subprocess.run(
        [sys.executable, "-c", _FILLER, str(db), str(TESTS), str(db.stat().st_size + ROOM)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return db, json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("codes", [["E510", "E510"]])
def test_a_write_past_the_space_left_is_e510_and_stops_the_store(
    filled: tuple[Path, dict[str, Any]], codes: list[str]
) -> None:
    assert filled[1]["codes"] == codes


@pytest.mark.parametrize("before", [3])
def test_after_running_out_of_space_the_stored_articles_are_whole(
    filled: tuple[Path, dict[str, Any]], kill_trials: ModuleType, before: int
) -> None:
    db, result = filled
    assert result["added"] > 0
    assert _problems(kill_trials, db) == []
    with Store.open(db) as store:
        assert store.counts()["articles"] == before + result["added"]


@full_only
@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
@pytest.mark.parametrize("size", ["2m"])
def test_a_full_tmpfs_is_e510_and_keeps_what_was_stored(
    tmp_path: Path, kill_trials: ModuleType, size: str
) -> None:
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], check=True)
    try:
        db = mount / "herald.duckdb"
        added = 0
        with Store.open(db) as store, pytest.raises(StoreError) as info:
            for i in range(100000):
                store.add(sample_result(f"tmpfs {i} " + "x" * 2000))
                added += 1
        assert info.value.code == "E510"
        assert added > 0
        assert _problems(kill_trials, db) == []
        with Store.open(db) as store:
            assert store.counts()["articles"] == added
    finally:
        subprocess.run(["umount", str(mount)], check=True)
