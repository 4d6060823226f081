"""Resolving place names offline: gazetteer keys, priors, context, pairs, bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.geo import resolve_names, resolve_toponyms
from herald.geo.gazetteer import load_gazetteer, name_key
from herald.model import ActorMention, Actors, Analysis, Article, Mention, Span


def _article(text: str) -> Article:
    return Article(id="x", raw=text, text=text)


def _analysis(text: str, *entities: tuple[str, str]) -> Analysis:
    """An analysis with only entity mentions: enough for finding and resolving names."""
    mentions = []
    cursor = 0
    for surface, label in entities:
        start = text.index(surface, cursor)
        mentions.append(Mention(Span(start, start + len(surface)), label))
        cursor = start + len(surface)
    return Analysis(text=text, sentences=(), tokens=(), entities=tuple(mentions))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("São Paulo", "sao paulo"),
        ("SAO-PAULO", "sao paulo"),
        ("U.S.", "us"),
        ("the Netherlands", "netherlands"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Russia's", "russia"),
        ("  Tehran \n", "tehran"),
    ],
)
def test_name_key_normalises(raw: str, key: str) -> None:
    assert name_key(raw) == key


@pytest.mark.parametrize(
    ("name", "geonameid", "iso3", "feature"),
    [
        ("Niamey", 2440485, "NER", "city"),
        ("Moscow", 524901, "RUS", "city"),
        ("Tehran", 112931, "IRN", "city"),
        ("Turkey", 298795, "TUR", "country"),
        ("Türkiye", 298795, "TUR", "country"),
        ("Serbia", 6290252, "SRB", "country"),
        ("Mali", 2453866, "MLI", "country"),
        ("the United States", 6252001, "USA", "country"),
        ("U.S.", 6252001, "USA", "country"),
        ("Africa", 6255146, None, "region"),
        ("Texas", 4736286, "USA", "admin1"),
    ],
)
def test_well_known_names(name: str, geonameid: int, iso3: str | None, feature: str) -> None:
    (place,) = resolve_names([name])
    assert place is not None
    assert (place.geonameid, place.country, place.feature) == (geonameid, iso3, feature)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    ("names", "qualifiers", "expected"),
    [
        (["Paris", "France"], None, 2988507),
        (["Paris", "Texas"], None, 4717560),
        # A country named elsewhere in the text is not enough to move Paris to Texas.
        (["Paris", "United States"], None, 2988507),
        (["Paris"], ["Texas"], 4717560),
        (["Springfield"], ["Ill."], 4250542),
        (["Tehran"], ["Iran"], 112931),
        (["Georgia", "Alabama"], None, 4197000),
        (["Georgia"], None, 614540),
    ],
)
def test_context_and_pairs_disambiguate(
    names: list[str], qualifiers: list[str | None] | None, expected: int
) -> None:
    place = resolve_names(names, qualifiers)[0]
    assert place is not None and place.geonameid == expected


@pytest.mark.parametrize(
    ("names", "qualifiers"),
    [
        # "Russia, Turkey" is a list, not a pair: Turkey does not qualify Russia.
        (["Russia", "Turkey"], ["Turkey", None]),
    ],
)
def test_lists_are_not_pairs(names: list[str], qualifiers: list[str | None]) -> None:
    places = resolve_names(names, qualifiers)
    assert [p.country if p else None for p in places] == ["RUS", "TUR"]


@pytest.mark.parametrize("name", ["Xyzzyville", "Qwrtzplk Heights", "Moscow Qwrtz"])
def test_unknown_names_are_unresolved(name: str) -> None:
    assert resolve_names([name]) == [None]


@pytest.mark.parametrize(
    "name",
    ["", "   ", "!!!", "A" * 10_000, "Ni\x00amey", "東京", "🙂🙂", "-", "'s", "The", ",,, ,"],
)
def test_odd_names_never_raise(name: str) -> None:
    (place,) = resolve_names([name])
    assert place is None or place.geonameid is not None


@pytest.mark.parametrize(("name", "iso3"), [("Russian", "RUS"), ("Turkish", "TUR")])
def test_bare_demonym_stands_for_country(name: str, iso3: str) -> None:
    (place,) = resolve_names([name])
    assert place is not None and place.country == iso3 and place.feature == "country"


@pytest.mark.parametrize("min_population", [1000])
def test_gazetteer_loads_once(min_population: int) -> None:
    assert load_gazetteer(min_population) is load_gazetteer(min_population)


# --- resolve_toponyms on hand-built analyses --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        (
            "The envoy flew from Niamey to Moscow.",
            (("Niamey", "ORG"), ("Moscow", "GPE")),
            [("Niamey", 2440485, "place"), ("Moscow", 524901, "place")],
        ),
        (
            "Russian officials met in Tehran, Iran.",
            (("Russian", "NORP"), ("Tehran, Iran", "GPE")),
            [
                ("Russian", 2017370, "demonym"),
                ("Tehran", 112931, "place"),
                ("Iran", 130758, "place"),
            ],
        ),
        (
            "Talks in Xyzzyville ended; Reuters reported it.",
            (("Xyzzyville", "GPE"), ("Reuters", "ORG")),
            [("Xyzzyville", None, "place")],
        ),
        (
            "The blast hit Springfield, Ill., on Monday.",
            (("Springfield", "GPE"),),
            [("Springfield", 4250542, "place"), ("Ill.", 4896861, "place")],
        ),
    ],
)
def test_resolve_toponyms_finds_and_resolves(
    text: str, entities: tuple[tuple[str, str], ...], expected: list[tuple[str, int | None, str]]
) -> None:
    toponyms = resolve_toponyms(_article(text), _analysis(text, *entities), Actors())
    got = [(t.span.text(text), t.place.geonameid if t.place else None, t.role) for t in toponyms]
    assert got == expected


@pytest.mark.parametrize("how", ["government"])
def test_capital_used_for_government_gets_role(how: str) -> None:
    text = "Washington says it wants to talk with Bamako."
    analysis = _analysis(text, ("Washington", "GPE"), ("Bamako", "ORG"))
    actors = Actors(mentions=(ActorMention(Span(0, 10), "usa", how=how),))
    toponyms = resolve_toponyms(_article(text), analysis, actors)
    assert [t.role for t in toponyms] == ["government", "place"]
    assert toponyms[0].place is not None and toponyms[0].place.geonameid == 4140963


@pytest.mark.parametrize(
    "analysis",
    [
        Analysis(text="", sentences=(), tokens=(), entities=()),
        Analysis(text="abc", sentences=(), tokens=(), entities=(Mention(Span(1, 99), "GPE"),)),
        Analysis(text="   ", sentences=(), tokens=(), entities=(Mention(Span(0, 3), "GPE"),)),
    ],
)
def test_empty_or_broken_analysis_gives_nothing(analysis: Analysis) -> None:
    assert resolve_toponyms(_article(analysis.text), analysis, Actors()) == ()


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "geonameid"),
    [
        ("Protesters marched through Paris, the French capital, on Saturday.", "Paris", 2988507),
        ("Floods hit Dallas, Texas, and the town of Paris, Texas.", "Paris", 4717560),
        ("The minister arrived in Tehran, Iran, on Thursday.", "Tehran", 112931),
    ],
)
def test_resolve_toponyms_on_parsed_text(
    analyze: Callable[[str], Analysis], text: str, name: str, geonameid: int
) -> None:
    toponyms = resolve_toponyms(_article(text), analyze(text), Actors())
    by_name = {t.span.text(text): t for t in toponyms}
    assert name in by_name
    place = by_name[name].place
    assert place is not None and place.geonameid == geonameid


# --- countries, first-level units, abbreviations -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Alberta", "CAN"),
        ("Bavaria", "DEU"),  # ISO writes "Bayern"
        ("Sichuan", "CHN"),  # ISO writes "Sichuan Sheng"
        ("Queensland", "AUS"),
        ("England", "GBR"),  # the unit, not the United Kingdom it also stands for
        ("Quebec", "CAN"),  # a large province beats its capital city
    ],
)
def test_first_level_units_have_points(name: str, iso3: str) -> None:
    (place,) = resolve_names([name])
    assert place is not None and (place.country, place.feature) == (iso3, "admin1")
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(("name", "min_lon", "max_lon"), [("Russia", 60.0, 150.0)])
def test_country_point_is_not_dragged_by_its_cities(
    name: str, min_lon: float, max_lon: float
) -> None:
    # Most of Russia's cities lie west of the Urals; its centre point lies east of them.
    (place,) = resolve_names([name])
    assert place is not None and place.lon is not None and min_lon < place.lon < max_lon


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("B.C.", "CAN"), ("NSW", "AUS"), ("S.C.", "USA"), ("Ind.", "USA"), ("Sask.", "CAN")],
)
def test_abbreviations_stand_for_units(name: str, iso3: str) -> None:
    (place,) = resolve_names([name])
    assert place is not None and (place.country, place.feature) == (iso3, "admin1")


@pytest.mark.parametrize(
    ("names", "qualifiers", "iso3"),
    [
        (["Halifax"], ["N.S."], "CAN"),  # a qualifier-only abbreviation still qualifies
        (["Victoria"], ["B.C."], "CAN"),
    ],
)
def test_unit_abbreviations_qualify(
    names: list[str], qualifiers: list[str | None] | None, iso3: str
) -> None:
    place = resolve_names(names, qualifiers)[0]
    assert place is not None and place.country == iso3


@pytest.mark.parametrize(
    ("names", "feature", "iso3"),
    [
        # A country's name is not a city's alternate name: Mexico, not Mexico City.
        (["Mexico", "Guadalajara"], "country", "MEX"),
        # A state named like another country needs more than its country named nearby.
        (["Niger", "Nigeria"], "country", "NER"),
        (["Georgia", "Alabama", "Atlanta"], "admin1", "USA"),
    ],
)
def test_country_names_keep_their_country(names: list[str], feature: str, iso3: str) -> None:
    place = resolve_names(names)[0]
    assert place is not None and (place.feature, place.country) == (feature, iso3)


@pytest.mark.parametrize(("name", "region"), [("European", "Europe"), ("African", "Africa")])
def test_continent_adjectives_name_the_continent(name: str, region: str) -> None:
    (place,) = resolve_names([name])
    assert place is not None and (place.name, place.feature) == (region, "region")


@pytest.mark.parametrize("missing", ["countrystatecity_countries"])
def test_gazetteer_builds_without_the_area_package(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    import importlib.util

    from herald.geo import gazetteer

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == missing else real(name, *a)
    )
    assert gazetteer._area_points() == ({}, {})
