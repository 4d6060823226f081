"""Geocoding accuracy on gold toponym spans (Gritta et al.'s XML: LGL, TR-News, GeoVirus).

    python -m herald.geo.evaluate ../shared/data/geoparsing/TR-News.xml.gz [MIN_POPULATION]

Each gold name is resolved with :func:`resolve_names`, the article's other gold names as
context and a following gold country/state as its "X, Y" qualifier; the answer counts when it
lies within 161 km (100 miles) of the gold coordinates.
"""

from __future__ import annotations

import gzip
import math
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from herald.geo.gazetteer import load_gazetteer
from herald.geo.resolve import resolve_names

_EARTH_RADIUS_KM = 6371.0
ACCURACY_KM = 161.0


@dataclass(frozen=True, slots=True)
class GeocodingScore:
    """Counts and rates over the gold toponyms that carry coordinates."""

    toponyms: int
    resolved: int
    within: int
    exact: int

    @property
    def accuracy(self) -> float:
        return self.within / self.toponyms if self.toponyms else 0.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _gold(article: ET.Element, text: str) -> list[tuple[int, int, str, float, float, int]]:
    rows = []
    # LGL and TR-News call a gold place <toponym>, GeoVirus <location>.
    for toponym in [*article.iter("toponym"), *article.iter("location")]:
        tag = toponym.find("gaztag")
        lat = toponym.findtext("gaztag/lat") or toponym.findtext("lat")
        lon = toponym.findtext("gaztag/lon") or toponym.findtext("lon")
        start, end = toponym.findtext("start"), toponym.findtext("end")
        if lat is None or lon is None or start is None or end is None:
            continue
        geonameid = int(tag.get("geonameid", "0") or 0) if tag is not None else 0
        phrase = toponym.findtext("phrase") or toponym.findtext("name") or ""
        # Some corpora's offsets are a few characters off: realign on the phrase when it is near.
        begin = int(start)
        found = text.find(phrase, max(0, begin - 8), int(end) + 8) if phrase else -1
        if found >= 0:
            begin = found
        rows.append((begin, begin + len(phrase), phrase, float(lat), float(lon), geonameid))
    return sorted(rows)


def evaluate(path: Path, min_population: int | None = None) -> GeocodingScore:
    """Accuracy within 161 km over every gold toponym with coordinates in ``path``."""
    gaz = load_gazetteer(min_population) if min_population else load_gazetteer()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        root = ET.parse(handle).getroot()
    total = resolved = within = exact = 0
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        gold = _gold(article, text)
        names = [phrase for _, _, phrase, *_ in gold]
        qualifiers: list[str | None] = []
        for i, (_, end, *_rest) in enumerate(gold):
            following = gold[i + 1] if i + 1 < len(gold) else None
            gap = text[end : following[0]] if following else ""
            qualifiers.append(names[i + 1] if following and gap.strip() == "," else None)
        places = resolve_names(names, qualifiers, gazetteer=gaz)
        for (_, _, _, lat, lon, geonameid), place in zip(gold, places, strict=True):
            total += 1
            if place is None or place.lat is None or place.lon is None:
                continue
            resolved += 1
            exact += place.geonameid == geonameid
            within += distance_km(place.lat, place.lon, lat, lon) <= ACCURACY_KM
    return GeocodingScore(total, resolved, within, exact)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    score = evaluate(Path(argv[0]), int(argv[1]) if len(argv) > 1 else None)
    print(
        f"toponyms {score.toponyms}  resolved {score.resolved}  exact {score.exact}  "
        f"acc@161 {score.accuracy:.3f}  (cities >= {argv[1] if len(argv) > 1 else 'default'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
