"""Score Herald's CAMEO root codes against the CAMEO-ConfliBERT coder-training annotations.

The folder holds one CSV per training round (``r<N>_summary*.csv``): a sentence per row and, per
coder ``k``, up to four actions ``Action<j>_CAMEO_<k>`` such as ``3-11 Disapprove`` (PentaClass,
then the CAMEO root). Sentences recur across rounds.

Adjudication, per sentence (whitespace-normalised text):

1. A coder's vote in a row is the root of the first action they filled in (their main action);
   coders who judged the sentence irrelevant or gave no code do not vote.
2. Where a round has several versions (``r4_summary.csv`` and ``r4_summary_v2.csv``) only the
   latest is read, so no coder votes twice on the same round.
3. The gold root is the one with the most votes over all rounds; a tie for the most votes leaves
   the sentence out (counted as ``ties_skipped``).

Herald's answer is the root of its most confident event (``NONE`` if it finds none). Herald does
not code CAMEO 01 (public statements have no PLOVER type), so sentences whose gold root is 01 are
always missed; the table shows how many there are.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herald.errors import InputError
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
    sample,
    top_event,
)

#: Round files in a folder; relevance-only files (r<N>_relevant_*.csv) carry no codes.
PATTERN = "*summary*.csv"
_ACTION = re.compile(r"^Action(\d+)_CAMEO_(\w+)$")
_CODE = re.compile(r"^\s*\d\s*-\s*(\d{1,2})\b")
_VERSION = re.compile(r"_v(\d+)$")


@dataclass(frozen=True, slots=True)
class Vote:
    """One coder's root for one sentence in one round file (``line``: where, for messages)."""

    sentence: str
    root: str
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """An adjudicated sentence: its majority root and the votes behind it."""

    text: str
    root: str
    votes: int
    coders: int


def _key(text: str) -> str:
    return " ".join(text.split())


def round_files(path: Path) -> list[Path]:
    """The round files to read: ``path`` itself, or the latest version of each round in a folder."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError("E101", path=str(path))
    latest: dict[str, tuple[int, Path]] = {}
    for file in sorted(path.glob(PATTERN)):
        match = _VERSION.search(file.stem)
        version = int(match.group(1)) if match else 1
        stem = _VERSION.sub("", file.stem)
        if stem not in latest or version > latest[stem][0]:
            latest[stem] = (version, file)
    if not latest:
        raise InputError("E101", path=str(path / PATTERN))
    return [file for _, file in sorted(latest.values(), key=lambda v: v[1].name)]


def load_votes(path: Path) -> list[Vote]:
    """Every coder's vote in one round file (plain or gzipped CSV)."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise malformed(path, 1, "empty file")
        if "sentences" not in header:
            raise malformed(path, 1, "no 'sentences' column")
        actions: dict[str, list[tuple[int, int]]] = {}
        for column, name in enumerate(header):
            match = _ACTION.match(name.strip())
            if match:
                actions.setdefault(match.group(2), []).append((int(match.group(1)), column))
        if not actions:
            raise malformed(path, 1, "no Action<j>_CAMEO_<coder> columns")
        text_column = header.index("sentences")
        votes = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise malformed(
                    path, reader.line_num, f"{len(row)} fields, the header has {len(header)}"
                )
            for coder in sorted(actions):
                root = _first_root(path, reader.line_num, row, sorted(actions[coder]))
                if root is None:
                    continue
                if not row[text_column].strip():
                    raise malformed(path, reader.line_num, "a coded row without a sentence")
                votes.append(Vote(_key(row[text_column]), root, path.name, reader.line_num))
    except csv.Error as exc:
        raise malformed(path, reader.line_num, str(exc)) from exc
    return votes


def _first_root(
    path: Path, line: int, row: list[str], columns: list[tuple[int, int]]
) -> str | None:
    for _, column in columns:
        value = row[column].strip()
        if not value:
            continue
        match = _CODE.match(value)
        if match is None:
            raise malformed(path, line, f"unreadable CAMEO code {value!r}")
        return match.group(1).zfill(2)
    return None


def adjudicate(votes: list[Vote]) -> tuple[list[GoldSentence], int]:
    """Majority root per sentence, in first-seen order; and how many sentences tied."""
    counts: dict[str, Counter[str]] = {}
    for vote in votes:
        counts.setdefault(vote.sentence, Counter())[vote.root] += 1
    gold, ties = [], 0
    for text, roots in counts.items():
        ranked = roots.most_common(2)
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            ties += 1
            continue
        gold.append(GoldSentence(text, ranked[0][0], ranked[0][1], sum(roots.values())))
    return gold, ties


def load_conflibert(path: Path) -> tuple[list[GoldSentence], int]:
    """Adjudicated gold sentences of a folder of round files (or one file), and the tie count."""
    votes = [vote for file in round_files(path) for vote in load_votes(file)]
    return adjudicate(votes)


def evaluate_conflibert(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over the adjudicated sentences; returns (metrics, readable table)."""
    check_limit(limit)
    gold_sentences, ties = load_conflibert(path)
    chosen = sample(gold_sentences, limit)
    results = analyse([g.text for g in chosen], name="conflibert")
    gold = [g.root for g in chosen]
    predicted = []
    for result in results:
        event = top_event(result.events)
        predicted.append(event.cameo[:2] if event else NONE)
    scores = per_label(gold, predicted)
    figures: dict[str, Any] = {
        "n": len(chosen),
        "cameo_root_accuracy": round(accuracy(gold, predicted), 4),
        "macro_f1": round(macro_f1(gold, predicted), 4),
        "ties_skipped": ties,
        "no_event": predicted.count(NONE),
        "per_root": {k: v.as_dict() for k, v in scores.items()},
    }
    headline = ("n", "cameo_root_accuracy", "macro_f1", "ties_skipped", "no_event")
    return figures, label_report(figures, headline, gold, predicted, "CAMEO root", scores)
