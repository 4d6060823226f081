"""Actor reference tables: countries, demonyms, capitals, roles, organisations (no model)."""

from __future__ import annotations

import pytest

from herald.actors import lexicon


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Nigerien", "NER"),
        ("Russian", "RUS"),
        ("American", "USA"),
        ("the United States", "USA"),
        ("Niamey", "NER"),
        ("Moscow", "RUS"),
        ("Washington", "USA"),
        ("Serbia", "SRB"),
        ("French", "FRA"),
    ],
)
def test_country_of_names_demonyms_and_capitals(text: str, iso3: str) -> None:
    entry = lexicon.country_of(text)
    assert entry is not None and entry.iso3 == iso3


@pytest.mark.parametrize("text", ["", "the", "Zzyzx", "x" * 500])
def test_country_of_unknown_is_none(text: str) -> None:
    assert lexicon.country_of(text) is None


@pytest.mark.parametrize(
    ("role", "sector"),
    [
        ("Deputy Prime Minister", "GOV"),
        ("Minister of Defense", "GOV"),
        ("Assistant Secretary of State for African Affairs", "GOV"),
        ("soldiers", "MIL"),
        ("junta", "GOV"),
        ("head of government", "GOV"),
    ],
)
def test_sector_of_role(role: str, sector: str) -> None:
    assert lexicon.sector_of_role(role) == sector


@pytest.mark.parametrize("role", ["", "banana", "the the the"])
def test_sector_of_unknown_role_is_none(role: str) -> None:
    assert lexicon.sector_of_role(role) is None


@pytest.mark.parametrize(
    ("name", "country", "sector"),
    [("NATO", "WST", "IGO"), ("the United Nations", "UNO", "IGO"), ("ECOWAS", "WAF", "IGO")],
)
def test_known_organisations(name: str, country: str, sector: str) -> None:
    assert lexicon.organisation(name) == (country, sector)


@pytest.mark.parametrize("capital", ["niamey", "moscow", "tehran", "paris"])
def test_capitals_table_has_world_capitals(capital: str) -> None:
    assert capital in lexicon.capitals()


@pytest.mark.parametrize(
    ("code", "current"),
    [("TMPGOV", "TLSGOV"), ("NGOTMP", "NGOTLS"), ("SUNGOV", "SUNGOV"), ("USAMIL", "USAMIL")],
)
def test_current_code_replaces_only_renamed_countries(code: str, current: str) -> None:
    assert lexicon.current_code(code) == current


@pytest.mark.parametrize(("name", "country"), [("al-qaeda", "IMG")])
def test_an_international_militarised_group_has_img_for_country(name: str, country: str) -> None:
    assert lexicon.organisation(name) == (country, "REB")


@pytest.mark.parametrize(("name", "countries"), [("Tripoli", {"LBY", "LBN"})])
def test_city_countries_lists_sizeable_namesakes(name: str, countries: set[str]) -> None:
    assert lexicon.city_countries(name) == countries
