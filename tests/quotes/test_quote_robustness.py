"""Bad input never makes the quotes stage raise, and every span stays inside the text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.model import Actors, Analysis, Article, Quote, Sentence, Span, Token
from herald.quotes import extract_quotes

Analyze = Callable[[str], Analysis]

LEMMAS = {"said": "say"}

ODD_TEXTS = [
    "",
    "   ",
    "No quotation here at all.",
    '"',
    '""',
    "“”“”",
    '"' * 1000,
    "“" * 1000,
    " ".join(f'word{i} "' for i in range(1000)),
    "“He said “no” to “me” and ‘you’” he said.",
    "He said \"yes.\n\nAnd 'then' it' s over\n\n“",
    "said said said that that according to",
    "According to",
    "We went home.\n\nWe ate.\n\nThey said.",
]


def check(text: str, quotes: tuple[Quote, ...]) -> None:
    for q in quotes:
        for span in (q.content, q.speaker, q.cue):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
        assert q.content.start < q.content.end
        assert q.id and q.article_id == "odd"
    assert len({q.id for q in quotes}) == len(quotes)


@pytest.mark.model
@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_with_the_model(analyze: Analyze, text: str) -> None:
    article = Article(id="odd", raw=text, text=text)
    check(text, extract_quotes(article, analyze(text), Actors()))


def hand_built(text: str, heads: list[int]) -> Analysis:
    """One token per word, with the given (possibly broken) heads."""
    tokens: list[Token] = []
    offset = 0
    for i, word in enumerate(text.split()):
        start = text.index(word, offset)
        offset = start + len(word)
        tokens.append(
            Token(i, start, offset, word, LEMMAS.get(word, word), "VERB", "VBD", "dep", heads[i], 0)
        )
    sentence = Sentence(0, Span(0, len(text)), 0, len(tokens))
    return Analysis(text, (sentence,), tuple(tokens), ())


@pytest.mark.parametrize(
    ("text", "heads"),
    [
        ('He said "we won" today', [1, 2, 3, 0, 1]),  # a cycle
        ('He said "we won" today', [9, -3, 1, 1, 1]),  # heads out of range
        ('"We won" said he', [0, 0, 0, 0]),
    ],
)
def test_broken_trees_do_not_raise(text: str, heads: list[int]) -> None:
    article = Article(id="odd", raw=text, text=text)
    check(text, extract_quotes(article, hand_built(text, heads), Actors()))


@pytest.mark.parametrize("text", ['He said "we will win the vote" today.'])
def test_analysis_of_another_text_falls_back_to_marks(text: str) -> None:
    other = hand_built("Something else entirely here now", [0, 0, 0, 0, 0])
    quotes = extract_quotes(Article(id="odd", raw=text, text=text), other, Actors())
    check(text, quotes)
    assert [q.content.text(text) for q in quotes] == ["we will win the vote"]
    assert quotes[0].speaker is None


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_without_a_parse(text: str) -> None:
    empty = Analysis(text, (), (), ())
    check(text, extract_quotes(Article(id="odd", raw=text, text=text), empty, Actors()))
