"""Small helpers: line features, normalisation, and a whole invented French article."""

from __future__ import annotations

import pytest

from herald.clean import clean
from herald.clean.features import bullet_item, has_terminal, is_label, is_real_paragraph
from herald.clean.normalise import RawLine, normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Done.", True),
        ('He left."', True),
        ("Why?", True),
        ("Wait…", True),
        ("Share :", False),
        ("Niger", False),
    ],
)
def test_has_terminal(text: str, expected: bool) -> None:
    assert has_terminal(text) is expected


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("• Niger", "Niger"),
        ("- Burkina Faso", "Burkina Faso"),
        ("* Chad", "Chad"),
        ("•", None),
        ("Niger", None),
    ],
)
def test_bullet_item(text: str, item: str | None) -> None:
    assert bullet_item(text) == item


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Niger", True),
        ("Burkina Faso", True),
        ("Côte d'Ivoire", True),
        ("the army", False),
        ("Mali.", False),
    ],
)
def test_is_label(text: str, expected: bool) -> None:
    assert is_label(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Things move fast.", True),
        ("I subscribe", False),
        (" ".join(["w"] * 12), True),
        ("Share :", False),
    ],
)
def test_is_real_paragraph(text: str, expected: bool) -> None:
    assert is_real_paragraph(text) is expected


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        ("a\n\nb", [RawLine(0, "a"), RawLine(2, "b")]),
        ("a\r\n\r\nb", [RawLine(0, "a"), RawLine(2, "b")]),
        ("a\rb", [RawLine(0, "a"), RawLine(1, "b")]),
        ("  a \u00a0 b  \n\t", [RawLine(0, "a b")]),
        ("a\u2028b", [RawLine(0, "a"), RawLine(1, "b")]),
        ("", []),
    ],
)
def test_normalise_lines(raw: str, lines: list[RawLine]) -> None:
    assert normalise(raw)[0] == lines


FRENCH = """Mali : la junte prolonge la transition

Par notre correspondant à Bamako

Les autorités de transition ont annoncé mardi 6 février un nouveau report des élections.

Des manifestants à Bamako, le 5 février 2024. © AFP - Jean Dupont

Publicité

Le Premier ministre a déclaré que « la sécurité

passe avant tout » lors d'une conférence de presse.

À lire aussiMali : les partis politiques suspendus

L'opposition dénonce une décision « inacceptable ».

Recevez toute l'actualité internationale directement dans votre boîte mail

Je m'abonne

Partager :

Sur le même sujet

• Mali

• Sahel
"""


def test_invented_french_article() -> None:
    cleaned = clean(FRENCH)
    assert cleaned.title == "Mali : la junte prolonge la transition"
    assert cleaned.caption is not None
    assert cleaned.caption.text(cleaned.text) == "Des manifestants à Bamako, le 5 février 2024."
    assert cleaned.related_titles == ("Mali : les partis politiques suspendus",)
    assert cleaned.tags == ("Mali", "Sahel")
    assert "« la sécurité passe avant tout » lors" in cleaned.text
    assert [r.reason for r in cleaned.removed] == [
        "byline",
        "credit",
        "advert",
        "related",
        "newsletter",
        "newsletter",
        "share",
        "cue",
        "tags",
        "tags",
    ]
    assert len(cleaned.text.split("\n\n")) == 5
