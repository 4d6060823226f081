"""The HTML report: self-contained, escaped, every evidence link lands on an article anchor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from export.samples import sample_result
from herald.errors import ExportError
from herald.export.report import build_report, parse_query, write_report
from herald.store import Store

EVIL = '<script>alert("x")</script>'


@pytest.fixture(scope="module")
def page() -> Iterator[str]:
    result = sample_result(url="https://example.com/niger")
    expel = result.events[0]
    evil_actor = replace(expel.actors[0], name=EVIL)
    result = replace(
        result,
        article=replace(result.article, title=EVIL),
        events=(replace(expel, actors=(evil_actor,)), *result.events[1:]),
    )
    with Store.open(":memory:") as store:
        store.add(result)
        yield build_report(store, title="Test & <report>")


@pytest.mark.parametrize("section", ["Summary", "Timeline", "Actor network", "Where events"])
def test_report_has_every_section(page: str, section: str) -> None:
    assert f"<h2>{section}" in page


@pytest.mark.parametrize("needle", [EVIL, "<script"])
def test_store_text_is_escaped(page: str, needle: str) -> None:
    assert needle not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


@pytest.mark.parametrize("pattern", [r"<link\b", r"\bsrc=", r"@import", r"url\(http"])
def test_nothing_is_loaded_from_outside(page: str, pattern: str) -> None:
    assert not re.search(pattern, page)


@pytest.mark.parametrize("kind", ["href"])
def test_evidence_links_land_on_article_anchors(page: str, kind: str) -> None:
    targets = set(re.findall(rf"{kind}='#([^']+)'", page))
    anchors = set(re.findall(r"id='([^']+)'", page))
    assert targets and targets <= anchors


@pytest.mark.parametrize("url", ["https://example.com/niger"])
def test_only_web_urls_become_outside_links(page: str, url: str) -> None:
    assert re.findall(r"href='(http[^']+)'", page) == [url]


@pytest.mark.parametrize("marker", ["<path d='M", "class='point'"])
def test_map_draws_outlines_and_points(page: str, marker: str) -> None:
    assert marker in page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("actor=NER since=2024-01-01", {"actor": "NER", "since": date(2024, 1, 1)}),
        ("dyad=NER,RUS type=CONSULT", {"dyad": ("NER", "RUS"), "type": "CONSULT"}),
        ("text=ambassador_expelled", {"text": "ambassador expelled"}),
        ("", {}),
    ],
)
def test_query_string_becomes_filters(text: str, expected: dict[str, Any]) -> None:
    assert parse_query(text) == expected


@pytest.mark.parametrize("text", ["actor", "colour=red", "since=yesterday", "dyad=NER"])
def test_bad_query_string_is_e605(text: str) -> None:
    with pytest.raises(ExportError) as info:
        parse_query(text)
    assert info.value.code == "E605"


@pytest.mark.parametrize("where", ["no/such/dir/report.html"])
def test_unwritable_report_is_e602(tmp_path: Path, where: str) -> None:
    with Store.open(":memory:") as store, pytest.raises(ExportError) as info:
        write_report(store, tmp_path / where)
    assert info.value.code == "E602"


@pytest.mark.parametrize("filters", [{"actor": "USA"}])
def test_empty_selection_still_makes_a_page(filters: dict[str, Any]) -> None:
    with Store.open(":memory:") as store:
        store.add(sample_result())
        page = build_report(store, **filters)
    assert "No events." in page and page.rstrip().endswith("</html>")
