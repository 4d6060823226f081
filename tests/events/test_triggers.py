"""The trigger lexicon is consistent with the ontology (no model)."""

from __future__ import annotations

import pytest

from herald.events import ontology
from herald.events.extract import triggers

ENTRIES = [entry for entries in triggers().values() for entry in entries]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.lemma}-{e.pos}-{e.prep}")
def test_every_trigger_code_maps_to_a_plover_type(entry: object) -> None:
    code = getattr(entry, "code", None)
    if code is None:
        assert "carrier" in getattr(entry, "flags", ())
        return
    assert ontology.cameo(code).plover_type in ontology.PLOVER_TYPES


@pytest.mark.parametrize("pos", ["VERB", "NOUN"])
def test_lexicon_has_entries_for_both_parts_of_speech(pos: str) -> None:
    assert any(key[1] == pos for key in triggers())
