"""Structural features of a line: length, punctuation, capitalisation, bullets, dates.

Furniture is recognised by what it looks like as much as by what it says, so cue words are
always checked together with these features (a long sentence that mentions "share" is content).
"""

from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_BULLET = re.compile(r"^[•·▪▫►▸◦‣∙●○■□*\-–—]\s*")
_LETTER_OR_DIGIT = re.compile(r"\w")
_ELISION = re.compile(r"^[dlDL]['’]")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b", re.IGNORECASE
)
#: Lower-case words that may sit inside a name or a title-cased label.
CONNECTORS = frozenset(
    {"and", "et", "&", "de", "du", "des", "d'", "la", "le", "les", "van", "von", "der", "den"}
    | {"di", "da", "dos", "del", "y", "of", "the", "à", "a", "en", "in"}
)


def words(text: str) -> int:
    """Number of whitespace-separated tokens."""
    return len(text.split())


def has_terminal(text: str) -> bool:
    """Whether the line ends like a sentence (., !, ?, … possibly followed by a closing mark)."""
    return bool(_TERMINAL.search(text))


def is_symbols(text: str) -> bool:
    """Whether the line holds no letter or digit at all (rules, separators, stray bullets)."""
    return not _LETTER_OR_DIGIT.search(text)


def bullet_item(text: str) -> str | None:
    """The item of a bullet line (``• Mali`` -> ``Mali``), or None if it is not one."""
    match = _BULLET.match(text)
    if match is None:
        return None
    item = text[match.end() :].strip()
    return item or None


def starts_lower(text: str) -> bool:
    """Whether the first character is a lower-case letter (a sentence continuing)."""
    return bool(text) and text[0].islower()


def is_real_paragraph(text: str) -> bool:
    """A line with sentence structure: long, or a few words ending like a sentence."""
    n = words(text)
    return n >= 12 or (n >= 3 and has_terminal(text))


def is_label(text: str, max_words: int = 5) -> bool:
    """A short capitalised label without sentence punctuation (a tag, a name, a section)."""
    tokens = text.split()
    if not tokens or len(tokens) > max_words or has_terminal(text):
        return False
    if not (tokens[0][0].isupper() or tokens[0][0].isdigit()):
        return False
    return all(_label_word(t) for t in tokens)


def _label_word(token: str) -> bool:
    # French elision keeps a name capitalised after it: "Côte d'Ivoire", "l'Élysée".
    word = _ELISION.sub("", token) or token
    return word[0].isupper() or word[0].isdigit() or token.lower() in CONNECTORS


def is_title_like(text: str, max_words: int = 25) -> bool:
    """A headline: short, not a sentence continuation, no sentence-final punctuation."""
    n = words(text)
    if n == 0 or n > max_words or len(text) > 220:
        return False
    if starts_lower(text) or text.endswith((".", ":", ";", ",", "…")):
        return False
    return not is_symbols(text)


def has_date(text: str) -> bool:
    """Whether the line mentions a month, a year or a numeric date."""
    return bool(_DATE.search(text))
