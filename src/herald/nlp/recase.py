"""Recasing of all-caps lines (headlines, datelines, tables) so the tagger can read their names.

A statistical tagger leans on capitalisation: in "ROMANIA BEAT LITHUANIA" every word looks like a
name. Herald re-reads the entities of such lines from a recased copy of the line. The copy has
the same length as the original (only letter case changes), so character offsets carry over.

Each word takes the casing it has elsewhere in the same article ("beat", "Romania", "NATO");
a word the article never writes in mixed case is lower-cased if it is a function word and
capitalised otherwise.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

_WORD = re.compile(r"[^\W\d_][\w'.&-]*")
_LINE = re.compile(r"[^\n]+")
# A word right after the start of a line or a sentence-final mark is capitalised whatever it
# is, so its casing says nothing about the word.
_INITIAL = re.compile(r"(?:^|[.!?:\"]\s+)$")
# Lines with fewer letters than this are left alone ("US", "AP").
_MIN_LETTERS = 4


def caps_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines whose letters are all upper case."""
    out: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        line = match.group()
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= _MIN_LETTERS and all(c.isupper() for c in letters):
            out.append((match.start(), match.end()))
    return out


def only_caps(text: str, lines: Sequence[tuple[int, int]]) -> bool:
    """Whether every line of ``text`` with more than whitespace is one of ``lines``, its
    :func:`caps_lines`."""
    return len(lines) == sum(1 for match in _LINE.finditer(text) if not match.group().isspace())


def word_forms(text: str, skip: Collection[tuple[int, int]] = ()) -> dict[str, str]:
    """The usual mixed-case form of each word of ``text`` outside the ``skip`` ranges.

    Words at the start of a line or sentence are not counted: their capital is positional.
    """
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    ranges = sorted(skip)
    for match in _WORD.finditer(text):
        start = match.start()
        if any(a <= start < b for a, b in ranges):
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if _INITIAL.search(text[line_start:start]):
            continue
        word = match.group()
        counts[word.lower()][word] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def recase(line: str, forms: dict[str, str], function_words: Collection[str]) -> str:
    """``line`` with each all-caps word in its usual case; same length as ``line``."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        known = forms.get(word.lower())
        if known is not None and len(known) == len(word):
            return known
        if word.lower() in function_words:
            return word.lower()
        if "." in word.rstrip("."):
            return word  # an abbreviation ("N.H.", "U.S.")
        return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))

    out = _WORD.sub(fix, line)
    return out if len(out) == len(line) else line
