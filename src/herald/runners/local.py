"""The local engine: the stages in this process, or in N worker processes on this machine.

With N > 1 a process pool runs whole batches (clean, parse, extract) in workers that each load the
language model and the gazetteer once, in their initializer. The pool is fed a bounded number of
batches at a time and answers in input order, so memory stays flat however long the input is and
the results are the same as one process's. (spaCy's own ``nlp.pipe(n_process=N)`` would only spread
the parsing and ship Docs back; Herald's own stages would stay on one core.)
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from multiprocessing.sharedctypes import Synchronized

from herald.config import settings
from herald.errors import HeraldError, PipelineError
from herald.knowledge import Knowledge
from herald.model import RawArticle, Rejection, Result
from herald.pipeline import process_batch, run
from herald.runners import Job, Runner, Skip, unstored
from herald.sources import read_inputs

log = logging.getLogger(__name__)

#: Batches queued per worker: enough to keep every worker busy, few enough to keep memory flat.
INFLIGHT_PER_WORKER = 2

#: How long workers may take to load the model and the gazetteer before the start fails.
START_TIMEOUT_S = 300.0


def batches(
    items: Iterable[RawArticle | Rejection], size: int
) -> Iterator[list[RawArticle | Rejection]]:
    """Consecutive lists of at most ``size`` items, read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


#: Middle-generation collections between full ones once :func:`warm_up` froze the loaded tables
#: (Python's default is 10).
FULL_COLLECTION_EVERY = 50

#: Run through every stage by :func:`warm_up`, so the tables stages load on first use are loaded.
WARM_UP_KEY = "<warm-up>"
_WARM_UP_TEXT = (
    "GENEVA, March 3 (Reuters) - Police arrested 20 protesters in Paris on Monday, officials "
    'said. "We will meet again," President Emmanuel Macron told German Chancellor Olaf Scholz.'
)


def warm_up(model: str) -> None:
    """Load the language model, the gazetteer and every stage's tables in this process (each is
    cached per process), then exempt them from garbage collection."""
    import gc

    from herald.geo.gazetteer import load_gazetteer
    from herald.nlp import load_analyzer
    from herald.pipeline import process_text

    analyzer = load_analyzer(model)
    load_gazetteer()
    # The default dictionaries, verb patterns and the like load on first use: the first article
    # of a run would pay for them.
    process_text(_WARM_UP_TEXT, key=WARM_UP_KEY, analyzer=analyzer)
    # What is loaded now lives as long as the process: about a million objects, which every full
    # collection would otherwise scan again (about half a second each).
    gc.freeze()
    # With those out of the count, the collector's rule for a full collection (survivors grown by
    # a quarter since the last) holds at nearly every tenth middle collection: every few articles,
    # each scanning the live batch's tokens and spans (about 0.1 s). Every fiftieth instead.
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)


@dataclass(frozen=True)
class WorkerFailure:
    """A HeraldError raised in a worker, sent back as plain values (the error may not pickle)."""

    code: str
    details: dict[str, str]

    @classmethod
    def of(cls, error: HeraldError) -> WorkerFailure:
        return cls(error.code, {k: str(v) for k, v in error.details.items()})

    def error(self) -> HeraldError:
        """The error again, on the parent's side."""
        return HeraldError(self.code, **self.details)


class KnowledgeCache:
    """The job's dictionaries arrive pickled with every batch; unpickle them once per job."""

    def __init__(self) -> None:
        self._blob = b""
        self._knowledge: Knowledge | None = None

    def get(self, blob: bytes) -> Knowledge | None:
        if blob != self._blob:
            self._knowledge = pickle.loads(blob) if blob else None
            self._blob = blob
        return self._knowledge


# --- worker side: module globals, set once per worker process by the initializer --------------

_model = ""
_failure: WorkerFailure | None = None
_knowledge = KnowledgeCache()


def _init_worker(model: str, ready: Synchronized[int]) -> None:
    global _model, _failure
    _model = model
    try:
        warm_up(model)
    except HeraldError as error:
        # Kept and reported with the first batch: a raising initializer would break the pool.
        _failure = WorkerFailure.of(error)
    with ready.get_lock():
        ready.value += 1


def _ping() -> None:
    """A no-op task: submitting one per worker makes the pool start them all."""


def _work(
    batch: list[RawArticle | Rejection],
    published: date | None,
    source: str | None,
    knowledge_blob: bytes,
) -> list[Result] | WorkerFailure:
    if _failure is not None:
        return _failure
    from herald.nlp import load_analyzer

    try:
        results = process_batch(
            batch,
            published=published,
            source=source,
            analyzer=load_analyzer(_model),
            knowledge=_knowledge.get(knowledge_blob),
        )
    except HeraldError as error:
        return WorkerFailure.of(error)
    # The store never reads the parse; leaving it out keeps what crosses processes small.
    return [replace(r, analysis=None) for r in results]


# --- parent side -----------------------------------------------------------------------------


class LocalRunner(Runner):
    """The stages on this machine: in this process (``workers=1``) or in a process pool."""

    def __init__(self, workers: int = 1, *, model: str | None = None) -> None:
        self.workers = workers
        self.model = model or settings().model
        self._pool: ProcessPoolExecutor | None = None
        self._started = False

    def start(self) -> None:
        if self._started:
            return
        if self.workers == 1:
            warm_up(self.model)
        else:
            self._pool = self._start_pool()
        self._started = True

    def _start_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: a forked child would inherit the parent's DuckDB and spaCy threads.
        context = multiprocessing.get_context("spawn")
        ready: Synchronized[int] = context.Value("i", 0)
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.model, ready),
        )
        try:
            # The pool starts a worker per task submitted while none is idle: one ping each.
            pings = [pool.submit(_ping) for _ in range(self.workers)]
            deadline = time.monotonic() + START_TIMEOUT_S
            while ready.value < self.workers:
                for ping in pings:
                    if ping.done():
                        ping.result()  # raises BrokenProcessPool if a worker died starting
                if time.monotonic() > deadline:
                    raise PipelineError("E303", detail="workers did not load the model in time")
                time.sleep(0.05)
            for ping in pings:
                ping.result()
        except BrokenProcessPool as exc:
            pool.shutdown(cancel_futures=True)
            raise PipelineError("E303", detail=str(exc) or "a worker died while starting") from exc
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        return pool

    def results(self, job: Job, skip: Skip | None = None) -> Iterator[Result]:
        self.start()
        inputs = unstored(
            read_inputs(
                job.paths, max_bytes=job.max_bytes, include=job.include, exclude=job.exclude
            ),
            skip,
        )
        if self._pool is None:
            from herald.nlp import load_analyzer

            yield from run(
                inputs,
                published=job.published,
                source=job.source,
                analyzer=load_analyzer(self.model),
                batch_size=job.batch_size,
                knowledge=job.knowledge,
            )
            return
        yield from self._pooled(self._pool, batches(inputs, job.batch_size), job)

    def _pooled(
        self,
        pool: ProcessPoolExecutor,
        chunks: Iterator[list[RawArticle | Rejection]],
        job: Job,
    ) -> Iterator[Result]:
        blob = pickle.dumps(job.knowledge) if job.knowledge is not None else b""
        pending: deque[Future[list[Result] | WorkerFailure]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_work, chunk, job.published, job.source, blob))
                if len(pending) >= INFLIGHT_PER_WORKER * self.workers:
                    yield from _collect(pending.popleft())
            while pending:
                yield from _collect(pending.popleft())
        finally:
            # An abandoned stream (the caller failed or stopped) must not leave queued batches.
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._started = False


def _collect(future: Future[list[Result] | WorkerFailure]) -> list[Result]:
    try:
        outcome = future.result()
    except BrokenProcessPool as exc:
        raise PipelineError("E303", detail=str(exc) or "a worker died") from exc
    if isinstance(outcome, WorkerFailure):
        raise outcome.error()
    return outcome
