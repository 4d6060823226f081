"""Text repairs: rejoining what the scrape broke, tidying quotes, undoing translation doubles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from herald.clean.features import has_terminal, starts_lower

Role = str  # "title" | "caption" | "body"

_OPENERS = ("“", "«", "„")
#: What a continuation line may start with when the previous line left a quotation open.
_CONTINUES = ('"', "”", "»", ",", ";", ":", ".", "!", "?", ")", "…")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_DUPLICATE = re.compile(r"\b(?P<w>[^\W\d_]{2,})[.!?]\s+(?P=w)(?=[,;:]|\s+[^\W\d_])")
_STRAIGHT = re.compile(r'(\s*)"(\s*)')


@dataclass(slots=True)
class Para:
    """A paragraph being assembled: its text, the raw lines it came from, and its role."""

    text: str
    lines: list[int]
    role: Role = "body"
    joins: set[str] = field(default_factory=set)


def quote_open(text: str) -> bool:
    """Whether a quotation opened in ``text`` is still unclosed at its end."""
    return (
        text.count('"') % 2 == 1
        or text.count("“") > text.count("”")
        or text.count("«") > text.count("»")
    )


def ends_with_opener(text: str) -> bool:
    """Whether the text ends with an opening quote mark (a quotation cut right after it opened)."""
    if text.endswith(_OPENERS):
        return True
    return text.endswith('"') and text.count('"') % 2 == 1 and (len(text) == 1 or text[-2] == " ")


def join_kind(prev: str, nxt: str) -> str | None:
    """How ``nxt`` continues ``prev`` when a line break cut them apart, or None if it does not."""
    if _HYPHEN_END.search(prev) and not prev.endswith(" -") and starts_lower(nxt):
        return "hyphen"
    if ends_with_opener(prev):
        return "quotation"
    if quote_open(prev) and (starts_lower(nxt) or nxt.startswith(_CONTINUES)):
        return "quotation"
    if (
        not has_terminal(prev)
        and not prev.endswith(":")
        and (starts_lower(nxt) or nxt.startswith((",", ";")))
    ):
        return "sentence"
    return None


def join_broken(paras: list[Para]) -> list[Para]:
    """Merge body paragraphs that are pieces of one sentence or quotation (see join_kind)."""
    out: list[Para] = []
    for para in paras:
        last = out[-1] if out else None
        kind = None
        if last is not None and last.role == "body" and para.role == "body":
            kind = join_kind(last.text, para.text)
        if last is None or kind is None:
            out.append(para)
            continue
        glue = "" if kind == "hyphen" else " "
        last.text = (last.text[:-1] if kind == "hyphen" else last.text) + glue + para.text
        last.lines.extend(para.lines)
        last.joins.add(kind)
    return out


def describe_joins(para: Para) -> list[str]:
    """Repair notes for the joins made in one paragraph."""
    span = f"raw lines {para.lines[0]}-{para.lines[-1]}"
    notes = {
        "hyphen": f"rejoined a word hyphenated at a line end ({span})",
        "quotation": f"joined a quotation broken over {span}",
        "sentence": f"joined a sentence broken over {span}",
    }
    return [notes[kind] for kind in sorted(para.joins)]


def drop_duplicates(text: str) -> tuple[str, list[str]]:
    """Remove a word repeated across a sentence break by translation ("open. open, under")."""
    notes: list[str] = []

    def fix(match: re.Match[str]) -> str:
        word = match.group("w")
        # A capitalised repeat starts a real sentence ("No. No, ..."); only lower case is a double.
        if not word[0].islower():
            return match.group(0)
        notes.append(f"removed the word {word!r} duplicated across a sentence break")
        return word

    return _DUPLICATE.sub(fix, text), notes


def tidy_quotes(text: str) -> str:
    """Remove spaces just inside quote marks, without adding or removing any quote mark."""
    text = re.sub(r"“\s+", "“", re.sub(r"\s+”", "”", text))
    total = text.count('"')
    seen = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal seen
        before, after = match.group(1), match.group(2)
        opening = seen % 2 == 0
        seen += 1
        if total % 2 == 1:
            # With an unmatched mark, parity cannot be trusted; which side the mark is attached to
            # says more about its direction ("fight ," he said" starts with a lone closer).
            opening = _direction(match, opening)
        return before + '"' if opening else '"' + after

    return _STRAIGHT.sub(fix, text)


def _direction(match: re.Match[str], default: bool) -> bool:
    """True for an opening mark, judged by which side it touches a word on."""
    source, start, end = match.string, match.start(), match.end()
    spaced_left = bool(match.group(1)) or start == 0
    spaced_right = bool(match.group(2)) or end == len(source) or not source[end].isalnum()
    if spaced_left and not spaced_right:
        return True
    if spaced_right and not spaced_left:
        return False
    return default
