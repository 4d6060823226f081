"""Score Herald on the PETRARCH2 unit-test records with PETRARCH's toy dictionaries.

The records (``PETR.UnitTest.records.xml``) are stylised sentences about invented states (ARN =
Arnor, GON = Gondor) with gold ``<EventCoding sourcecode targetcode eventcode>``. The actor, agent
and verb dictionaries beside the file are loaded as the analyst's dictionaries, the verbs
replacing Herald's own patterns, so the test is of Herald's machinery, not of its knowledge.
Each record is one article, published on the record's date (which selects dated actor codes).

Metrics, over the gold codings of the records that expect events (``codings`` of them):

* ``cameo_root_accuracy``: share of gold codings for which some Herald event of that sentence has
  the same CAMEO root (first two digits);
* ``cameo_code_accuracy``: ... the same CAMEO code exactly;
* ``source_accuracy``: ... an actor whose CAMEO actor code (the participant's ``code``, else its
  actor's) equals the gold source code;
* ``target_accuracy``: ... a recipient whose code equals the gold target code;
* ``triple_accuracy``: ... all three in one event (PETRARCH's own pass criterion).

A gold code ``---`` (no actor) is matched by an event with no coded participant on that side.
Records that expect no event (``noevents``, a discard or an input error PETRARCH must refuse, or
no coding at all) are scored apart: ``no_event_accuracy`` is the share where Herald coded nothing.
``n`` counts the records scored, ``rejected`` those the pipeline refused.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from herald.actors.dictionaries import NULL_CODE, ActorDictionary
from herald.eval.common import malformed, read_text, resolve, sample, share, summary, table
from herald.events.verbs import VerbDictionary
from herald.knowledge import Knowledge
from herald.model import Event, Participant, RawArticle, Result

RECORDS = "PETR.UnitTest.records.xml"
ACTORS = "PETR.Validate.actors.txt"
AGENTS = "PETR.Validate.agents.txt"
VERBS = "PETR.Validate.verbs.txt"

_KEYS = (
    "n",
    "codings",
    "cameo_root_accuracy",
    "cameo_code_accuracy",
    "source_accuracy",
    "target_accuracy",
    "triple_accuracy",
    "no_event_n",
    "no_event_accuracy",
    "rejected",
)


@dataclass(frozen=True, slots=True)
class Coding:
    """One gold event: CAMEO source actor code, target actor code, event code."""

    source: str
    target: str
    event: str


@dataclass(frozen=True, slots=True)
class Record:
    """One unit-test sentence; ``codings`` is empty when no event is expected."""

    id: str
    category: str
    published: date
    text: str
    codings: tuple[Coding, ...]


def load_records(path: Path) -> list[Record]:
    """The <Sentence> records of a PETRARCH validation file."""
    try:
        root = ET.fromstring(read_text(path))
    except ET.ParseError as exc:
        raise malformed(path, exc.position[0], f"not well-formed XML: {exc}") from exc
    records: list[Record] = []
    for sentence in root.iter("Sentence"):
        ident = sentence.get("id", f"#{len(records) + 1}")
        text_node = sentence.find("Text")
        stamp = sentence.get("date", "")
        if text_node is None or not (text_node.text or "").strip():
            raise malformed(path, ident, "a <Sentence> without <Text>")
        try:
            published = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
        except ValueError as exc:
            raise malformed(path, ident, f"bad date {stamp!r}") from exc
        codings = tuple(
            # Some codes are written '""' (a quoted empty string): PETRARCH's null actor.
            Coding(
                _code(coding.get("sourcecode", "")),
                _code(coding.get("targetcode", "")),
                coding.get("eventcode", "").strip(),
            )
            for coding in sentence.findall("EventCoding")
            if coding.get("eventcode")
        )
        records.append(
            Record(
                id=ident,
                category=sentence.get("category", ""),
                published=published,
                # The records wrap lines inside a sentence; the article is the sentence.
                text=" ".join((text_node.text or "").split()),
                codings=codings,
            )
        )
    if not records:
        raise malformed(path, 1, "no <Sentence> records")
    return records


def _code(value: str) -> str:
    value = value.strip()
    return NULL_CODE if value in ("", '""') else value


def knowledge_for(folder: Path) -> Knowledge:
    """The toy dictionaries beside the records, as the analyst's dictionaries."""
    actors = ActorDictionary.from_files(folder / ACTORS, folder / AGENTS)
    verbs = VerbDictionary.from_file(folder / VERBS)
    return Knowledge(actors=actors, verbs=verbs, replace_verbs=True, replace_actors=True)


def _codes(side: Sequence[Participant], result: Result) -> set[str]:
    """The CAMEO actor codes of one side of an event (the participant's, else its actor's)."""
    codes: set[str] = set()
    for participant in side:
        code = participant.code
        if code is None and participant.actor_id is not None:
            actor = result.actors.by_id(participant.actor_id)
            code = actor.code if actor else None
        if code:
            codes.add(code)
    return codes


def _side_matches(gold: str, codes: set[str]) -> bool:
    return not codes if gold == NULL_CODE else gold in codes


@dataclass
class _Tally:
    codings: int = 0
    root: int = 0
    code: int = 0
    source: int = 0
    target: int = 0
    triple: int = 0
    quiet: int = 0
    quiet_hits: int = 0


def score(records: Sequence[Record], results: Sequence[Result]) -> tuple[dict[str, Any], str]:
    """Metrics (see the module docstring) and a readable report with a per-category table."""
    total = _Tally()
    by_category: dict[str, _Tally] = defaultdict(_Tally)
    rejected = 0
    misses: list[str] = []
    for record, result in zip(records, results, strict=True):
        rejected += bool(result.rejections)
        events: tuple[Event, ...] = result.events
        for tally in (total, by_category[record.category]):
            if not record.codings:
                tally.quiet += 1
                tally.quiet_hits += not events
        coded = [(e, _codes(e.actors, result), _codes(e.recipients, result)) for e in events]
        for gold in record.codings:
            hits = (
                any(e.cameo[:2] == gold.event[:2] for e, _, _ in coded),
                any(e.cameo == gold.event for e, _, _ in coded),
                any(_side_matches(gold.source, s) for _, s, _ in coded),
                any(_side_matches(gold.target, t) for _, _, t in coded),
                any(
                    e.cameo == gold.event
                    and _side_matches(gold.source, s)
                    and _side_matches(gold.target, t)
                    for e, s, t in coded
                ),
            )
            for tally in (total, by_category[record.category]):
                tally.codings += 1
                tally.root += hits[0]
                tally.code += hits[1]
                tally.source += hits[2]
                tally.target += hits[3]
                tally.triple += hits[4]
            if not hits[4] and len(misses) < 15:
                got = ", ".join(
                    f"{'/'.join(sorted(s)) or '-'} {e.cameo} {'/'.join(sorted(t)) or '-'}"
                    for e, s, t in coded
                )
                misses.append(
                    f"{record.id}: want {gold.source} {gold.event} {gold.target}; got {got or '-'}"
                )
    metrics: dict[str, Any] = {
        "n": len(records),
        "codings": total.codings,
        "cameo_root_accuracy": round(share(total.root, total.codings), 4),
        "cameo_code_accuracy": round(share(total.code, total.codings), 4),
        "source_accuracy": round(share(total.source, total.codings), 4),
        "target_accuracy": round(share(total.target, total.codings), 4),
        "triple_accuracy": round(share(total.triple, total.codings), 4),
        "no_event_n": total.quiet,
        "no_event_accuracy": round(share(total.quiet_hits, total.quiet), 4),
        "rejected": rejected,
    }
    categories = table(
        ["category", "codings", "root", "code", "source", "target", "triple", "no-event"],
        [
            (
                name,
                t.codings,
                share(t.root, t.codings),
                share(t.code, t.codings),
                share(t.source, t.codings),
                share(t.target, t.codings),
                share(t.triple, t.codings),
                f"{t.quiet_hits}/{t.quiet}",
            )
            for name, t in sorted(by_category.items())
        ],
    )
    report = "\n\n".join(
        [summary(metrics, _KEYS), categories, "first misses:\n" + "\n".join(misses or ["none"])]
    )
    return metrics, report


def evaluate_petrarch(data: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over the unit-test records (``limit``: an even sample) and score them."""
    from herald.config import settings
    from herald.nlp import load_analyzer
    from herald.pipeline import run

    path = resolve(data, RECORDS)
    records = sample(load_records(path), limit)
    knowledge = knowledge_for(path.parent)
    analyzer = load_analyzer(settings().model)
    # Each record carries its own date as the article's publication date (it selects dated
    # actor codes such as SAM_GAMGEE's); batching across dates keeps the model busy.
    inputs = [RawArticle(key=r.id, text=r.text, published=r.published) for r in records]
    results = list(run(inputs, analyzer=analyzer, batch_size=64, knowledge=knowledge))
    return score(records, results)
