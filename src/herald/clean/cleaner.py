"""The cleaning stage: scraped article text in, main text plus separated furniture out."""

from __future__ import annotations

from collections.abc import Iterable

from herald.clean.classify import Sorted, sort_lines
from herald.clean.features import has_terminal, is_title_like
from herald.clean.normalise import normalise
from herald.clean.repair import (
    Para,
    describe_joins,
    drop_duplicates,
    join_broken,
    join_kind,
    tidy_quotes,
)
from herald.errors import CleanError
from herald.model import Cleaned, Span

#: A headline is short; a longer unpunctuated first line is more likely a broken paragraph.
_TITLE_MAX_WORDS = 20


def clean(raw: str) -> Cleaned:
    """Clean scraped article text.

    1. Normalise characters (NFC, invisible characters, spaces) and split into numbered lines.
    2. Sort lines into content and furniture; collect caption, related titles and tags.
    3. Rejoin sentences and quotations the scrape broke; tidy quotes; undo translation doubles.
    4. Assemble paragraphs separated by a blank line, with the caption span into that text.

    Raises CleanError (E201) when no article text is left.
    """
    lines, repairs = normalise(raw)
    sorted_lines = sort_lines(lines)
    if not sorted_lines.kept:
        raise CleanError("E201", path="<text>")
    paras = join_broken(_paragraphs(sorted_lines))
    for para in paras:
        repairs.extend(describe_joins(para))
        para.text, notes = drop_duplicates(para.text)
        repairs.extend(notes)
        tidied = tidy_quotes(para.text)
        if tidied != para.text:
            repairs.append(f"tidied spaces inside quote marks (raw line {para.lines[0]})")
            para.text = tidied
    text, caption = _assemble(paras)
    title = paras[0].text if paras[0].role == "title" else None
    return Cleaned(
        text=text,
        title=title,
        caption=caption,
        related_titles=tuple(_unique(t for _, t in sorted_lines.related)),
        tags=tuple(_unique(t for _, t in sorted_lines.tags)),
        removed=tuple(sorted_lines.removed),
        repairs=tuple(repairs),
    )


def _paragraphs(sorted_lines: Sorted) -> list[Para]:
    """One paragraph per kept line, with the title and caption roles set."""
    paras: list[Para] = []
    for line in sorted_lines.kept:
        text = sorted_lines.captions.get(line.no, line.text)
        role = "caption" if line.no == sorted_lines.caption else "body"
        paras.append(Para(text=text, lines=[line.no], role=role))
    if _is_title(paras):
        paras[0].role = "title"
    return paras


def _is_title(paras: list[Para]) -> bool:
    """Whether the first paragraph is a headline: short, unpunctuated, followed by body text.

    A first line that the next one continues (a broken sentence or quotation) is not one.
    """
    if len(paras) < 2 or paras[0].role != "body":
        return False
    first, second = paras[0].text, paras[1].text
    if not is_title_like(first, _TITLE_MAX_WORDS) or has_terminal(first):
        return False
    return paras[1].role != "body" or join_kind(first, second) is None


def _assemble(paras: list[Para]) -> tuple[str, Span | None]:
    """Join paragraphs with blank lines; return the text and the caption's span in it."""
    pieces: list[str] = []
    caption: Span | None = None
    offset = 0
    for para in paras:
        if pieces:
            offset += 2
        if para.role == "caption":
            caption = Span(offset, offset + len(para.text))
        pieces.append(para.text)
        offset += len(para.text)
    return "\n\n".join(pieces), caption


def _unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))
