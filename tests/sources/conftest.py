"""Fixtures of the source reader tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sources.samples import Server, start_server


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """The local HTTP server, started for a module and shut down after it."""
    state, httpd, thread = start_server()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
