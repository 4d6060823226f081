"""Score the pipeline on the reference article against an analyst's extraction (expected.json).

Matching follows expected.json's own rules: an event matches when its PLOVER type is listed, an
actor and a recipient resolve to the listed countries (either direction for symmetric events; an
empty recipient list asks for none), and its date range lies inside the listed range. Actors match
by name or alias, country and sector; quotations by speaker and contained words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from herald.export import actor_record, event_record, quote_record
from herald.model import Result
from herald.pipeline import process_text

Record = dict[str, Any]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@dataclass
class SeedReport:
    """Which required items were found, and which mistakes were made."""

    found_events: list[str] = field(default_factory=list)
    missed_events: list[str] = field(default_factory=list)
    found_actors: list[str] = field(default_factory=list)
    missed_actors: list[str] = field(default_factory=list)
    found_quotes: list[str] = field(default_factory=list)
    missed_quotes: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    events: list[Record] = field(default_factory=list)

    def metrics(self) -> dict[str, Any]:
        return {
            "required_events": len(self.found_events),
            "required_events_total": len(self.found_events) + len(self.missed_events),
            "required_actors": len(self.found_actors),
            "required_actors_total": len(self.found_actors) + len(self.missed_actors),
            "required_quotes": len(self.found_quotes),
            "required_quotes_total": len(self.found_quotes) + len(self.missed_quotes),
            "boilerplate_violations": len(self.violations),
        }


def _countries(participants: list[Record]) -> set[str]:
    return {p["country"] for p in participants if p.get("country")}


def event_matches(record: Record, gold: Record) -> bool:
    """Does an exported event record satisfy one expected event?"""
    if record["event"] not in gold["plover"]:
        return False
    actors, recipients = _countries(record["actor"]), _countries(record["recipient"])
    want_a, want_r = set(gold["actor"]), set(gold["recipient"])
    ok = bool(actors & want_a) and (bool(recipients & want_r) if want_r else not recipients)
    if not ok and gold.get("symmetric"):
        ok = bool(recipients & want_a) and bool(actors & want_r)
    if not ok:
        return False
    if "date" in gold:
        low, high = (date.fromisoformat(d) for d in gold["date"])
        start, end = record.get("date_start"), record.get("date_end")
        if not start or not end:
            return False
        if not (low <= date.fromisoformat(start) and date.fromisoformat(end) <= high):
            return False
    return True


def actor_matches(record: Record, gold: Record) -> bool:
    """Does an exported actor record satisfy one expected actor?"""
    names = {_norm(record["name"]), *(_norm(a) for a in record.get("aliases", []))}
    wanted = {_norm(gold["name"]), *(_norm(a) for a in gold.get("aliases", []))}
    if not names & wanted:
        return False
    sectors = gold["sector"] if isinstance(gold["sector"], list) else [gold["sector"]]
    return bool(record.get("country") == gold["country"] and record.get("sector") in sectors)


def quote_matches(record: Record, gold: Record) -> bool:
    """Does an exported quotation contain the expected words, said by the expected speaker?"""
    if _norm(gold["contains"]) not in _norm(record["content"] or ""):
        return False
    speaker = _norm(record.get("speaker_actor") or record.get("speaker") or "")
    return _norm(gold["speaker"]).split()[-1] in speaker.split()


def _boilerplate(result: Result, lines: list[str]) -> list[str]:
    """Paragraphs of the cleaned text that are furniture, and events/quotes drawn from them."""
    text = result.article.text
    bad = {_norm(line) for line in lines}
    problems: list[str] = []
    position = 0
    for paragraph in text.split("\n\n"):
        start = text.index(paragraph, position)
        position = start + len(paragraph)
        if _norm(paragraph) in bad:
            problems.append(f"furniture kept: {paragraph!r}")
            for event in result.events:
                if start <= event.trigger.start < position:
                    problems.append(f"event from furniture: {event.type} in {paragraph!r}")
    return problems


def evaluate_seed(folder: Path) -> SeedReport:
    """Run the pipeline on ``folder``/article.txt and score it against expected.json."""
    gold = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    text = (folder / "article.txt").read_text(encoding="utf-8")
    result = process_text(text, published=date.fromisoformat(gold["published"]), key="seed")
    if result.rejections:
        raise RuntimeError(result.rejections[0].message)
    article = result.article
    events = [event_record(e, article) for e in result.events]
    actors = [actor_record(a, article.id, result.actors) for a in result.actors.actors]
    quotes = [quote_record(q, article, result.actors) for q in result.quotes]
    report = SeedReport(events=events)
    for want in gold["events"]["required"]:
        hit = any(event_matches(e, want) for e in events)
        (report.found_events if hit else report.missed_events).append(want["id"])
    for want in gold["actors"]["required"]:
        hit = any(actor_matches(a, want) for a in actors)
        (report.found_actors if hit else report.missed_actors).append(want["name"])
    for want in gold["quotes"]["required"]:
        hit = any(quote_matches(q, want) for q in quotes)
        (report.found_quotes if hit else report.missed_quotes).append(want["contains"][:40])
    report.violations = _boilerplate(result, gold["boilerplate_lines"])
    iran = next((w for w in gold["events"]["required"] if w["id"] == "visit-iran"), None)
    if iran is not None:
        for e in events:
            if event_matches(e, iran) and not e["modality"]["future"]:
                report.violations.append("the Iran visit is reported as having happened")
    return report


def format_report(report: SeedReport) -> str:
    """A readable summary: counts, then what was missed."""
    m = report.metrics()
    lines = [
        f"required events  {m['required_events']}/{m['required_events_total']}",
        f"required actors  {m['required_actors']}/{m['required_actors_total']}",
        f"required quotes  {m['required_quotes']}/{m['required_quotes_total']}",
        f"boilerplate violations {m['boilerplate_violations']}",
    ]
    for label, missed in (
        ("missed events", report.missed_events),
        ("missed actors", report.missed_actors),
        ("missed quotes", report.missed_quotes),
        ("violations", report.violations),
    ):
        if missed:
            lines.append(f"{label}: {', '.join(missed)}")
    return "\n".join(lines)
