"""`herald serve` as a process: loopback by default, a printed token, coded start-up errors."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
from pathlib import Path

import httpx

from herald.store import Store
from web.conftest import HERALD, fill, free_port, start_server, stop_server


def test_serve_prints_a_token_that_unlocks_writes(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    with Store.open(db) as store:
        fill(store)
    process, base = start_server(db)
    try:
        assert base.startswith("http://127.0.0.1:")
        assert process.stderr is not None
        printed = "".join(process.stderr.readline() for _ in range(3))
        token = re.search(r"write token (\S+)", printed)
        assert token and f"#token={token[1]}" in printed
        event_id = httpx.get(f"{base}/api/events?type=AID").json()["items"][0]["id"]
        url = f"{base}/api/events/{event_id}/corrections"
        body = {"analyst": "ann", "verdict": "wrong"}
        assert httpx.post(url, json=body).status_code == 401
        headers = {"Authorization": f"Bearer {token[1]}"}
        assert httpx.post(url, json=body, headers=headers).status_code == 201
    finally:
        stop_server(process)
    listed = subprocess.run(
        [str(HERALD), "corrections", "--db", str(db), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert json.loads(listed.stdout)["event_id"] == event_id


def test_busy_port_is_e807(tmp_path: Path) -> None:
    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        done = subprocess.run(
            [str(HERALD), "serve", "--db", str(tmp_path / "s.duckdb"), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "[E807]" in done.stderr


def test_a_writer_gets_its_turn_while_the_server_runs(tmp_path: Path) -> None:
    # Another process writing the store (here `herald import`, as an ingest would) must not time
    # out while `herald serve` holds it: the idle server lets it in and reads its rows after.
    source, db = tmp_path / "source.duckdb", tmp_path / "served.duckdb"
    with Store.open(source) as store:
        fill(store)
    exported = tmp_path / "events.jsonl"
    subprocess.run(
        [str(HERALD), "export", "--db", str(source), "-o", str(exported)],
        check=True,
        capture_output=True,
    )
    with Store.open(db):
        pass  # an empty store, created before the server holds it
    process, base = start_server(db)
    try:
        assert httpx.get(f"{base}/api/events").json()["items"] == []
        imported = subprocess.run(
            [str(HERALD), "import", str(exported), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HERALD_LOCK_WAIT": "60"},
        )
        assert imported.returncode == 0, imported.stderr
        assert httpx.get(f"{base}/api/events").json()["items"]
    finally:
        stop_server(process)
