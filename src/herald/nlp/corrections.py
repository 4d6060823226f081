"""Corrections to the statistical NER that a gazetteer and the rest of the document can make.

Applied to every analysis (:func:`herald.nlp.pipeline.to_analysis`), so every later stage sees the
corrected mentions and token ``ent_type`` values. Labels stay spaCy's OntoNotes labels. Steps:

1. **Scrape noise.** Page furniture glued to a name ("RFI Follow", "Share") is trimmed off the
   mention; a mention of furniture only is dropped.
2. **Gazetteer.** A country or capital tagged PERSON, ORG-less NORP or untagged is a GPE:
   countries and capitals are never people ("Niger"). ORG stays: a team or a government may be
   named after a place.
3. **Document consistency.** News names a thing the same way throughout, while the tagger decides
   each occurrence from local context. So: the majority label of a string wins for all its
   mentions; untagged repeats of a tagged proper name get its label; a lone surname of a person
   named in full is that person.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

from herald.model import Mention, Span, Token

#: Words of page furniture that scraping glues to names ("RFI Follow").
NOISE_WORDS = frozenset(
    {"follow", "share", "subscribe", "tweet", "retweet", "comment", "comments", "email", "print"}
)
#: Labels that name things; numbers, dates and amounts are left alone.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# Repeats shorter than this are too ambiguous to tag by string alone ("US" vs "us").
_MIN_REPEAT_CHARS = 3


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Lower-case country names and capitals (not demonyms or other cities)."""
    from herald.actors.lexicon import countries

    return frozenset(k for k, e in countries().items() if e.kind in ("name", "capital"))


def correct_entities(
    tokens: Sequence[Token], entities: Sequence[Mention]
) -> tuple[tuple[Token, ...], tuple[Mention, ...]]:
    """Corrected (tokens, entities): token ``ent_type`` follows the corrected mentions."""
    if not tokens:
        return tuple(tokens), tuple(entities)
    ents = [m for m in (_trim_noise(tokens, m) for m in entities) if m is not None]
    ents = [_gazetteer(tokens, m) for m in ents]
    ents += _untagged_places(tokens, ents)
    ents = _consistent(tokens, ents)
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
    while first < last and tokens[first].text.lower() in NOISE_WORDS:
        first += 1
    while last > first and tokens[last - 1].text.lower() in NOISE_WORDS:
        last -= 1
    if first == last:
        return None
    if (first, last) == (m.first, m.last):
        return m
    return _make(tokens, first, last, m.label)


def _gazetteer(tokens: Sequence[Token], m: Mention) -> Mention:
    if m.label not in ("PERSON", "NORP") or m.first < 0:
        return m
    if _text(tokens, m.first, m.last).lower().removeprefix("the ") in _places():
        return dataclasses.replace(m, label="GPE")
    return m


def _untagged_places(tokens: Sequence[Token], ents: list[Mention]) -> list[Mention]:
    """Capitalised untagged one- to three-word country or capital names, as GPE."""
    tagged = {k for m in ents for k in range(m.first, m.last)}
    out: list[Mention] = []
    k = 0
    while k < len(tokens):
        for size in (3, 2, 1):
            end = k + size
            if end > len(tokens) or any(j in tagged for j in range(k, end)):
                continue
            if not tokens[k].text[:1].isupper():
                continue
            if _text(tokens, k, end).lower() in _places() and tokens[end - 1].pos == "PROPN":
                out.append(_make(tokens, k, end, "GPE"))
                tagged.update(range(k, end))
                k = end - 1
                break
        k += 1
    return out


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
