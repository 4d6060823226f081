"""Fixtures of the reliability tests: the full-size switch, a blank pipeline, the kill script.

Quick versions run in CI; ``HERALD_RELIABILITY_FULL=1`` runs the full sizes (see
docs/reliability.md for every command).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"

#: Whether to run the full-size reliability tests (slow) instead of the quick CI versions.
FULL = os.environ.get("HERALD_RELIABILITY_FULL", "") == "1"

full_only = pytest.mark.skipif(not FULL, reason="full size: set HERALD_RELIABILITY_FULL=1")


def script(name: str) -> ModuleType:
    """A module of scripts/ loaded by path."""
    path = REPO / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def kill_trials() -> ModuleType:
    """scripts/kill_trials.py, whose store checks the tests share."""
    return script("kill_trials")


@pytest.fixture(scope="session")
def blank_model(tmp_path_factory: pytest.TempPathFactory, kill_trials: ModuleType) -> Path:
    """A blank English spaCy pipeline with a sentencizer: the stages run, nothing is parsed."""
    folder: Path = kill_trials.blank_model(tmp_path_factory.mktemp("blank") / "blank_en")
    return folder


@pytest.fixture
def blank_env(blank_model: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """This process and its children use the blank pipeline."""
    monkeypatch.setenv("HERALD_MODEL", str(blank_model))
    yield dict(os.environ)
