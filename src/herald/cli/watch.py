"""``herald watch`` (poll feeds and pages into the store) and ``herald alert`` (saved queries)."""

from __future__ import annotations

import json

import click

from herald.cli.options import DB_HELP as _DB_HELP
from herald.cli.options import db_path as _db


@click.command(name="watch")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--every", default="15m", show_default=True, help="Time between polls: 30s, 15m, 1h, 1h30m."
)
@click.option("--once", is_flag=True, help="Poll once and exit (for cron).")
@click.option("--max-polls", type=click.IntRange(min=1), help="Stop after this many polls.")
@click.option("--db", help=_DB_HELP)
@click.option(
    "--alerts-log", help="JSON Lines file alerts are appended to (default: beside the store)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds to wait for a server to connect or send more.",
)
def watch_command(
    sources: tuple[str, ...],
    every: str,
    once: bool,
    max_polls: int | None,
    db: str | None,
    alerts_log: str | None,
    timeout: float,
) -> None:
    """Poll feeds and pages (http/https URLs), ingest what is new, raise the saved alerts.

    Each poll prints one summary line per source and one line per alert; alerts are also
    appended to the alert log. Ctrl-C stops the watch; what was stored stays stored. The exit
    status is 1 when a source failed in the last poll.
    """
    from herald.watch import PollReport, Watcher, parse_duration

    interval = parse_duration(every)
    watcher = Watcher(sources, db=_db(db), alerts_log=alerts_log, timeout=timeout)
    watcher.check_log()
    last: list[PollReport] = []

    def show(report: PollReport) -> None:
        click.echo(f"poll {report.number} at {report.started:%Y-%m-%d %H:%M:%S}")
        for source in report.sources:
            click.echo(f"  {source.line()}")
        for hit in report.alerts:
            click.echo(hit.line())
        last[:] = [report]

    limit = 1 if once else max_polls
    try:
        watcher.run(interval, max_polls=limit, on_poll=show)
    except KeyboardInterrupt:
        # Each article is stored in its own transaction: an interrupted poll loses nothing
        # stored, and the items it had not finished are read again next time.
        click.echo(f"watch stopped after {watcher.polls} poll(s)", err=True)
        return
    if last and last[0].failed:
        raise SystemExit(1)


@click.group(name="alert")
def alert_group() -> None:
    """Saved queries the watch raises alerts for (the filters of `herald events`)."""


@alert_group.command(name="add")
@click.option("--name", help="Name of the alert (default: made of the filter values).")
@click.option(
    "--actor", "country", help="Country (ISO3) on either side, as in `herald events --actor`."
)
@click.option("--from", "actor", help="Country (ISO3) on the acting side only.")
@click.option("--to", "recipient", help="Country (ISO3) on the receiving side only.")
@click.option("--type", "type_", help="PLOVER type (e.g. COOPERATE) or CAMEO code prefix.")
@click.option("--mode", help="PLOVER mode (e.g. visit).")
@click.option("--context", help="PLOVER context (e.g. diplomatic).")
@click.option("--place", help="Place name (substring) or its two-letter country code.")
@click.option("--source", help="Article source (substring, e.g. Reuters).")
@click.option("--text", help="Words in the evidence sentence.")
@click.option(
    "--duplicates/--no-duplicates",
    default=False,
    show_default=True,
    help="Alert on events of near-duplicate (syndicated) copies too.",
)
@click.option("--db", help=_DB_HELP)
def alert_add(
    name: str | None,
    actor: str | None,
    recipient: str | None,
    country: str | None,
    type_: str | None,
    mode: str | None,
    context: str | None,
    place: str | None,
    source: str | None,
    text: str | None,
    duplicates: bool,
    db: str | None,
) -> None:
    """Save a query: events stored by later polls that match every filter raise an alert."""
    from herald.watch import AlertQuery, add_alert

    query = AlertQuery.build(
        name,
        actor=actor,
        recipient=recipient,
        country=country,
        type=type_,
        mode=mode,
        context=context,
        place=place,
        source=source,
        text=text,
        duplicates=duplicates,
    )
    add_alert(_db(db), query)
    click.echo(f"alert {query.name}: {query.describe()}")


@alert_group.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per alert.")
@click.option("--db", help=_DB_HELP)
def alert_list(as_json: bool, db: str | None) -> None:
    """List the saved alerts with how many events each has matched."""
    from herald.watch import list_alerts

    alerts = list_alerts(_db(db))
    for query, saved, matches in alerts:
        if as_json:
            record = {
                "name": query.name,
                "filters": query.filters(),
                "created_at": saved.created_at.isoformat(timespec="seconds") + "Z",
                "matches": matches,
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(f"{query.name}: {query.describe()} ({matches} matched)")
    if not alerts and not as_json:
        click.echo("no alerts saved")


@alert_group.command(name="remove")
@click.argument("name")
@click.option("--db", help=_DB_HELP)
def alert_remove(name: str, db: str | None) -> None:
    """Remove the alert NAME (its past matches are forgotten with it)."""
    from herald.watch import remove_alert

    remove_alert(_db(db), name)
    click.echo(f"removed alert {name}")
