"""The JSON API under ``/api``: articles, events, actors, quotes, dyads, search, corrections.

Event filters are those of ``herald events`` (``herald.store.queries.EventFilter``). Lists are
paged with ``limit`` and ``offset`` and answer ``{"items", "limit", "offset", "next_offset"}``;
``next_offset`` is null on the last page.
"""

from __future__ import annotations

import io
import secrets
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from herald.errors import WebError
from herald.events.ontology import PLOVER_TYPES
from herald.export.records import Record
from herald.store import Store, corrections
from herald.web import data
from herald.web.data import Backend

router = APIRouter(prefix="/api")

#: Ids as the store writes them (hex hashes; imported and generated stores use word characters).
ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,128}$"
#: Country codes: ISO 3166 alpha-3 or an IGO code.
CODE_PATTERN = r"^[A-Za-z]{2,6}$"
SORT_PATTERN = r"^-?(date|goldstein|confidence|type|cameo|article)$"
#: Deep pages cost their offset in rows read: past this, narrow the filters instead.
MAX_OFFSET = 10_000
MAX_LIMIT = 500

Text = Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
Code = Annotated[str | None, Query(pattern=CODE_PATTERN)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


class Page(BaseModel):
    """One page of a list."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


Store_ = Annotated[Backend, Depends(backend)]

_bearer = HTTPBearer(auto_error=False, description="The token printed by `herald serve`.")


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """401 without a token, 403 with a wrong one (compared in constant time)."""
    if credentials is None:
        raise WebError("E802")
    expected: str = request.app.state.token
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise WebError("E803")


def page(rows: list[dict[str, Any]], limit: int, offset: int) -> Page:
    """A Page from ``limit + 1`` rows read at ``offset`` (the extra row says there is more)."""
    more = len(rows) > limit
    return Page(
        items=rows[:limit], limit=limit, offset=offset, next_offset=offset + limit if more else None
    )


class EventQuery(BaseModel):
    """Filters of ``herald events``, as query parameters."""

    actor: str | None = Field(None, pattern=CODE_PATTERN, description="Country on either side.")
    dyad: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2,6},[A-Za-z]{2,6}$",
        description="Two countries, one on each side: NER,RUS.",
    )
    directed: bool = Field(False, description="With dyad: only the first acting on the second.")
    type: str | None = Field(
        None, pattern=r"^([A-Za-z]{2,20}|[0-9]{2,4})$", description="PLOVER type or CAMEO prefix."
    )
    mode: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z_ \-]*$")
    context: str | None = Field(None, max_length=40, pattern=r"^[A-Za-z_ \-]*$")
    since: date | None = None
    until: date | None = None
    place: str | None = Field(None, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")
    source: str | None = Field(None, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")
    text: str | None = Field(None, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")
    article: str | None = Field(None, pattern=ID_PATTERN, description="Article id prefix.")
    sort: str = Field("date", pattern=SORT_PATTERN, description="Prefix - to reverse.")
    duplicates: bool = Field(False, description="Include events of near-duplicate copies.")

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        # HTML filter forms send every field, the empty ones as "".
        if value != "":
            return value
        return "date" if info.field_name == "sort" else None

    def filters(self) -> dict[str, Any]:
        """Keyword filters for ``Store.events``."""
        values = self.model_dump()
        dyad = values.pop("dyad")
        values["dyad"] = tuple(dyad.split(",")) if dyad else None
        return values


Filters = Annotated[EventQuery, Query()]


def events_page(store: Store, query: EventQuery, limit: int, offset: int) -> Page:
    """A page of events (corrections applied and shown)."""
    rows = store.events(**query.filters(), limit=offset + limit + 1)[offset:]
    return page(data.annotate(store, rows), limit, offset)


@router.get("", summary="Store totals and the API's entry points")
def index(backend: Store_) -> dict[str, Any]:
    counts = backend(data.counts)
    links = ["articles", "events", "actors", "quotes", "dyads", "search", "corrections", "export"]
    return {"counts": counts, "links": {name: f"/api/{name}" for name in links}}


@router.get("/articles", summary="Articles, newest first; q searches titles and text")
def list_articles(backend: Store_, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Page:
    rows = backend(lambda s: data.articles(s, q=q, limit=limit + 1, offset=offset))
    return page(rows, limit, offset)


@router.get("/articles/{article_id}", summary="One article with its spans, events and quotes")
def get_article(
    backend: Store_, article_id: Annotated[str, PathParam(pattern=ID_PATTERN)]
) -> dict[str, Any]:
    def read(store: Store) -> dict[str, Any]:
        record = store.article(article_id)
        record.pop("raw", None)
        record["events"] = data.annotate(store, record["events"])
        return record

    return backend(read)


@router.get("/events", summary="Events, filtered as `herald events`, corrections applied")
def list_events(backend: Store_, query: Filters, limit: Limit = 50, offset: Offset = 0) -> Page:
    return backend(lambda s: events_page(s, query, limit, offset))


@router.get("/events/{event_id}", summary="One event with its evidence and corrections")
def get_event(backend: Store_, event_id: Annotated[str, PathParam(pattern=ID_PATTERN)]) -> Record:
    def read(store: Store) -> Record:
        record = data.event(store, event_id)
        if record is None:
            raise WebError("E801", what="event", value=event_id)
        shown = data.annotate(store, [record])[0]
        shown["corrections"] = corrections.history(store, event_id=event_id)
        return shown

    return backend(read)


class ParticipantIn(BaseModel):
    """A participant as an analyst gives it: a country code, a name, or both."""

    model_config = ConfigDict(extra="forbid")

    country: str | None = Field(None, pattern=CODE_PATTERN)
    name: str | None = Field(None, max_length=200)
    sector: str | None = Field(None, pattern=r"^[A-Za-z]{3}$")


class TypeIn(BaseModel):
    """A PLOVER type and, optionally, one of its modes."""

    model_config = ConfigDict(extra="forbid")

    event: Literal[PLOVER_TYPES]  # type: ignore[valid-type]
    mode: str | None = Field(None, max_length=40)


class DateIn(BaseModel):
    """One day, or a range of days."""

    model_config = ConfigDict(extra="forbid")

    start: date
    end: date | None = None


class CorrectionIn(BaseModel):
    """What an analyst changes. Give a field as null to take its correction back."""

    model_config = ConfigDict(extra="forbid")

    analyst: str = Field(min_length=1, max_length=200, description="Who corrects.")
    note: str | None = Field(None, max_length=200, description="Why.")
    verdict: Literal["wrong", "confirmed"] | None = None
    type: TypeIn | None = None
    actor: list[ParticipantIn] | None = Field(None, max_length=corrections.MAX_PARTICIPANTS)
    recipient: list[ParticipantIn] | None = Field(None, max_length=corrections.MAX_PARTICIPANTS)
    date: DateIn | None = None


@router.post(
    "/events/{event_id}/corrections",
    status_code=201,
    summary="Correct an event (needs the write token)",
    dependencies=[Depends(require_token)],
    responses={401: {"description": "No token"}, 403: {"description": "Wrong token"}},
)
def correct_event(
    backend: Store_, event_id: Annotated[str, PathParam(pattern=ID_PATTERN)], body: CorrectionIn
) -> Record:
    values = body.model_dump(mode="json", exclude_unset=True)
    analyst, note = values.pop("analyst"), values.pop("note", None)
    if not values:
        raise WebError("E806", event=event_id, detail="give at least one field to correct")

    def write(store: Store) -> Record:
        added = corrections.add(store, event_id, values, analyst=analyst, note=note)
        record = data.event(store, event_id)
        assert record is not None  # add() has just checked it exists
        shown = data.annotate(store, [record])[0]
        shown["corrections"] = corrections.history(store, event_id=event_id)
        shown["added"] = added
        return shown

    return backend(write)


@router.get("/events/{event_id}/corrections", summary="The audit trail of one event")
def event_corrections(
    backend: Store_, event_id: Annotated[str, PathParam(pattern=ID_PATTERN)]
) -> list[dict[str, Any]]:
    def read(store: Store) -> list[dict[str, Any]]:
        if data.event(store, event_id) is None:
            raise WebError("E801", what="event", value=event_id)
        return corrections.history(store, event_id=event_id)

    return backend(read)


@router.get("/corrections", summary="Every correction, oldest first (the audit trail)")
def list_corrections(backend: Store_, limit: Limit = 50, offset: Offset = 0) -> Page:
    rows = backend(lambda s: corrections.history(s, limit=limit + 1, offset=offset))
    return page(rows, limit, offset)


@router.get("/actors", summary="Actors across articles, most mentioned first")
def list_actors(
    backend: Store_,
    country: Code = None,
    sector: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    name: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page:
    rows = backend(
        lambda s: s.actor_summary(
            country=country.upper() if country else None,
            sector=sector.upper() if sector else None,
            name=name.lower() if name else None,
            limit=offset + limit + 1,
        )
    )
    return page(rows[offset:], limit, offset)


@router.get("/actor", summary="One actor: aliases, roles, events and quotes")
def get_actor(
    backend: Store_,
    name: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")],
    limit: Limit = 100,
) -> dict[str, Any]:
    def read(store: Store) -> dict[str, Any]:
        found = [row for row in store.actor_summary(name=name.lower()) if row["name"] == name]
        if not found:
            raise WebError("E801", what="actor", value=name)
        events = data.annotate(store, data.actor_events(store, name, limit=limit))
        quotes = data.actor_quotes(store, name, limit=limit)
        return {"name": name, "entries": found, "events": events, "quotes": quotes}

    return backend(read)


@router.get("/quotes", summary="Quotations; q searches content and speakers")
def list_quotes(
    backend: Store_,
    q: Text = None,
    article: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page:
    def read(store: Store) -> list[dict[str, Any]]:
        if q:
            return data.quotes(store, q=q, limit=limit + 1, offset=offset)
        rows = store.quotes(article=article, limit=offset + limit + 1)
        return rows[offset:]

    return page(backend(read), limit, offset)


@router.get("/dyads", summary="Country pairs with their event counts")
def list_dyads(backend: Store_, limit: Limit = 50) -> list[dict[str, Any]]:
    return backend(lambda s: data.dyads(s, limit=limit))


@router.get("/dyads/{one}/{two}", summary="Monthly timeline of the events between two countries")
def dyad_timeline(
    backend: Store_,
    one: Annotated[str, PathParam(pattern=CODE_PATTERN)],
    two: Annotated[str, PathParam(pattern=CODE_PATTERN)],
    directed: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> dict[str, Any]:
    months = backend(
        lambda s: s.dyad_timeline(one, two, directed=directed, since=since, until=until)
    )
    return {"dyad": [one.upper(), two.upper()], "directed": directed, "months": months}


@router.get("/search", summary="Articles, events, actors and quotes matching words")
def search(
    backend: Store_,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    return backend(lambda s: search_all(s, q, limit))


def search_all(store: Store, q: str, limit: int) -> dict[str, Any]:
    """What ``/api/search`` and the search page show."""
    return {
        "q": q,
        "articles": data.articles(store, q=q, limit=limit, offset=0),
        "events": data.annotate(store, store.events(text=q, limit=limit)),
        "actors": store.actor_summary(name=q.lower(), limit=limit),
        "quotes": data.quotes(store, q=q, limit=limit, offset=0),
    }


TEXT_FORMATS = ("jsonl", "csv", "gdelt", "plover", "graphml", "gexf")
_MEDIA = {"csv": "text/csv", "graphml": "application/xml", "gexf": "application/xml"}


@router.get(
    "/export",
    summary="An export, as `herald export` writes it (corrections honoured)",
    response_class=PlainTextResponse,
    responses={
        200: {
            "content": {"text/plain": {}, "text/csv": {}, "application/xml": {}},
            "description": "The export: JSON Lines, CSV, GDELT TSV, PLOVER JSON Lines or XML.",
        }
    },
)
def export(
    backend: Store_,
    query: Filters,
    format: Literal[TEXT_FORMATS] = "jsonl",  # type: ignore[valid-type]
    what: Literal["events", "quotes", "actors"] = "events",
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
) -> PlainTextResponse:
    from herald.export import export as run_export

    filters = {**query.filters(), "limit": limit} if what == "events" else {"limit": limit}
    stream = io.StringIO()
    backend(lambda s: run_export(s, format, what, stream, **filters))
    name = f"herald-{what}.{'tsv' if format == 'gdelt' else format}"
    return PlainTextResponse(
        stream.getvalue(),
        media_type=_MEDIA.get(format, "text/plain"),
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
