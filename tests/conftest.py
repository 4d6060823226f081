"""Shared fixtures. Model-backed fixtures are session-scoped: the pipeline loads once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from herald.model import Analysis

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("HERALD_SHARED", REPO.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder (gold data, seed article)."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def analyze() -> Callable[[str], Analysis]:
    """Parse a text with the configured spaCy pipeline (loaded once for the whole session)."""
    from herald.config import settings
    from herald.nlp import load_analyzer

    analyzer = load_analyzer(settings().model)
    return analyzer.analyze
