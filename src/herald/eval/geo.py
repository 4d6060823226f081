"""Score Herald's toponyms against Gritta et al.'s geoparsing XML (LGL, TR-News, GeoVirus).

LGL and TR-News mark a gold place as ``<toponym>`` with ``<start>``, ``<end>``, ``<phrase>`` and a
``<gaztag geonameid>`` holding ``<lat>``/``<lon>``; GeoVirus as ``<location>`` with ``<start>``,
``<end>``, ``<name>``, ``<lat>``, ``<lon>`` (no GeoNames id). Plain or gzipped; XML comments
(GeoVirus has commented-out articles) are skipped by the parser.

Two separate measurements:

- **Resolution, on the gold spans.** Every gold toponym with coordinates is resolved by
  :func:`herald.geo.resolve_names` as one article: the article's other gold names are its context,
  and an "X, Y" qualifier is the next gold name after a comma, else a country, state or AP state
  abbreviation written after a comma in the text. ``acc_161km``: share within 161 km (100 miles)
  of the gold point; ``exact_geonameid``: share with the gold GeoNames id (over toponyms that have
  one); ``median_error_km``: median distance, an unresolved name counting as half the Earth's
  circumference (20,038 km) so that refusing to answer is never better than a wrong answer.
- **Recognition, on the text.** Herald's own toponyms (parser + :func:`resolve_toponyms`,
  demonyms excluded because no corpus marks them) against the gold spans. ``recognition_f1``
  counts a match when the spans **overlap** (each used once); ``recognition_exact_f1`` needs the
  same offsets.
"""

from __future__ import annotations

import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herald.eval.common import check_limit, malformed, read_text, sample, share, summary
from herald.model import Actors, Article, Place, Span

#: Distance within which a resolution counts as right (100 miles, the field's convention).
ACCURACY_KM = 161.0
_EARTH_RADIUS_KM = 6371.0
#: The error charged for an unresolved name: the farthest two points on Earth can be.
UNRESOLVED_KM = math.pi * _EARTH_RADIUS_KM
KEYS = (
    "n",
    "articles",
    "acc_161km",
    "exact_geonameid",
    "median_error_km",
    "unresolved",
    "recognition_f1",
    "recognition_exact_f1",
)


@dataclass(frozen=True, slots=True)
class GoldToponym:
    span: Span
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class GeoArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# --- loading -------------------------------------------------------------------------------------


def load_geoparsing(path: Path) -> list[GeoArticle]:
    """The articles of one Gritta-format XML file, in file order."""
    try:
        root = ET.fromstring(read_text(path))
    except ET.ParseError as exc:
        raise malformed(path, exc.position[0], f"not well-formed XML: {exc}") from exc
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = [_toponym(path, text, node) for node in (*article.iter("toponym"),
                                                        *article.iter("location"))]  # fmt: skip
        kept = sorted((g for g in gold if g is not None), key=lambda g: (g.span.start, g.span.end))
        articles.append(GeoArticle(text, tuple(kept)))
    return articles


def _toponym(path: Path, text: str, node: ET.Element) -> GoldToponym | None:
    start, end = node.findtext("start"), node.findtext("end")
    if start is None or end is None:
        return None
    try:
        begin, stop = int(start), int(end)
    except ValueError as exc:
        raise malformed(path, "?", f"bad offsets {start!r}-{end!r}") from exc
    phrase = node.findtext("phrase") or node.findtext("name") or text[begin:stop]
    # A few gold offsets are some characters off: realign on the phrase when it is close by.
    found = text.find(phrase, max(0, begin - 8), stop + 8) if phrase else -1
    if found >= 0:
        begin, stop = found, found + len(phrase)
    if not 0 <= begin <= stop <= len(text):
        return None
    lat = node.findtext("gaztag/lat") or node.findtext("lat")
    lon = node.findtext("gaztag/lon") or node.findtext("lon")
    tag = node.find("gaztag")
    geonameid = tag.get("geonameid") if tag is not None else None
    return GoldToponym(
        Span(begin, stop),
        text[begin:stop],
        float(lat) if lat else None,
        float(lon) if lon else None,
        int(geonameid) if geonameid and geonameid.isdigit() else None,
    )


# --- resolution ----------------------------------------------------------------------------------


def resolve_gold(article: GeoArticle) -> list[Place | None]:
    """Resolve an article's gold names together, with their "X, Y" qualifiers."""
    from herald.geo import resolve_names
    from herald.geo.resolve import qualifier_after

    names = [g.name for g in article.toponyms]
    qualifiers: list[str | None] = []
    for i, gold in enumerate(article.toponyms):
        following = article.toponyms[i + 1] if i + 1 < len(article.toponyms) else None
        gap = article.text[gold.span.end : following.span.start] if following else ""
        if following is not None and gap.strip() == ",":
            qualifiers.append(following.name)
        else:
            qualifiers.append(qualifier_after(article.text, gold.span.end))
    return resolve_names(names, qualifiers)


@dataclass(slots=True)
class _Tally:
    n: int = 0
    within: int = 0
    with_id: int = 0
    exact: int = 0
    unresolved: int = 0
    gold: int = 0
    system: int = 0
    overlap: int = 0
    same: int = 0

    def f1(self, hits: int) -> float:
        p, r = share(hits, self.system), share(hits, self.gold)
        return 2 * p * r / (p + r) if p + r else 0.0


def _score_resolution(article: GeoArticle, tally: _Tally, errors: list[float]) -> None:
    for gold, place in zip(article.toponyms, resolve_gold(article), strict=True):
        if gold.lat is None or gold.lon is None:
            continue
        tally.n += 1
        if gold.geonameid is not None:
            tally.with_id += 1
            tally.exact += place is not None and place.geonameid == gold.geonameid
        if place is None or place.lat is None or place.lon is None:
            tally.unresolved += 1
            errors.append(UNRESOLVED_KM)
            continue
        error = distance_km(place.lat, place.lon, gold.lat, gold.lon)
        errors.append(error)
        tally.within += error <= ACCURACY_KM


def _score_recognition(article: GeoArticle, found: list[Span], tally: _Tally) -> None:
    gold = [g.span for g in article.toponyms]
    tally.gold += len(gold)
    tally.system += len(found)
    tally.same += len(set(gold) & set(found))
    used: set[int] = set()
    for span in gold:
        for i, mine in enumerate(found):
            if i not in used and mine.overlaps(span):
                used.add(i)
                tally.overlap += 1
                break


def resolution_metrics(articles: list[GeoArticle]) -> dict[str, Any]:
    """The resolution figures alone (no parsing, so no model needed)."""
    tally = _Tally()
    errors: list[float] = []
    for article in articles:
        _score_resolution(article, tally, errors)
    return _resolution(tally, errors)


def _resolution(tally: _Tally, errors: list[float]) -> dict[str, Any]:
    return {
        "n": tally.n,
        "acc_161km": round(share(tally.within, tally.n), 4),
        "exact_geonameid": round(share(tally.exact, tally.with_id), 4),
        "median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "unresolved": tally.unresolved,
    }


def evaluate_geo(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Resolution on gold spans and recognition on the text; ``limit`` counts articles."""
    from herald.config import settings
    from herald.geo import resolve_toponyms
    from herald.nlp import load_analyzer

    check_limit(limit)
    articles = sample(load_geoparsing(path), limit)
    tally = _Tally()
    errors: list[float] = []
    analyzer = load_analyzer(settings().model)
    parsed = analyzer.analyze_many(a.text for a in articles)
    for article, analysis in zip(articles, parsed, strict=True):
        _score_resolution(article, tally, errors)
        record = Article(id="geo", raw=article.text, text=article.text)
        toponyms = resolve_toponyms(record, analysis, Actors())
        found = [t.span for t in toponyms if t.role != "demonym"]
        _score_recognition(article, found, tally)
    metrics: dict[str, Any] = {
        **_resolution(tally, errors),
        "articles": len(articles),
        "recognition_f1": round(tally.f1(tally.overlap), 4),
        "recognition_exact_f1": round(tally.f1(tally.same), 4),
    }
    return metrics, summary(metrics, KEYS)
