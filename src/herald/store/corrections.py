"""Analysts' corrections of machine-coded events: an append-only audit trail beside the events.

The ``events`` rows stay exactly as the pipeline wrote them. Each correction is one row of
``corrections`` (migration 3): the event id, the field, the new value, who and when. The latest
correction of a field wins; a NULL value takes the field back to the machine coding. Event ids
are derived from the article's content hash, so corrections survive re-ingest.

Fields:

- ``verdict``: ``"wrong"`` (the event should not exist; exports leave it out) or ``"confirmed"``.
- ``type``: ``{"event": PLOVER type, "mode": mode or null}``; CAMEO code, QuadClass and Goldstein
  follow from the type (``herald.events.ontology.default_cameo``).
- ``actor`` / ``recipient``: a list of ``{"country", "name", "sector"}`` participants.
- ``date``: ``{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}`` (``end`` defaults to ``start``).

Corrected records carry ``corrected:FIELD`` flags (and ``analyst:confirmed``), so exports show
what an analyst changed without a change to the record contract. Query filters still select on
the machine coding; the corrections are applied to the records they return.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from herald.errors import WebError
from herald.events import ontology

if TYPE_CHECKING:
    from herald.store._store import Store

Record = dict[str, Any]

FIELDS: tuple[str, ...] = ("verdict", "type", "actor", "recipient", "date")
VERDICTS: tuple[str, ...] = ("wrong", "confirmed")
#: Country codes as the actors stage writes them: ISO 3166 alpha-3, or a 3-6 letter IGO code.
_COUNTRY = re.compile(r"^[A-Z]{3,6}$")
MAX_PARTICIPANTS = 10
MAX_TEXT = 200


def _bad(event_id: str, detail: str) -> WebError:
    return WebError("E806", event=event_id, detail=detail)


def _text(value: Any, event_id: str, what: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _bad(event_id, f"{what} is required")
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise _bad(event_id, f"{what} must be text of at most {MAX_TEXT} characters")
    return value.strip()


def _type(value: Any, event_id: str) -> Record:
    if isinstance(value, str):
        value = {"event": value}
    if not isinstance(value, Mapping) or not isinstance(value.get("event"), str):
        raise _bad(event_id, "type must be a PLOVER type name or {'event': TYPE, 'mode': MODE}")
    try:
        kind = ontology.plover_type(value["event"])
        mode = _text(value.get("mode"), event_id, "mode")
        if mode is not None:
            mode = ontology.plover_mode(kind.name, mode).name
    except KeyError as exc:
        raise _bad(event_id, str(exc.args[0])) from exc
    return {"event": kind.name, "mode": mode}


def _participants(value: Any, event_id: str, side: str) -> list[Record]:
    if not isinstance(value, list) or len(value) > MAX_PARTICIPANTS:
        raise _bad(event_id, f"{side} must be a list of at most {MAX_PARTICIPANTS} participants")
    sectors = ontology.plover_sectors()
    out = []
    for item in value:
        if not isinstance(item, Mapping):
            raise _bad(event_id, f"each {side} is an object with country, name and sector")
        country = _text(item.get("country"), event_id, f"{side} country")
        country = country.upper() if country else None
        if country is not None and not _COUNTRY.match(country):
            raise _bad(event_id, f"{side} country {country!r} is not an ISO3 or IGO code")
        sector = _text(item.get("sector"), event_id, f"{side} sector")
        sector = sector.upper() if sector else None
        if sector is not None and sector not in sectors:
            raise _bad(event_id, f"{side} sector {sector!r} is not a PLOVER sector")
        name = _text(item.get("name"), event_id, f"{side} name")
        if country is None and name is None:
            raise _bad(event_id, f"a {side} needs a country or a name")
        out.append({"country": country, "name": name, "sector": sector})
    return out


def _day(value: Any, event_id: str, what: str) -> date:
    if not isinstance(value, str):
        raise _bad(event_id, f"{what} must be a YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _bad(event_id, f"{what} {value!r} is not a YYYY-MM-DD date") from exc


def _date(value: Any, event_id: str) -> Record:
    if isinstance(value, str):
        value = {"start": value}
    if not isinstance(value, Mapping):
        raise _bad(event_id, "date must be YYYY-MM-DD or {'start': ..., 'end': ...}")
    start = _day(value.get("start"), event_id, "date start")
    end = _day(value["end"], event_id, "date end") if value.get("end") else start
    if end < start:
        raise _bad(event_id, "date end is before its start")
    return {"start": start.isoformat(), "end": end.isoformat()}


def validate(event_id: str, field: str, value: Any) -> Any:
    """The normalised value of one correction (None takes the field back); E806 when invalid."""
    if field not in FIELDS:
        raise _bad(event_id, f"unknown field {field!r}; use one of {', '.join(FIELDS)}")
    if value is None:
        return None
    if field == "verdict":
        if value not in VERDICTS:
            raise _bad(event_id, f"verdict must be one of {', '.join(VERDICTS)}")
        return value
    if field == "type":
        return _type(value, event_id)
    if field == "date":
        return _date(value, event_id)
    return _participants(value, event_id, field)


def add(
    store: Store,
    event_id: str,
    changes: Mapping[str, Any],
    *,
    analyst: str,
    note: str | None = None,
) -> list[Record]:
    """Record corrections of one event (field -> value) in one transaction; return them.

    E801 when the event does not exist, E806 when a value, the analyst or the note is invalid.
    """
    who = _text(analyst, event_id, "analyst", required=True)
    why = _text(note, event_id, "note")
    if not changes:
        raise _bad(event_id, "give at least one of " + ", ".join(FIELDS))
    values = {field: validate(event_id, field, value) for field, value in changes.items()}
    if not store._rows("SELECT 1 FROM events WHERE id = ?", [event_id]):
        raise WebError("E801", what="event", value=event_id)
    # Naive UTC, as the store writes every timestamp.
    at = datetime.now(UTC).replace(tzinfo=None)
    with store._transaction():
        for field in FIELDS:
            if field in values:
                value = values[field]
                store._run(
                    'INSERT INTO corrections (event_id, field, value, analyst, note, "at") '
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [event_id, field, None if value is None else json.dumps(value), who, why, at],
                )
    return history(store, event_id=event_id)[-len(values) :]


def history(
    store: Store,
    *,
    event_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Record]:
    """The audit trail, oldest first: id, event_id, field, value, analyst, note, at."""
    sql = 'SELECT id, event_id, field, value, analyst, note, "at" FROM corrections'
    params: list[Any] = []
    if event_id is not None:
        sql += " WHERE event_id = ?"
        params.append(event_id)
    sql += " ORDER BY id LIMIT ? OFFSET ?"
    params.extend([limit if limit is not None else 2**62, offset])
    rows = store._fetch(sql, params)
    for row in rows:
        row["value"] = json.loads(row["value"]) if row["value"] is not None else None
        row["at"] = row["at"].isoformat(timespec="seconds")
    return rows


def latest(store: Store, event_ids: Sequence[str] | None = None) -> dict[str, dict[str, Record]]:
    """The correction in force per event and field (fields taken back are left out).

    Each entry holds ``value``, ``analyst``, ``note`` and ``at``. ``event_ids`` limits the
    lookup to those events (None: all).
    """
    where = ""
    params: list[Any] = []
    # Most stores have no corrections: one cheap probe spares the window query on every page.
    if not store._rows("SELECT 1 FROM corrections LIMIT 1"):
        return {}
    if event_ids is not None:
        if not event_ids:
            return {}
        where = "WHERE list_contains(?, event_id)"
        params.append(list(event_ids))
    rows = store._fetch(
        'SELECT event_id, field, value, analyst, note, "at" FROM ('
        "SELECT *, row_number() OVER (PARTITION BY event_id, field ORDER BY id DESC) AS n "
        f"FROM corrections {where}) WHERE n = 1 AND value IS NOT NULL",
        params,
    )
    out: dict[str, dict[str, Record]] = {}
    for row in rows:
        out.setdefault(row["event_id"], {})[row["field"]] = {
            "value": json.loads(row["value"]),
            "analyst": row["analyst"],
            "note": row["note"],
            "at": row["at"].isoformat(timespec="seconds"),
        }
    return out


def _participant(item: Record) -> Record:
    country, sector = item.get("country"), item.get("sector")
    return {
        # No words of the article name an analyst's participant: its text is the name given.
        "text": item.get("name") or country,
        "name": item.get("name") or country,
        "country": country,
        "sector": sector,
        "role": None,
        "code": f"{country}{sector or ''}" if country else None,
    }


def apply(record: Record, fields: Mapping[str, Record]) -> Record:
    """A copy of an event record with the corrections in force applied (and flagged)."""
    out = copy.deepcopy(record)
    flags: list[str] = list(out.get("flags") or [])
    for field, entry in fields.items():
        value = entry["value"]
        if field == "verdict":
            flags.append(f"analyst:{value}")
            continue
        if field == "type":
            code = ontology.default_cameo(value["event"], value["mode"])
            meaning = ontology.cameo(code)
            out.update(
                event=value["event"],
                mode=value["mode"],
                cameo=code,
                quad_class=meaning.quad_class,
                goldstein=meaning.goldstein,
            )
        elif field in ("actor", "recipient"):
            out[field] = [_participant(item) for item in value]
        elif field == "date":
            one_day = value["start"] == value["end"]
            out.update(
                date=value["start"] if one_day else None,
                date_start=value["start"],
                date_end=value["end"],
                date_precision="day" if one_day else "range",
                date_source="analyst",
            )
        flags.append(f"corrected:{field}")
    out["flags"] = flags
    return out


def is_wrong(fields: Mapping[str, Record]) -> bool:
    """Whether an analyst marked the event wrong."""
    verdict = fields.get("verdict")
    return verdict is not None and verdict["value"] == "wrong"


def corrected(store: Store, records: list[Record], *, drop_wrong: bool = True) -> list[Record]:
    """Event records with their corrections applied; events marked wrong are left out."""
    return [record for record, _ in corrected_rows(store, [(r, {}) for r in records], drop_wrong)]


def corrected_rows(
    store: Store, rows: list[tuple[Record, dict[str, Any]]], drop_wrong: bool = True
) -> list[tuple[Record, dict[str, Any]]]:
    """Like :func:`corrected`, for (record, context) pairs as exporters receive them."""
    # Few events are corrected: fetching every correction in force beats passing all the ids.
    found = latest(store) if rows else {}
    if not found:
        return rows
    out = []
    for record, context in rows:
        fields = found.get(record["id"])
        if fields is None:
            out.append((record, context))
        elif not (drop_wrong and is_wrong(fields)):
            out.append((apply(record, fields), context))
    return out
