"""The reference article: the three required quotations are found and attributed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from herald.model import Actors, Analysis, Article
from herald.quotes import extract_quotes
from herald.quotes.marks import QUOTE_MARKS

pytestmark = [pytest.mark.shared, pytest.mark.model]


def rebuilt_text(shared: Path) -> str:
    """Raw article, furniture lines dropped, one paragraph per line, broken quotations joined.

    The cleaner does this in the pipeline; this minimal stand-in keeps the test independent.
    A line that ends with an opening quote mark, or whose successor starts lowercase or with a
    quote mark, is joined to the next one with a space.
    """
    raw = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    furniture = set(expected["boilerplate_lines"])
    lines = [line.strip() for line in raw.splitlines()]
    lines = [line for line in lines if line and line not in furniture]
    out: list[str] = []
    for line in lines:
        if out:
            prev = out[-1]
            opens = prev[-1] in QUOTE_MARKS and (len(prev) == 1 or prev[-2].isspace())
            if opens or line[0].islower() or line[0] in QUOTE_MARKS:
                out[-1] = f"{prev} {line}"
                continue
        out.append(line)
    return "\n\n".join(out)


def refers_to(speaker: str, person: str) -> bool:
    """Whether speaker words name or describe the person (actors are resolved elsewhere)."""
    surname = person.split()[-1]
    return surname in speaker or speaker.lower() in ("the american official", "she")


def test_required_quotes(shared: Path, analyze: Callable[[str], Analysis]) -> None:
    text = rebuilt_text(shared)
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    quotes = extract_quotes(Article(id="seed", raw=text, text=text), analyze(text), Actors())
    for want in expected["quotes"]["required"]:
        matches = [q for q in quotes if want["contains"] in q.content.text(text)]
        assert matches, f"no quotation contains {want['contains']!r}"
        assert any(
            q.direct and q.speaker is not None and refers_to(q.speaker.text(text), want["speaker"])
            for q in matches
        ), [(q.speaker and q.speaker.text(text), q.direct) for q in matches]


def test_optional_quotes(shared: Path, analyze: Callable[[str], Analysis]) -> None:
    text = rebuilt_text(shared)
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    quotes = extract_quotes(Article(id="seed", raw=text, text=text), analyze(text), Actors())
    for want in expected["quotes"]["optional"]:
        matches = [q for q in quotes if want["contains"] in q.content.text(text)]
        assert matches, f"no quotation contains {want['contains']!r}"
        assert any(
            q.speaker is not None and refers_to(q.speaker.text(text), want["speaker"])
            for q in matches
        )
