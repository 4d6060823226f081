"""Score Herald on CASE 2021 task 2: fine-grained (ACLED sub-event) types of news snippets.

The test file is a TSV with a header naming ``id``, ``EventSnippet`` and ``SubType``; labels are
the codes of ``event_types.txt`` (ARMED_CLASH, PEACE_PROTEST ...), 30 in the test set.

Herald codes PLOVER/CAMEO events, so its events are mapped to ACLED labels by the ordered rule
table ``herald/eval/data/acled_map.tsv`` (PLOVER type, mode, CAMEO prefix and participant sectors
-> label; its comments say what cannot be mapped). A snippet's answer is the label of its most
confident mappable event; a snippet without one gets ``NONE``, which is always wrong (no fallback
to a frequent label). The metric is the task's weighted F1, with accuracy and macro-F1 besides.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herald.eval.common import (
    NONE,
    EventRule,
    accuracy,
    analyse,
    check_limit,
    label_report,
    macro_f1,
    malformed,
    per_label,
    read_text,
    resolve,
    rule_rows,
    sample,
    top_event,
    weighted_f1,
)
from herald.model import Event

FILENAME = "test_set_final_release_with_labels.tsv"
COLUMNS = ("id", "EventSnippet", "SubType")
MAP_COLUMNS = ("type", "mode", "cameo", "actor_sector", "recipient_sector", "label")


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    text: str
    label: str


#: The ACLED map's rows (kept under this name for callers of this module).
Rule = EventRule


def load_case2021(path: Path) -> list[Snippet]:
    """Read the labelled test TSV (plain or gzipped; or the folder holding it)."""
    path = resolve(path, FILENAME)
    lines = read_text(path).splitlines()
    if not lines:
        raise malformed(path, 1, "empty file")
    header = lines[0].split("\t")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise malformed(path, 1, f"header lacks {', '.join(missing)}")
    where = [header.index(c) for c in COLUMNS]
    snippets = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise malformed(path, number, f"{len(cells)} fields, the header has {len(header)}")
        key, text, label = (cells[i].strip() for i in where)
        if not text or not label:
            raise malformed(path, number, "empty snippet or label")
        snippets.append(Snippet(key, text, label))
    return snippets


@functools.lru_cache(maxsize=1)
def acled_rules() -> tuple[Rule, ...]:
    """The rule table ``acled_map.tsv``, in order."""
    rules = []
    for cells in rule_rows("acled_map.tsv", MAP_COLUMNS):
        kind, mode, cameo, actor, recipient, label = cells
        rules.append(
            Rule(kind, mode, cameo, label.strip(), _sector_set(actor), _sector_set(recipient))
        )
    return tuple(rules)


def _sector_set(cell: str) -> frozenset[str]:
    return frozenset(s.strip() for s in cell.split(",") if s.strip())


def acled_label(event: Event, rules: Iterable[Rule] | None = None) -> str | None:
    """The ACLED label of an event by the first matching rule, None if no rule matches."""
    for rule in acled_rules() if rules is None else rules:
        if rule.matches(event):
            return rule.label
    return None


def predict(events: Sequence[Event]) -> str:
    """The label of the most confident mappable event, ``NONE`` without one."""
    mappable = [(event, label) for event in events if (label := acled_label(event)) is not None]
    best = top_event(event for event, _ in mappable)
    return next(label for event, label in mappable if event is best) if best else NONE


def evaluate_case2021(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over the snippets and score the mapped labels; (metrics, table)."""
    check_limit(limit)
    snippets = sample(load_case2021(path), limit)
    results = analyse([s.text for s in snippets], name="case2021")
    gold = [s.label for s in snippets]
    predicted = [predict(r.events) for r in results]
    scores = per_label(gold, predicted)
    figures: dict[str, Any] = {
        "n": len(snippets),
        "weighted_f1": round(weighted_f1(gold, predicted), 4),
        "accuracy": round(accuracy(gold, predicted), 4),
        "macro_f1": round(macro_f1(gold, predicted), 4),
        "no_event": predicted.count(NONE),
        "per_label": {k: v.as_dict() for k, v in scores.items()},
    }
    headline = ("n", "weighted_f1", "accuracy", "macro_f1", "no_event")
    return figures, label_report(figures, headline, gold, predicted, "ACLED sub-event type", scores)
