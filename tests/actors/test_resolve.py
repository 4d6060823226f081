"""Actor resolution on invented sentences parsed with the configured model."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from herald.actors import resolve_actors
from herald.model import Actor, Actors, Analysis, Article

pytestmark = pytest.mark.model


def _resolve(analyze: Callable[[str], Analysis], text: str) -> Actors:
    return resolve_actors(Article(id="t", raw=text, text=text), analyze(text))


def _named(actors: Actors, name: str) -> Actor:
    for actor in actors.actors:
        if actor.name == name or name in actor.aliases:
            return actor
    raise AssertionError(f"{name!r} not among {[a.name for a in actors.actors]}")


@pytest.mark.parametrize(
    ("text", "name", "country", "sector", "role"),
    [
        (
            "Ivan Petrov, the Russian Deputy Prime Minister, met the delegation on Monday.",
            "Ivan Petrov",
            "RUS",
            "GOV",
            "Deputy Prime Minister",
        ),
        (
            "French President Emmanuel Macron spoke to reporters in Lyon.",
            "Emmanuel Macron",
            "FRA",
            "GOV",
            "President",
        ),
        (
            "The Kenyan Minister of Defense, Peter Otieno, visited the troops.",
            "Peter Otieno",
            "KEN",
            "GOV",
            "Minister of Defense",
        ),
    ],
)
def test_titles_and_appositions_give_country_sector_role(
    analyze: Callable[[str], Analysis], text: str, name: str, country: str, sector: str, role: str
) -> None:
    actor = _named(_resolve(analyze, text), name)
    assert (actor.country, actor.sector, actor.role) == (country, sector, role)


@pytest.mark.parametrize(
    ("text", "capital", "iso3"),
    [
        ("Washington warned that sanctions would follow.", "Washington", "USA"),
        ("The deal was rejected by Moscow on Friday.", "Moscow", "RUS"),
    ],
)
def test_capital_used_for_government_is_a_state_actor(
    analyze: Callable[[str], Analysis], text: str, capital: str, iso3: str
) -> None:
    actor = _named(_resolve(analyze, text), capital)
    assert (actor.kind, actor.country, actor.sector) == ("state", iso3, "GOV")


@pytest.mark.parametrize(
    "text", ["The summit took place in Moscow last week.", "She flew to Washington on Sunday."]
)
def test_capital_used_as_place_is_not_an_actor(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    actors = _resolve(analyze, text)
    assert not [a for a in actors.actors if a.kind == "state"]


@pytest.mark.parametrize(
    ("text", "pronoun", "name"),
    [
        ("Prime Minister Ana Brnabic arrived late. She met the envoy.", "She", "Ana Brnabic"),
        ("General Tiani left the capital. Later he addressed the troops.", "he", "Tiani"),
    ],
)
def test_pronouns_refer_to_the_nearest_person(
    analyze: Callable[[str], Analysis], text: str, pronoun: str, name: str
) -> None:
    actors = _resolve(analyze, text)
    start = text.index(f" {pronoun} ") + 1
    mention = next(m for m in actors.mentions if m.span.start == start)
    actor = actors.by_id(mention.actor_id)
    assert actor is not None and name in (actor.name, *actor.aliases)


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Ali Lamine Zeidan toured the region. The head of government then "
        "returned home."
    ],
)
def test_role_noun_corefers_with_the_office_holder(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    actors = _resolve(analyze, text)
    named = next(m for m in actors.mentions if m.how == "name")
    start = text.index("The head of government")
    mention = next(m for m in actors.mentions if m.span.start == start)
    assert mention.actor_id == named.actor_id


@pytest.mark.parametrize(
    "text", ["Officials from Ghana met envoys from Togo. The two countries signed a deal."]
)
def test_the_two_countries_refers_to_the_last_two_named(
    analyze: Callable[[str], Analysis], text: str
) -> None:
    actors = _resolve(analyze, text)
    start = text.index("The two countries")
    countries = {
        actor.country
        for m in actors.mentions
        if m.span.start == start
        for actor in [actors.by_id(m.actor_id)]
        if actor is not None
    }
    assert countries == {"GHA", "TGO"}


@pytest.mark.parametrize("text", ["", "   ", "Nothing to see here."])
def test_text_without_actors_gives_none(analyze: Callable[[str], Analysis], text: str) -> None:
    assert _resolve(analyze, text).actors == ()


@pytest.mark.parametrize("text", ["Zelensky " * 400, "NATO. " * 300])
def test_long_repetitive_input_does_not_fail(analyze: Callable[[str], Analysis], text: str) -> None:
    actors = _resolve(analyze, text)
    assert all(0 <= m.span.start <= m.span.end <= len(text) for m in actors.mentions)


@pytest.mark.parametrize(
    ("text", "name", "short"),
    [
        (
            "The Arctic Fisheries Council (AFC) warned Norway on Friday about quotas.",
            "Arctic Fisheries Council",
            "AFC",
        ),
        (
            "Canada said the Republic of Moldova (RM) would join the talks.",
            "Republic of Moldova",
            "RM",
        ),
    ],
)
def test_bracketed_short_form_is_the_same_actor(
    analyze: Callable[[str], Analysis], text: str, name: str, short: str
) -> None:
    actors = _resolve(analyze, text)
    assert _named(actors, name) is _named(actors, short)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "Peru demanded that the Argentine Republic return the vessel.",
            "Argentine Republic",
            "ARG",
        ),
        (
            "Seoul said the Democratic People's Republic of Korea fired a missile.",
            "Democratic People's Republic of Korea",
            "PRK",
        ),
    ],
)
def test_official_state_names_resolve_to_their_country(
    analyze: Callable[[str], Analysis], text: str, name: str, country: str
) -> None:
    assert _named(_resolve(analyze, text), name).country == country


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        (
            "The International Grain Office praised Kenya on Monday.",
            "International Grain Office",
            "IGO",
        ),
        ("The World Wildlife Foundation criticised Brazil.", "World Wildlife Foundation", "NGO"),
    ],
)
def test_transnational_bodies_take_no_country_from_context(
    analyze: Callable[[str], Analysis], text: str, name: str, code: str
) -> None:
    actor = _named(_resolve(analyze, text), name)
    assert (actor.country, actor.code) == (None, code)


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        ("President Bush said the United States would act.", "President Bush", "GOV"),
        ("Former President Bush visited Amman on Monday.", "Bush", "ELI"),
    ],
)
def test_title_in_the_text_outranks_the_dictionarys_dated_code(
    analyze: Callable[[str], Analysis], text: str, name: str, sector: str
) -> None:
    assert _named(_resolve(analyze, text), name).sector == sector


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        ("Palestinians protested against Israel on Friday.", "Palestinians", "CVL"),
        ("Algeria signed the accord with Tunisia.", "Algeria", "GOV"),
    ],
)
def test_plural_demonym_is_the_people_not_the_state(
    analyze: Callable[[str], Analysis], text: str, name: str, sector: str
) -> None:
    assert _named(_resolve(analyze, text), name).sector == sector


def test_dictionary_name_inside_a_longer_personal_name_is_not_that_actor(
    analyze: Callable[[str], Analysis],
) -> None:
    actors = _resolve(analyze, "President Omar Hassan al-Bashir spoke in Khartoum on Monday.")
    person = _named(actors, "Omar Hassan al-Bashir")
    assert person.country != "JOR"
    assert "Hassan" not in {a.name for a in actors.actors}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Ethnic Russians in Latvia protested on Monday.", "LVA"),
        ("Ethnic Hungarians marched in Romania on Sunday.", "ROU"),
    ],
)
def test_ethnic_group_belongs_to_the_country_it_lives_in(
    analyze: Callable[[str], Analysis], text: str, country: str
) -> None:
    group = next(a for a in _resolve(analyze, text).actors if a.sector == "CVL")
    assert group.country == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The government of Sindh province ordered a curfew on Monday.", "PAK"),
        ("Police in Bavaria arrested two men on Friday.", "DEU"),
        ("Rebels in the Ivory Coast rejected the offer.", "CIV"),
    ],
)
def test_body_of_a_province_serves_the_provinces_country(
    analyze: Callable[[str], Analysis], text: str, country: str
) -> None:
    sides = [a for a in _resolve(analyze, text).actors if a.sector in ("GOV", "COP", "REB")]
    assert sides and sides[0].country == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Gunmen in Tripoli shelled the harbour of the north Lebanese city on Friday.", "LBN"),
        ("Police in Tripoli detained three Libyan smugglers on Friday.", "LBY"),
        ("Police in Tripoli detained three smugglers on Friday.", "LBY"),
    ],
)
def test_a_city_homonym_is_read_in_the_articles_country(
    analyze: Callable[[str], Analysis], text: str, country: str
) -> None:
    sides = [a for a in _resolve(analyze, text).actors if a.sector in ("COP", "REB", "UAF")]
    assert sides and sides[0].country == country


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        (
            "Islamic fundamentalists staged a sit-in outside the Egyptian parliament.",
            "Islamic fundamentalists",
            "MUS",
        ),
        ("Labour activists in Chile marched on Monday.", "Labour activists", "LAB"),
    ],
)
def test_an_adjective_before_a_role_noun_joins_the_agent_phrase(
    analyze: Callable[[str], Analysis], text: str, name: str, sector: str
) -> None:
    actors = _resolve(analyze, text)
    found = [a for a in actors.actors if any(text[s.start : s.end] == name for s in a.mentions)]
    assert found and found[0].sector == sector


@pytest.mark.parametrize(
    ("text", "country"),
    [("Soldiers from East Timor crossed the border.", "TLS")],
)
def test_replaced_dictionary_country_codes_are_brought_up_to_date(
    analyze: Callable[[str], Analysis], text: str, country: str
) -> None:
    assert country in {a.country for a in _resolve(analyze, text).actors}


@pytest.mark.parametrize(
    ("text", "name", "country", "sector"),
    [
        (
            "Arab League Secretary-General Omar Haddad urged the rivals to talk.",
            "Omar Haddad",
            "MEA",
            "IGO",
        ),
        ("UN Secretary-General Antonio Guterres visited Kenya.", "Antonio Guterres", "UNO", "IGO"),
    ],
)
def test_a_person_titled_by_an_international_body_acts_for_it(
    analyze: Callable[[str], Analysis], text: str, name: str, country: str, sector: str
) -> None:
    from herald.knowledge import Knowledge

    dictionary = Knowledge().actor_dictionary()
    actors = resolve_actors(Article(id="t", raw=text, text=text), analyze(text), dictionary)
    actor = _named(actors, name)
    assert (actor.country, actor.sector) == (country, sector)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Some 2,000 workers in Chile marched on Monday.", True),
        ("Some workers in Chile marched on Monday.", False),
    ],
)
def test_some_before_a_number_is_an_estimate_not_a_quantifier(
    analyze: Callable[[str], Analysis], text: str, present: bool
) -> None:
    assert any(a.sector == "LAB" for a in _resolve(analyze, text).actors) is present
