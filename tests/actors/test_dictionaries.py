"""Analysts' actor dictionaries: the three formats, dates, longest match, agents, errors.

The dictionaries here are tiny and invented (Zorbia = ZRB, Quelland = QLD); no model is needed
except for the one integration test at the end.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from herald.actors import resolve_actors
from herald.actors.dictionaries import ActorDictionary, ActorMatch, join_codes, split_code
from herald.errors import ConfigError
from herald.model import Analysis, Article

ACTORS = """\
<!-- an invented actor dictionary -->
ZORBIA_ [ZRB]  # the state
+ZORBIAN
+ZORBIANS
QUELLAND [QLD]
+U.Q.
QUELLAND ARMY [QLDMIL]
SIR_OLAF_BRUN
+OLAF_BRUN
\t[ZRBCVL <100101]
\t[ZRBGOV 100101-141231]
\t[ZRBELI >150101]
BLUE_LEAGUE [NGO]
PINE HOLLOW [---]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
SOLDIER [~MIL]
POLICE {} [~COP]
BORDER_POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
AUTHORITY [~GOV]
CONGRESS!PERSON! [~LEG]
RELIEF_BODY [NGO~]
"""

CSV = """\
pattern,country,sector,valid_from,valid_to
Zorbia,ZRB,,,
Zorbian,ZRB,,,
Quelland,QLD,,,
Quelland army,QLD,MIL,,
Olaf Brun,ZRB,GOV,2010-01-01,2014-12-31
Olaf Brun,ZRB,ELI,2015-01-01,
soldier,,MIL,,
soldiers,,MIL,,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def toy(tmp_path: Path) -> ActorDictionary:
    return ActorDictionary.from_files(
        _write(tmp_path, "toy.actors.txt", ACTORS), _write(tmp_path, "toy.agents.txt", AGENTS)
    )


def _codes(dictionary: ActorDictionary, text: str, when: date | None = None) -> list[str]:
    words = text.split()
    return [f"{' '.join(words[m.start : m.end])}={m.code}" for m in dictionary.match(words, when)]


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("mine.actors", ACTORS),
        ("mine.actors.txt.gz", ACTORS),
        ("mine.csv", CSV),
        ("no_telling_name.txt", CSV),  # recognised by its header
        ("other.txt", ACTORS),  # no "~" codes: an actors file
    ],
)
def test_actor_formats(tmp_path: Path, name: str, text: str) -> None:
    dictionary = ActorDictionary.from_files(_write(tmp_path, name, text))
    found = _codes(dictionary, "Zorbian envoys met the Quelland army in zorbia", date(2012, 5, 1))
    assert found == ["Zorbian=ZRB", "Quelland army=QLDMIL", "zorbia=ZRB"]
    assert dictionary.split_code("QLDMIL") == ("QLD", "MIL")


def test_agents_file_detected_by_content(tmp_path: Path) -> None:
    dictionary = ActorDictionary.from_files(_write(tmp_path, "roles.txt", AGENTS))
    assert dictionary.match(["soldiers"]) == [ActorMatch(0, 1, "MIL", "agent")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the soldier", ["soldier=MIL"]),
        ("the soldiers", ["soldiers=MIL"]),  # regular plural generated
        ("the police", ["police=COP"]),
        ("the polices", []),  # {}: no plural
        ("the border police", ["border police=COP"]),  # longest match
        ("attorneys general", ["attorneys general=JUD"]),  # irregular plural
        ("authorities", ["authorities=GOV"]),  # Y -> IES
        ("congressmen", ["congressmen=LEG"]),  # substitution set
        ("congresswoman", ["congresswoman=LEG"]),
        ("relief bodies", ["relief bodies=NGO"]),
    ],
)
def test_agent_forms(toy: ActorDictionary, text: str, expected: list[str]) -> None:
    assert _codes(toy, text) == expected


def test_agent_code_placement(toy: ActorDictionary) -> None:
    relief, soldier = toy.match(["relief", "body"])[0], toy.match(["soldier"])[0]
    assert relief.prefix and not soldier.prefix
    assert join_codes("ZRB", soldier) == "ZRBMIL"
    assert join_codes("ZRB", relief) == "NGOZRB"
    assert join_codes("QLDMIL", soldier) == "QLDMIL"  # no repeated group
    assert join_codes(None, soldier) == "---MIL"


# --- matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (date(2009, 12, 31), "ZRBCVL"),
        (date(2010, 1, 1), "ZRBGOV"),  # limits are inclusive: on an overlap the later start wins
        (date(2010, 1, 2), "ZRBGOV"),
        (date(2014, 12, 31), "ZRBGOV"),
        (date(2015, 6, 1), "ZRBELI"),
        (None, "ZRBELI"),  # undated: the current (open-ended) code
    ],
)
def test_date_restrictions(toy: ActorDictionary, when: date | None, code: str) -> None:
    assert _codes(toy, "Sir Olaf Brun spoke", when) == [f"Sir Olaf Brun={code}"]
    assert _codes(toy, "Olaf Brun spoke", when) == [f"Olaf Brun={code}"]  # synonym


@pytest.mark.parametrize(
    ("when", "code"),
    [
        (date(2012, 1, 1), "ZRBGOV"),
        (date(2016, 1, 1), "ZRBELI"),
        (None, "ZRBELI"),  # undated, a name with only dated rows takes its latest code
    ],
)
def test_csv_validity(tmp_path: Path, when: date | None, code: str) -> None:
    dictionary = ActorDictionary.from_files(_write(tmp_path, "d.csv", CSV))
    assert _codes(dictionary, "Olaf Brun said", when) == [f"Olaf Brun={code}"]
    assert _codes(dictionary, "Olaf Brun said", date(2005, 1, 1)) == []  # before any row


def test_two_digit_years(tmp_path: Path) -> None:
    # 00-30 are 20YY, 31-99 19YY, as KEDS and TABARI read them.
    text = "KING_ARVO\n\t[ZRBGOV >300101]\nQUEEN_ILSE\n\t[ZRBGOV <310101]\n"
    dictionary = ActorDictionary.from_files(_write(tmp_path, "k.actors", text))
    assert _codes(dictionary, "King Arvo", date(2030, 6, 1)) == ["King Arvo=ZRBGOV"]
    assert _codes(dictionary, "King Arvo", date(2029, 6, 1)) == []  # no default code
    assert _codes(dictionary, "Queen Ilse", date(1930, 6, 1)) == ["Queen Ilse=ZRBGOV"]
    assert _codes(dictionary, "Queen Ilse", date(1931, 6, 1)) == []


def test_longest_non_overlapping(toy: ActorDictionary) -> None:
    assert _codes(toy, "Quelland army and Quelland") == ["Quelland army=QLDMIL", "Quelland=QLD"]
    assert _codes(toy, "U.Q. border police") == ["U.Q.=QLD", "border police=COP"]


def test_whole_words_case_periods_and_hyphens(tmp_path: Path) -> None:
    text = "BARAD-DUR [MOR]\nACME_INC. [ZRBBUS]\nENT [ENT]\n"
    dictionary = ActorDictionary.from_files(_write(tmp_path, "x.actors", text))
    assert _codes(dictionary, "BARAD - dur and Acme Inc entered") == [
        "BARAD - dur=MOR",
        "Acme Inc=ZRBBUS",
    ]
    assert _codes(dictionary, "Barad-dur") == ["Barad-dur=MOR"]


def test_null_code_is_returned_for_the_caller_to_skip(toy: ActorDictionary) -> None:
    assert _codes(toy, "Pine Hollow") == ["Pine Hollow=---"]


def test_merge_and_countries(toy: ActorDictionary, tmp_path: Path) -> None:
    more = ActorDictionary.from_files(
        _write(tmp_path, "m.csv", "pattern,country,sector\nVarn,VRN,\n")
    )
    merged = toy.merge(more)
    assert len(merged) == len(toy) + 1
    assert {"ZRB", "QLD", "VRN"} <= merged.countries
    assert "NGO" not in merged.countries


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ZRBMIL", ("ZRB", "MIL")),
        ("ZRB", ("ZRB", None)),
        ("RUSHLH", ("RUS", "MED")),  # CAMEO agent code -> PLOVER sector
        ("USAMED", ("USA", "JRN")),
        ("IGOUNO", ("UNO", "IGO")),
        ("NGOZRBGOV", ("ZRB", "NGO")),
        ("---GOV", (None, "GOV")),
        ("GOV", (None, "GOV")),
        ("XXXGOV", (None, "GOV")),  # unknown head before a sector: not a country
        ("MEAREB", (None, "REB")),  # a region (Middle East) before the sector
        ("XXX", (None, "XXX")),
    ],
)
def test_split_code(code: str, expected: tuple[str | None, str | None]) -> None:
    assert split_code(code, {"ZRB"}) == expected


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.csv", "name,code\nZorbia,ZRB\n"),  # wrong header
        ("bad.csv", "pattern,country,sector,valid_from\nZorbia,ZRB,,2020-13-01\n"),
        ("bad.csv", "pattern,country,sector\nZorbia,,\n"),
        ("bad.actors", "\t[ZRB]\nZORBIA\n"),  # a code before any name
        ("bad.actors", "ZORBIA [ZRB 2001x]\n"),
        ("bad.actors", "ZORBIA [ZRB 20010230-20020101]\n"),  # no 30 February
        ("bad.actors", "# only comments\n"),
        ("bad.agents", "SOLDIER [MIL]\n"),  # an agent code needs its ~
        ("bad.agents", "CONGRESS!PERSON! [~LEG]\n"),  # undefined substitution set
        ("bad.agents", "POLICE {OFFICERS [~COP]\n"),
        ("bad.actors.gz", "\x00\x01binary"),
    ],
)
def test_malformed_is_a_coded_error(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode())  # the .gz is not gzip at all
    with pytest.raises(ConfigError) as caught:
        ActorDictionary.from_files(path)
    assert caught.value.code == "E701"
    assert str(path) in str(caught.value)


def test_missing_file_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="E701"):
        ActorDictionary.from_files(tmp_path / "absent.actors")


@pytest.mark.shared
def test_published_dictionaries_load(shared: Path) -> None:
    folder = shared / "data" / "phoenix_dictionaries"
    phoenix = ActorDictionary.from_files(
        folder / "Phoenix.Countries.actors.txt.gz",
        folder / "Phoenix.International.actors.txt.gz",
        folder / "Phoenix.MilNonState.actors.txt",
        folder / "Phoenix.agents.txt",
    )
    assert len(phoenix) > 30_000
    toy = shared / "data" / "petrarch_validation"
    petr = ActorDictionary.from_files(
        toy / "PETR.Validate.actors.txt", toy / "PETR.Validate.agents.txt"
    )
    assert {"ARN", "GON"} <= petr.countries


# --- the actors stage ----------------------------------------------------------------------------


@pytest.mark.model
def test_dictionary_actors_in_the_actors_stage(
    analyze: Callable[[str], Analysis], toy: ActorDictionary
) -> None:
    text = (
        "Zorbian soldiers fired on the Quelland border police on Monday, and Quelland "
        "protested to the Blue League. Authorities said calm had returned."
    )
    article = Article(id="t", raw=text, text=text, published=date(2012, 3, 5))
    actors = resolve_actors(article, analyze(text), toy)
    by_code = {a.code: a for a in actors.actors if a.code}
    soldiers = by_code["ZRBMIL"]
    assert (soldiers.country, soldiers.sector) == ("ZRB", "MIL")
    assert any(m.text(text) == "Zorbian soldiers" for m in soldiers.mentions)
    police = by_code["QLDCOP"]
    assert (police.country, police.sector) == ("QLD", "COP")
    assert by_code["QLD"].kind == "state"
    assert by_code["NGO"].kind == "organisation"
    lone = by_code["---GOV"]  # no home country among real ones: the office has none
    assert (lone.kind, lone.sector, lone.country) == ("office", "GOV", None)
