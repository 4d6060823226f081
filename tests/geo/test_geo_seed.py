"""The seed article's required places resolve to the analyst's countries and GeoNames ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from herald.geo import resolve_toponyms
from herald.model import Actors, Analysis, Article


def _required_places(shared: Path) -> list[dict[str, Any]]:
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    places: list[dict[str, Any]] = expected["places"]["required"]
    return places


@pytest.mark.model
@pytest.mark.shared
def test_seed_article_required_places(shared: Path, analyze: Callable[[str], Analysis]) -> None:
    # Read at run time: the article is third-party text and is never copied into the project.
    text = (shared / "seed" / "article.txt").read_text(encoding="utf-8")
    article = Article(id="x", raw=text, text=text)
    toponyms = resolve_toponyms(article, analyze(text), Actors())
    found: dict[str, list[tuple[str | None, int | None]]] = {}
    for toponym in toponyms:
        if toponym.place is not None:
            found.setdefault(toponym.span.text(text), []).append(
                (toponym.place.country, toponym.place.geonameid)
            )
    missing = []
    for place in _required_places(shared):
        readings = found.get(place["name"], [])
        ok = any(
            country == place["country"]
            and ("geonameid" not in place or geonameid == place["geonameid"])
            for country, geonameid in readings
        )
        if not ok:
            missing.append((place["name"], readings))
    assert not missing
