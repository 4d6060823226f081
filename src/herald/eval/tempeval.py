"""Score Herald's time expressions against TempEval-3 TimeML (TimeBank + AQUAINT, ``TBAQ-cleaned``).

Input: a ``.tar.gz``/``.tgz``/``.tar`` of ``.tml`` files (read in place), a folder of them
(recursive), or one ``.tml`` file. Each document's text is the content of its ``<TEXT>`` element
with the inline tags removed; its anchor is the DCT's TIMEX3 value (the day part).

Scoring follows the TempEval-3 Task A definitions for TIMEX3 (UzZaman et al. 2013):

- **strict span F1**: a system expression matches a gold one with exactly the same offsets;
- **relaxed span F1**: it matches when the two overlap (each gold and system expression is used
  at most once, greedily in text order);
- **value F1**: over the relaxed matches, the ones whose value equals the gold ``value`` count;
  precision divides by the system expressions, recall by the gold ones (the TempEval-3 scorer's
  attribute F1, equal to relaxed F1 times value accuracy).

Herald runs the parser and its time stage only, on the uncleaned TimeML text, so offsets are
comparable (cleaning could move them).
"""

from __future__ import annotations

import io
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from herald.errors import InputError
from herald.eval.common import check_limit, malformed, read_text, sample, share, summary, table
from herald.model import Article, Span

#: Keys of the headline metrics, in report order.
KEYS = ("n", "gold", "system", "value_f1", "relaxed_span_f1", "strict_span_f1")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    span: Span
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    name: str
    text: str
    dct: date | None
    timexes: tuple[GoldTimex, ...]


# --- loading -------------------------------------------------------------------------------------


def load_timeml(path: Path) -> list[TimeMLDoc]:
    """Every TimeML document under ``path`` (archive, folder or file), sorted by name."""
    docs = [_parse(name, text) for name, text in _sources(path)]
    return sorted(docs, key=lambda d: d.name)


def _sources(path: Path) -> Iterator[tuple[str, str]]:
    if path.is_dir():
        for file in sorted(path.rglob("*.tml")):
            yield str(file.relative_to(path)), read_text(file)
        return
    if not path.is_file():
        raise InputError("E101", path=str(path))
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".tml"):
                    handle = archive.extractfile(member)
                    if handle is not None:
                        yield member.name, handle.read().decode("utf-8-sig")
        return
    yield path.name, read_text(path)


def _parse(name: str, source: str) -> TimeMLDoc:
    try:
        root = ET.parse(io.StringIO(source)).getroot()
    except ET.ParseError as exc:
        raise malformed(Path(name), exc.position[0], f"not well-formed XML: {exc}") from exc
    body = root.find("TEXT")
    if body is None:
        raise malformed(Path(name), 1, "no <TEXT> element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(body, parts, timexes)
    dct = root.find("DCT/TIMEX3")
    anchor = _day(dct.get("value", "")) if dct is not None else None
    return TimeMLDoc(name, "".join(parts), anchor, tuple(timexes))


def _walk(node: ET.Element, parts: list[str], timexes: list[GoldTimex]) -> None:
    """Collect the text under ``node`` and the offsets of its TIMEX3 elements."""
    start = sum(len(p) for p in parts)
    if node.text:
        parts.append(node.text)
    for child in node:
        _walk(child, parts, timexes)
        if child.tail:
            parts.append(child.tail)
    if node.tag == "TIMEX3":
        end = start + len("".join(_own_text(node)))
        timexes.append(GoldTimex(Span(start, end), node.get("type", ""), node.get("value", "")))


def _own_text(node: ET.Element) -> list[str]:
    out = [node.text or ""]
    for child in node:
        out += _own_text(child)
        out.append(child.tail or "")
    return out


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --- scoring -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0

    def f1(self, hits: int) -> float:
        p, r = share(hits, self.system), share(hits, self.gold)
        return 2 * p * r / (p + r) if p + r else 0.0


def score_document(
    gold: tuple[GoldTimex, ...], system: list[tuple[Span, str | None]], counts: Counts
) -> list[tuple[GoldTimex, str | None]]:
    """Add one document's matches to ``counts``; return the relaxed matches with a wrong value."""
    counts.gold += len(gold)
    counts.system += len(system)
    counts.strict += len({g.span for g in gold} & {s for s, _ in system})
    used: set[int] = set()
    wrong: list[tuple[GoldTimex, str | None]] = []
    for g in gold:
        for i, (span, value) in enumerate(system):
            if i in used or not span.overlaps(g.span):
                continue
            used.add(i)
            counts.relaxed += 1
            if value == g.value:
                counts.value += 1
            else:
                wrong.append((g, value))
            break
    return wrong


def evaluate_tempeval(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run Herald's time stage over every document; returns (metrics, readable report)."""
    from herald.config import settings
    from herald.nlp import load_analyzer
    from herald.time import resolve_times

    check_limit(limit)
    docs = sample(load_timeml(path), limit)
    analyzer = load_analyzer(settings().model)
    counts = Counts()
    errors: list[tuple[str, str, str | None]] = []
    for doc, analysis in zip(docs, analyzer.analyze_many(d.text for d in docs), strict=True):
        article = Article(id=doc.name, raw=doc.text, text=doc.text, published=doc.dct)
        times = resolve_times(article, analysis)
        system = [(t.span, t.value) for t in times]
        for g, value in score_document(doc.timexes, system, counts):
            errors.append((g.span.text(doc.text), g.value, value))
    metrics: dict[str, Any] = {
        "n": len(docs),
        "gold": counts.gold,
        "system": counts.system,
        "value_f1": round(counts.f1(counts.value), 4),
        "relaxed_span_f1": round(counts.f1(counts.relaxed), 4),
        "strict_span_f1": round(counts.f1(counts.strict), 4),
    }
    worst = table(
        ["text (relaxed match, wrong value)", "gold", "herald"],
        [(t[:40], g, str(v)) for t, g, v in errors[:25]],
    )
    return metrics, summary(metrics, KEYS) + "\n\n" + worst
