"""Library entry points the command line and the web layer call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from herald.errors import StoreError
from herald.knowledge import Knowledge
from herald.model import Rejection, Result
from herald.runners import Job, Runner, make_runner
from herald.store import Store

#: Rejections an IngestSummary keeps for display; the rest are counted (and all are stored).
KEPT_REJECTIONS = 100

#: Parse batches stored per transaction. A store transaction costs some twenty statements and a
#: commit whatever its size (about as much as the rows of 16 articles), while parsing wants small
#: batches; storing every fourth batch spreads that cost over 64 articles by default.
STORE_BATCHES = 4


@dataclass
class IngestSummary:
    """What one ingest run did. ``rejections`` holds the first :data:`KEPT_REJECTIONS` only, so
    a long run's summary stays small; ``rejected`` counts them all."""

    articles: int = 0
    duplicates: int = 0
    events: int = 0
    quotes: int = 0
    actors: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, rejection: Rejection) -> None:
        """Count a rejection, keeping it while fewer than KEPT_REJECTIONS are kept."""
        self.rejected += 1
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append(rejection)

    def as_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "duplicates": self.duplicates,
            "events": self.events,
            "quotes": self.quotes,
            "actors": self.actors,
            "rejections": self.rejected,
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
    workers: int | None = None,
    engine: str = "local",
    address: str | None = None,
    results_dir: str | Path | None = None,
    knowledge: Knowledge | None = None,
    batch_size: int = 16,
    runner: Runner | None = None,
) -> IngestSummary:
    """Read, extract and store every article under ``paths``; rejections are recorded, not raised.

    ``engine`` ``local`` runs the stages here, in ``workers`` processes (default 1); ``ray`` runs
    them on a Ray cluster (``address``; a local one when None) through Parquet files in
    ``results_dir``. A ``runner`` given is used as is and left open (e.g. started before a timing).

    Articles are parsed in batches of ``batch_size``; every :data:`STORE_BATCHES` batches of
    results are stored in one transaction as soon as they are done (``Store.add_many``), and an
    input whose content hash is already stored is skipped before parsing (the checkpoint), so an
    interrupted run keeps what it stored and a rerun continues where it stopped.
    """
    summary = IngestSummary()
    job = Job(
        paths=tuple(str(p) for p in paths),
        published=published,
        source=source,
        include=(include,) if isinstance(include, str) else tuple(include),
        exclude=(exclude,) if isinstance(exclude, str) else tuple(exclude),
        knowledge=knowledge,
        batch_size=batch_size,
    )
    owned = runner is None
    active = runner or make_runner(
        engine, workers=workers, address=address, results_dir=results_dir
    )
    try:
        with Store.open(db) as store:

            def already_stored(article_id: str) -> bool:
                if not _stored(store, article_id):
                    return False
                summary.duplicates += 1
                return True

            pending: list[Result] = []
            for result in active.results(job, skip=already_stored):
                pending.append(result)
                if len(pending) >= batch_size * STORE_BATCHES:
                    _store_many(store, pending, summary, on_result)
                    pending = []
            _store_many(store, pending, summary, on_result)
    finally:
        if owned:
            active.close()
    return summary


def _store_many(
    store: Store,
    results: list[Result],
    summary: IngestSummary,
    on_result: Callable[[Result], None] | None = None,
) -> None:
    """Store a batch of results in one transaction; if the store refuses the batch, store them
    one by one, so only the article it really refuses is rejected."""
    extracted = [r for r in results if not r.rejections]
    for result in results:
        if result.rejections:
            _store(store, result, summary)  # recorded as rejections, nothing else
    if extracted:
        try:
            added = store.add_many(extracted)
        except StoreError:
            for result in extracted:
                _store(store, result, summary)
        else:
            for result, was_added in zip(extracted, added, strict=True):
                _count(result, was_added, summary)
    if on_result is not None:
        for result in results:
            on_result(result)


def _count(result: Result, added: bool, summary: IngestSummary) -> None:
    if added:
        summary.articles += 1
        summary.events += len(result.events)
        summary.quotes += len(result.quotes)
        summary.actors += len(result.actors.actors)
    else:
        summary.duplicates += 1


def _store(store: Store, result: Result, summary: IngestSummary) -> None:
    """Store one result and count it; an article the store refuses is rejected, the run goes on."""
    if result.rejections:
        for rejection in result.rejections:
            store.add_rejection(rejection)
            summary.reject(rejection)
        return
    try:
        added = store.add(result)
    except StoreError as error:
        # The add rolled back; a store that is really broken fails again on this write.
        article = result.article
        rejection = Rejection(article.key, "store", error.code, str(error), article.id)
        store.add_rejection(rejection)
        summary.reject(rejection)
        return
    _count(result, added, summary)


def _stored(store: Store, article_id: str) -> bool:
    """Whether the article with this full id is in the store."""
    return store.has_article(article_id)
