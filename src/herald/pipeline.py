"""The ordered stages, in one place, and the code that runs them on one article.

clean -> nlp -> actors -> events -> time -> geo -> quotes

Each stage reads the article plus what earlier stages produced and returns its own typed result;
no stage edits another's output (dates and locations are added to events by returning new,
replaced records). A stage that fails on one article becomes a coded :class:`Rejection` for that
article; the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from typing import TypeVar

from herald.actors import resolve_actors
from herald.clean import clean
from herald.config import settings
from herald.errors import HeraldError, PipelineError, StageError
from herald.events import extract_events
from herald.geo import locate_events, resolve_toponyms
from herald.knowledge import Knowledge
from herald.model import Analysis, Article, RawArticle, Rejection, Result, article_id
from herald.nlp import Analyzer, load_analyzer
from herald.quotes import extract_quotes
from herald.time import date_events, infer_published, resolve_times

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The stage order, visible in one place. Names are used in rejections.
STAGES: tuple[str, ...] = ("clean", "nlp", "actors", "events", "time", "geo", "quotes")


def prepare(
    raw: RawArticle, *, published: date | None = None, source: str | None = None
) -> Article:
    """Stage 1, clean: turn a raw input into an :class:`Article` with cleaned text.

    Command-line ``published``/``source`` fill in what the input itself does not say.
    """
    cleaned = clean(raw.text)
    return Article(
        id=article_id(raw.text),
        raw=raw.text,
        text=cleaned.text,
        title=raw.title or cleaned.title,
        published=raw.published or published,
        source=raw.source or source,
        url=raw.url,
        author=raw.author,
        language=raw.language or "en",
        encoding=raw.encoding,
        caption=cleaned.caption,
        related_titles=cleaned.related_titles,
        tags=cleaned.tags,
        removed=cleaned.removed,
        key=raw.key,
    )


def _guard(stage: str, article: Article, step: Callable[[], T]) -> T:
    """Run one stage; a failure that is not already a HeraldError becomes a coded StageError."""
    try:
        return step()
    except HeraldError:
        raise
    except Exception as exc:  # the one place stage bugs become coded rejections
        log.debug("stage %s failed on %s", stage, article.key, exc_info=True)
        raise StageError(
            "E401", stage=stage, article=article.key or article.id, detail=repr(exc)
        ) from exc


def extract(article: Article, analysis: Analysis, knowledge: Knowledge | None = None) -> Result:
    """Stages 3-7 on one parsed article: actors, events, time, geo, quotes."""
    knowledge = knowledge or Knowledge()
    dictionary = knowledge.actor_dictionary()
    actors = _guard("actors", article, lambda: resolve_actors(article, analysis, dictionary))
    events = _guard("events", article, lambda: extract_events(article, analysis, actors, knowledge))
    times = _guard("time", article, lambda: resolve_times(article, analysis))
    if article.published is None:
        inferred = infer_published(times, caption=article.caption)
        if inferred is not None:
            article = replace(article, published=inferred, published_inferred=True)
            times = _guard("time", article, lambda: resolve_times(article, analysis))
    events = _guard("time", article, lambda: date_events(article, analysis, times, events))
    toponyms = _guard("geo", article, lambda: resolve_toponyms(article, analysis, actors))
    events = _guard("geo", article, lambda: locate_events(article, analysis, toponyms, events))
    quotes = _guard("quotes", article, lambda: extract_quotes(article, analysis, actors))
    return Result(
        article=article,
        analysis=analysis,
        actors=actors,
        events=events,
        times=times,
        toponyms=toponyms,
        quotes=quotes,
    )


def _reject(key: str, stage: str, error: HeraldError, article: Article | None = None) -> Result:
    rejection = Rejection(
        key=key,
        stage=stage,
        code=error.code,
        message=str(error),
        article_id=article.id if article else None,
    )
    placeholder = article or Article(id="", raw="", text="", key=key)
    return Result(article=placeholder, rejections=(rejection,))


def run(
    inputs: Iterable[RawArticle | Rejection],
    *,
    published: date | None = None,
    source: str | None = None,
    analyzer: Analyzer | None = None,
    batch_size: int = 16,
    knowledge: Knowledge | None = None,
) -> Iterator[Result]:
    """Run every stage over a stream of inputs, in batches; yield one Result per input.

    Readers' rejections pass straight through; a failing stage rejects only its article.
    """
    batch: list[RawArticle | Rejection] = []
    for item in inputs:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _run_batch(batch, published, source, analyzer, knowledge)
            batch = []
    if batch:
        yield from _run_batch(batch, published, source, analyzer, knowledge)


def process_batch(
    batch: Sequence[RawArticle | Rejection],
    *,
    published: date | None = None,
    source: str | None = None,
    analyzer: Analyzer | None = None,
    knowledge: Knowledge | None = None,
) -> list[Result]:
    """Every stage over one batch, one Result per input in order: what a worker process runs."""
    return list(_run_batch(list(batch), published, source, analyzer, knowledge))


def _run_batch(
    batch: list[RawArticle | Rejection],
    published: date | None,
    source: str | None,
    analyzer: Analyzer | None,
    knowledge: Knowledge | None = None,
) -> Iterator[Result]:
    prepared: list[Article | Result] = []
    for item in batch:
        if isinstance(item, Rejection):
            placeholder = Article(id="", raw="", text="", key=item.key)
            prepared.append(Result(article=placeholder, rejections=(item,)))
            continue
        try:
            prepared.append(prepare(item, published=published, source=source))
        except HeraldError as error:
            prepared.append(_reject(item.key, "clean", error))
    articles = [p for p in prepared if isinstance(p, Article)]
    analyses: dict[int, Analysis] = {}
    if articles:
        try:
            nlp = analyzer or load_analyzer(settings().model)
            # The parser refuses (and would need gigabytes for) a text past its length limit:
            # that article is rejected with a code, the rest of the batch goes on.
            too_long = {id(a) for a in articles if len(a.text) > nlp.max_length}
            prepared = [
                _reject(
                    p.key,
                    "nlp",
                    PipelineError("E306", size=len(p.text), limit=nlp.max_length),
                    p,
                )
                if isinstance(p, Article) and id(p) in too_long
                else p
                for p in prepared
            ]
            articles = [a for a in articles if id(a) not in too_long]
            for article, analysis in zip(
                articles, nlp.analyze_many(a.text for a in articles), strict=True
            ):
                analyses[id(article)] = analysis
        except HeraldError as error:
            for p in prepared:
                yield p if isinstance(p, Result) else _reject(p.key, "nlp", error, p)
            return
    for p in prepared:
        if isinstance(p, Result):
            yield p
            continue
        try:
            yield extract(p, analyses[id(p)], knowledge)
        except StageError as error:
            yield _reject(p.key, str(error.details.get("stage", "extract")), error, p)
        except HeraldError as error:
            yield _reject(p.key, "extract", error, p)


def process_text(
    text: str,
    *,
    published: date | None = None,
    key: str = "<text>",
    analyzer: Analyzer | None = None,
    knowledge: Knowledge | None = None,
) -> Result:
    """Run the whole pipeline on one text (the library's simplest entry point)."""
    raw = RawArticle(key=key, text=text)
    return next(run([raw], published=published, analyzer=analyzer, knowledge=knowledge))
