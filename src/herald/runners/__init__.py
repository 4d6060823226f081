"""Runners: where the stages run, in this process, in local worker processes, or on Ray.

Every runner takes a :class:`Job` (what to read and how to process it) and yields one
:class:`~herald.model.Result` per input. Runners never write the store: the caller stores what they
yield, so every engine's results land in the store through the same ``Store.add``.
"""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Self

from herald.config import settings
from herald.errors import ConfigError
from herald.knowledge import Knowledge
from herald.model import RawArticle, Rejection, Result, article_id

#: The engines ``herald ingest --engine`` accepts.
ENGINES: tuple[str, ...] = ("local", "ray")

#: Predicate on an article id: True when the article is already stored and need not be parsed.
Skip = Callable[[str], bool]


@dataclass(frozen=True)
class Job:
    """One ingest's inputs and options, the same whichever engine runs it."""

    paths: tuple[str, ...]
    published: date | None = None
    source: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    knowledge: Knowledge | None = None
    batch_size: int = 16
    max_bytes: int = field(default_factory=lambda: settings().max_input_bytes)


class Runner(abc.ABC):
    """Runs the pipeline's stages over a job's inputs. Use as a context manager."""

    #: Worker processes (local) or actors (Ray) doing the parsing and extraction.
    workers: int

    @abc.abstractmethod
    def start(self) -> None:
        """Load what the workers need (language model, gazetteer); idempotent.

        Called by :meth:`results` if not before; call it first to keep warm-up out of a timing.
        """

    @abc.abstractmethod
    def results(self, job: Job, skip: Skip | None = None) -> Iterator[Result]:
        """One Result per input of ``job``, streamed.

        ``skip`` is the checkpoint: an article whose id it accepts is dropped before parsing.
        """

    @abc.abstractmethod
    def close(self) -> None:
        """Stop the workers; the runner cannot be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def unstored(
    inputs: Iterable[RawArticle | Rejection], skip: Skip | None
) -> Iterator[RawArticle | Rejection]:
    """Drop the inputs whose article is already stored, before any cleaning or parsing.

    The id is the content hash ``prepare`` gives the article, so the check needs only raw text.
    """
    for item in inputs:
        if skip is not None and isinstance(item, RawArticle) and skip(article_id(item.text)):
            continue
        yield item


def make_runner(
    engine: str = "local",
    *,
    workers: int | None = None,
    address: str | None = None,
    results_dir: str | Path | None = None,
    model: str | None = None,
) -> Runner:
    """The runner for ``engine``: ``local`` (``workers`` processes, default 1) or ``ray``.

    ``address`` and ``results_dir`` apply to Ray only. Raises ConfigError E701 for an unknown
    engine, a worker count below 1, or Ray options given to the local engine.
    """
    if workers is not None and workers < 1:
        raise ConfigError("E701", name="workers", value=workers, detail="must be 1 or more")
    if engine == "local":
        for name, value in (("address", address), ("results_dir", results_dir)):
            if value is not None:
                detail = f"--{name.replace('_', '-')} needs --engine ray"
                raise ConfigError("E701", name=name, value=str(value), detail=detail)
        from herald.runners.local import LocalRunner

        return LocalRunner(workers or 1, model=model)
    if engine == "ray":
        if address is None:
            # A Ray instance of our own serves this process only: keep it on the loopback
            # interface. Ray reads this when it is imported, so it is set before that.
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        from herald.runners.ray import RayRunner

        return RayRunner(workers=workers, address=address, results_dir=results_dir, model=model)
    detail = f"use one of: {', '.join(ENGINES)}"
    raise ConfigError("E701", name="engine", value=engine, detail=detail)


__all__ = ["ENGINES", "Job", "Runner", "Skip", "make_runner", "unstored"]
