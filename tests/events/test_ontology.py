"""The ontology tables are complete and consistent (no model needed)."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from pathlib import Path

import pytest

from herald.events import ontology
from herald.events.ontology import PLOVER_TYPES, cameo, cameo_codes, default_cameo, plover_type

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "herald" / "events" / "data"

#: Mode defaults whose CAMEO code CAMEO files under another PLOVER type (see plover_modes.tsv).
CROSS_TYPE_DEFAULTS = {("RETREAT", "resign"), ("SANCTION", "convict")}


def _root_quad(root: str) -> int:
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 9 else 3 if number <= 14 else 4


# --- CAMEO table ---------------------------------------------------------------------------------


def test_every_root_present() -> None:
    codes = cameo_codes()
    assert [f"{n:02d}" for n in range(1, 21)] == [code for code in codes if len(code) == 2]


def test_codes_are_well_formed_and_hierarchical() -> None:
    for code, entry in cameo_codes().items():
        assert re.fullmatch(r"\d{2,4}", code), code
        assert entry.code == code and entry.name
        if entry.parent is not None:
            assert entry.parent in cameo_codes(), f"{code} has no parent {entry.parent}"


def test_quad_class_follows_root() -> None:
    for code, entry in cameo_codes().items():
        assert entry.quad_class == _root_quad(entry.root), code


def test_goldstein_in_range() -> None:
    assert all(-10.0 <= entry.goldstein <= 10.0 for entry in cameo_codes().values())


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("010", 0.0),
        ("011", -0.1),
        ("020", 3.0),
        ("042", 1.9),
        ("043", 2.8),
        ("057", 8.0),
        ("0874", 10.0),
        ("130", -4.4),
        ("163", -8.0),
        ("1823", -10.0),
        ("190", -10.0),
        ("13", -6.0),
    ],
)
def test_goldstein_spot_values(code: str, value: float) -> None:
    # Values of the standard CAMEO/GDELT Goldstein table.
    assert cameo(code).goldstein == value


def test_codes_without_own_goldstein_inherit() -> None:
    # 1213/1214/176 are CAMEO 1.1b3 codes missing from the GDELT Goldstein table.
    assert cameo("1213").goldstein == cameo("121").goldstein == -4.0
    assert cameo("176").goldstein == cameo("17").goldstein == -7.0


def test_unknown_code_raises_key_error() -> None:
    with pytest.raises(KeyError, match="unknown CAMEO event code '999'"):
        cameo("999")


def test_cameo_codes_is_a_copy() -> None:
    cameo_codes().clear()
    assert "042" in cameo_codes()


# --- CAMEO -> PLOVER -----------------------------------------------------------------------------


def test_plover_fields_use_plover_2_vocabulary() -> None:
    contexts = set(ontology.plover_contexts())
    for code, entry in cameo_codes().items():
        if entry.plover_type is None:
            assert entry.plover_mode is None and entry.plover_context is None, code
            continue
        assert entry.plover_type in PLOVER_TYPES, code
        if entry.plover_mode is not None:
            assert entry.plover_mode in plover_type(entry.plover_type).modes, code
        assert set(entry.plover_contexts) <= contexts, code


def test_mapping_decisions() -> None:
    codes = cameo_codes()
    assert all(e.plover_type is None for c, e in codes.items() if c.startswith("01"))
    assert all(e.plover_type == "REQUEST" for c, e in codes.items() if c.startswith("02"))
    assert all(e.plover_type is not None for c, e in codes.items() if not c.startswith("01"))
    assert {cameo(c).plover_type for c in ("08", "080", "081", "082", "083")} == {"CONCEDE"}
    assert {cameo(c).plover_type for c in ("084", "085", "086", "087", "0871")} == {"RETREAT"}
    assert cameo("024").plover_mode == cameo("104").plover_mode == "change"
    assert cameo("0211").plover_context == "economic"
    assert cameo("1121").plover_contexts == ("crime", "corruption")
    assert (cameo("042").plover_type, cameo("042").plover_mode) == ("CONSULT", "visit")
    assert cameo("176").plover_mode == "cyber"


# --- PLOVER --------------------------------------------------------------------------------------


def test_plover_types_complete() -> None:
    assert len(PLOVER_TYPES) == 16
    for name in PLOVER_TYPES:
        kind = plover_type(name)
        assert kind.name == name and kind.description
        assert kind.quad_class in ontology.QUAD_CLASSES
        assert -10.0 <= kind.score <= 10.0
    quads = [plover_type(n).quad_class for n in PLOVER_TYPES]
    assert quads == [1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4]
    assert {n for n in PLOVER_TYPES if plover_type(n).requires_recipient} == {
        "COOPERATE",
        "AID",
        "SANCTION",
    }
    assert plover_type("consult").modes == ("visit", "third-party", "multilateral", "phone")
    assert plover_type("AGREE").modes == ()
    with pytest.raises(KeyError):
        plover_type("STATEMENT")


def test_plover_scores() -> None:
    assert ontology.plover_score("CONSULT", "visit") == 4.0
    assert ontology.plover_score("ASSAULT") == -9.0
    assert ontology.plover_score("PROTEST", "vandalize") == -5.0  # no row: the type's score
    for name in PLOVER_TYPES:
        for mode in plover_type(name).modes:
            assert -10.0 <= ontology.plover_score(name, mode) <= 10.0


def test_plover_contexts_and_sectors() -> None:
    assert len(ontology.plover_contexts()) == 37
    assert {"military", "economic", "cbrn", "trafficking"} <= set(ontology.plover_contexts())
    sectors = ontology.plover_sectors()
    assert {"GOV", "MIL", "REB", "JRN", "MED", "CVL", "UNK", "SOC"} <= set(sectors)
    assert all(sectors.values())


def test_sector_to_cameo_actor_type() -> None:
    assert ontology.cameo_actor_type("JRN") == "MED"
    assert ontology.cameo_actor_type("MED") == "HLH"
    assert ontology.cameo_actor_type("gov") == "GOV"
    assert ontology.cameo_actor_type("UNK") == ""
    types = ontology.cameo_actor_types()
    for code in ("GOV", "MIL", "REB", "OPP", "PTY", "IGO", "NGO", "NGM", "MNC", "SEP", "INS"):
        assert code in types
    for sector in ontology.plover_sectors():
        mapped = ontology.cameo_actor_type(sector)
        assert mapped == "" or mapped in types, sector
    with pytest.raises(KeyError):
        ontology.cameo_actor_type("XXX")


def test_default_cameo() -> None:
    assert default_cameo("CONSULT", "visit") == "042"
    assert default_cameo("PROTEST", "demo") == "141"
    assert default_cameo("REQUEST") == "100"
    assert default_cameo("COERCE", "withhold") == "170"  # no CAMEO counterpart: type default
    with pytest.raises(KeyError):
        default_cameo("CONSULT", "riot")
    for name in PLOVER_TYPES:
        assert cameo(default_cameo(name)).plover_type == name
        for mode in plover_type(name).modes:
            mapped = cameo(default_cameo(name, mode)).plover_type
            assert mapped == name or (name, mode) in CROSS_TYPE_DEFAULTS, (name, mode)


# --- against the shared sources ------------------------------------------------------------------


@pytest.mark.shared
def test_every_cameo2plover_code_present(shared: Path) -> None:
    text = (shared / "data" / "plover_gsr" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    listed = set(re.findall(r"^(\d{2,4}):", text, flags=re.MULTILINE))
    assert len(listed) > 250
    assert listed <= set(cameo_codes())


@pytest.mark.shared
def test_every_phoenix_code_present(shared: Path) -> None:
    path = shared / "data" / "phoenix_dictionaries" / "CAMEO.2.0.txt.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    # Codes appear in brackets: [042], [042:043], [---] (no code).
    used = set(re.findall(r"[\[:](\d{3,4})(?=[\]:])", text))
    assert len(used) > 200
    # 1952 (remotely piloted aerial munitions) is a post-1.1b3 extension, outside the table.
    assert used - set(cameo_codes()) == {"1952"}


@pytest.mark.shared
def test_build_script_reproduces_committed_table(shared: Path, tmp_path: Path) -> None:
    source = shared / "data" / "plover_gsr" / "CAMEO2PLOVER-2021.txt"
    subprocess.run(
        [sys.executable, REPO / "scripts" / "build_ontology.py", source, "--out", tmp_path],
        check=True,
        capture_output=True,
    )
    built = (tmp_path / "cameo.tsv").read_text(encoding="utf-8")
    assert built == (DATA / "cameo.tsv").read_text(encoding="utf-8")
