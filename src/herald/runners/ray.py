"""The Ray engine: the same stage code on a Ray cluster, through Parquet files.

- Reading: one Ray task per input path, streaming batches of raw articles into the object store,
  each preceded by the batch's article ids (small), so the driver applies the store checkpoint
  without fetching the text.
- Processing: a pool of actors, each holding the loaded language model and gazetteer, runs
  :func:`herald.pipeline.process_batch` and writes the batch's results as one Parquet file
  (columns ``article_id``, ``key``, ``code``, ``events``, ``result``; ``result`` is the pickled
  :class:`~herald.model.Result`, an internal format between Herald processes, not an export).
- Loading: the driver reads each file in submission order and yields its Results to the caller,
  which stores them as the local engine's. A bounded number of batches is in flight.

Paths must be readable where the tasks run (a shared file system on a multi-node cluster), and
``results_dir`` writable by the actors and readable by the driver; see docs/distributed.md.
"""

from __future__ import annotations

import logging
import pickle
import shutil
import tempfile
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import ray
import ray.exceptions
from ray.util.actor_pool import ActorPool

from herald.config import settings
from herald.errors import HeraldError, PipelineError
from herald.model import RawArticle, Rejection, Result, article_id
from herald.pipeline import process_batch
from herald.runners import Job, Runner, Skip
from herald.runners.local import KnowledgeCache, WorkerFailure, batches, warm_up
from herald.sources import read_inputs

log = logging.getLogger(__name__)

#: Batches queued per actor, as in the local engine.
INFLIGHT_PER_WORKER = 2
#: Batches a read task may run ahead of the driver (each is two objects: ids, then articles).
READ_AHEAD_BATCHES = 4
#: Read tasks running at once, besides the one being consumed.
READ_AHEAD_PATHS = 2

_SCHEMA = pa.schema(
    [
        ("article_id", pa.string()),
        ("key", pa.string()),
        ("code", pa.string()),
        ("events", pa.int32()),
        ("result", pa.binary()),
    ]
)

Items = list[RawArticle | Rejection]


def _ids(chunk: Items) -> list[str | None]:
    return [article_id(i.text) if isinstance(i, RawArticle) else None for i in chunk]


def _read(
    path: str, include: tuple[str, ...], exclude: tuple[str, ...], max_bytes: int, size: int
) -> Iterator[list[str | None] | Items]:
    """A read task: for each batch of one path's inputs, its article ids and then the batch."""
    inputs = read_inputs([path], max_bytes=max_bytes, include=include, exclude=exclude)
    for chunk in batches(inputs, size):
        yield _ids(chunk)
        yield chunk


def write_results(results: list[Result], path: str) -> None:
    """One batch's Results as a Parquet file (the summary columns are for inspection)."""
    table = pa.Table.from_pydict(
        {
            "article_id": [r.article.id or None for r in results],
            "key": [r.article.key for r in results],
            "code": [r.rejections[0].code if r.rejections else None for r in results],
            "events": [len(r.events) for r in results],
            "result": [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results],
        },
        schema=_SCHEMA,
    )
    pq.write_table(table, path)


def read_results(path: str) -> list[Result]:
    """The Results of one file written by :func:`write_results`, in order."""
    column = pq.read_table(path, columns=["result"]).column("result")
    return [pickle.loads(blob) for blob in column.to_pylist()]


class _Worker:
    """A Ray actor: the loaded pipeline, parsing and extracting batches into Parquet files."""

    def __init__(self, model: str) -> None:
        self._model = model
        self._knowledge = KnowledgeCache()
        self._failure: WorkerFailure | None = None
        try:
            warm_up(model)
        except HeraldError as error:
            self._failure = WorkerFailure.of(error)

    def ready(self) -> WorkerFailure | None:
        return self._failure

    def process(
        self,
        batch: Items,
        keep: list[bool],
        published: date | None,
        source: str | None,
        knowledge_blob: bytes,
        path: str,
    ) -> str | WorkerFailure:
        if self._failure is not None:
            return self._failure
        from herald.nlp import load_analyzer

        try:
            results = process_batch(
                [item for item, wanted in zip(batch, keep, strict=True) if wanted],
                published=published,
                source=source,
                analyzer=load_analyzer(self._model),
                knowledge=self._knowledge.get(knowledge_blob),
            )
        except HeraldError as error:
            return WorkerFailure.of(error)
        # The store never reads the parse; leaving it out keeps the files small.
        write_results([replace(r, analysis=None) for r in results], path)
        return path


class RayRunner(Runner):
    """Runs the stages on a Ray cluster: ``address`` (None starts a local Ray instance)."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        address: str | None = None,
        results_dir: str | Path | None = None,
        model: str | None = None,
    ) -> None:
        self.workers = workers or 0
        self.address = address
        self.model = model or settings().model
        self._results_dir = str(results_dir) if results_dir is not None else None
        self._temp_dir: str | None = None
        self._actors: list[Any] = []
        self._owns_ray = False

    def start(self) -> None:
        if self._actors:
            return
        self._connect()
        if not self.workers:
            # One actor per CPU of the cluster: each parses on one core.
            cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
            self.workers = max(1, int(cpus))
        actor_class = ray.remote(num_cpus=1)(_Worker)
        self._actors = [actor_class.remote(self.model) for _ in range(self.workers)]
        try:
            failures = ray.get([actor.ready.remote() for actor in self._actors])
        except ray.exceptions.RayError as exc:
            self.close()
            raise PipelineError("E305", detail=str(exc).splitlines()[0]) from exc
        for failure in failures:
            if failure is not None:
                self.close()
                raise failure.error()

    def _connect(self) -> None:
        if ray.is_initialized():
            return
        try:
            ray.init(
                address=self.address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            address = self.address or "local"
            raise PipelineError("E304", address=address, detail=str(exc)) from exc
        self._owns_ray = True

    def _out_dir(self) -> str:
        if self._results_dir is not None:
            Path(self._results_dir).mkdir(parents=True, exist_ok=True)
            return self._results_dir
        if self._temp_dir is None:
            self._temp_dir = tempfile.mkdtemp(prefix="herald-ray-")
        return self._temp_dir

    def results(self, job: Job, skip: Skip | None = None) -> Iterator[Result]:
        self.start()
        out_dir = self._out_dir()
        run_id = uuid.uuid4().hex[:12]
        blob = ray.put(pickle.dumps(job.knowledge) if job.knowledge is not None else b"")
        pool = ActorPool(self._actors)
        pending = 0
        seq = 0
        for ids, batch in self._read(job):
            keep = [i is None or skip is None or not skip(i) for i in ids]
            if not any(keep):
                continue
            path = str(Path(out_dir) / f"{run_id}-{seq:08d}.parquet")
            seq += 1
            args = (batch, keep, job.published, job.source, blob, path)
            pool.submit(lambda actor, a: actor.process.remote(*a), args)
            pending += 1
            if pending >= INFLIGHT_PER_WORKER * self.workers:
                yield from self._load(pool)
                pending -= 1
        while pending:
            yield from self._load(pool)
            pending -= 1

    def _read(self, job: Job) -> Iterator[tuple[list[str | None], Any]]:
        """(article ids, batch reference) for every batch of every path, in path order."""
        # Ray's stubs do not know the backpressure option its streaming generators take.
        decorate: Any = ray.remote
        read = decorate(
            num_cpus=0,  # reading is light; CPUs are for the actors, which would starve it
            num_returns="streaming",
            _generator_backpressure_num_objects=2 * READ_AHEAD_BATCHES,
        )(_read)
        started: deque[Any] = deque()
        paths = iter(job.paths)

        def launch() -> None:
            for path in paths:
                if path == "-":
                    started.append(path)  # standard input is this process's: read here
                else:
                    options = (job.include, job.exclude, job.max_bytes, job.batch_size)
                    started.append(read.remote(path, *options))
                if len(started) > READ_AHEAD_PATHS:
                    return

        launch()
        while started:
            source = started.popleft()
            if isinstance(source, str):
                inputs = read_inputs(
                    [source], max_bytes=job.max_bytes, include=job.include, exclude=job.exclude
                )
                for chunk in batches(inputs, job.batch_size):
                    yield _ids(chunk), ray.put(chunk)
            else:
                for ids_ref in source:
                    yield self._get(ids_ref), next(source)
            launch()

    def _load(self, pool: ActorPool) -> list[Result]:
        outcome = self._get_next(pool)
        if isinstance(outcome, WorkerFailure):
            raise outcome.error()
        results = read_results(outcome)
        if self._results_dir is None:
            Path(outcome).unlink(missing_ok=True)
        return results

    @staticmethod
    def _get(ref: Any) -> Any:
        try:
            return ray.get(ref)
        except ray.exceptions.RayError as exc:
            raise PipelineError("E305", detail=str(exc).splitlines()[0]) from exc

    @staticmethod
    def _get_next(pool: ActorPool) -> Any:
        try:
            return pool.get_next()
        except ray.exceptions.RayError as exc:
            raise PipelineError("E305", detail=str(exc).splitlines()[0]) from exc

    def close(self) -> None:
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None
        if self._owns_ray:
            ray.shutdown()
            self._owns_ray = False
