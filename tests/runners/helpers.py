"""Helpers for the runner tests: exports to compare between engines."""

from __future__ import annotations

from pathlib import Path

from herald.export import export
from herald.store import Store

#: The export selections compared between engines.
SELECTIONS = ("events", "quotes", "actors")


def exports(db: Path) -> dict[str, list[str]]:
    """Each selection's JSON Lines export, lines sorted (engines may store in any order)."""
    out: dict[str, list[str]] = {}
    with Store.open(db) as store:
        for what in SELECTIONS:
            path = db.with_suffix(f".{what}.jsonl")
            export(store, "jsonl", what, path)
            out[what] = sorted(path.read_text(encoding="utf-8").splitlines())
    return out
