"""What the gold-data scorers share: reading files, sampling, running the pipeline, metrics, tables.

Metrics are computed over the gold labels: a prediction outside them (``NONE``, or a type the gold
never uses) is a miss for the gold label and no class of its own, so macro averages are not
diluted by labels nobody annotated.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from herald.errors import ConfigError, InputError
from herald.model import Event, RawArticle, Result

T = TypeVar("T")

#: The label of "no (mappable) event": always a wrong answer.
NONE = "NONE"
#: Publication date given to gold texts that carry none (dates are not scored).
FIXED_PUBLISHED = date(2020, 1, 1)
#: The coded error for a gold file whose content does not have the expected format. E107's
#: template ("Malformed record in {path} at line {line}: {detail}") fits; its fix names JSON
#: Lines, so a dedicated gold-data code would read better (see the report that added this).
MALFORMED = "E107"

_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"


def malformed(path: Path, line: int | str, detail: str) -> InputError:
    """The error for a gold record that cannot be read."""
    return InputError(MALFORMED, path=str(path), line=line, detail=detail)


def resolve(path: Path, filename: str) -> Path:
    """``path`` itself, or ``path/filename`` when a dataset folder is given."""
    if path.is_dir():
        path = path / filename
    if not path.is_file():
        raise InputError("E101", path=str(path))
    return path


def read_text(path: Path) -> str:
    """The text of a gold file, plain, gzipped or zipped (one data member), as UTF-8.

    The container is recognised by its first bytes, not its name, so a renamed held-out file
    still reads.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError("E101", path=str(path)) from exc
    except OSError as exc:
        raise InputError("E111", path=str(path), detail=exc.strerror or str(exc)) from exc
    try:
        if data.startswith(_GZIP_MAGIC):
            data = gzip.decompress(data)
        elif data.startswith(_ZIP_MAGIC):
            data = _zip_member(path, data)
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        raise InputError("E111", path=str(path), detail=f"broken archive: {exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E104", path=str(path), detail=str(exc)) from exc


def _zip_member(path: Path, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # Archives made on macOS carry __MACOSX/ resource forks next to the real file.
        names = [
            n for n in archive.namelist() if not n.endswith("/") and not n.startswith("__MACOSX")
        ]
        if len(names) != 1:
            raise InputError(
                "E111", path=str(path), detail=f"expected one file in the archive, found {names}"
            )
        return archive.read(names[0])


def check_limit(limit: int | None) -> None:
    """Refuse a limit below one (None means every record)."""
    if limit is not None and limit < 1:
        raise ConfigError("E701", name="--limit", value=str(limit), detail="must be 1 or more")


def sample(records: Sequence[T], limit: int | None) -> list[T]:
    """``limit`` records spread evenly over ``records`` (every k-th), or all of them.

    Files may be ordered by label, so the first N would cover a few labels only.
    """
    check_limit(limit)
    if limit is None or limit >= len(records):
        return list(records)
    return [records[i * len(records) // limit] for i in range(limit)]


def analyse(
    texts: Sequence[str], *, name: str, published: Sequence[date | None] = ()
) -> Iterator[Result]:
    """Run Herald's whole pipeline over ``texts``; one Result per text, in order, as they come.

    One model load for the whole run, and parsing in batches (``nlp.pipe``). Results are yielded,
    not collected: a caller keeps only its predictions, so memory does not grow with the dataset.
    """
    from herald.config import settings
    from herald.nlp import load_analyzer
    from herald.pipeline import run

    analyzer = load_analyzer(settings().model)
    dates = list(published) or [None] * len(texts)
    inputs = (
        RawArticle(key=f"{name}#{i}", text=text, published=day)
        for i, (text, day) in enumerate(zip(texts, dates, strict=True))
    )
    return run(inputs, published=FIXED_PUBLISHED, analyzer=analyzer, batch_size=64)


def top_event(events: Iterable[Event]) -> Event | None:
    """The most confident event; ties go to the earliest trigger (news leads with the main one)."""
    best: Event | None = None
    for event in events:
        if best is None or (-event.confidence, event.trigger.start) < (
            -best.confidence,
            best.trigger.start,
        ):
            best = event
    return best


# --- metrics -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Precision, recall and F1 of one gold label; ``n`` is its gold support."""

    n: int
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of positions where the prediction equals the gold label (0.0 for no data)."""
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)


def per_label(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, LabelScore]:
    """Precision/recall/F1 for every label that occurs in ``gold``, sorted by label."""
    support = Counter(gold)
    hits = Counter(g for g, p in zip(gold, predicted, strict=True) if g == p)
    guesses = Counter(predicted)
    scores: dict[str, LabelScore] = {}
    for label in sorted(support):
        tp = hits[label]
        precision = tp / guesses[label] if guesses[label] else 0.0
        recall = tp / support[label]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = LabelScore(support[label], precision, recall, f1)
    return scores


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean F1 over the gold labels."""
    scores = per_label(gold, predicted)
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 over the gold labels, weighted by their gold support (as CASE 2021 scores)."""
    scores = per_label(gold, predicted)
    return sum(s.f1 * s.n for s in scores.values()) / len(gold) if gold else 0.0


def share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


# --- readable output -----------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain text table: first column left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        parts = [row[0].ljust(widths[0])] + [
            v.rjust(w) for v, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _cell(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def label_table(scores: dict[str, LabelScore], title: str = "label") -> str:
    """The per-label breakdown as a table."""
    return table(
        [title, "n", "precision", "recall", "f1"],
        [(k, s.n, s.precision, s.recall, s.f1) for k, s in scores.items()],
    )


def confusions(gold: Sequence[str], predicted: Sequence[str], top: int = 10) -> str:
    """The most frequent (gold -> predicted) mistakes, one per line."""
    counts = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return table(
        ["gold -> predicted", "count"],
        [(f"{g} -> {p}", c) for (g, p), c in counts.most_common(top)],
    )


def summary(metrics: dict[str, Any], keys: Sequence[str]) -> str:
    """The headline metrics, one per line."""
    return table(["metric", "value"], [(k, metrics[k]) for k in keys])


def label_report(
    figures: dict[str, Any],
    headline: Sequence[str],
    gold: Sequence[str],
    predicted: Sequence[str],
    label_name: str,
    scores: dict[str, LabelScore] | None = None,
) -> str:
    """The readable report of a labelling evaluation: headline figures, the per-label table,
    the most frequent confusions."""
    return "\n\n".join(
        [
            summary(figures, headline),
            label_table(scores if scores is not None else per_label(gold, predicted), label_name),
            confusions(gold, predicted),
        ]
    )


def rule_rows(filename: str, columns: Sequence[str]) -> list[list[str]]:
    """The rows of a packaged rule table ``herald/eval/data/FILENAME`` under its checked header:
    tab-separated, ``#`` comments, every row as wide as the header with its last cell filled."""
    from importlib import resources

    text = resources.files("herald.eval").joinpath("data", filename).read_text("utf-8")
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if tuple(rows[0].split("\t")) != tuple(columns):
        raise ValueError(f"{filename}: header must be {'/'.join(columns)}")
    out = []
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) != len(columns) or not cells[-1]:
            raise ValueError(f"{filename}: bad rule {row!r}")
        out.append(cells)
    return out


@dataclass(frozen=True, slots=True)
class EventRule:
    """One row of a table mapping Herald's events to another scheme's labels (ACLED, MUC-4);
    empty fields match anything."""

    type: str
    mode: str
    cameo: str
    label: str
    actor_sectors: frozenset[str] = frozenset()
    recipient_sectors: frozenset[str] = frozenset()

    def matches(self, event: Event) -> bool:
        return (
            (not self.type or event.type == self.type)
            and (not self.mode or event.mode == self.mode)
            and event.cameo.startswith(self.cameo)
            and _sectors_match(self.actor_sectors, event.actors)
            and _sectors_match(self.recipient_sectors, event.recipients)
        )


def _sectors_match(wanted: frozenset[str], participants: Iterable[Any]) -> bool:
    return not wanted or any(p.sector in wanted for p in participants)
