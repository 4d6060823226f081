"""PLOVER JSON records: the field names of the PLOVER manual's event record, one per line.

Herald's own values go to the manual's fields (``actor``/``recipient`` entity objects, ``event``,
``mode`` and ``context`` lists, ``event_loc``, ``event_text``, ``quad_code``, ``text_info``,
``cite_info``, ``link``); values the manual has no field for (CAMEO code, Goldstein score,
modality, confidence) travel as extra named fields, which the manual allows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pycountry

from herald.export.records import Record

#: Keys of a PLOVER record as Herald writes it, in output order.
PLOVER_KEYS: tuple[str, ...] = (
    "id",
    "has_event",
    "date",
    "enddate",
    "actor",
    "recipient",
    "event",
    "mode",
    "context",
    "event_loc",
    "event_text",
    "quad_code",
    "link",
    "text_info",
    "cite_info",
    "coder",
    "coded_date",
    "comment",
    "cameo",
    "goldstein",
    "date_precision",
    "modality",
    "confidence",
)
#: The manual's entity object keys Herald fills (plus ``cameo_code``, an extra).
ENTITY_KEYS: tuple[str, ...] = (
    "code",
    "sector",
    "entity_text",
    "identifier_text",
    "office",
    "cameo_code",
)
CODER = "herald 0.1.0"


def _entity(participant: Record) -> Record:
    return {
        "code": participant["country"],
        "sector": participant["sector"],
        "entity_text": participant["text"],
        "identifier_text": participant["name"],
        "office": participant["role"],
        "cameo_code": participant.get("code"),
    }


def _iso3(code: str | None) -> str | None:
    """GeoNames gives two-letter country codes; the manual's country_code is three letters."""
    if not code:
        return None
    if len(code) == 3:
        return code.upper()
    country = pycountry.countries.get(alpha_2=code.upper())
    return str(country.alpha_3) if country is not None else None


def _location(location: Record | None, feature: str | None) -> Record | None:
    if location is None:
        return None
    return {
        "resolved_place": location["name"],
        "geonameid": location["geonameid"],
        "lat": location["lat"],
        "lon": location["lon"],
        "country_code": _iso3(location["country"]),
        "feature_code": feature,
    }


def _comment(record: Record) -> str | None:
    modality = record["modality"]
    marks = [name for name in ("negated", "future", "hypothetical") if modality.get(name)]
    if modality.get("reported_by"):
        marks.append(f"reported by {modality['reported_by']}")
    return "; ".join(marks) or None


def plover_record(record: Record, context: dict[str, Any]) -> Record:
    """One event record (with the context :meth:`Store.events_with_context` gives) as PLOVER."""
    start, end = record["date_start"], record["date_end"]
    added = context.get("ingested_at")
    cluster = context.get("cluster_id")
    evidence = record["evidence"]
    return {
        "id": record["id"],
        "has_event": True,
        "date": record["date"] or start,
        "enddate": end if end and end != start else None,
        "actor": [_entity(p) for p in record["actor"]],
        "recipient": [_entity(p) for p in record["recipient"]],
        "event": [record["event"]],
        "mode": [record["mode"]] if record["mode"] else [],
        "context": [record["context"]] if record["context"] else [],
        "event_loc": _location(record["location"], context.get("location_feature")),
        "event_text": [evidence["sentence"]],
        "quad_code": record["quad_class"],
        # The manual's link ties related records together: here, reports of one real event.
        "link": f"cluster-{cluster}" if cluster is not None else None,
        "text_info": {"start": evidence["start"], "end": evidence["end"]},
        "cite_info": {
            "citation": record["article_id"],
            "url": context.get("url"),
            "title": context.get("title"),
            "publication": context.get("source"),
            "coder": CODER,
            "codebook": "PLOVER with CAMEO codes (CAMEO2PLOVER)",
        },
        "coder": CODER,
        "coded_date": added.date().isoformat() if isinstance(added, datetime) else None,
        "comment": _comment(record),
        "cameo": record["cameo"],
        "goldstein": record["goldstein"],
        "date_precision": record["date_precision"],
        "modality": record["modality"],
        "confidence": record["confidence"],
    }
