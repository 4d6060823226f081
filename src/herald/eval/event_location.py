"""Score Herald's event locations on Halterman's event_location records (Prodigy JSON).

The file (``labeled_text.json.gz``, or the held-out ``relabel_gold.json``) is one JSON array (JSON
Lines also read): each record has a sentence ``text`` and ``spans``, exactly one labelled
``VERB`` (the event) and zero or more labelled ``LOCATION`` (where that event happened).

Herald parses the sentence, finds and resolves its toponyms (:func:`resolve_toponyms`) and asks
:func:`herald.geo.location_of` (the choice :func:`locate_events` makes for an event) where the
marked verb happened, choosing among every toponym Herald recognised, resolved or not (the
gold marks small places no offline gazetteer has; this scores the choice, not the gazetteer).
A record counts as right when Herald answers none and the gold has no
LOCATION, or when Herald's toponym overlaps one of the gold LOCATION spans. ``accuracy`` is over
all records; ``accuracy_located`` over those with a gold location, ``accuracy_unlocated`` over
those without. Records with no VERB span are skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herald.eval.common import check_limit, malformed, read_text, sample, share, summary
from herald.model import Actors, Article, Span

FILENAME = "labeled_text.json.gz"
KEYS = ("n", "accuracy", "accuracy_located", "accuracy_unlocated", "located")


@dataclass(frozen=True, slots=True)
class LocationRecord:
    text: str
    verb: Span
    locations: tuple[Span, ...]


def load_event_locations(path: Path) -> list[LocationRecord]:
    """The records with a VERB span (a folder means its ``labeled_text.json.gz``)."""
    if path.is_dir():
        path = path / FILENAME
    text = read_text(path)
    try:
        items = json.loads(text)
    except json.JSONDecodeError:
        items = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise malformed(path, number, exc.msg) from exc
    if not isinstance(items, list):
        raise malformed(path, 1, "expected a JSON array of records")
    records = []
    for number, item in enumerate(items, 1):
        record = _record(path, number, item)
        if record is not None:
            records.append(record)
    return records


def _record(path: Path, number: int, item: Any) -> LocationRecord | None:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise malformed(path, f"record {number}", "a record must be an object with 'text'")
    text: str = item["text"]
    verbs: list[Span] = []
    places: list[Span] = []
    for span in item.get("spans") or ():
        try:
            start, end, label = int(span["start"]), int(span["end"]), span["label"]
        except (KeyError, TypeError, ValueError) as exc:
            raise malformed(path, f"record {number}", f"bad span {span!r}") from exc
        if not 0 <= start <= end <= len(text):
            raise malformed(path, f"record {number}", f"span {start}-{end} outside the text")
        (verbs if label == "VERB" else places if label == "LOCATION" else []).append(
            Span(start, end)
        )
    if not verbs:
        return None
    return LocationRecord(text, verbs[0], tuple(places))


def evaluate_event_location(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Accuracy of the location Herald gives the marked verb; ``limit`` counts records."""
    from herald.config import settings
    from herald.geo import location_of, resolve_toponyms
    from herald.nlp import load_analyzer

    check_limit(limit)
    records = sample(load_event_locations(path), limit)
    analyzer = load_analyzer(settings().model)
    located = right_located = right_unlocated = 0
    for record, analysis in zip(
        records, analyzer.analyze_many((r.text for r in records), batch_size=64), strict=True
    ):
        article = Article(id="event-location", raw=record.text, text=record.text)
        toponyms = resolve_toponyms(article, analysis, Actors())
        found = location_of(analysis, toponyms, record.verb, resolved_only=False)
        if record.locations:
            located += 1
            right_located += found is not None and any(
                found.span.overlaps(g) for g in record.locations
            )
        else:
            right_unlocated += found is None
    n = len(records)
    metrics: dict[str, Any] = {
        "n": n,
        "accuracy": round(share(right_located + right_unlocated, n), 4),
        "accuracy_located": round(share(right_located, located), 4),
        "accuracy_unlocated": round(share(right_unlocated, n - located), 4),
        "located": located,
    }
    return metrics, summary(metrics, KEYS)
