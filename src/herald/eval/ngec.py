"""Score Herald's document-level PLOVER type on NGEC's synthetic stories (a smoke test).

The file is a CSV (zipped as distributed; plain or gzipped also read) with at least ``text`` and
``label`` columns: LLM-written stories and the PLOVER type their prompt asked for. The labels are
the prompt's intent, not an annotation of the text, so the figure is a regression signal, not a
gold-standard score.

Herald reads the story body (the headline is a slot template in ``title``; its filled form opens
``prompt``, which is not used). The answer is the PLOVER type of the most confident event,
``NONE`` without one. The stories are grouped by label, so ``limit`` takes every k-th story.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
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
    top_event,
)

FILENAME = "gpt_synthetic_events_2023-10-19_19.csv.zip"


@dataclass(frozen=True, slots=True)
class Story:
    text: str
    label: str
    mode: str


def load_ngec(path: Path) -> list[Story]:
    """Read the synthetic stories (zip, gzip or plain CSV; or the folder holding the zip)."""
    path = resolve(path, FILENAME)
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    stories = []
    try:
        if reader.fieldnames is None or not {"text", "label"} <= set(reader.fieldnames):
            raise malformed(path, 1, "the header must name 'text' and 'label' columns")
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise malformed(path, reader.line_num, "wrong number of fields")
            text, label = row["text"].strip(), row["label"].strip().upper()
            if not text or not label:
                raise malformed(path, reader.line_num, "empty text or label")
            stories.append(Story(text, label, (row.get("mode") or "").strip()))
    except csv.Error as exc:
        raise malformed(path, reader.line_num, str(exc)) from exc
    return stories


def evaluate_ngec(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over (a spread sample of) the stories; returns (metrics, table)."""
    check_limit(limit)
    stories = sample(load_ngec(path), limit)
    results = analyse([s.text for s in stories], name="ngec-synthetic")
    gold = [s.label for s in stories]
    predicted = []
    for result in results:
        event = top_event(result.events)
        predicted.append(event.type if event else NONE)
    scores = per_label(gold, predicted)
    figures: dict[str, Any] = {
        "n": len(stories),
        "event_accuracy": round(accuracy(gold, predicted), 4),
        "macro_f1": round(macro_f1(gold, predicted), 4),
        "no_event": predicted.count(NONE),
        "per_type": {k: v.as_dict() for k, v in scores.items()},
    }
    headline = ("n", "event_accuracy", "macro_f1", "no_event")
    label = "PLOVER type (prompt label)"
    return figures, label_report(figures, headline, gold, predicted, label, scores)
