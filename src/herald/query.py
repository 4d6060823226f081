"""Analysts' entry point: the store's events, actors, quotes, dyads and clusters as tables.

Each function takes a store (a path, an open :class:`Store`, or None for ``$HERALD_DB``) and the
same filters as the command line, and returns a pandas DataFrame, or a pyarrow Table with
``arrow=True``::

    import herald.query as hq
    frame = hq.events("herald.duckdb", dyad=("NER", "RUS"), since=date(2024, 1, 1))
    months = hq.dyad("NER", "RUS", db="herald.duckdb")
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from herald.store import FrameKind, Store

Db = str | Path | Store | None


@contextlib.contextmanager
def _opened(db: Db) -> Iterator[Store]:
    if isinstance(db, Store):
        yield db
        return
    from herald.config import settings

    with Store.open(db if db is not None else settings().db) as store:
        yield store


def _kind(arrow: bool) -> FrameKind:
    return "arrow" if arrow else "pandas"


def _table(db: Db, read: Callable[[Store], Any]) -> Any:
    with _opened(db) as store:
        return read(store)


def events(db: Db = None, *, arrow: bool = False, **filters: Any) -> Any:
    """One row per event (filters as ``Store.events``: actor, dyad, type, since, place ...).

    Events of near-duplicate articles are left out unless ``duplicates=True``.
    """
    filters.setdefault("duplicates", False)
    return _table(db, lambda store: store.events_frame(_kind(arrow), **filters))


def actors(
    db: Db = None,
    *,
    arrow: bool = False,
    country: str | None = None,
    sector: str | None = None,
    name: str | None = None,
) -> Any:
    """One row per actor across articles: country, sector, roles, mentions, articles, aliases."""
    return _table(
        db,
        lambda store: store.actors_frame(_kind(arrow), country=country, sector=sector, name=name),
    )


def quotes(
    db: Db = None, *, arrow: bool = False, article: str | None = None, speaker: str | None = None
) -> Any:
    """One row per quotation, with its article's source, title and publication date."""
    return _table(
        db, lambda store: store.quotes_frame(_kind(arrow), article=article, speaker=speaker)
    )


def dyads(db: Db = None, *, arrow: bool = False) -> Any:
    """One row per (actor country, recipient country): real-world events, mentions, Goldstein."""
    return _table(db, lambda store: store.dyads_frame(_kind(arrow)))


def dyad(
    one: str,
    two: str,
    db: Db = None,
    *,
    arrow: bool = False,
    directed: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> Any:
    """Monthly timeline of two countries' events: counts per QuadClass and the Goldstein sum."""
    return _table(
        db,
        lambda store: store.dyad_frame(
            one, two, _kind(arrow), directed=directed, since=since, until=until
        ),
    )


def clusters(db: Db = None, *, arrow: bool = False) -> Any:
    """Real-world events (event clusters) with their GDELT-style counts."""
    return _table(db, lambda store: store.clusters_frame(_kind(arrow)))


__all__ = ["actors", "clusters", "dyad", "dyads", "events", "quotes"]
