"""GDELT 2.0 event rows: the codebook's 61 tab-separated columns, built from event records.

Herald fills what it knows (actors, CAMEO codes, date, action location, source) and leaves the
rest empty. As in GDELT, a row is one real-world event: the writer emits one row per event cluster
and NumMentions, NumSources and NumArticles are the cluster's counts (copies of syndicated articles
are not counted).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

import pycountry

from herald.export.records import Record

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)

#: The GDELT 2.0 event table's columns, in file order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{field}" for field in _ACTOR_FIELDS),
    *(f"Actor2{field}" for field in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{field}" for field in _GEO_FIELDS),
    *(f"Actor2Geo_{field}" for field in _GEO_FIELDS),
    *(f"ActionGeo_{field}" for field in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)

#: PLOVER sector codes whose CAMEO type code is spelled differently; the rest are shared.
SECTOR_TO_CAMEO: dict[str, str] = {"JRN": "MED", "CIV": "CVL"}

#: GDELT geographic resolution codes (the codebook's Geo_Type).
_GEO_COUNTRY, _GEO_WORLD_STATE, _GEO_WORLD_CITY = 1, 5, 4
_ADMIN_FEATURES = frozenset({"admin", "admin1", "adm1", "state", "region", "province"})

#: 53 bits: the id stays exact in tools that read numbers as doubles (spreadsheets, JavaScript).
_ID_BITS = 53


def global_event_id(event_id: str) -> int:
    """A positive integer derived stably from a Herald event id (same id, same number)."""
    digest = hashlib.sha256(event_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - _ID_BITS)


def fraction_date(day: date) -> float:
    """The codebook's FractionDate: year plus (month * 30 + day) / 365, to four places."""
    return round(day.year + (day.month * 30 + day.day) / 365, 4)


def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


def _actor(participant: dict[str, Any] | None) -> list[str]:
    if participant is None:
        return [""] * len(_ACTOR_FIELDS)
    code_country = (participant["country"] or "").upper()
    sector = (participant["sector"] or "").upper()
    type_code = SECTOR_TO_CAMEO.get(sector, sector)
    # An IGO code (UNO, NATO's NAT ...) is a CAMEO known group, not a country.
    country, group = ("", code_country)
    if not code_country or _is_country(code_country):
        country, group = code_country, ""
    name = str(participant["name"] or participant["text"] or "").upper()
    return [code_country + type_code, name, country, group, "", "", "", type_code, "", ""]


def _event_day(record: Record) -> date | None:
    value = record["date"] or record["date_start"]
    return date.fromisoformat(value) if value else None


def _geo(location: dict[str, Any] | None, feature: str | None) -> list[str]:
    if location is None:
        return ["0"] + [""] * (len(_GEO_FIELDS) - 1)
    feature = (feature or "").lower()
    if feature == "country":
        kind = _GEO_COUNTRY
    elif feature in _ADMIN_FEATURES:
        kind = _GEO_WORLD_STATE
    else:
        kind = _GEO_WORLD_CITY
    return [
        str(kind),
        str(location["name"] or ""),
        str(location["country"] or ""),
        "",
        "",
        _number(location["lat"]),
        _number(location["lon"]),
        _number(location["geonameid"]),
    ]


def _number(value: Any) -> str:
    return "" if value is None else str(value)


def _count(value: Any) -> str:
    # An event outside any cluster (or a hand-made context) stands for itself: one of each.
    return str(int(value)) if value else "1"


def gdelt_row(record: Record, context: dict[str, Any]) -> list[str]:
    """One event record as the 61 GDELT fields (strings, empty where Herald has no value).

    ``context`` is what :meth:`herald.store.Store.events_with_context` pairs with each record.
    """
    day = _event_day(record)
    actors = record["actor"]
    recipients = record["recipient"]
    cameo = str(record["cameo"] or "")
    lead_end = context.get("lead_end")
    is_root = lead_end is not None and record["evidence"]["start"] < lead_end
    added = context.get("ingested_at")
    row = [
        str(global_event_id(record["id"])),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        f"{fraction_date(day):.4f}" if day else "",
        *_actor(actors[0] if actors else None),
        *_actor(recipients[0] if recipients else None),
        "1" if is_root else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        _number(record["quad_class"]),
        _number(record["goldstein"]),
        _count(context.get("mentions")),
        _count(context.get("sources")),
        _count(context.get("articles")),
        "",
        *_geo(None, None),
        *_geo(None, None),
        *_geo(record["location"], context.get("location_feature")),
        added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else "",
        str(context.get("url") or context.get("key") or ""),
    ]
    # Tabs or newlines inside a field (a name, a URL) would break the row.
    return [" ".join(field.split()) if ("\t" in field or "\n" in field) else field for field in row]
