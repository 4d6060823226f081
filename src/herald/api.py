"""Library entry points the command line and the web layer call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from herald.config import settings
from herald.model import Rejection, Result
from herald.pipeline import run
from herald.sources import read_inputs
from herald.store import Store


@dataclass
class IngestSummary:
    """What one ingest run did."""

    articles: int = 0
    duplicates: int = 0
    events: int = 0
    quotes: int = 0
    actors: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "duplicates": self.duplicates,
            "events": self.events,
            "quotes": self.quotes,
            "actors": self.actors,
            "rejections": len(self.rejections),
        }


def ingest(
    paths: Iterable[str | Path],
    *,
    db: str | Path,
    published: date | None = None,
    source: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_result: Callable[[Result], None] | None = None,
) -> IngestSummary:
    """Read, extract and store every article under ``paths``; rejections are recorded, not raised.

    Each article is stored in its own transaction as soon as it is done, so an interrupted run
    keeps what it finished and a rerun skips it (articles are keyed by content hash).
    """
    summary = IngestSummary()
    inputs = read_inputs(
        paths, max_bytes=settings().max_input_bytes, include=include, exclude=exclude
    )
    with Store.open(db) as store:
        for result in run(inputs, published=published, source=source):
            if result.rejections:
                for rejection in result.rejections:
                    store.add_rejection(rejection)
                summary.rejections.extend(result.rejections)
            elif store.add(result):
                summary.articles += 1
                summary.events += len(result.events)
                summary.quotes += len(result.quotes)
                summary.actors += len(result.actors.actors)
            else:
                summary.duplicates += 1
            if on_result is not None:
                on_result(result)
    return summary
