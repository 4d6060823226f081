"""The reference article from ../shared/seed, read at run time (its text never enters the repo)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from herald.clean import clean
from herald.clean.features import bullet_item
from herald.model import Cleaned

pytestmark = pytest.mark.shared


@dataclass(frozen=True)
class Seed:
    raw: str
    expected: dict[str, Any]
    cleaned: Cleaned

    @property
    def paragraphs(self) -> list[str]:
        return self.cleaned.text.split("\n\n")


@pytest.fixture(scope="module")
def seed(shared: Path) -> Seed:
    raw = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    return Seed(raw, expected, clean(raw))


def _words(text: str) -> str:
    """Lower-cased words with immediate repeats collapsed, for order-preserving containment."""
    out: list[str] = []
    for word in re.findall(r"\w+", text.casefold()):
        if not out or out[-1] != word:
            out.append(word)
    return " ".join(out)


@pytest.mark.parametrize("field", ["boilerplate_lines"])
def test_every_boilerplate_line_is_removed(seed: Seed, field: str) -> None:
    removed = {r.text for r in seed.cleaned.removed}
    for line in seed.expected[field]:
        assert line in removed, line
        assert line not in seed.paragraphs, line


@pytest.mark.parametrize("field", ["tags"])
def test_tags_found_and_removed_as_tags(seed: Seed, field: str) -> None:
    assert list(seed.cleaned.tags) == seed.expected[field]
    tag_lines = {r.text for r in seed.cleaned.removed if r.reason == "tags"}
    assert set(seed.expected[field]) <= tag_lines


@pytest.mark.parametrize("field", ["related_titles"])
def test_related_titles(seed: Seed, field: str) -> None:
    assert list(seed.cleaned.related_titles) == seed.expected[field]
    assert {r.reason for r in seed.cleaned.removed if "also" in r.text.casefold()} == {"related"}


@pytest.mark.parametrize("field", ["caption"])
def test_caption_is_a_paragraph_span(seed: Seed, field: str) -> None:
    span = seed.cleaned.caption
    assert span is not None
    assert span.text(seed.cleaned.text) == seed.expected[field]
    assert seed.expected[field] in seed.paragraphs
    assert any(r.reason == "credit" for r in seed.cleaned.removed)


@pytest.mark.parametrize("kind", ["required"])
def test_broken_quotations_are_one_paragraph(seed: Seed, kind: str) -> None:
    for quote in seed.expected["quotes"][kind]:
        holders = [p for p in seed.paragraphs if quote["contains"] in p]
        assert len(holders) == 1, quote["contains"]
        before = holders[0].split(quote["contains"])[0]
        assert re.search('["“«]', before), quote["contains"]


@pytest.mark.parametrize("index", [1])
def test_translation_duplicate_removed(seed: Seed, index: int) -> None:
    phrase = re.findall(r"'([^']+)'", seed.expected["text_repairs"][index])[0]
    fixed = re.sub(r"[.!?]\s+\w+$", "", phrase)
    assert phrase not in seed.cleaned.text
    assert fixed in seed.cleaned.text
    assert any("duplicated" in note for note in seed.cleaned.repairs)


@pytest.mark.parametrize("check", ["lowercase start", "open quote end"])
def test_no_paragraph_is_a_fragment(seed: Seed, check: str) -> None:
    for para in seed.paragraphs:
        if check == "lowercase start":
            assert not para[0].islower(), para
        else:
            assert not para.endswith(("“", "«", ' "')), para


def test_every_other_line_is_kept(seed: Seed) -> None:
    boilerplate = seed.expected["boilerplate_lines"]
    text = _words(seed.cleaned.text)
    for line in seed.raw.splitlines():
        line = " ".join(line.split())
        if not line or line in boilerplate or bullet_item(line) in boilerplate:
            continue
        for furniture in boilerplate:
            if line.endswith(" " + furniture):
                line = line[: -len(furniture)]
        assert _words(line) in text, line


def test_title_is_first_line(seed: Seed) -> None:
    first = next(line.strip() for line in seed.raw.splitlines() if line.strip())
    assert seed.cleaned.title == first
    assert seed.paragraphs[0] == first


def test_paragraph_format(seed: Seed) -> None:
    text = seed.cleaned.text
    assert "\n\n\n" not in text
    assert all("\n" not in p and p == p.strip() and "  " not in p for p in seed.paragraphs)
    assert {r.reason for r in seed.cleaned.removed} <= {
        "credit",
        "byline",
        "cue",
        "related",
        "newsletter",
        "app",
        "share",
        "tags",
    }
