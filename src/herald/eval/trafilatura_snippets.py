"""trafilatura's evaluation snippets (English news): main text and publication date from HTML.

Each page has hand-picked ``with`` snippets (must appear in the extracted main text) and
``without`` snippets (boilerplate that must not). Per snippet, as trafilatura's own
``tests/evaluate.py`` counts: a ``with`` found is a true positive, missing a false negative; a
``without`` present is a false positive, absent a true negative. Precision, recall and F1 are over
the counts pooled across pages. ``date_accuracy`` is the share of pages with a gold date whose
extracted publication date equals it.

Two systems run on the same pages in the same run:

* Herald: the page read as an input file (``herald.sources``, the gzip and HTML readers), then
  ``herald.clean.clean``; a page either step refuses counts as an empty text and no date.
* trafilatura: ``trafilatura.extract`` and ``trafilatura.extract_metadata`` with their defaults.

Whitespace runs are collapsed to one space in both texts and snippets before matching, so line
breaks and the cleaner's paragraph joins do not decide a match.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from herald.errors import HeraldError
from herald.eval.common import check_limit, malformed, resolve, sample, share, table

GOLD_FILE = "evaldata_en_news_subset.json"
HTML_DIR = "html"
#: The inputs cap for reading a page (the default of HERALD_MAX_INPUT_BYTES).
_MAX_BYTES = 20 * 1024 * 1024
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Page:
    """One evaluated page: its gzipped HTML, snippets and gold publication date (if any)."""

    url: str
    html: Path
    with_: tuple[str, ...]
    without: tuple[str, ...]
    date: date | None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What a system made of one page: main text ("" when it gave none) and publication date."""

    text: str
    date: date | None


@dataclass(slots=True)
class Counts:
    """Snippet counts pooled over pages, and date hits over the pages with a gold date."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    dated: int = 0
    date_hits: int = 0

    def add(self, page: Page, got: Extraction) -> None:
        text = _squash(got.text)
        for snippet in page.with_:
            if _squash(snippet) in text:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in page.without:
            if _squash(snippet) in text:
                self.fp += 1
            else:
                self.tn += 1
        if page.date is not None:
            self.dated += 1
            self.date_hits += got.date == page.date

    def metrics(self) -> dict[str, float]:
        precision = share(self.tp, self.tp + self.fp)
        recall = share(self.tp, self.tp + self.fn)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "accuracy": round(share(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn), 4),
            "date_accuracy": round(share(self.date_hits, self.dated), 4),
        }


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _gold_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def load_pages(data: Path) -> list[Page]:
    """The pages of the gold file whose HTML is present, in the file's order."""
    gold = resolve(data, GOLD_FILE)
    folder = gold.parent / HTML_DIR
    try:
        records = json.loads(gold.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise malformed(gold, exc.lineno, exc.msg) from exc
    if not isinstance(records, dict):
        raise malformed(gold, 1, "expected an object of URL -> page record")
    pages: list[Page] = []
    for url, record in records.items():
        if not isinstance(record, dict) or not isinstance(record.get("file"), str):
            raise malformed(gold, url, "a page record needs a 'file' name")
        html = folder / f"{record['file']}.gz"
        if not html.is_file():
            raise malformed(gold, url, f"no HTML page {html.name} in {folder}")
        pages.append(
            Page(
                url=url,
                html=html,
                with_=tuple(str(s) for s in record.get("with") or ()),
                without=tuple(str(s) for s in record.get("without") or ()),
                date=_gold_date(record.get("date")),
            )
        )
    return pages


def herald_extract(page: Page) -> Extraction:
    """Herald's HTML path: the input reader (gzip -> HTML -> trafilatura), then the cleaner."""
    from herald.clean import clean
    from herald.model import RawArticle
    from herald.sources import read_inputs

    for item in read_inputs([page.html], max_bytes=_MAX_BYTES):
        if not isinstance(item, RawArticle):
            return Extraction("", None)
        try:
            text = clean(item.text).text
        except HeraldError:
            text = ""
        return Extraction(text, item.published)
    return Extraction("", None)


def trafilatura_extract(page: Page) -> Extraction:
    """trafilatura on its own, with its default settings, on the decoded page."""
    import trafilatura

    html = gzip.decompress(page.html.read_bytes())
    text = trafilatura.extract(html)
    meta = trafilatura.extract_metadata(html)
    day = _gold_date(meta.date[:10]) if isinstance(meta.date, str) else None
    return Extraction(str(text or ""), day)


SYSTEMS: dict[str, Callable[[Page], Extraction]] = {
    "herald": herald_extract,
    "trafilatura": trafilatura_extract,
}


def evaluate_snippets(data: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Score Herald's HTML path and trafilatura alone on the same pages.

    The headline keys are Herald's; trafilatura's figures carry a ``trafilatura_`` prefix.
    """
    check_limit(limit)
    pages = sample(load_pages(data), limit)
    counts = {name: Counts() for name in SYSTEMS}
    for page in pages:
        for name, extract in SYSTEMS.items():
            counts[name].add(page, extract(page))
    return _report(pages, counts)


def _report(pages: Sequence[Page], counts: dict[str, Counts]) -> tuple[dict[str, Any], str]:
    ours, theirs = counts["herald"].metrics(), counts["trafilatura"].metrics()
    metrics: dict[str, Any] = {
        "n": len(pages),
        "snippets": sum(len(p.with_) + len(p.without) for p in pages),
        "dated": counts["herald"].dated,
        **ours,
    }
    metrics.update({f"trafilatura_{k}": v for k, v in theirs.items()})
    rows = [
        (name, c.tp, c.fn, c.fp, c.tn, *(c.metrics()[k] for k in _KEYS))
        for name, c in counts.items()
    ]
    readable = (
        f"{len(pages)} pages, {metrics['snippets']} snippets, {metrics['dated']} gold dates\n"
        + table(["system", "tp", "fn", "fp", "tn", *_KEYS], rows)
    )
    return metrics, readable


_KEYS = ("precision", "recall", "f1", "accuracy", "date_accuracy")
