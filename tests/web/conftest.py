"""A small store built without the language model, the app over it, and a real `herald serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from export.samples import sample_result
from herald.model import Result
from herald.store import Store
from herald.web import create_app
from store.factory import NIAMEY, STORIES, Spec, make_result

TOKEN = "test-token-123456"
EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">'
HERALD = Path(sys.executable).with_name("herald")
REPO_ROOT = Path(__file__).resolve().parents[2]


NIGER_EVENTS = (
    Spec("REDUCE", "NER", "FRA", date(2024, 1, 16), place=NIAMEY, cameo="1663", quad_class=4),
    Spec("CONSULT", "NER", "RUS", date(2024, 3, 2), cameo="040", sentence=1),
    Spec("AID", "RUS", "NER", date(2024, 3, 20), cameo="070", quad_class=2, sentence=2),
)
JAPAN_EVENTS = (
    Spec("CONSULT", "JPN", "PHL", date(2024, 7, 8), cameo="040"),
    Spec("DISAPPROVE", "CHN", "JPN", date(2024, 7, 9), cameo="111", quad_class=3, sentence=2),
)


def hostile_result() -> Result:
    """The sample article with script, HTML and a javascript: URL in every text field."""
    result = sample_result("Evil twin " + EVIL, url="javascript:window.__pwned=1")
    expel = result.events[0]
    actor = replace(expel.actors[0], name=EVIL)
    return replace(
        result,
        article=replace(result.article, title=EVIL, source=EVIL),
        events=(replace(expel, actors=(actor,)), *result.events[1:]),
    )


def fill(store: Store) -> None:
    """Three clean articles (one with actors, mentions and quotes) and a hostile one."""
    store.add(sample_result())
    store.add(make_result(STORIES["niger"], NIGER_EVENTS, source="Agence Wire"))
    store.add(make_result(STORIES["japan"], JAPAN_EVENTS, source="Pacific Daily"))
    store.add(hostile_result())


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        fill(opened)
        yield opened


@pytest.fixture(scope="module")
def app(store: Store) -> FastAPI:
    return create_app(store, token=TOKEN)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as opened:
        yield opened


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(db: Path, *extra: str) -> tuple[subprocess.Popen[str], str]:
    """`herald serve` on a free loopback port; returns the process and its base URL when ready."""
    port = free_port()
    process = subprocess.Popen(
        [str(HERALD), "serve", "--db", str(db), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"herald serve exited: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"{base}/api", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError("herald serve did not answer within 30 s")


def stop_server(process: subprocess.Popen[str]) -> str:
    """Stop the server; return what it wrote to stderr."""
    process.terminate()
    try:
        _, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err or ""
