"""``herald serve`` (web interface and JSON API) and ``herald corrections`` (the audit trail)."""

from __future__ import annotations

import json
import secrets
import socket

import click

from herald.cli.options import DB_HELP as _DB_HELP
from herald.cli.options import db_path as _db
from herald.errors import WebError

#: Names a loopback server answers to; other Host headers are refused (DNS rebinding).
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def _check_port(host: str, port: int) -> None:
    """E807 now, rather than a log line from the server, when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise WebError("E807", host=host, port=port, detail=exc.strerror or str(exc)) from exc


@click.command(name="serve")
@click.option("--db", help=_DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--token", help="Write token for corrections (default: a new random one, printed).")
def serve_command(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the web interface and JSON API over the store (corrections need the token)."""
    import uvicorn

    from herald.store import Store
    from herald.web import create_app

    if token is not None and len(token) < 8:
        raise WebError("E805", detail="--token needs at least 8 characters")
    _check_port(host, port)
    token = token or secrets.token_urlsafe(24)
    with Store.open(_db(db)) as store:
        allowed = LOOPBACK if host in LOOPBACK else None
        app = create_app(store, token=token, allowed_hosts=allowed)
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"herald: serving {store.path} at http://{shown}:{port}/", err=True)
        click.echo(f"herald: write token {token}", err=True)
        click.echo(
            f"herald: to correct events, open http://{shown}:{port}/#token={token}", err=True
        )
        try:
            uvicorn.run(
                app,
                host=host,
                port=port,
                log_level="warning",
                # Bounded headers and connections: the store is one file behind one lock.
                h11_max_incomplete_event_size=16 * 1024,
                limit_concurrency=200,
                timeout_keep_alive=5,
            )
        finally:
            app.state.backend.close()


@click.command(name="corrections")
@click.option("--event", "event_id", help="Only this event's corrections.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@click.option("--db", help=_DB_HELP)
def corrections_command(event_id: str | None, fmt: str, db: str | None) -> None:
    """The analysts' corrections, oldest first: who changed what, when."""
    from herald.store import Store, corrections

    with Store.open(_db(db)) as store:
        rows = corrections.history(store, event_id=event_id)
    for row in rows:
        if fmt == "json":
            click.echo(json.dumps(row, ensure_ascii=False))
            continue
        value = "taken back" if row["value"] is None else json.dumps(row["value"])
        note = f"  ({row['note']})" if row["note"] else ""
        click.echo(
            f"#{row['id']} {row['at']} {row['analyst']}: {row['event_id']} {row['field']} = "
            f"{value}{note}"
        )
    if fmt == "table":
        click.echo(f"{len(rows)} corrections", err=True)


def register(group: click.Group) -> None:
    """Add this module's commands to the ``herald`` group."""
    group.add_command(serve_command)
    group.add_command(corrections_command)
