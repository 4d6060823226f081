"""What several commands parse alike: the store path and ISO dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from herald.errors import InputError

DB_HELP = "Store path (default: $HERALD_DB or ./herald.duckdb)."


def db_path(value: str | None) -> Path:
    """The --db value, else the configured store ($HERALD_DB or ./herald.duckdb)."""
    from herald.config import settings

    return Path(value) if value else settings().db


def iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback: YYYY-MM-DD as a date (E109 otherwise)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError("E109", value=value, detail=str(exc)) from exc
