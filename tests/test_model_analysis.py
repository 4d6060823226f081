"""Analysis lookups (children, subtree, sentence_of) on hand-made parses: no model needed."""

from __future__ import annotations

import pytest

from herald.model import Analysis, Sentence, Span, Token

# "Rebels freed two hostages. Police left." with heads as a parser would give them.
_WORDS = [
    ("Rebels", 1, 0),
    ("freed", 1, 0),
    ("two", 3, 0),
    ("hostages", 1, 0),
    (".", 1, 0),
    ("Police", 6, 1),
    ("left", 6, 1),
    (".", 6, 1),
]


def _analysis() -> Analysis:
    tokens, offset = [], 0
    for i, (word, head, sent) in enumerate(_WORDS):
        tokens.append(Token(i, offset, offset + len(word), word, word, "X", "X", "dep", head, sent))
        offset += len(word) + 1
    text = " ".join(w for w, _, _ in _WORDS)
    sentences = (
        Sentence(0, Span(0, tokens[4].end), 0, 5),
        Sentence(1, Span(tokens[5].start, tokens[7].end), 5, 8),
    )
    return Analysis(text, sentences, tuple(tokens), ())


@pytest.mark.parametrize(("i", "expected"), [(1, [0, 3, 4]), (3, [2]), (6, [5, 7]), (0, [])])
def test_children_in_text_order(i: int, expected: list[int]) -> None:
    assert [t.i for t in _analysis().children(i)] == expected


@pytest.mark.parametrize(("i", "expected"), [(1, [0, 1, 2, 3, 4]), (3, [2, 3]), (6, [5, 6, 7])])
def test_subtree_is_the_token_and_all_it_dominates(i: int, expected: list[int]) -> None:
    assert [t.i for t in _analysis().subtree(i)] == expected


@pytest.mark.parametrize(("offset", "sentence"), [(0, 0), (7, 0), (28, 1), (500, None)])
def test_sentence_of_an_offset(offset: int, sentence: int | None) -> None:
    found = _analysis().sentence_of(offset)
    assert (found.i if found is not None else None) == sentence


def test_the_gap_between_sentences_is_in_none() -> None:
    analysis = _analysis()
    gap = analysis.sentences[0].span.end
    assert analysis.sentence_of(gap) is None
