"""Herald's command line: thin commands over the library.

Every command parses its options, calls one library function, and prints. Library errors are
HeraldErrors with codes; they are printed as one line (``--debug`` shows the traceback).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import click

from herald.cli.options import DB_HELP as _DB_HELP
from herald.cli.options import db_path as _db
from herald.cli.options import iso_date as _date
from herald.errors import HeraldError
from herald.eval import EVALUATIONS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Herald: news articles in, evidence-linked political event data out."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--published", callback=_date, help="Publication date (YYYY-MM-DD) for undated input."
)
@click.option("--source", help="Source name for inputs that do not state one.")
@click.option("--include", multiple=True, help="Glob of files to read in folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip in folders (repeatable).")
@click.option("--db", help=_DB_HELP)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Processes (local engine, default 1) or Ray actors (default: the cluster's CPUs).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Run the stages on this machine or on a Ray cluster.",
)
@click.option("--address", help="Ray cluster address (default: start a local Ray instance).")
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    help="Your actor dictionary: CSV or PETRARCH/Phoenix .actors/.agents file (repeatable).",
)
@click.option(
    "--verbs",
    "verb_file",
    help="Your CAMEO verb-pattern dictionary (PETRARCH format), consulted before Herald's.",
)
@click.option(
    "--results-dir",
    help="Where Ray writes its Parquet results; on a cluster, a path every node can reach.",
)
def ingest(
    paths: tuple[str, ...],
    published: date | None,
    source: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    db: str | None,
    workers: int | None,
    engine: str,
    address: str | None,
    results_dir: str | None,
    actor_files: tuple[str, ...],
    verb_file: str | None,
) -> None:
    """Extract events from files, folders, archives, feeds, WARC or URLs into the store.

    A rerun skips inputs already stored, so an interrupted ingest continues where it stopped.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from herald.api import ingest as run_ingest
    from herald.knowledge import Knowledge

    knowledge = None
    if actor_files or verb_file:
        from herald.actors.dictionaries import ActorDictionary
        from herald.events.verbs import VerbDictionary

        knowledge = Knowledge(
            actors=ActorDictionary.from_files(*actor_files) if actor_files else None,
            verbs=VerbDictionary.from_file(verb_file) if verb_file else None,
        )
    console = Console(stderr=True)
    with Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task("", total=None)
        summary = run_ingest(
            paths,
            db=_db(db),
            published=published,
            source=source,
            include=include,
            exclude=exclude,
            on_result=lambda r: progress.update(task, advance=1, description=r.article.key[-40:]),
            workers=workers,
            engine=engine,
            address=address,
            results_dir=results_dir,
            knowledge=knowledge,
        )
    for rejection in summary.rejections:
        console.print(f"rejected {rejection.key} ({rejection.stage}): {rejection.message}")
    if summary.rejected > len(summary.rejections):
        console.print(f"... and {summary.rejected - len(summary.rejections)} more rejections")
    figures = summary.as_dict()
    click.echo(
        "ingested {articles} articles ({duplicates} already stored): {events} events, "
        "{quotes} quotes, {actors} actors; {rejections} rejected".format(**figures)
    )


@cli.command()
@click.argument("article_id")
@click.option("--db", help=_DB_HELP)
def show(article_id: str, db: str | None) -> None:
    """Show one article (id or unique prefix) with its entities, events and quotes marked."""
    from herald.cli.render import show_article
    from herald.store import Store

    with Store.open(_db(db)) as store:
        record = store.article(article_id)
    show_article(record)


@cli.command()
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Text plus metadata and removed lines.")
def extract(path: str, as_json: bool) -> None:
    """Clean one input and print its main text, without storing anything."""
    from herald.config import settings
    from herald.model import Rejection
    from herald.pipeline import prepare
    from herald.sources import read_inputs

    for item in read_inputs([path], max_bytes=settings().max_input_bytes):
        if isinstance(item, Rejection):
            raise HeraldError(item.code, **{"detail": item.message, "path": item.key})
        article = prepare(item)
        if not as_json:
            click.echo(article.text)
            continue
        record: dict[str, Any] = {
            "key": article.key,
            "id": article.id,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": article.url,
            "text": article.text,
            "caption": article.caption.text(article.text) if article.caption else None,
            "related_titles": list(article.related_titles),
            "tags": list(article.tags),
            "removed": [
                {"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed
            ],
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@cli.command(name="eval")
@click.argument("name", type=click.Choice(sorted(EVALUATIONS)))
@click.option("--data", help="Gold data path (default: the dataset under ../shared).")
@click.option(
    "--limit", type=click.IntRange(min=1), help="Score at most N records (spread evenly)."
)
@click.option("--json", "as_json", is_flag=True, help="Last line: one JSON object of metrics.")
def evaluate(name: str, data: str | None, limit: int | None, as_json: bool) -> None:
    """Score Herald against gold data."""
    from herald.eval import run_eval

    metrics, table = run_eval(name, data, limit=limit)
    click.echo(table)
    if as_json:
        click.echo(json.dumps(metrics))


def main() -> None:
    """Entry point: run the CLI, turning HeraldErrors into one-line coded messages."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except HeraldError as error:
        if debug:
            raise
        click.echo(f"herald: {error}", err=True)
        raise SystemExit(2) from None
    except click.exceptions.Abort:
        click.echo("herald: aborted", err=True)
        raise SystemExit(130) from None
    except click.ClickException as error:
        error.show()
        raise SystemExit(error.exit_code) from None
    except click.exceptions.Exit as done:
        raise SystemExit(done.exit_code) from None


# Store, query and export commands live in their own module.
from herald.cli import query as _query  # noqa: E402

cli.add_command(_query.events_command)
cli.add_command(_query.export_command)
cli.add_command(_query.dyad_command)
cli.add_command(_query.actors_command)
cli.add_command(_query.clusters_command)
cli.add_command(_query.import_command)
cli.add_command(_query.report_command)

from herald.cli import watch as _watch  # noqa: E402

cli.add_command(_watch.watch_command)
cli.add_command(_watch.alert_group)

from herald.cli import serve as _serve  # noqa: E402

_serve.register(cli)
