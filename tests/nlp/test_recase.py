"""Recasing all-caps lines so the tagger can read their names."""

from __future__ import annotations

import pytest

from herald.nlp.recase import caps_lines, only_caps, recase, word_forms

STOP = frozenset({"in", "the", "of", "by"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KANDOR BEAT VELMA\nThe rest.", [(0, 17)]),
        ("Mixed Case\nALLCAPS LINE 2024", [(11, 28)]),
        ("OK\nno caps here", []),
    ],
)
def test_caps_lines(text: str, expected: list[tuple[int, int]]) -> None:
    assert caps_lines(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KANDOR BEAT VELMA\n\n  \nTHE REST.\n", True),
        ("KANDOR BEAT VELMA\nThe rest.", False),
        ("KANDOR BEAT VELMA\n-- 1996", False),  # a line too short to count as capitals
        ("", True),
    ],
)
def test_only_caps(text: str, expected: bool) -> None:
    assert only_caps(text, caps_lines(text)) is expected


def test_word_forms_skip_line_initial_words_and_skipped_ranges() -> None:
    text = "HEADLINE\nTalks in Kandor with NATO beat the odds."
    forms = word_forms(text, [(0, 8)])
    assert forms["kandor"] == "Kandor"
    assert forms["nato"] == "NATO"
    assert forms["beat"] == "beat"
    assert "talks" not in forms  # line-initial: its capital says nothing
    assert "headline" not in forms


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("KANDOR BEAT VELMA IN FINAL", "Kandor beat Velma in Final"),
        ("NATO TALKS", "NATO Talks"),
        ("NORTH-WEST OF ZORIA", "North-West of Zoria"),
        ("ORTON , N.H. 1996", "Orton , N.H. 1996"),
    ],
)
def test_recase_keeps_length_and_uses_article_forms(line: str, expected: str) -> None:
    forms = {"kandor": "Kandor", "beat": "beat", "nato": "NATO"}
    out = recase(line, forms, STOP)
    assert out == expected
    assert len(out) == len(line)
