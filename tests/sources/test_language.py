"""Each article's language is identified from its text, by every reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herald.model import RawArticle
from herald.sources import read_inputs
from sources.samples import write

ENGLISH = "The minister said on Tuesday that the talks with the rebels would resume next week."
FRENCH = "Le ministre a déclaré mardi que les négociations avec les rebelles reprendraient."


def language(path: Path) -> str | None:
    (article,) = read_inputs([path], max_bytes=1_000_000)
    assert isinstance(article, RawArticle), article
    found: str | None = article.language
    return found


@pytest.mark.parametrize(("text", "expected"), [(ENGLISH, "en"), (FRENCH, "fr")])
def test_short_snippet_language_is_identified(tmp_path: Path, text: str, expected: str) -> None:
    assert language(write(tmp_path / "a.txt", text)) == expected


@pytest.mark.parametrize("text", ["12 345 678", "Niger", "---- *** ----"])
def test_text_too_thin_to_tell_has_no_language(tmp_path: Path, text: str) -> None:
    assert language(write(tmp_path / "a.txt", text)) is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.html", f"<html><body><article><p>{FRENCH}</p></article></body></html>"),
        ("a.jsonl", json.dumps({"text": FRENCH})),
        ("a.csv", f'text\n"{FRENCH}"\n'),
    ],
)
def test_every_reader_records_the_language(tmp_path: Path, name: str, data: str) -> None:
    assert language(write(tmp_path / name, data)) == "fr"
