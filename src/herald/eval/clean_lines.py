"""Plain-text cleaning on real scraped pages: line-level furniture removal by ``herald.clean``.

The pages are those of trafilatura's English news evaluation subset (see
:mod:`herald.eval.trafilatura_snippets`). Each page becomes the plain text a scraper that keeps
everything would produce, every line is labelled main text or furniture, and the cleaner runs on
the text. Furniture is the positive class: precision is the share of the lines the cleaner removed
that are furniture, recall the share of furniture lines it removed.

Rendering (:func:`render`), from the raw HTML parsed by lxml:

1. Elements nobody sees are dropped with their text: ``head``, ``script``, ``style``,
   ``noscript``, ``template``, ``svg``, ``iframe``, ``select`` and anything marked ``hidden``,
   ``aria-hidden="true"`` or styled ``display:none`` / ``visibility:hidden``. Comments and
   processing instructions are dropped too.
2. The text of ``body`` is read in document order; a block element (paragraph, heading, list item,
   table row or cell, ``div``, ``section``, ``header``, ``nav``, ``footer``, ``figure``,
   ``figcaption``, ``blockquote``, ``form``, ``button``, ``li``, ``dt``/``dd``, ...) or a ``br``
   starts a new line; inline elements run on in the same line.
3. Whitespace runs become one space; blank lines are dropped.

Labelling (:func:`label`), per rendered line, whitespace-collapsed and case-folded:

* the reference main text is the concatenation of the page's ``with`` snippets and trafilatura's
  own extraction of the page (``trafilatura.extract`` with ``favor_precision``), the latter
  standing in for a full gold extraction, which the dataset does not have;
* a line holding a ``without`` snippet (or held inside one) is furniture, whatever else;
* else a line holding a ``with`` snippet, or of 4 or more words and found inside the reference
  main text, or equal to one of its lines, is main text;
* every other line is furniture.

The short-line condition keeps a menu item such as "World" from counting as main text merely
because the word occurs in the story.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herald.errors import HeraldError
from herald.eval.common import check_limit, sample, share, table
from herald.eval.trafilatura_snippets import Page, load_pages

#: Elements whose text a reader never sees.
_INVISIBLE = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "iframe", "select", "object"}
    | {"canvas", "audio", "video", "map", "title", "meta", "link"}
)
#: Elements that start a new line of rendered text (HTML block-level and table structure).
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "figure"}
    | {"figcaption", "blockquote", "pre", "address", "form", "fieldset", "legend", "button"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th"}
    | {"caption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "details", "summary", "label"}
    | {"option", "body", "center", "menu", "dialog", "picture", "img", "input", "textarea"}
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
#: A line shorter than this must equal a reference line to count as main text.
_MIN_CONTAINED_WORDS = 4

MAIN, FURNITURE = "main", "furniture"


@dataclass(frozen=True, slots=True)
class Line:
    """One rendered line, its label, and whether the cleaner removed it."""

    text: str
    label: str
    removed: bool


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _hidden(element: Any) -> bool:
    attrib = element.attrib
    return (
        "hidden" in attrib
        or attrib.get("aria-hidden", "").lower() == "true"
        or bool(_HIDDEN_STYLE.search(attrib.get("style", "")))
    )


def render(html: bytes | str) -> list[str]:
    """The visible text of a page's body, one line per block (see the module docstring)."""
    # lxml ships no type stubs, and the project pins none (it comes with trafilatura).
    import lxml.html  # type: ignore[import-untyped]

    root = lxml.html.document_fromstring(html)
    body = root.find(".//body")
    pieces: list[str] = []
    for text in _walk(body if body is not None else root):
        pieces.append(text)
    lines = (_squash(line) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def _walk(element: Any) -> Iterator[str]:
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None:
        # Comments and processing instructions: their tail is still text of the parent.
        if element.tail:
            yield element.tail
        return
    name = tag.lower()
    if name in _INVISIBLE or _hidden(element):
        if element.tail:
            yield element.tail
        return
    block = name in _BLOCKS
    if block:
        yield "\n"
    if element.text:
        yield element.text
    for child in element:
        yield from _walk(child)
    if block:
        yield "\n"
    if element.tail:
        yield element.tail


def _reference(page: Page, html: bytes) -> tuple[str, set[str]]:
    """The reference main text (folded) and its lines, as described in the module docstring."""
    import trafilatura

    extracted = str(trafilatura.extract(html, favor_precision=True) or "")
    lines = {_squash(line).casefold() for line in extracted.split("\n")} - {""}
    text = " \n ".join([_squash(extracted), *(_squash(s) for s in page.with_)]).casefold()
    return text, lines


def label(page: Page, html: bytes, lines: Sequence[str]) -> list[str]:
    """MAIN or FURNITURE for each rendered line of the page."""
    reference, reference_lines = _reference(page, html)
    with_ = [_squash(s).casefold() for s in page.with_]
    without = [_squash(s).casefold() for s in page.without]
    labels: list[str] = []
    for line in lines:
        folded = line.casefold()
        if any(s in folded or folded in s for s in without):
            labels.append(FURNITURE)
        elif (
            any(s in folded for s in with_)
            or folded in reference_lines
            or (len(folded.split()) >= _MIN_CONTAINED_WORDS and folded in reference)
        ):
            labels.append(MAIN)
        else:
            labels.append(FURNITURE)
    return labels


def removed_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines ``clean`` took out of the text joined with newlines.

    A line the cleaner only trimmed (a caption losing its photo credit) stays; a text it
    refused altogether (E201) loses every line.
    """
    from herald.clean import clean

    try:
        cleaned = clean("\n".join(lines))
    except HeraldError:
        return set(range(len(lines)))
    return {
        r.line
        for r in cleaned.removed
        if r.reason in ("tags", "related") or _squash(r.text) == _squash(lines[r.line])
    }


def score_page(page: Page) -> list[Line]:
    """Render, label and clean one page."""
    html = gzip.decompress(page.html.read_bytes())
    lines = render(html)
    labels = label(page, html, lines)
    gone = removed_lines(lines)
    return [Line(t, lab, i in gone) for i, (t, lab) in enumerate(zip(lines, labels, strict=True))]


def evaluate_clean_lines(data: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Line-level precision and recall of furniture removal over the pages (pooled)."""
    check_limit(limit)
    pages = sample(load_pages(data), limit)
    rows: list[tuple[str, int, int, int, int, float, float]] = []
    total = [0, 0, 0, 0]  # tp, fp, fn, main kept
    for page in pages:
        lines = score_page(page)
        tp = sum(line.removed and line.label == FURNITURE for line in lines)
        fp = sum(line.removed and line.label == MAIN for line in lines)
        fn = sum(not line.removed and line.label == FURNITURE for line in lines)
        kept = sum(not line.removed and line.label == MAIN for line in lines)
        for i, value in enumerate((tp, fp, fn, kept)):
            total[i] += value
        rows.append(
            (
                page.html.name.removesuffix(".html.gz"),
                *(len(lines), tp, fp, fn),
                *(share(tp, tp + fp), share(tp, tp + fn)),
            )
        )
    tp, fp, fn, kept = total
    precision, recall = share(tp, tp + fp), share(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics: dict[str, Any] = {
        "n": len(pages),
        "lines": tp + fp + fn + kept,
        "furniture_lines": tp + fn,
        "main_lines": fp + kept,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "main_kept": round(share(kept, fp + kept), 4),
    }
    readable = (
        table(["page", "lines", "tp", "fp", "fn", "precision", "recall"], rows)
        + "\n\n"
        + table(["metric", "value"], list(metrics.items()))
    )
    return metrics, readable
