"""Stage 6a, geo: find the article's place names and resolve them to GeoNames, offline.

Reads: analysis (entities), actors (mentions marked ``how="government"``). Adds: toponyms.

Steps of :func:`resolve_toponyms`:

1. names: GPE/LOC/FAC entities; ORG entities that name a country or a capital or big city (small
   models tag "Niamey" as ORG); NORP demonyms ("Russian"). An entity "X, Y" is split in two.
2. pairs: a country or US state right after a place, past a comma ("Tehran, Iran",
   "Paris, Texas", "Springfield, Ill.") qualifies it and restricts its candidates.
3. context: the countries and states the article names (its tags too) boost candidates in them.
4. each distinct name is resolved once, by a population prior plus context, in two passes: the
   second also counts the countries of the places the first pass resolved.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, TypeVar

from herald.geo.gazetteer import MAX_KEY_LENGTH, Country, Gazetteer, load_gazetteer, name_key
from herald.model import Actors, Analysis, Article, Mention, Place, Span, Toponym

_T = TypeVar("_T")
_Role = Literal["place", "government", "demonym"]

# Entity labels whose every mention is a toponym, resolved or not.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# An ORG mention is taken as a place only when it is this unambiguous a place name.
_ORG_MIN_POPULATION = 1_000_000

# Scores are on a log10(population) scale, so a bonus of 1 is worth a tenfold population.
# Countries and continents beat any city of the same name ("Mexico", "Djibouti", "Africa").
_COUNTRY_PRIOR = 8.8
_REGION_PRIOR = 8.5
# A first-level unit is as likely as a city as populous as its country's average unit, plus
# this: a US state (6.5 million on average) scores 7.0, a Jamaican parish 5.5.
_ADMIN1_BONUS = 0.2
_ADMIN1_PRIOR_RANGE = (5.0, 7.5)
# A unit without coordinates loses this much: it should lose to a sizeable city of the same
# name ("Kano", "Niamey"), which has them.
_NO_POINT_PENALTY = 1.5
# A county or district: about a city of 30,000 ("Metcalfe County").
_ADMIN2_PRIOR = 4.5
_CAPITAL_BONUS = 1.5
_MAIN_NAME_BONUS = 0.3
_NAMED_COUNTRY_BONUS = 2.5
_RELATED_COUNTRY_BONUS = 1.5
_NAMED_STATE_BONUS = 2.5
_RELATED_STATE_BONUS = 1.0
# A state among other named states of its country is a state ("Georgia" next to "Alabama").
_SIBLING_STATE_BONUS = 0.5
# A unit named like another country ("Niger" state in Nigeria, "Georgia" in the USA) needs more
# than its country's context to beat that country: its country's bonus is capped at this.
_FOREIGN_NAME_BONUS = 1.5
# "X, Y": a candidate inside Y is all but certain.
_QUALIFIER_BONUS = 6.0

# AP style abbreviations of US states ("Springfield, Ill."), used only right after a comma.
_AP_STATES: dict[str, str] = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS",
    "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN",
    "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE", "nebr": "NE", "nev": "NV", "nh": "NH",
    "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC", "nd": "ND", "okla": "OK", "ore": "OR",
    "pa": "PA", "penn": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX",
    "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV", "wis": "WI", "wisc": "WI",
    "wyo": "WY", "dc": "DC",
}  # fmt: skip
# The AP abbreviations read as a state on their own ("Calif.", "S.C."): only names the parser
# tagged as places get here, so "Ind." or "Mo." alone is the state. "La." (Los Angeles), "N.Y."
# (the city as often as the state) and "Cal" (a given name) stay qualifiers only.
_AP_STANDALONE = frozenset(
    {"ala", "ariz", "ark", "calif", "colo", "conn", "fla", "kan", "kans", "ky", "mich", "minn",
     "mont", "neb", "nebr", "nev", "okla", "tenn", "tex", "wis", "wisc", "wyo", "wva", "sc",
     "nc", "nd", "sd", "nh", "nj", "nm", "ri", "dc", "ind", "mo", "md", "va", "pa", "ga", "vt",
     "del", "ill", "mass", "miss", "ore", "wash"}
)  # fmt: skip
_QUALIFIER_AFTER = re.compile(r"\s*,\s*([A-Z][\w.]*\.?(?:\s[A-Z][\w.]*\.?){0,2})")
_COMMA_ONLY = re.compile(r"\s*,\s*")


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    prior: float
    iso2: str | None
    state: tuple[str, str] | None  # (ISO2, GeoNames admin1 code) when known
    is_state: bool = False
    foreign_name: bool = False  # an admin1 unit sharing its name with another country


@dataclass(slots=True)
class _Name:
    """One place-name occurrence found in the text."""

    span: Span
    key: str
    demonym: bool = False
    qualifier: str | None = None  # key of the "Y" in "X, Y"


@dataclass(slots=True)
class _Context:
    """What each distinct name says about the article's countries and states."""

    named: dict[str, set[str]] = field(default_factory=dict)  # key -> ISO2 named as countries
    related: dict[str, set[str]] = field(default_factory=dict)  # key -> ISO2 of its places
    states: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # key -> named states
    related_states: dict[str, set[tuple[str, str]]] = field(default_factory=dict)

    def totals(
        self,
    ) -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]], Counter[tuple[str, str]]]:
        return (
            _count(self.named.values()),
            _count(self.related.values()),
            _count(self.states.values()),
            _count(self.related_states.values()),
        )


def _count(groups: Iterable[set[_T]]) -> Counter[_T]:
    counter: Counter[_T] = Counter()
    for group in groups:
        counter.update(group)
    return counter


# --- candidates -----------------------------------------------------------------------------------


def _country_place(country: Country) -> Place:
    return Place(country.name, country.geonameid, country.iso3, country.lat, country.lon, "country")


@lru_cache(maxsize=65536)
def _candidates(gaz: Gazetteer, key: str) -> tuple[_Candidate, ...]:
    """Every gazetteer entry a name key can denote, with its context-free prior."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return ()
    out: list[_Candidate] = []
    iso2 = gaz.country_by_name.get(key)
    units = list(gaz.admin1.get(key, ()))
    units += [gaz.admin1_by_code[unit] for unit in gaz.abbreviations.get(key, ())]
    # "England", "Scotland": a name Herald also reads as its country is first the unit itself.
    own_unit = key in gaz.alias_keys and any(u.country == iso2 for u in units)
    if iso2 is not None and not own_unit and (country := gaz.countries.get(iso2)) is not None:
        out.append(_Candidate(_country_place(country), _COUNTRY_PRIOR, iso2, None))
    region = gaz.regions.get(key)
    if region is not None:
        place = Place(region.name, region.geonameid, None, region.lat, region.lon, "region")
        out.append(_Candidate(place, _REGION_PRIOR, None, None))
    cities = gaz.cities_named(key)
    if iso2 is not None:
        # A country's name is never a city's mere alternate name ("Mexico" for Mexico City).
        cities = [(city, main) for city, main in cities if main]
    # A subdivision without coordinates named like one of its country's cities ("Idlib") is
    # usually named after it; the city, which has coordinates, stands for both.
    city_countries = {city.country for city, main in cities if main}
    units = [u for u in units if u.lat is not None or u.country not in city_countries]
    if key in _AP_STANDALONE:
        units.append(gaz.admin1_by_code[("US", _AP_STATES[key])])
    for unit in dict.fromkeys(units):
        country = gaz.countries.get(unit.country)
        iso3 = country.iso3 if country else None
        place = Place(unit.name, unit.geonameid, iso3, unit.lat, unit.lon, "admin1")
        # A unit named like another country ("Georgia", "Niger") takes no country context.
        foreign = iso2 is not None and iso2 != unit.country
        prior = _admin1_prior(gaz, unit.country)
        if unit.lat is None:
            prior -= _NO_POINT_PENALTY
        if unit.geonameid is not None:
            out.append(_Candidate(place, prior, unit.country, (unit.country, unit.code),
                                  is_state=True, foreign_name=foreign))  # fmt: skip
        else:
            out.append(_Candidate(place, prior, unit.country, None, foreign_name=foreign))
    for county in gaz.admin2.get(key, ()):
        country = gaz.countries.get(county.country)
        state = gaz.admin1_by_name.get((county.country, name_key(county.admin1)))
        place = Place(county.name, None, country.iso3 if country else None, county.lat,
                      county.lon, "admin2")  # fmt: skip
        out.append(_Candidate(place, _ADMIN2_PRIOR, county.country,
                              (county.country, state.code) if state else None))  # fmt: skip
    for city, main in cities:
        country = gaz.countries.get(city.country)
        place = Place(city.name, city.geonameid, country.iso3 if country else None, city.lat,
                      city.lon, "city")  # fmt: skip
        prior = math.log10(city.population + 10)
        prior += _MAIN_NAME_BONUS if main else 0.0
        prior += _CAPITAL_BONUS if city.capital else 0.0
        out.append(_Candidate(place, prior, city.country, (city.country, city.admin1)))
    return tuple(out)


def _admin1_prior(gaz: Gazetteer, iso2: str) -> float:
    """The prior of a first-level unit of a country: log10 of its average unit's population."""
    country = gaz.countries.get(iso2)
    units = gaz.admin1_count.get(iso2, 0)
    if country is None or not units or country.population <= 0:
        return _ADMIN1_PRIOR_RANGE[0]
    prior = math.log10(country.population / units) + _ADMIN1_BONUS
    return min(max(prior, _ADMIN1_PRIOR_RANGE[0]), _ADMIN1_PRIOR_RANGE[1])


def _qualifier_scope(gaz: Gazetteer, key: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The countries and states a "Y" of "X, Y" can mean (empty when Y is no such unit)."""
    countries: set[str] = set()
    states: set[tuple[str, str]] = set()
    if key in gaz.country_by_name:
        countries.add(gaz.country_by_name[key])
    for unit in gaz.admin1.get(key, ()):
        if unit.geonameid is not None:
            states.add((unit.country, unit.code))
        else:
            countries.add(unit.country)
    countries.update(country for country, _ in gaz.qualifier_abbreviations.get(key, ()))
    ap = _AP_STATES.get(key.replace(" ", ""))
    if ap is not None:
        states.add(("US", ap))
    elif len(key) == 2 and ("US", key.upper()) in gaz.admin1_by_code:
        states.add(("US", key.upper()))
    return countries, states


def _choose(
    gaz: Gazetteer,
    key: str,
    qualifier: str | None,
    context: _Context,
) -> Place | None:
    """The best candidate for ``key`` given the rest of the article."""
    candidates = _candidates(gaz, key)
    if not candidates:
        return None
    scope_countries: set[str] = set()
    scope_states: set[tuple[str, str]] = set()
    if qualifier is not None:
        scope_countries, scope_states = _qualifier_scope(gaz, qualifier)
        if scope_countries or scope_states:
            inside = [
                c
                for c in candidates
                if c.iso2 in scope_countries or (c.state is not None and c.state in scope_states)
            ]
            if inside:
                candidates = tuple(inside)
            elif all(c.place.feature == "city" for c in candidates):
                # A city qualified by a country or state it is not in is a place we do not know;
                # a same-named city elsewhere would be a confident error.
                return None
            # Otherwise "X, Y" is a list ("Russia, Turkey"), not a pair: Y says nothing about X.
    named, related, states, related_states = context.totals()
    own_named = context.named.get(key, set())
    own_related = context.related.get(key, set())
    own_states = context.states.get(key, set())
    own_related_states = context.related_states.get(key, set())
    named_state_countries = {s[0] for s in states if states[s] - (s in own_states) > 0}

    def score(c: _Candidate) -> tuple[float, float]:
        value = c.prior
        if c.iso2 is not None:
            if named[c.iso2] - (c.iso2 in own_named) > 0:
                value += _FOREIGN_NAME_BONUS if c.foreign_name else _NAMED_COUNTRY_BONUS
            elif related[c.iso2] - (c.iso2 in own_related) > 0:
                value += _FOREIGN_NAME_BONUS if c.foreign_name else _RELATED_COUNTRY_BONUS
        if c.state is not None:
            if states[c.state] - (c.state in own_states) > 0:
                value += _NAMED_STATE_BONUS
            elif related_states[c.state] - (c.state in own_related_states) > 0:
                value += _RELATED_STATE_BONUS
        if c.is_state and c.iso2 in named_state_countries:
            value += _SIBLING_STATE_BONUS
        if c.iso2 in scope_countries or (c.state is not None and c.state in scope_states):
            value += _QUALIFIER_BONUS
        # Ties go to the bigger place, then to the stabler (lower) GeoNames id.
        return value, -(c.place.geonameid or 0)

    return max(candidates, key=score).place


# --- context --------------------------------------------------------------------------------------


def _direct_context(gaz: Gazetteer, name: _Name, context: _Context) -> None:
    """What a name says about the article before anything is resolved."""
    if name.demonym:
        iso2 = gaz.demonym.get(name.key)
        if iso2 is not None:
            context.related.setdefault(name.key, set()).add(iso2)
        return
    iso2 = gaz.country_by_name.get(name.key)
    if iso2 is not None:
        context.named.setdefault(name.key, set()).add(iso2)
        return
    for unit in gaz.admin1.get(name.key, ()):
        if unit.geonameid is not None:
            context.states.setdefault(name.key, set()).add((unit.country, unit.code))
            context.related.setdefault(name.key, set()).add(unit.country)


def _resolved_context(gaz: Gazetteer, key: str, place: Place, context: _Context) -> None:
    """What a resolved city adds: its country and (weakly) its state."""
    if place.feature != "city":
        return
    for candidate in _candidates(gaz, key):
        if candidate.place == place and candidate.iso2 is not None:
            context.related.setdefault(key, set()).add(candidate.iso2)
            if candidate.state is not None:
                context.related_states.setdefault(key, set()).add(candidate.state)
            return


def _resolve_keys(
    gaz: Gazetteer,
    names: Sequence[_Name],
    extra_context: Iterable[str] = (),
) -> dict[tuple[str, str | None, bool], Place | None]:
    """Resolve each distinct (key, qualifier, demonym) once, in two passes over the context."""
    context = _Context()
    for name in names:
        _direct_context(gaz, name, context)
    for tag in extra_context:
        tag_key = name_key(tag)
        iso2 = gaz.country_by_name.get(tag_key)
        if iso2 is not None:
            # Tags are not in the text: they add context but are never a name's "own" context.
            context.named.setdefault("\0tag:" + tag_key, set()).add(iso2)
    distinct = list(dict.fromkeys((n.key, n.qualifier, n.demonym) for n in names))
    result: dict[tuple[str, str | None, bool], Place | None] = {}
    for passes in range(2):
        for item in distinct:
            key, qualifier, demonym = item
            if demonym:
                iso2 = gaz.demonym.get(key)
                country = gaz.countries.get(iso2) if iso2 else None
                result[item] = _country_place(country) if country else None
                continue
            result[item] = _choose(gaz, key, qualifier, context)
        if passes == 0:
            for (key, _, demonym), place in result.items():
                if place is not None and not demonym:
                    _resolved_context(gaz, key, place, context)
    return result


# --- finding names in the analysis ----------------------------------------------------------------


def _is_major_place(gaz: Gazetteer, key: str) -> bool:
    """Whether an ORG-tagged name is really a country, a capital or a very big city."""
    if key in gaz.country_by_name:
        return True
    for city, main in gaz.cities_named(key):
        if main and (city.capital or city.population >= _ORG_MIN_POPULATION):
            return True
    return False


def _split_pair(text: str, span: Span) -> list[_Name]:
    """An entity "X, Y" as two names, X qualified by Y."""
    comma = text.find(",")
    left = text[:comma].rstrip()
    right_start = comma + 1 + (len(text[comma + 1 :]) - len(text[comma + 1 :].lstrip()))
    right = text[right_start:].rstrip()
    y = _Name(Span(span.start + right_start, span.start + right_start + len(right)),
              name_key(right))  # fmt: skip
    x = _Name(Span(span.start, span.start + len(left)), name_key(left), qualifier=y.key)
    return [x, y]


def _find_names(gaz: Gazetteer, analysis: Analysis) -> list[_Name]:
    """Step 1 and 2: the place-name occurrences, with "X, Y" pairs linked."""
    text = analysis.text
    names: list[_Name] = []
    for entity in sorted(analysis.entities, key=lambda m: m.span.start):
        if entity.span.end > len(text):
            continue
        names.extend(_names_of(gaz, entity, entity.span.text(text)))
    names.sort(key=lambda n: n.span.start)
    # Pairs "X, Y" over two entities, or with a Y the model did not tag.
    added: list[_Name] = []
    for i, name in enumerate(names):
        if name.demonym or name.qualifier is not None:
            continue
        following = names[i + 1] if i + 1 < len(names) else None
        gap = text[name.span.end : following.span.start] if following else ""
        if following is not None and not following.demonym and _COMMA_ONLY.fullmatch(gap):
            if any(_qualifier_scope(gaz, following.key)):
                name.qualifier = following.key
            continue
        match = _QUALIFIER_AFTER.match(text, name.span.end)
        if match is None:
            continue
        y_key = name_key(match.group(1))
        countries, states = _qualifier_scope(gaz, y_key)
        if countries or states:
            name.qualifier = y_key
            if not countries and len(states) == 1:
                # An abbreviation ("Ill.", "TX") stands for its state's full name.
                y_key = name_key(gaz.admin1_by_code[next(iter(states))].name)
            added.append(_Name(Span(match.start(1), match.end(1)), y_key))
    return sorted(names + added, key=lambda n: n.span.start)


def _names_of(gaz: Gazetteer, entity: Mention, text: str) -> list[_Name]:
    key = name_key(text)
    if not key:
        return []
    if entity.label in _PLACE_LABELS:
        # "Canadian" is a demonym even though GeoNames has a village of that name.
        if key in gaz.demonym and key not in gaz.country_by_name:
            return [_Name(entity.span, key, demonym=True)]
        if "," in text and not _candidates(gaz, key):
            return _split_pair(text, entity.span)
        return [_Name(entity.span, key)]
    if entity.label == "NORP":
        if key in gaz.demonym:
            return [_Name(entity.span, key, demonym=True)]
        if key in gaz.country_by_name:
            return [_Name(entity.span, key)]
        return []
    if entity.label == "ORG" and _is_major_place(gaz, key):
        return [_Name(entity.span, key)]
    return []


def _role(name: _Name, actors: Actors) -> _Role:
    if name.demonym:
        return "demonym"
    for mention in actors.mentions:
        if mention.how == "government" and mention.span.overlaps(name.span):
            return "government"
    return "place"


# --- public API -----------------------------------------------------------------------------------


def resolve_toponyms(article: Article, analysis: Analysis, actors: Actors) -> tuple[Toponym, ...]:
    """Find the article's place names and resolve each to a GeoNames place (None if unknown)."""
    gaz = load_gazetteer()
    names = _find_names(gaz, analysis)
    if not names:
        return ()
    places = _resolve_keys(gaz, names, article.tags)
    toponyms: list[Toponym] = []
    for name in names:
        role = _role(name, actors)
        place = places.get((name.key, name.qualifier, name.demonym))
        toponyms.append(Toponym(span=name.span, place=place, role=role))
    return tuple(toponyms)


def qualifier_after(text: str, end: int) -> str | None:
    """The "Y" written after a place ending at ``end`` ("Springfield, Ill."), when Y is a country
    or state (US state abbreviations included); None otherwise."""
    match = _QUALIFIER_AFTER.match(text, end)
    if match is None:
        return None
    return (
        match.group(1)
        if any(_qualifier_scope(load_gazetteer(), name_key(match.group(1))))
        else None
    )


def resolve_names(
    names: Sequence[str],
    qualifiers: Sequence[str | None] | None = None,
    *,
    context: Iterable[str] = (),
    gazetteer: Gazetteer | None = None,
) -> list[Place | None]:
    """Resolve bare names as one article would: each with the others (and ``context``) as context.

    ``qualifiers[i]`` is the "Y" of an "X, Y" pair for ``names[i]``. For evaluation and tests.
    """
    gaz = gazetteer or load_gazetteer()
    quals = list(qualifiers) if qualifiers is not None else [None] * len(names)
    found: list[_Name] = []
    for name, qualifier in zip(names, quals, strict=True):
        key = name_key(name)
        # A bare demonym ("Turkish") stands for its country.
        demonym = key in gaz.demonym and key not in gaz.country_by_name
        found.append(_Name(Span(0, 0), key, demonym, name_key(qualifier) if qualifier else None))
    places = _resolve_keys(gaz, found, context)
    return [places.get((n.key, n.qualifier, n.demonym)) for n in found]
