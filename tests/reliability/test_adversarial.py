"""Adversarial text through the whole pipeline with the real model: no crash, no invalid span.

Quick sizes in CI; HERALD_RELIABILITY_FULL=1 runs the sizes of the issue (10,000 entities,
200,000-character sentences, quotes nested 500 deep).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from herald.model import Result, Span
from herald.pipeline import process_text
from reliability.conftest import FULL

SCALE = 10 if FULL else 1
NAMES = [
    "Niger",
    "Mali",
    "Chad",
    "Sudan",
    "Russia",
    "France",
    "Kenya",
    "Ukraine",
    "Poland",
    "Brazil",
    "India",
    "China",
    "Egypt",
    "Libya",
    "Nigeria",
    "Ghana",
    "Senegal",
    "Algeria",
    "Morocco",
    "Tunisia",
    "Ethiopia",
    "Somalia",
    "Uganda",
    "Rwanda",
    "Angola",
]
PEOPLE = ["Abdourahamane Tiani", "Emmanuel Macron", "William Ruto", "Vladimir Putin"]


def long_sentence(n: int) -> str:
    clauses = (f"{NAMES[i % len(NAMES)]} said it would send {i} troops" for i in range(n))
    return "The minister said that " + ", and ".join(clauses)


def no_breaks(n: int) -> str:
    words = itertools.cycle(
        ["the", "junta", "of", "Niger", "met", "officials", "from", "Russia", "in", "Niamey", "on"]
    )
    return " ".join(next(words) for _ in range(n))


def many_entities(n: int) -> str:
    names = (NAMES[i % len(NAMES)] if i % 3 else PEOPLE[i % len(PEOPLE)] for i in range(n))
    return "Delegations came from " + ", ".join(names) + ".\n\nThe talks ended on Friday."


def nested_quotes(depth: int) -> str:
    marks = ['"', "'", "“", "«", "‘"]
    closes = {'"': '"', "'": "'", "“": "”", "«": "»", "‘": "’"}
    opened = [marks[i % len(marks)] for i in range(depth)]
    inner = "Niger will leave the bloc"
    text = "".join(f"{m}Minister {i} said " for i, m in enumerate(opened)) + inner
    return "The spokesman told reporters " + text + "".join(closes[m] for m in reversed(opened))


def mixed_scripts(n: int) -> str:
    pieces = ["Niger's president met", "بوتين", "in Moscow on", "Понедельник", "周一", "and said"]
    return " ".join(pieces[i % len(pieces)] for i in range(n)) + "."


def right_to_left(n: int) -> str:
    arabic = "\u202bقال الرئيس إن النيجر ستغادر\u202c"
    hebrew = "\u2067הממשלה הודיעה\u2069"
    # Numbered: the cleaner drops repeated paragraphs, and these should all reach the parser.
    line = "{a} President Tiani said on Monday in Niamey ({i}). {h} \u200fFrance rejected it."
    return "\n\n".join(line.format(a=arabic, h=hebrew, i=i) for i in range(n))


def zero_width(n: int) -> str:
    sentence = "President Tiani met Vladimir Putin in Moscow on Tuesday, the ministry said."
    text = " ".join(sentence for _ in range(n))
    # A zero-width space after every letter, a zero-width joiner after every space.
    return "".join(c + ("\u200b" if c.isalpha() else "\u200d" if c == " " else "") for c in text)


#: (name, text builder, size in CI); the full run multiplies the size by SCALE.
CASES: list[tuple[str, Callable[[int], str], int]] = [
    ("long-sentence", long_sentence, 100),
    ("no-sentence-breaks", no_breaks, 1500),
    ("many-entities", many_entities, 1000),
    ("nested-quotes", nested_quotes, 50),
    ("mixed-scripts", mixed_scripts, 600),
    ("right-to-left", right_to_left, 40),
    ("zero-width", zero_width, 40),
]


def _spans(value: Any) -> Iterator[Span]:
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _spans(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _spans(item)


def _invalid_spans(result: Result) -> list[Span]:
    limit = len(result.article.text)
    outputs = (result.actors, result.events, result.times, result.toponyms, result.quotes)
    return [s for s in _spans(outputs) if not 0 <= s.start <= s.end <= limit]


@pytest.mark.model
@pytest.mark.parametrize(
    ("build", "size"), [(build, size) for _, build, size in CASES], ids=[c[0] for c in CASES]
)
def test_adversarial_text_is_processed_without_crash_or_invalid_span(
    build: Callable[[int], str], size: int
) -> None:
    result = process_text(build(size * SCALE), published=date(2024, 1, 19))
    assert [r.code for r in result.rejections if r.code == "E401"] == []
    assert _invalid_spans(result) == []


@pytest.mark.model
@pytest.mark.parametrize("size", [1_000_001])
def test_a_text_longer_than_the_parser_takes_is_a_coded_rejection(size: int) -> None:
    text = ("Niger met Mali. " * (size // 16 + 1))[:size]
    result = process_text(text, published=date(2024, 1, 19))
    assert [r.code for r in result.rejections] == ["E306"]
