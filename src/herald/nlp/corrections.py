"""Corrections to the statistical NER that a gazetteer and the rest of the document can make.

Applied to every analysis (:func:`herald.nlp.pipeline.to_analysis`), so every later stage sees the
corrected mentions and token ``ent_type`` values. Labels stay spaCy's OntoNotes labels. Steps:

1. **Edges.** Page furniture glued to a name ("RFI Follow", "Share") is trimmed off the mention, as
   are edge punctuation, a possessive ending and a trailing number ("Oldham 3", "ROME 1996-08-31":
   a score or a date); a mention of furniture only is dropped.
2. **Gazetteer.** A country or capital tagged PERSON, ORG-less NORP or untagged is a GPE:
   countries and capitals are never people ("Niger"). ORG stays: a team or a government may be
   named after a place.
3. **Datelines and initials.** The place words of a dateline near the top are GPE; untagged
   initials before a surname ("J. Moyo") are a PERSON.
4. **Document consistency.** News names a thing the same way throughout, while the tagger decides
   each occurrence from local context. So: the majority label of a string wins for all its
   mentions; untagged repeats of a tagged proper name get its label; a lone surname of a person
   named in full is that person.
5. **Teams.** In a sports report, places standing where teams stand are ORG
   (:mod:`herald.nlp.teams`).

All-caps lines are re-read from a recased copy before these steps (:mod:`herald.nlp.recase`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from herald.model import Mention, Span, Token
from herald.nlp.teams import MONTHS, relabel_teams

#: Words of page furniture that scraping glues to names ("RFI Follow").
NOISE_WORDS = frozenset(
    {"follow", "share", "subscribe", "tweet", "retweet", "comment", "comments", "email", "print"}
)
#: Labels that name things; numbers, dates and amounts are left alone.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
#: Labels of names that do not end in a number (a trailing number is a score or a date).
_NUMBERLESS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})
#: Countries of the United Kingdom and the like, which field national sides of their own.
HOME_NATIONS = frozenset(
    {"england", "scotland", "wales", "northern ireland", "republic of ireland", "great britain"}
    | {"britain", "u.s.", "usa", "united states of america"}
)
_DATELINE_LINES = 3
_DATELINE_WORDS = 3
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: One or more initials: "J.", "A.J.".
_INITIAL = re.compile(r"(?:[A-Z]\.){1,3}")
# Repeats shorter than this are too ambiguous to tag by string alone ("US" vs "us").
_MIN_REPEAT_CHARS = 3


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Lower-case country names and capitals (not demonyms or other cities)."""
    from herald.actors.lexicon import countries

    return frozenset(k for k, e in countries().items() if e.kind in ("name", "capital"))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """Lower-case country names."""
    from herald.actors.lexicon import countries

    names = {k for k, e in countries().items() if e.kind == "name"}
    return frozenset(names | HOME_NATIONS)


def correct_entities(
    tokens: Sequence[Token], entities: Sequence[Mention]
) -> tuple[tuple[Token, ...], tuple[Mention, ...]]:
    """Corrected (tokens, entities): token ``ent_type`` follows the corrected mentions."""
    if not tokens:
        return tuple(tokens), tuple(entities)
    ents = [m for m in (_trim_noise(tokens, m) for m in entities) if m is not None]
    ents = [_gazetteer(tokens, m) for m in ents]
    ents += _untagged_places(tokens, ents)
    ents = _dateline(tokens, ents)
    ents += _initials(tokens, ents)
    ents = _consistent(tokens, ents)
    ents = relabel_teams(tokens, ents, lambda name: name.removeprefix("the ") in _countries())
    ents.sort(key=lambda m: m.first)
    labels = [""] * len(tokens)
    for m in ents:
        for k in range(m.first, m.last):
            labels[k] = m.label
    fixed = tuple(
        t if t.ent_type == labels[t.i] else dataclasses.replace(t, ent_type=labels[t.i])
        for t in tokens
    )
    return fixed, tuple(ents)


def _text(tokens: Sequence[Token], first: int, last: int) -> str:
    return " ".join(t.text for t in tokens[first:last])


def _make(tokens: Sequence[Token], first: int, last: int, label: str) -> Mention:
    return Mention(Span(tokens[first].start, tokens[last - 1].end), label, first, last)


def _trim_noise(tokens: Sequence[Token], m: Mention) -> Mention | None:
    if m.first < 0 or m.last > len(tokens) or m.first >= m.last:
        return m
    first, last = m.first, m.last
    while first < last and _edge_noise(tokens[first], m.label, leading=True):
        first += 1
    while last > first and _edge_noise(tokens[last - 1], m.label, leading=False):
        last -= 1
    # "Group of 77": a number after "of" is part of the name.
    if last < m.last and first < last and tokens[last - 1].text == "of":
        last = m.last
    if first == last:
        return None
    if (first, last) == (m.first, m.last):
        return m
    return _make(tokens, first, last, m.label)


def _edge_noise(token: Token, label: str, *, leading: bool) -> bool:
    """Whether a token at the edge of a name mention is not part of the name.

    Furniture words, punctuation and dashes ("-- Jane Moyo"), a possessive ending ("Acme 's"),
    and for names of people, organisations and places a trailing number: a score, a table
    column or a dateline's date ("Oldham 3", "ROME 1996-08-31").
    """
    text = token.text
    if text.lower() in NOISE_WORDS or token.pos == "SPACE":
        return True
    if label not in NAME_LABELS:
        return False
    if not any(c.isalnum() for c in text):
        return True
    if not leading and (token.tag == "POS" or text.lower() in ("'s", "\u2019s")):
        return True
    return not leading and label in _NUMBERLESS and not any(c.isalpha() for c in text)


def _gazetteer(tokens: Sequence[Token], m: Mention) -> Mention:
    if m.label not in ("PERSON", "NORP") or m.first < 0:
        return m
    if _text(tokens, m.first, m.last).lower().removeprefix("the ") in _places():
        return dataclasses.replace(m, label="GPE")
    return m


def _untagged_places(tokens: Sequence[Token], ents: list[Mention]) -> list[Mention]:
    """Capitalised untagged one- to three-word country or capital names, as GPE."""
    tagged = {k for m in ents for k in range(m.first, m.last)}
    places = _places()
    out: list[Mention] = []
    k = 0
    while k < len(tokens):
        # Every size starts at token k: most tokens fail these two tests for all three at once.
        if k in tagged or not tokens[k].text[:1].isupper():
            k += 1
            continue
        for size in (3, 2, 1):
            end = k + size
            if end > len(tokens) or any(j in tagged for j in range(k + 1, end)):
                continue
            if _text(tokens, k, end).lower() in places and tokens[end - 1].pos == "PROPN":
                out.append(_make(tokens, k, end, "GPE"))
                tagged.update(range(k, end))
                k = end - 1
                break
        k += 1
    return out


def _dateline(tokens: Sequence[Token], ents: list[Mention]) -> list[Mention]:
    """The places of a dateline in the first lines are places: "BONN 1996-08-31", "KHASAVYURT ,
    Russia Aug 30 (Reuters)".

    A dateline is one or two short groups of capitalised words (split by a comma) followed by a
    date; the first group in capitals, or nothing but the date after it on the line, so that a
    headline like "Leaders Meet 3 Days Later" is not one.
    """
    breaks = [k + 1 for k, t in enumerate(tokens) if "\n" in t.text]
    for start in [0, *breaks[:_DATELINE_LINES]]:
        groups: list[tuple[int, int]] = []
        k = start
        while k < len(tokens) and len(groups) < 2:
            first = k
            while k < len(tokens) and tokens[k].text[:1].isupper() and tokens[k].pos != "SPACE":
                k += 1
            if not first < k <= first + _DATELINE_WORDS:
                groups = []
                break
            groups.append((first, k))
            if k >= len(tokens) or tokens[k].text != ",":
                break
            k += 1
        if not groups or tokens[groups[0][0]].text.lower() in MONTHS:
            continue
        rest = _line_rest(tokens, k)
        # The date: a month name or a year ("Aug 30", "1996-08-30"), not just any number.
        if not rest or not any(t.text.lower() in MONTHS or _YEAR.fullmatch(t.text) for t in rest):
            continue
        if not (rest[0].text[:1].isdigit() or rest[0].text.lower() in MONTHS):
            continue
        capitals = all(t.text.isupper() for t in tokens[groups[0][0] : groups[0][1]])
        only_date = all(not t.text.isalpha() or t.text.lower() in MONTHS for t in rest)
        if capitals or only_date:
            return _relabel_ranges(tokens, ents, groups, "GPE")
    return ents


def _line_rest(tokens: Sequence[Token], k: int) -> list[Token]:
    """The tokens from ``k`` to the end of its line."""
    out: list[Token] = []
    while k < len(tokens) and "\n" not in tokens[k].text:
        out.append(tokens[k])
        k += 1
    return out


def _relabel_ranges(
    tokens: Sequence[Token], ents: list[Mention], ranges: list[tuple[int, int]], label: str
) -> list[Mention]:
    """``ents`` with exactly these token ranges as ``label`` mentions (overlaps dropped)."""
    out = [m for m in ents if not any(m.first < b and a < m.last for a, b in ranges)]
    return out + [_make(tokens, a, b, label) for a, b in ranges]


def _initials(tokens: Sequence[Token], ents: list[Mention]) -> list[Mention]:
    """Untagged "J. Smith", "A.J. Moyo": initials before a capitalised word name a person."""
    tagged = {k for m in ents for k in range(m.first, m.last)}
    out: list[Mention] = []
    for k in range(len(tokens) - 1):
        t, nxt = tokens[k], tokens[k + 1]
        if k in tagged or k + 1 in tagged or not _INITIAL.fullmatch(t.text):
            continue
        if _is_place_abbreviation(t.text):
            continue  # "U.S. Senate"
        surname = nxt.text[:1].isupper() and nxt.text[1:].islower() and nxt.text.isalpha()
        if surname and (k == 0 or not _INITIAL.fullmatch(tokens[k - 1].text)):
            out.append(_make(tokens, k, k + 2, "PERSON"))
            tagged.update((k, k + 1))
    return out


def _is_place_abbreviation(text: str) -> bool:
    from herald.actors.lexicon import countries

    return text.lower() in countries()


def _consistent(tokens: Sequence[Token], ents: list[Mention]) -> list[Mention]:
    named = [m for m in ents if m.label in NAME_LABELS and m.first >= 0]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in named:
        votes[_text(tokens, m.first, m.last)][m.label] += 1
    # Surnames (and single given names) of people named in full, unless the string itself is
    # more often something else.
    surnames: set[str] = set()
    for m in named:
        if m.label == "PERSON" and m.last - m.first >= 2:
            last = tokens[m.last - 1].text
            if last[:1].isupper() and len(last) > 1:
                surnames.add(last)
    places = _places()
    majority: dict[str, str] = {}
    for string, counter in votes.items():
        label, count = counter.most_common(1)[0]
        # A strict majority only: a tie keeps each occurrence's own label.
        if count * 2 > sum(counter.values()):
            majority[string] = label
    for s in surnames:
        if s.lower() not in places and majority.get(s, "PERSON") in ("PERSON", "ORG", "GPE"):
            majority[s] = "PERSON"
    out: list[Mention] = []
    for m in ents:
        wanted = majority.get(_text(tokens, m.first, m.last)) if m.first >= 0 else None
        never_person = wanted == "PERSON" and _text(tokens, m.first, m.last).lower() in places
        if wanted is not None and wanted != m.label and m.label in NAME_LABELS and not never_person:
            m = dataclasses.replace(m, label=wanted)
        out.append(m)
    out += _repeats(tokens, out, majority)
    return out


def _repeats(tokens: Sequence[Token], ents: list[Mention], labels: dict[str, str]) -> list[Mention]:
    """Untagged occurrences of tagged proper-name strings, with the string's label."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for string in labels:
        words = tuple(string.split(" "))
        if len(string) >= _MIN_REPEAT_CHARS and all(w[:1].isupper() for w in words if w.isalpha()):
            by_first[words[0]].append(words)
    for options in by_first.values():
        options.sort(key=len, reverse=True)
    tagged = {k for m in ents for k in range(m.first, m.last)}
    out: list[Mention] = []
    for k, t in enumerate(tokens):
        if k in tagged or t.text not in by_first:
            continue
        for words in by_first[t.text]:
            end = k + len(words)
            if end > len(tokens) or any(j in tagged for j in range(k, end)):
                continue
            if tuple(x.text for x in tokens[k:end]) != words:
                continue
            # A proper name repeats as a proper name: skip sentence-initial common words.
            if tokens[end - 1].pos != "PROPN":
                continue
            out.append(_make(tokens, k, end, labels[" ".join(words)]))
            tagged.update(range(k, end))
            break
    return out
