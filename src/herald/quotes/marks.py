"""Find quotations by their quote marks: a pure scanner over text, no language model.

Handles straight, curly, low-9 and guillemet quotes, double and single. A double quote left open
at the end of a paragraph runs to the end of that paragraph (journalists open every paragraph of
a long quotation and close only the last one; scraped text loses closing marks). Single marks
double as apostrophes, so a single quote only counts when it opens like a quotation and is closed
in the same paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from herald.model import Span

Family = Literal["double", "single"]

#: Every character the scanner treats as a quote mark, with its family.
QUOTE_MARKS: dict[str, Family] = {
    '"': "double",
    "“": "double",
    "”": "double",
    "„": "double",
    "«": "double",
    "»": "double",
    "'": "single",
    "‘": "single",
    "’": "single",
    "‚": "single",
    "‹": "single",
    "›": "single",
}

# Marks that normally open / close. A straight mark does both; the others can still be used the
# other way round (»reversed« styles, ” used as an opener by bad typesetting) when flanking says so.
_OPENERS = frozenset("“„«‘‚‹")
_CLOSERS = frozenset("”»’›")

# Characters after which an opening mark is natural (start of a clause or bracket).
_OPENING_PUNCT = frozenset("([{<—–-/:")
# Characters before which a closing mark is natural.
_CLOSING_PUNCT = frozenset(")]}>,.;:!?…—–-")

# Words that follow a leading apostrophe rather than an opening single quote ('em, '90s, 'tis).
_ELISIONS = frozenset({"em", "til", "tis", "twas", "cause", "n", "s", "round", "bout", "ol"})

#: A paragraph break: a blank line, possibly holding other whitespace.
PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

# A paragraph may continue an open quotation at most this many times (a broken scrape line),
# so one stray mark cannot swallow a whole article.
_MAX_SOFT_BREAKS = 8


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quotation found by its marks.

    ``outer`` runs from the opening mark to just after the closing mark (or the paragraph end when
    ``balanced`` is False); ``content`` is the quoted words, trimmed, without the marks.
    """

    outer: Span
    content: Span
    mark: str
    balanced: bool


def paragraphs(text: str) -> list[Span]:
    """The non-blank paragraphs of ``text`` (separated by blank lines), trimmed of whitespace."""
    out: list[Span] = []
    start = 0
    for match in PARAGRAPH_BREAK.finditer(text):
        _add_trimmed(text, start, match.start(), out)
        start = match.end()
    _add_trimmed(text, start, len(text), out)
    return out


def _add_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Span(start, end))


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _flanking(text: str, i: int) -> tuple[bool, bool]:
    """(clearly opening, clearly closing) for the mark at ``i``, from its neighbours.

    Another quote mark next to this one counts as punctuation, so runs of marks stay ambiguous.
    """
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    next_wordish = not nxt.isspace() and nxt not in _CLOSING_PUNCT and nxt not in QUOTE_MARKS
    prev_wordish = not prev.isspace() and prev not in _OPENING_PUNCT and prev not in QUOTE_MARKS
    return next_wordish and not prev_wordish, prev_wordish and not next_wordish


def _single_can_open(text: str, i: int, opening: bool) -> bool:
    """A single mark opens a quotation only before a word and not as an elision ('em, '90s)."""
    if not opening or i + 1 >= len(text) or not _is_word(text[i + 1]):
        return False
    if text[i + 1].isdigit():
        return False
    j = i + 1
    while j < len(text) and text[j].isalpha():
        j += 1
    return text[i + 1 : j].lower() not in _ELISIONS


def _single_can_close(text: str, i: int, closing: bool) -> bool:
    """A single mark closes only after a word or punctuation and never inside a word (don't)."""
    if not closing or i == 0:
        return False
    return _is_word(text[i - 1]) or text[i - 1] in ".,!?…"


def _roles(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at ``i``."""
    ch = text[i]
    opening, closing = _flanking(text, i)
    if QUOTE_MARKS[ch] == "single":
        return _single_can_open(text, i, opening), _single_can_close(text, i, closing)
    if ch in _OPENERS:
        return True, closing
    if ch in _CLOSERS:
        return opening, True
    # Straight double quote: anything not clearly one way may be the other.
    return not closing, not opening


def _trim(text: str, start: int, end: int) -> Span:
    """Whitespace off both ends; a trailing comma too (it belongs to the reporting sentence)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Span(start, end)


def _soft_break(text: str, stack: list[tuple[int, str]], para: Span, nxt: Span | None) -> bool:
    """Whether an open quotation should run on into the next paragraph.

    Only when the break looks like a scrape artefact: nothing quoted yet in this paragraph, or the
    next paragraph starts lowercase or with a closing-looking mark.
    """
    if nxt is None or not any(QUOTE_MARKS[m] == "double" for _, m in stack):
        return False
    first_open = next(pos for pos, m in stack if QUOTE_MARKS[m] == "double")
    if not text[first_open + 1 : para.end].strip():
        return True
    head = text[nxt.start]
    if head.islower():
        return True
    return head in QUOTE_MARKS and not _flanking(text, nxt.start)[0]


def scan_quotes(text: str) -> tuple[Quoted, ...]:
    """Top-level quotations in ``text``, in order. Never raises; nested quotes are not reported.

    Doubled apostrophes and backticks (''...'' and ``...'', as some wire and newspaper archives
    write double quotes) are read as one double mark each.
    """
    if "''" not in text and "``" not in text:
        return _scan(text)
    folded, starts, ends = _fold_doubled(text)
    return tuple(
        Quoted(
            Span(starts[q.outer.start], ends[q.outer.end - 1]),
            Span(starts[q.content.start], ends[q.content.end - 1]),
            q.mark,
            q.balanced,
        )
        for q in _scan(folded)
    )


def _fold_doubled(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` with each '' and `` made one ", plus each folded character's original span."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        width = 2 if pair in ("''", "``") else 1
        chars.append('"' if width == 2 else text[i])
        starts.append(i)
        ends.append(i + width)
        i += width
    return "".join(chars), starts, ends


def _scan(text: str) -> tuple[Quoted, ...]:
    """Quotations in ``text`` with one character per quote mark.

    Steps: 1. walk each paragraph's quote marks keeping a stack of open marks; 2. a mark that can
    close pops back to the nearest open mark of its family (dropping unclosed nested ones); an
    emptied stack yields a balanced quotation; 3. at the paragraph end, an open double mark yields
    an unbalanced quotation to the paragraph end, unless the break looks like a broken line.
    """
    found: list[Quoted] = []
    paras = paragraphs(text)
    stack: list[tuple[int, str]] = []
    soft = 0
    for p_i, para in enumerate(paras):
        for i in range(para.start, para.end):
            ch = text[i]
            if ch not in QUOTE_MARKS:
                continue
            can_open, can_close = _roles(text, i)
            family = QUOTE_MARKS[ch]
            match = -1
            if can_close:
                for depth in range(len(stack) - 1, -1, -1):
                    if QUOTE_MARKS[stack[depth][1]] == family:
                        match = depth
                        break
            if match >= 0:
                start, mark = stack[match]
                del stack[match:]
                if not stack:
                    content = _trim(text, start + 1, i)
                    if content.start < content.end:
                        found.append(Quoted(Span(start, i + 1), content, mark, True))
            elif can_open:
                stack.append((i, ch))
        nxt = paras[p_i + 1] if p_i + 1 < len(paras) else None
        if soft < _MAX_SOFT_BREAKS and _soft_break(text, stack, para, nxt):
            soft += 1
            continue
        soft = 0
        doubles = [(pos, m) for pos, m in stack if QUOTE_MARKS[m] == "double"]
        if doubles:
            start, mark = doubles[0]
            content = _trim(text, start + 1, para.end)
            if content.start < content.end:
                found.append(Quoted(Span(start, para.end), content, mark, False))
        stack = []
    return tuple(found)
