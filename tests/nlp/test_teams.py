"""Teams named after places in sports reports are organisations."""

from __future__ import annotations

import pytest

from herald.model import Mention, Span, Token
from herald.nlp.teams import is_sports, relabel_teams

SPORTS = [("league", "NOUN"), ("match", "NOUN"), ("\n", "SPACE")]


def _tokens(words: list[tuple[str, str]]) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for i, (word, tag) in enumerate(words):
        out.append(Token(i, pos, pos + len(word), word, word.lower(), tag, "", "dep", i, 0))
        pos += len(word) + 1
    return out


def _labels(words: list[tuple[str, str]], spans: list[tuple[int, int, str]]) -> list[str]:
    tokens = _tokens(words)
    ents = [Mention(Span(tokens[a].start, tokens[b - 1].end), k, a, b) for a, b, k in spans]
    out = relabel_teams(tokens, ents, lambda name: name == "zoria")
    return [f"{' '.join(t.text for t in tokens[m.first : m.last])}/{m.label}" for m in out]


def _p(word: str) -> tuple[str, str]:
    return (word, "PROPN")


@pytest.mark.parametrize(
    ("words", "spans", "expected"),
    [
        # Subject and object of a match verb.
        (
            [*SPORTS, _p("Kandor"), ("beat", "VERB"), _p("Velma")],
            [(3, 4, "GPE"), (5, 6, "GPE")],
            ["Kandor/ORG", "Velma/ORG"],
        ),
        # A score after the name.
        ([*SPORTS, _p("Kandor"), ("3", "NUM")], [(3, 4, "GPE")], ["Kandor/ORG"]),
        # A venue stays a place, even when the same name is a team elsewhere.
        (
            [*SPORTS, _p("Kandor"), ("2", "NUM"), ("in", "ADP"), _p("Kandor")],
            [(3, 4, "GPE"), (6, 7, "GPE")],
            ["Kandor/ORG", "Kandor/GPE"],
        ),
        # A country stays a place: a national side.
        ([*SPORTS, _p("Zoria"), ("2", "NUM")], [(3, 4, "GPE")], ["Zoria/GPE"]),
        # A place and a club suffix are the club.
        (
            [*SPORTS, _p("Kandor"), _p("United"), ("1", "NUM")],
            [(3, 4, "GPE")],
            ["Kandor United/ORG"],
        ),
        # An untagged name starting a table row.
        ([*SPORTS, _p("Velmaford"), ("3", "NUM"), ("1", "NUM")], [], ["Velmaford/ORG"]),
    ],
)
def test_teams_in_sports_reports(
    words: list[tuple[str, str]], spans: list[tuple[int, int, str]], expected: list[str]
) -> None:
    assert _labels(words, spans) == expected


def test_places_outside_sports_reports_stay_places() -> None:
    words = [_p("Kandor"), ("beat", "VERB"), ("back", "ADV"), ("the", "DET"), ("raid", "NOUN")]
    assert _labels(words, [(0, 1, "GPE")]) == ["Kandor/GPE"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["The", "league", "match"], True), (["The", "match", "ended"], False)],
)
def test_is_sports(words: list[str], expected: bool) -> None:
    assert is_sports(_tokens([(w, "NOUN") for w in words])) is expected
