"""The quote-mark scanner: pure functions, no language model."""

from __future__ import annotations

import random

import pytest

from herald.model import Span
from herald.quotes.marks import QUOTE_MARKS, paragraphs, scan_quotes


def contents(text: str) -> list[str]:
    return [q.content.text(text) for q in scan_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win," and left.', ["we will win"]),
        ("He said “we will win” and left.", ["we will win"]),
        ("Il a dit « nous gagnerons » hier.", ["nous gagnerons"]),
        ("Er sagte „wir gewinnen“ gestern.", ["wir gewinnen"]),
        ("Er sagte »wir gewinnen« gestern.", ["wir gewinnen"]),
        ("He said ‘no way’ to the plan.", ["no way"]),
        ("He said 'no way' to the plan.", ["no way"]),
        ('"One." Then "two three."', ["One.", "two three."]),
        ('"We came. We saw." He left.', ["We came. We saw."]),
    ],
)
def test_quote_styles(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It's the voters' choice, isn't it?",
        "Rock 'n' roll in the '90s, 'til dawn.",
        "The Clintons’ house and Trump’s tower.",
    ],
)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert contents(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“He said “no” to me” today.", ["He said “no” to me"]),
        ("\"He said 'no' to me\" today.", ["He said 'no' to me"]),
        ("« Il a dit “non” » hier.", ["Il a dit “non”"]),
    ],
)
def test_nested_quotes_give_the_outer_one(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('She said "we will win.\n\nNext paragraph.', ["we will win."]),
        ("He warned “this will end badly", ["this will end badly"]),
        ("A “first\n\n“Second paragraph of it.”", ["first", "Second paragraph of it."]),
    ],
)
def test_unbalanced_quote_runs_to_paragraph_end(text: str, expected: list[str]) -> None:
    quoted = scan_quotes(text)
    assert [q.content.text(text) for q in quoted] == expected
    assert not quoted[0].balanced


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('in order to "\xa0\n\ndefine the lines\n\nNext.', ["define the lines"]),
        ('she has "no\n\nobjections to it", she said.', ["no\n\nobjections to it"]),
    ],
)
def test_quote_broken_over_lines_runs_on(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "No quotation here at all.",
        '"',
        "“”",
        "''''",
        '"' * 1000,
        "“" * 1000,
        "» « ” „ ‘ ’ ‚ ‹ › '",
        ('He said "yes ' * 1000),
        "\n\n".join(["“open"] * 50),
    ],
)
def test_odd_input_never_raises_and_spans_are_valid(text: str) -> None:
    for q in scan_quotes(text):
        assert 0 <= q.outer.start <= q.content.start <= q.content.end <= q.outer.end <= len(text)
        assert q.content.text(text).strip()


def test_a_thousand_unbalanced_marks_are_quick_and_bounded() -> None:
    text = " ".join(f'word{i} "' for i in range(1000))
    for q in scan_quotes(text):
        assert q.outer.end <= len(text)


@pytest.mark.parametrize("seed", range(5))
def test_random_text_gives_valid_spans(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = [*QUOTE_MARKS, "`", " ", "\n", "\n\n", "a", "B", ",", ".", "word"]
    text = "".join(rng.choice(alphabet) for _ in range(2000))
    for q in scan_quotes(text):
        assert 0 <= q.outer.start <= q.content.start <= q.content.end <= q.outer.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One.\n\nTwo.\n\n\n  Three.", ["One.", "Two.", "Three."]),
        ("", []),
        ("\n\n\n", []),
        ("Only one\nline break.", ["Only one\nline break."]),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert [p.text(text) for p in paragraphs(text)] == expected
    assert all(isinstance(p, Span) for p in paragraphs(text))


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("''We will not back down,'' the general said.", "We will not back down"),
        ("He said ``the border is closed'' and left.", "the border is closed"),
    ],
)
def test_doubled_apostrophes_are_double_quotes(text: str, content: str) -> None:
    (q,) = scan_quotes(text)
    assert q.content.text(text) == content
    assert text[q.outer.start : q.outer.start + 2] in ("''", "``")
    assert text[q.outer.end - 2 : q.outer.end] == "''"
