"""Server-rendered pages: search, article reader, events table, actor, dyad, network, map.

Templates are Jinja2 with autoescaping on: every store text is escaped where it is printed. The
only markup passed through unescaped is built in Python from escaped text (the article reader,
:mod:`herald.web.highlight`) or by the report's SVG functions, which escape every text they draw.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from herald.errors import HeraldError
from herald.events.ontology import PLOVER_TYPES
from herald.export.network import build_network

# The report's chart functions draw the same timeline, network and map offline; reused here.
from herald.export.report import QUAD_COLOURS, QUAD_NAMES, _map_svg, _network_svg, _real_events
from herald.export.report import _timeline_svg as timeline_svg
from herald.store import Store, corrections
from herald.web import data
from herald.web.api import (
    CODE_PATTERN,
    ID_PATTERN,
    MAX_OFFSET,
    EventQuery,
    Filters,
    Store_,
    events_page,
    search_all,
)
from herald.web.highlight import marks, render

router = APIRouter(include_in_schema=False)

#: Charts read at most this many events: enough for a picture, bounded in time.
CHART_EVENTS = 20_000
PAGE_SIZE = 50


@cache
def _templates() -> Environment:
    environment = Environment(
        loader=PackageLoader("herald.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(
        plover_types=PLOVER_TYPES, quad_colours=QUAD_COLOURS, quad_names=QUAD_NAMES
    )
    environment.filters["who"] = _who
    environment.filters["when"] = _when
    return environment


def _who(participants: list[dict[str, Any]] | None) -> str:
    names = []
    for p in participants or []:
        label = p.get("name") or p.get("text") or "?"
        names.append(f"{label} ({p.get('country') or '?'})")
    return "; ".join(names) or "-"


def _when(record: dict[str, Any]) -> str:
    if record.get("date"):
        return str(record["date"])
    if record.get("date_start"):
        return f"{record['date_start']} .. {record['date_end']}"
    return "undated"


def show(template: str, status: int = 200, /, **context: Any) -> HTMLResponse:
    """A template rendered as a page."""
    body = _templates().get_template(template).render(**context)
    return HTMLResponse(body, status_code=status)


def error_page(request: Request, error: HeraldError, status: int) -> HTMLResponse:
    """The HTML answer to an error on a page."""
    return show("error.html", status, error=error, status=status, title=f"Error {status}")


@router.get("/", response_class=HTMLResponse)
def home(backend: Store_) -> HTMLResponse:
    def read(store: Store) -> dict[str, Any]:
        return {
            "counts": data.counts(store),
            "articles": data.articles(store, q=None, limit=20, offset=0),
            "dyads": data.dyads(store, limit=10),
        }

    return show("home.html", title="Herald", **backend(read))


@router.get("/search", response_class=HTMLResponse)
def search_page(
    backend: Store_,
    q: Annotated[str, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")] = "",
) -> HTMLResponse:
    found = backend(lambda s: search_all(s, q, 20)) if q.strip() else None
    return show("search.html", title=f"Search: {q}" if q else "Search", q=q, found=found)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    backend: Store_,
    article_id: Annotated[str, PathParam(pattern=ID_PATTERN)],
    event: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> HTMLResponse:
    def read(store: Store) -> dict[str, Any]:
        article = store.article(article_id)
        actors = data.actor_names(store, article["id"])
        article["events"] = data.annotate(store, article["events"])
        return {"article": article, "body": render(article["text"], marks(article, actors))}

    found = backend(read)
    article = found["article"]
    return show(
        "article.html", title=article.get("title") or article["id"], open_event=event, **found
    )


@router.get("/events", response_class=HTMLResponse)
def events_table(
    backend: Store_,
    query: Filters,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> HTMLResponse:
    found = backend(lambda s: events_page(s, query, PAGE_SIZE, offset))
    given = {k: v for k, v in query.model_dump().items() if v not in (None, False, "", "date")}
    return show("events.html", title="Events", page=found, query=query, given=given)


@router.get("/actor", response_class=HTMLResponse)
def actor_page(
    backend: Store_,
    name: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")],
) -> HTMLResponse:
    def read(store: Store) -> dict[str, Any]:
        entries = [row for row in store.actor_summary(name=name.lower()) if row["name"] == name]
        if not entries:
            from herald.errors import WebError

            raise WebError("E801", what="actor", value=name)
        return {
            "entries": entries,
            "events": data.annotate(store, data.actor_events(store, name, limit=200)),
            "quotes": data.actor_quotes(store, name, limit=200),
        }

    return show("actor.html", title=name, name=name, **backend(read))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(
    backend: Store_,
    country: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    name: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")] = None,
) -> HTMLResponse:
    rows = backend(
        lambda s: s.actor_summary(
            country=country.upper() if country else None,
            name=name.lower() if name else None,
            limit=200,
        )
    )
    return show("actors.html", title="Actors", rows=rows, country=country or "", name=name or "")


def _chart_rows(store: Store, filters: dict[str, Any]) -> list[tuple[dict[str, Any], Any]]:
    """Events for a chart: copies left out, corrections applied, wrong events dropped."""
    rows = store.events_with_context(**filters, duplicates=False, limit=CHART_EVENTS)
    return corrections.corrected_rows(store, rows)


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(
    backend: Store_,
    a: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    b: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
    directed: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> HTMLResponse:
    def read(store: Store) -> dict[str, Any]:
        found: dict[str, Any] = {"dyads": data.dyads(store, limit=20)}
        if a and b:
            filters = {"dyad": (a, b), "directed": directed, "since": since, "until": until}
            found["chart"] = Markup(timeline_svg(_real_events(_chart_rows(store, filters))))
            found["months"] = store.dyad_timeline(
                a, b, directed=directed, since=since, until=until, fill=False
            )
        return found

    title = f"Dyad {a.upper()} - {b.upper()}" if a and b else "Dyads"
    return show(
        "dyad.html",
        title=title,
        a=(a or "").upper(),
        b=(b or "").upper(),
        directed=directed,
        since=since,
        until=until,
        **backend(read),
    )


def _chart_page(template: str, title: str, backend: Store_, query: EventQuery) -> HTMLResponse:
    def read(store: Store) -> list[tuple[dict[str, Any], Any]]:
        filters = query.filters()
        filters.pop("duplicates")
        return _chart_rows(store, filters)

    rows = backend(read)
    if template == "network.html":
        chart = _network_svg(build_network(record for record, _ in rows))
    else:
        chart = _map_svg(_real_events(rows))
    given = {k: v for k, v in query.model_dump().items() if v not in (None, False, "", "date")}
    return show(
        template,
        title=title,
        chart=Markup(chart),
        count=len(rows),
        capped=len(rows) >= CHART_EVENTS,
        query=query,
        given=given,
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(backend: Store_, query: Filters) -> HTMLResponse:
    return _chart_page("network.html", "Actor network", backend, query)


@router.get("/map", response_class=HTMLResponse)
def map_page(backend: Store_, query: Filters) -> HTMLResponse:
    return _chart_page("map.html", "Map of event locations", backend, query)


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(
    backend: Store_, offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0
) -> HTMLResponse:
    rows = backend(lambda s: corrections.history(s, limit=PAGE_SIZE + 1, offset=offset))
    more = len(rows) > PAGE_SIZE
    return show(
        "corrections.html",
        title="Corrections",
        rows=rows[:PAGE_SIZE],
        offset=offset,
        next_offset=offset + PAGE_SIZE if more else None,
    )


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", "")}
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]
    return show("api.html", title="API", operations=operations)
