"""NER corrections: gazetteer, scrape noise and document-level consistency, on hand-built tokens."""

from __future__ import annotations

import pytest

from herald.model import Mention, Span, Token
from herald.nlp.corrections import correct_entities


def _tokens(words: list[tuple[str, str]]) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for i, (word, tag) in enumerate(words):
        out.append(Token(i, pos, pos + len(word), word, word, tag, "", "dep", i, 0))
        pos += len(word) + 1
    return out


def _mention(tokens: list[Token], first: int, last: int, label: str) -> Mention:
    return Mention(Span(tokens[first].start, tokens[last - 1].end), label, first, last)


def test_country_tagged_person_becomes_gpe() -> None:
    tokens = _tokens([("Niger", "PROPN"), ("signed", "VERB")])
    fixed, ents = correct_entities(tokens, [_mention(tokens, 0, 1, "PERSON")])
    assert [m.label for m in ents] == ["GPE"]
    assert fixed[0].ent_type == "GPE"


def test_scrape_noise_is_trimmed_or_dropped() -> None:
    tokens = _tokens([("RFI", "PROPN"), ("Follow", "PROPN"), ("Follow", "PROPN")])
    _, ents = correct_entities(
        tokens, [_mention(tokens, 0, 2, "ORG"), _mention(tokens, 2, 3, "ORG")]
    )
    assert [(m.first, m.last, m.label) for m in ents] == [(0, 1, "ORG")]


def test_surname_and_untagged_repeat_follow_the_document() -> None:
    words = [("Jane", "PROPN"), ("Moyo", "PROPN"), ("met", "VERB"), ("Moyo", "PROPN")]
    words += [("and", "CCONJ"), ("Acme", "PROPN"), ("Acme", "PROPN")]
    tokens = _tokens(words)
    ents = [
        _mention(tokens, 0, 2, "PERSON"),
        _mention(tokens, 3, 4, "GPE"),
        _mention(tokens, 5, 6, "ORG"),
    ]
    _, fixed = correct_entities(tokens, ents)
    assert [(m.first, m.label) for m in fixed] == [
        (0, "PERSON"),
        (3, "PERSON"),
        (5, "ORG"),
        (6, "ORG"),
    ]


def test_untagged_capital_is_a_place() -> None:
    tokens = _tokens([("in", "ADP"), ("Niamey", "PROPN")])
    _, ents = correct_entities(tokens, [])
    assert [(m.first, m.label) for m in ents] == [(1, "GPE")]


def _spans(words: list[tuple[str, str]], spans: list[tuple[int, int, str]]) -> list[str]:
    tokens = _tokens(words)
    _, ents = correct_entities(tokens, [_mention(tokens, a, b, k) for a, b, k in spans])
    return [f"{' '.join(t.text for t in tokens[m.first : m.last])}/{m.label}" for m in ents]


@pytest.mark.parametrize(
    ("words", "spans", "expected"),
    [
        # A trailing score or table number is not part of the name.
        (
            [("Jane", "PROPN"), ("Moyo", "PROPN"), ("57", "NUM")],
            [(0, 3, "PERSON")],
            ["Jane Moyo/PERSON"],
        ),
        # A possessive ending is not either.
        ([("Acme", "PROPN"), ("'s", "PART"), ("plan", "NOUN")], [(0, 2, "ORG")], ["Acme/ORG"]),
        # Nor a leading dash.
        (
            [("--", "PUNCT"), ("Jane", "PROPN"), ("Moyo", "PROPN")],
            [(0, 3, "PERSON")],
            ["Jane Moyo/PERSON"],
        ),
        # "Group of 77": a number after "of" belongs to the name.
        ([("Group", "PROPN"), ("of", "ADP"), ("77", "NUM")], [(0, 3, "ORG")], ["Group of 77/ORG"]),
    ],
)
def test_mention_edges(
    words: list[tuple[str, str]], spans: list[tuple[int, int, str]], expected: list[str]
) -> None:
    assert _spans(words, spans) == expected


@pytest.mark.parametrize(
    ("words", "spans", "expected"),
    [
        # A dateline in capitals names a place, whatever the tagger said.
        (
            [("ORTONVILLE", "PROPN"), ("1996", "NUM"), ("\n", "SPACE")],
            [(0, 1, "ORG")],
            ["ORTONVILLE/GPE"],
        ),
        # A mixed-case headline followed by a number is no dateline.
        (
            [
                ("Leaders", "NOUN"),
                ("Meet", "VERB"),
                ("3", "NUM"),
                ("Days", "NOUN"),
                ("Later", "ADV"),
            ],
            [],
            [],
        ),
    ],
)
def test_dateline(
    words: list[tuple[str, str]], spans: list[tuple[int, int, str]], expected: list[str]
) -> None:
    assert _spans(words, spans) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([("by", "ADP"), ("J.", "PROPN"), ("Moyo", "PROPN")], ["J. Moyo/PERSON"]),
        ([("the", "DET"), ("U.S.", "PROPN"), ("Senate", "PROPN")], []),
    ],
)
def test_initials_before_a_surname_are_a_person(
    words: list[tuple[str, str]], expected: list[str]
) -> None:
    assert _spans(words, []) == expected
