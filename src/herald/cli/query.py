"""Commands over the store: events, dyad timelines, actors, event clusters, export and import.

``events`` and ``export`` replace the first versions of those commands (registered under the same
names), adding filters, sorts, CSV and the new formats; their old options keep working.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from herald.cli.options import DB_HELP as _DB_HELP
from herald.cli.options import db_path as _db
from herald.cli.options import iso_date as _date

F = TypeVar("F", bound=Callable[..., Any])

#: QuadClass marks for the text chart: distinct characters, so it reads without colour too.
QUAD_MARKS = {"q1": "░", "q2": "▒", "q3": "▓", "q4": "█"}
QUAD_NAMES = {
    "q1": "verbal cooperation",
    "q2": "material cooperation",
    "q3": "verbal conflict",
    "q4": "material conflict",
}
QUAD_STYLES = {"q1": "green", "q2": "bold green", "q3": "red", "q4": "bold red"}


def _db_option(function: F) -> F:
    return click.option("--db", help=_DB_HELP)(function)


def _echo_json(records: list[dict[str, Any]]) -> None:
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False, default=str))


@click.command(name="events")
@click.option("--actor", help="ISO3 country of an actor or recipient (e.g. NER).")
@click.option("--dyad", nargs=2, help="Two countries, one on each side (e.g. --dyad NER RUS).")
@click.option("--directed", is_flag=True, help="With --dyad: only the first acting on the second.")
@click.option("--type", "type_", help="PLOVER type (e.g. CONSULT) or CAMEO code prefix.")
@click.option("--mode", help="PLOVER mode (e.g. expel).")
@click.option("--context", help="PLOVER context (e.g. diplomatic).")
@click.option("--since", callback=_date, help="Events on or after this date.")
@click.option("--until", callback=_date, help="Events on or before this date.")
@click.option("--place", help="Place name (substring) or its two-letter country code.")
@click.option("--source", help="Article source (substring, e.g. Reuters).")
@click.option("--text", help="Words in the evidence sentence.")
@click.option("--article", help="Article id or unique prefix.")
@click.option(
    "--sort",
    default="date",
    show_default=True,
    help="date, goldstein, confidence, type, cameo or article; prefix - to reverse.",
)
@click.option("--limit", type=click.IntRange(min=0), help="At most this many events.")
@click.option(
    "--duplicates/--no-duplicates",
    default=False,
    show_default=True,
    help="Include events of near-duplicate (syndicated) copies.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@_db_option
def events_command(
    actor: str | None,
    dyad: tuple[str, str] | None,
    directed: bool,
    type_: str | None,
    mode: str | None,
    context: str | None,
    since: date | None,
    until: date | None,
    place: str | None,
    source: str | None,
    text: str | None,
    article: str | None,
    sort: str,
    limit: int | None,
    duplicates: bool,
    fmt: str,
    db: str | None,
) -> None:
    """List stored events, filtered and sorted."""
    from herald.store import Store

    with Store.open(_db(db)) as store:
        records = store.events(
            actor=actor,
            dyad=tuple(dyad) if dyad else None,
            directed=directed,
            type=type_,
            mode=mode,
            context=context,
            since=since,
            until=until,
            place=place,
            source=source,
            text=text,
            article=article,
            sort=sort,
            limit=limit,
            duplicates=duplicates,
        )
    if fmt == "json":
        _echo_json(records)
    elif fmt == "csv":
        from herald.export.writers import csv_columns, flatten

        writer = csv.DictWriter(sys.stdout, fieldnames=csv_columns("events"), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(flatten(record, "events"))
    else:
        from herald.cli.render import event_table

        event_table(records)


def dyad_chart(rows: list[dict[str, Any]], one: str, two: str, width: int = 30) -> list[str]:
    """The dyad timeline as text lines: one stacked bar per month, marks by QuadClass."""
    lines = [f"{one} - {two}: events (ev), mentions (mn) and Goldstein sum (G) per month"]
    lines.append(
        "legend: " + "  ".join(f"{QUAD_MARKS[q]} {QUAD_NAMES[q]}" for q in ("q1", "q2", "q3", "q4"))
    )
    if not rows:
        lines.append("no events")
        return lines
    peak = max(row["events"] for row in rows) or 1
    for row in rows:
        bar = ""
        for q in ("q1", "q2", "q3", "q4"):
            # Round up so a single event of a class stays visible on a long scale.
            cells = -(-row[q] * width // peak) if row[q] else 0
            bar += QUAD_MARKS[q] * cells
        lines.append(
            f"{row['month']} |{bar:<{width + 3}}|{row['events']:>5} ev {row['mentions']:>5} mn"
            f"  G {row['goldstein']:+7.1f}"
        )
    total = sum(row["events"] for row in rows)
    goldstein = sum(row["goldstein"] for row in rows)
    lines.append(f"total: {total} events, Goldstein {goldstein:+.1f}")
    return lines


@click.command(name="dyad")
@click.argument("one")
@click.argument("two")
@click.option("--directed", is_flag=True, help="Only ONE acting on TWO.")
@click.option("--since", callback=_date, help="Events on or after this date.")
@click.option("--until", callback=_date, help="Events on or before this date.")
@click.option("--format", "fmt", type=click.Choice(["chart", "json", "csv"]), default="chart")
@_db_option
def dyad_command(
    one: str,
    two: str,
    directed: bool,
    since: date | None,
    until: date | None,
    fmt: str,
    db: str | None,
) -> None:
    """Timeline of the events between two countries (e.g. NER RUS): counts by month."""
    from herald.store import Store

    with Store.open(_db(db)) as store:
        rows = store.dyad_timeline(one, two, directed=directed, since=since, until=until)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"dyad": [one.upper(), two.upper()], "directed": directed, "months": rows},
                ensure_ascii=False,
            )
        )
        return
    if fmt == "csv":
        writer = csv.DictWriter(
            sys.stdout,
            fieldnames=["month", "events", "mentions", "q1", "q2", "q3", "q4", "goldstein"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console()
    for line in dyad_chart(rows, one.upper(), two.upper()):
        styled = Text(line)
        for q, mark in QUAD_MARKS.items():
            start = line.find(mark)
            while start != -1:
                styled.stylize(QUAD_STYLES[q], start, start + 1)
                start = line.find(mark, start + 1)
        console.print(styled, soft_wrap=True)


@click.command(name="actors")
@click.option("--country", help="ISO3 country (e.g. NER).")
@click.option("--sector", help="Sector code (GOV, MIL, REB, JRN ...).")
@click.option("--name", help="Words in the actor's name.")
@click.option("--limit", type=click.IntRange(min=0), help="At most this many actors.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@_db_option
def actors_command(
    country: str | None,
    sector: str | None,
    name: str | None,
    limit: int | None,
    fmt: str,
    db: str | None,
) -> None:
    """Actors across articles: country, sector, roles, mentions, articles, aliases."""
    from herald.store import Store

    with Store.open(_db(db)) as store:
        rows = store.actor_summary(country=country, sector=sector, name=name, limit=limit)
    if fmt == "json":
        _echo_json(rows)
        return
    columns = ["name", "country", "sector", "roles", "kinds", "mentions", "articles", "aliases"]
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            *(", ".join(row[c]) if isinstance(row[c], list) else str(row[c] or "") for c in columns)
        )
    console = Console()
    console.print(table)
    console.print(f"{len(rows)} actors")


@click.command(name="clusters")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True)
@click.option("--members", is_flag=True, help="Show each cluster's evidence sentences.")
@click.option("--rebuild", is_flag=True, help="Cluster all events again first (after an upgrade).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@_db_option
def clusters_command(limit: int, members: bool, rebuild: bool, fmt: str, db: str | None) -> None:
    """Real-world events: event mentions merged across sentences and articles, with counts."""
    from herald.store import Store

    with Store.open(_db(db)) as store:
        if rebuild:
            click.echo(f"rebuilt {store.recluster()} clusters", err=True)
        rows = store.clusters(limit=limit)
        if members:
            for row in rows:
                row["members"] = store.cluster_members(row["cluster_id"])
    if fmt == "json":
        _echo_json(rows)
        return
    for row in rows:
        who = f"{','.join(row['actor_countries']) or '?'} -> "
        who += ",".join(row["recipient_countries"]) or "-"
        when = (
            row["date_start"]
            if row["date_start"] == row["date_end"]
            else (f"{row['date_start']}..{row['date_end']}")
        )
        click.echo(
            f"#{row['cluster_id']} {row['event']} {who} {when} {row['place'] or ''}: "
            f"{row['mentions']} mentions, {row['articles']} articles, {row['sources']} sources"
            + (f", {row['duplicate_mentions']} in copies" if row["duplicate_mentions"] else "")
        )
        for member in row.get("members", []):
            click.echo(f"    [{member['article_id'][:8]}] {member['evidence']['sentence']}")


@click.command(name="export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "gdelt", "csv", "parquet", "plover", "graphml", "gexf"]),
    default="jsonl",
)
@click.option(
    "--what", type=click.Choice(["events", "quotes", "actors", "articles"]), default="events"
)
@click.option("-o", "--output", help="Output file (default: standard output; parquet needs one).")
@click.option("--actor", help="Events: ISO3 country of an actor or recipient.")
@click.option("--type", "type_", help="Events: PLOVER type or CAMEO code prefix.")
@click.option("--since", callback=_date, help="Events on or after this date.")
@click.option("--until", callback=_date, help="Events on or before this date.")
@_db_option
def export_command(
    fmt: str,
    what: str,
    output: str | None,
    actor: str | None,
    type_: str | None,
    since: date | None,
    until: date | None,
    db: str | None,
) -> None:
    """Export events, quotes, actors or articles (JSON Lines, GDELT, CSV, Parquet, PLOVER JSON)
    or the actor network (GraphML, GEXF)."""
    from herald.export import export as run_export
    from herald.store import Store

    filters: dict[str, Any] = {}
    if what == "events":
        given = {"actor": actor, "type": type_, "since": since, "until": until}
        filters = {k: v for k, v in given.items() if v is not None}
    with Store.open(_db(db)) as store:
        count = run_export(store, fmt, what, Path(output) if output else None, **filters)
    if output:
        unit = "edges" if fmt in ("graphml", "gexf") else what
        click.echo(f"wrote {count} {unit} to {output}", err=True)


@click.command(name="import")
@click.argument("files", nargs=-1, required=True)
@_db_option
def import_command(files: tuple[str, ...], db: str | None) -> None:
    """Load files written by `herald export` (jsonl or parquet) back into a store."""
    from herald.store import Store, import_files

    with Store.open(_db(db)) as store:
        added = import_files(store, list(files))
        counts = store.counts()
    summary = ", ".join(f"{n} {kind}" for kind, n in added.items())
    click.echo(f"imported {summary}; the store now holds {counts['events']} events")


@click.command(name="report")
@click.option(
    "--query",
    "query_text",
    help="Event filters as key=value pairs, e.g. 'actor=NER since=2024-01-01 dyad=NER,RUS'.",
)
@click.option("--title", default="Herald report", show_default=True)
@click.option("--top", type=click.IntRange(min=1), default=25, show_default=True)
@click.option("-o", "--output", default="report.html", show_default=True, help="HTML file.")
@_db_option
def report_command(
    query_text: str | None, title: str, top: int, output: str, db: str | None
) -> None:
    """Write one self-contained HTML report (figures, timeline, network, map, top events)."""
    from herald.export.report import parse_query, write_report
    from herald.store import Store

    filters = parse_query(query_text)
    with Store.open(_db(db)) as store:
        write_report(store, output, title=title, top=top, **filters)
    click.echo(f"wrote {output}", err=True)
