"""Score Herald against the PLOVER gold-standard records (``plover_gsr/PLOVER_GSR_CAMEO.txt``).

The file is a JSON array: a DOCUMENT header, then one record per event (text, event, eventText,
source/target actors with an ISO3-like code and an optional sector).

Choices, documented because the gold data forces them:

1. **Earlier PLOVER draft.** The GSR was coded before PLOVER 2.0 merged some types. Gold types
   are mapped before scoring: DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE,
   FIGHT -> ASSAULT (:data:`TYPE_MAP`).
2. **Which of Herald's events answers a record.** The event whose trigger shares a word with the
   gold eventText (case-insensitive; also by lemma, taking the lemmas of the gold words from the
   parsed sentence; words of five letters or more compared on their first five, so "refused"
   finds "refusing"); the most confident such event, else the most confident event overall. No
   event is the wrong type ``NONE``.
3. **Actor countries.** Over records whose gold source has codes, correct when the countries of
   the chosen event's actors meet the gold codes; recipients likewise against the gold target.
   Codes are compared on their first three letters. Three gold codes are not ISO3 and are read
   as what they mean (ITL -> ITA, JAP -> JPN, VTN -> VNM); the generic IGO/NGO/IMG codes match a
   participant whose CAMEO code or sector has that prefix (Herald codes the UN as ``IGOUNO``).
   The GSR writes IGO for non-state bodies that CAMEO calls NGOs (Amnesty International, the Red
   Cross), so a gold IGO or NGO matches a participant coded either way (:data:`BODY_CODES`).
4. **Sectors.** Over gold actors with a sector (``***`` means unknown and is skipped), correct
   when a participant on the same side has that sector; the gold's ethnic/religious suffixes are
   dropped (``CVLkur`` -> CVL) and ``CIV`` is read as CVL.
5. **CAMEO root.** The records carry no CAMEO code (the id names the PLOVER type only), so the
   expected root is derived from the gold type: correct when some CAMEO code under the root of
   Herald's event maps to the gold (mapped) PLOVER type in Herald's ontology (root 19 -> ASSAULT
   or COERCE, root 08 -> CONCEDE or RETREAT ...). This credits a right root with a wrong type
   only where CAMEO itself mixes types under one root.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from herald.eval.common import (
    NONE,
    accuracy,
    analyse,
    check_limit,
    label_report,
    macro_f1,
    malformed,
    per_label,
    read_text,
    resolve,
    sample,
    share,
    top_event,
)
from herald.events import ontology
from herald.model import Event, Participant, Result

FILENAME = "PLOVER_GSR_CAMEO.txt"
#: Gold types of the earlier PLOVER draft -> PLOVER 2.0 types.
TYPE_MAP: dict[str, str] = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
#: Non-ISO3 country codes found in the gold data -> ISO3.
COUNTRY_ALIASES: dict[str, str] = {"ITL": "ITA", "JAP": "JPN", "VTN": "VNM"}
#: Gold codes naming a kind of organisation rather than a country.
GENERIC_CODES = frozenset({"IGO", "NGO", "IMG"})
SECTOR_ALIASES: dict[str, str] = {"CIV": "CVL"}
#: Codes of bodies above or across states, one class for the GSR (see the module docstring).
BODY_CODES = frozenset({"IGO", "NGO"})

_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True, slots=True)
class GoldActor:
    text: str
    code: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class GsrRecord:
    """One gold event record; ``event`` is already mapped to PLOVER 2.0."""

    id: str
    text: str
    event: str
    event_text: str
    sources: tuple[GoldActor, ...]
    targets: tuple[GoldActor, ...]
    published: date | None = None


# --- loading -------------------------------------------------------------------------------------


def load_gsr(path: Path) -> list[GsrRecord]:
    """Read the GSR file (plain or gzipped; a folder holding it), skipping the DOCUMENT header."""
    path = resolve(path, FILENAME)
    records = []
    for line, item in _array_items(path, read_text(path)):
        if not isinstance(item, dict):
            raise malformed(path, line, "a record must be a JSON object")
        if item.get("event") == "DOCUMENT":
            continue
        records.append(_record(path, line, item))
    return records


def _array_items(path: Path, text: str) -> list[tuple[int, Any]]:
    """The items of a top-level JSON array with the line each starts on (for error messages)."""
    decoder = json.JSONDecoder()
    items: list[tuple[int, Any]] = []
    at = _skip_space(text, 0)
    if text[at : at + 1] != "[":
        raise malformed(path, text.count("\n", 0, at) + 1, "expected a JSON array of records")
    at = _skip_space(text, at + 1)
    if text[at : at + 1] == "]":
        return items
    while True:
        line = text.count("\n", 0, at) + 1
        try:
            item, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise malformed(path, exc.lineno, exc.msg) from exc
        items.append((line, item))
        at = _skip_space(text, at)
        follow = text[at : at + 1]
        if follow == "]":
            return items
        if follow != ",":
            raise malformed(path, text.count("\n", 0, at) + 1, "expected ',' or ']' after a record")
        at = _skip_space(text, at + 1)


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _record(path: Path, line: int, item: dict[str, Any]) -> GsrRecord:
    text, event = item.get("text"), item.get("event")
    if not isinstance(text, str) or not text.strip():
        raise malformed(path, line, "record has no 'text'")
    if not isinstance(event, str) or not event.strip():
        raise malformed(path, line, "record has no 'event'")
    event = event.strip().upper()
    published = None
    if isinstance(item.get("date"), str):
        try:
            published = date.fromisoformat(item["date"])
        except ValueError as exc:
            raise malformed(path, line, f"bad date {item['date']!r}") from exc
    event_text = item.get("eventText")
    return GsrRecord(
        id=str(item.get("id", f"line {line}")),
        text=text,
        event=TYPE_MAP.get(event, event),
        event_text=event_text if isinstance(event_text, str) else "",
        sources=_actors(path, line, item.get("source")),
        targets=_actors(path, line, item.get("target")),
        published=published,
    )


def _actors(path: Path, line: int, value: Any) -> tuple[GoldActor, ...]:
    # A few records hold "" or a stray string (a context word) where the list belongs: no actors.
    if not isinstance(value, list):
        return ()
    actors = []
    for actor in value:
        if not isinstance(actor, dict):
            raise malformed(path, line, "an actor must be an object with actorText and code")
        code, sector = actor.get("code"), actor.get("sector")
        actors.append(
            GoldActor(
                text=str(actor.get("actorText", "")),
                code=(code.strip().upper() or None) if isinstance(code, str) else None,
                sector=(sector.strip() or None) if isinstance(sector, str) else None,
            )
        )
    return tuple(actors)


# --- matching ------------------------------------------------------------------------------------


def country_key(code: str) -> str:
    """The country part of a gold or Herald code, with the gold's non-ISO3 codes repaired."""
    key = code.strip().upper()[:3]
    return COUNTRY_ALIASES.get(key, key)


def participant_keys(participant: Participant) -> set[str]:
    """What a participant can match in gold codes: its country, and IGO/NGO/IMG when it is one."""
    keys = {country_key(participant.country)} if participant.country else set()
    for value in (participant.code, participant.sector):
        if value and value[:3].upper() in GENERIC_CODES:
            keys.add(value[:3].upper())
    if keys & BODY_CODES:
        keys |= BODY_CODES
    return keys


def gold_sector(sector: str | None) -> str | None:
    """The PLOVER sector of a gold sector field (None when absent or unknown)."""
    if not sector or sector.startswith("*"):
        return None
    key = sector[:3].upper()
    return SECTOR_ALIASES.get(key, key)


@functools.lru_cache(maxsize=1)
def root_types() -> dict[str, frozenset[str]]:
    """CAMEO root -> every PLOVER type a code under it maps to."""
    roots: dict[str, set[str]] = {}
    for code in ontology.cameo_codes().values():
        if code.plover_type:
            roots.setdefault(code.root, set()).add(code.plover_type)
    return {root: frozenset(types) for root, types in roots.items()}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _stems(words: set[str]) -> set[str]:
    # The gold eventText is often inflected unlike the sentence ("refused" for "refusing"): a
    # five-letter prefix joins the forms of one verb without joining short function words.
    return {w[:5] for w in words if len(w) >= 5} | {w for w in words if len(w) < 5}


def choose_event(record: GsrRecord, result: Result) -> Event | None:
    """Herald's event for a record: one triggered by a gold event word, else the most confident."""
    gold = _words(record.event_text)
    if result.analysis is not None:
        # The gold words' lemmas come from the parse of the same sentence ("agreed" -> "agree").
        gold |= {t.lemma.lower() for t in result.analysis.tokens if t.text.lower() in gold}
    matching = []
    for event in result.events:
        words = _words(event.trigger.text(result.article.text))
        if result.analysis is not None:
            words |= {
                t.lemma.lower()
                for t in result.analysis.tokens
                if event.trigger.start <= t.start < event.trigger.end
            }
        if _stems(words) & _stems(gold):
            matching.append(event)
    return top_event(matching) or top_event(result.events)


# --- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scored:
    """One record with Herald's answer."""

    record: GsrRecord
    predicted: str
    root: str | None
    actor_hit: bool | None
    recipient_hit: bool | None
    sector_hits: tuple[bool, ...]


def score_record(record: GsrRecord, event: Event | None) -> Scored:
    """Compare one gold record with the event chosen for it (None: Herald found none)."""
    actors = event.actors if event else ()
    recipients = event.recipients if event else ()
    sectors: list[bool] = []
    for gold_side, side in ((record.sources, actors), (record.targets, recipients)):
        have = {p.sector for p in side if p.sector}
        for actor in gold_side:
            wanted = gold_sector(actor.sector)
            if wanted:
                sectors.append(wanted in have)
    return Scored(
        record=record,
        predicted=event.type if event else NONE,
        root=event.cameo[:2] if event else None,
        actor_hit=_country_hit(record.sources, actors),
        recipient_hit=_country_hit(record.targets, recipients),
        sector_hits=tuple(sectors),
    )


def _country_hit(gold: tuple[GoldActor, ...], side: tuple[Participant, ...]) -> bool | None:
    wanted = {country_key(a.code) for a in gold if a.code}
    if not wanted:
        return None
    return bool(wanted & set().union(*(participant_keys(p) for p in side)))


def metrics(scored: list[Scored]) -> dict[str, Any]:
    """The metrics of a scored run (see the module docstring for what each counts)."""
    gold = [s.record.event for s in scored]
    predicted = [s.predicted for s in scored]
    actor = [s.actor_hit for s in scored if s.actor_hit is not None]
    recipient = [s.recipient_hit for s in scored if s.recipient_hit is not None]
    sectors = [hit for s in scored for hit in s.sector_hits]
    roots = root_types()
    root_hits = sum(
        1 for s in scored if s.root is not None and s.record.event in roots.get(s.root, ())
    )
    return {
        "n": len(scored),
        "event_accuracy": round(accuracy(gold, predicted), 4),
        "event_macro_f1": round(macro_f1(gold, predicted), 4),
        "actor_country_accuracy": round(share(sum(actor), len(actor)), 4),
        "recipient_country_accuracy": round(share(sum(recipient), len(recipient)), 4),
        "sector_accuracy": round(share(sum(sectors), len(sectors)), 4),
        "cameo_root_accuracy": round(share(root_hits, len(scored)), 4),
        "actor_country_n": len(actor),
        "recipient_country_n": len(recipient),
        "sector_n": len(sectors),
        "no_event": predicted.count(NONE),
        "per_type": {k: v.as_dict() for k, v in per_label(gold, predicted).items()},
    }


HEADLINE = (
    "n",
    "event_accuracy",
    "event_macro_f1",
    "actor_country_accuracy",
    "recipient_country_accuracy",
    "sector_accuracy",
    "cameo_root_accuracy",
    "actor_country_n",
    "recipient_country_n",
    "sector_n",
    "no_event",
)


def evaluate_gsr(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over the GSR sentences and score it; returns (metrics, readable table)."""
    check_limit(limit)
    records = sample(load_gsr(path), limit)
    results = analyse(
        [r.text for r in records], name="plover-gsr", published=[r.published for r in records]
    )
    scored = [
        score_record(r, choose_event(r, res)) for r, res in zip(records, results, strict=True)
    ]
    figures = metrics(scored)
    gold = [s.record.event for s in scored]
    predicted = [s.predicted for s in scored]
    return figures, label_report(figures, HEADLINE, gold, predicted, "PLOVER type (mapped gold)")
