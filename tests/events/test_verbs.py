"""CAMEO verb-pattern dictionaries: the PETRARCH format, matching, and the packaged Phoenix table.

Most tests match small dictionaries written here against hand-built parses (``tree``), so each
syntax element is tested without the language model; ``model`` tests use real parses.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from herald.errors import ConfigError
from herald.events import ontology
from herald.events.verbs import VerbDictionary, VerbMatch, default_verbs
from herald.model import Analysis, Sentence, Span, Token

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "herald" / "events" / "data"

#: Codes of the Phoenix table that CAMEO 1.1b3 does not have: "080!" is written so upstream
#: (``- * DOWN (FROM) [080!]`` under BACK) and is returned as written.
UNKNOWN_CODES = {"080!"}


def tree(spec: str) -> Analysis:
    """A one-sentence analysis from ``text/lemma/POS/dep/head`` tokens (lemma ``=``: the text)."""
    tokens: list[Token] = []
    offset = 0
    for i, item in enumerate(spec.split()):
        text, lemma, pos, dep, head = item.split("/")
        tokens.append(
            Token(
                i=i,
                start=offset,
                end=offset + len(text),
                text=text,
                lemma=text.lower() if lemma == "=" else lemma,
                pos=pos,
                tag="",
                dep=dep,
                head=int(head),
                sent=0,
            )
        )
        offset += len(text) + 1
    text = " ".join(t.text for t in tokens)
    return Analysis(text, (Sentence(0, Span(0, len(text)), 0, len(tokens)),), tuple(tokens), ())


# Hand-built parses (heads as spaCy gives them).
ASKED_FOR_AID = tree(
    "Officials/official/NOUN/nsubj/1 asked/ask/VERB/ROOT/1 for/=/ADP/prep/1 "
    "humanitarian/=/ADJ/amod/4 aid/=/NOUN/pobj/2"
)
ASKED_UN_FOR_AID = tree(
    "They/they/PRON/nsubj/1 asked/ask/VERB/ROOT/1 the/=/DET/det/3 UN/UN/PROPN/dobj/1 "
    "for/=/ADP/prep/1 aid/=/NOUN/pobj/4"
)
ASKED_AID_FOR_UN = tree(
    "They/they/PRON/nsubj/1 asked/ask/VERB/ROOT/1 aid/=/NOUN/dobj/1 for/=/ADP/prep/1 "
    "the/=/DET/det/5 UN/UN/PROPN/pobj/3"
)
POLICE_ARRESTED = tree(
    "Police/police/NOUN/nsubj/1 arrested/arrest/VERB/ROOT/1 the/=/DET/det/3 "
    "protesters/protester/NOUN/dobj/1"
)
FIRED_ROCKETS = tree(
    "Rebels/rebel/NOUN/nsubj/1 fired/fire/VERB/ROOT/1 rockets/rocket/NOUN/dobj/1 "
    "at/=/ADP/prep/1 Israel/Israel/PROPN/pobj/3"
)
SENT_FOOD_AID = tree(
    "Germany/Germany/PROPN/nsubj/1 sent/send/VERB/ROOT/1 food/=/NOUN/compound/3 "
    "aid/=/NOUN/dobj/1 to/=/ADP/prep/1 Sudan/Sudan/PROPN/pobj/4"
)
SENT_FOOD_AND_MEDICAL_AID = tree(
    "Germany/Germany/PROPN/nsubj/1 sent/send/VERB/ROOT/1 food/=/NOUN/nmod/5 and/=/CCONJ/cc/2 "
    "medical/=/ADJ/conj/2 aid/=/NOUN/dobj/1"
)
PULLED_OUT = tree(
    "Troops/troop/NOUN/nsubj/1 pulled/pull/VERB/ROOT/1 out/=/ADP/prt/1 of/=/ADP/prep/1 "
    "Iraq/Iraq/PROPN/pobj/3"
)
PULLED_TROOPS_OUT = tree(
    "Russia/Russia/PROPN/nsubj/1 pulled/pull/VERB/ROOT/1 troops/troop/NOUN/dobj/1 out/=/ADP/prt/1"
)
MET_AND_SIGNED = tree(
    "Leaders/leader/NOUN/nsubj/1 met/meet/VERB/ROOT/1 and/=/CCONJ/cc/1 signed/sign/VERB/conj/1 "
    "a/=/DET/det/5 treaty/=/NOUN/dobj/3"
)
RE_ELECTED = tree(
    "Voters/voter/NOUN/nsubj/1 re/=/VERB/ROOT/1 -/-/PUNCT/punct/1 elected/elect/VERB/dep/1"
)
# A lemmatiser slip: the lemma is the surface form, so only generated forms can match.
BADLY_LEMMATISED = tree(
    "Rebels/rebel/NOUN/nsubj/1 ambushed/ambushed/VERB/ROOT/1 the/=/DET/det/3 convoy/=/NOUN/dobj/1"
)
SPED = tree("Trucks/truck/NOUN/nsubj/1 sped/sped/VERB/ROOT/1 aid/=/NOUN/dobj/1")

SMALL = """\
&RELIEF
+FOOD
+MEDICINE
+AID_

&WEAPON
+ROCKET
+MORTAR

--- ASK [020] ---
+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [021]
ASK
- * {HUMANITARIAN AID} [0233]
- * (FOR AID) [023]
- * (FOR $) [028]

--- ARREST [---] ---
ARREST [170]
- POLICE * [173]

--- FIRE [---] ---
FIRE
- * &WEAPON [190]
- * &WEAPON (AT +) [195]

--- SEND [070] ---
SEND
SPEED {SPED SPEEDING SPEEDS}
- * {&RELIEF AID} [073]

--- PULL [---] ---
PULL
- *_OUT [0874]

--- MEET [040] ---
MEET
- * TREATY [057]

--- AMBUSH [190] ---
AMBUSH

--- RE_ELECT [---] ---
RE-ELECT [0000]
"""


@pytest.fixture(scope="module")
def small() -> VerbDictionary:
    return VerbDictionary.from_text(SMALL)


def verb_of(analysis: Analysis) -> int:
    return next(t.i for t in analysis.tokens if t.dep == "ROOT")


# --- parsing -------------------------------------------------------------------------------------


def test_counts_verbs_patterns_and_synonym_sets(small: VerbDictionary) -> None:
    assert len(small) == 10
    assert small.stats["patterns"] == 9
    assert small.stats["synsets"] == 2
    assert small.stats["blocks"] == 8
    assert small.warnings == ()


@pytest.mark.parametrize(
    "comment",
    [
        "# a Python comment\n",
        "; a TABARI comment\n",
        "<!-- an XML comment -->\n",
        "<!-- an XML comment\nover two lines -->\n",
        "~ a (_ b ATTACK) WANT = a b 138\n",  # PETRARCH-2 transformation: not a verb pattern
    ],
)
def test_comments_are_skipped(comment: str) -> None:
    text = f"--- ARREST [---] ---\n{comment}ARREST [170] # trailing\n- POLICE * [173] ; trailing\n"
    verbs = VerbDictionary.from_text(text)
    assert len(verbs) == 1
    match = verbs.match(POLICE_ARRESTED, 1)
    assert match is not None and match.code == "173"


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("", "no verbs"),
        ("   \n\n# only a comment\n", "no verbs"),
        ("Hello, this is an ordinary sentence.\n", "not a dictionary word"),
        ("--- ARREST [---] ---\narrest\n", "not a dictionary word"),
        ("- * POLICE [173]\n--- ARREST [---] ---\nARREST\n", "pattern line before any verb"),
        ("<!-- never closed\n--- ARREST [---] ---\nARREST\n", "unterminated"),
        ("&BAD!\n+X\n--- A [---] ---\nA\n", "synonym set label"),
        ("--- A [---] ---\n+ASK_+FOR\n", "more than one '+'"),
    ],
)
def test_malformed_text_is_a_coded_error(text: str, detail: str) -> None:
    with pytest.raises(ConfigError) as caught:
        VerbDictionary.from_text(text)
    assert caught.value.code == "E701"
    assert caught.value.details["name"] == "verbs"
    assert detail in caught.value.details["detail"]


@pytest.mark.parametrize(
    ("pattern", "warning"),
    [
        ("- * &UNDEFINED [190]", "undefined synonym set &UNDEFINED"),
        ("- * (FOR AID [190]", "unbalanced brackets"),
        ("- * {HUMANITARIAN AID [190]", "bad {...} phrase"),
        ("- * AID ^) [190]", "unexpected ')'"),
        ("- POLICE ARREST [190]", "exactly one '*'"),
        ("- * * AID [190]", "exactly one '*'"),
        ("- * AID", "without a [code]"),
    ],
)
def test_malformed_pattern_is_skipped_with_a_warning(pattern: str, warning: str) -> None:
    verbs = VerbDictionary.from_text(f"--- ASK [020] ---\nASK\n{pattern}\n- * HELP [021]\n")
    assert verbs.stats["patterns"] == 1
    assert len(verbs.warnings) == 1 and warning in verbs.warnings[0]
    assert verbs.warnings[0].startswith("line 3:")


def test_file_txt_and_gz_read_alike(tmp_path: Path) -> None:
    plain = tmp_path / "user.verbs.txt"
    plain.write_text(SMALL, encoding="utf-8")
    packed = tmp_path / "user.verbs.txt.gz"
    packed.write_bytes(gzip.compress(SMALL.encode("utf-8")))
    assert VerbDictionary.from_file(plain).stats == VerbDictionary.from_file(packed).stats


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.txt", None),
        ("binary.txt", b"\x00\x01\x02ARREST"),
        ("latin1.txt", "--- A [---] ---\nARR\xcaT\n".encode("latin-1")),
        ("broken.gz", b"not gzip at all"),
    ],
)
def test_unreadable_file_is_a_coded_error(tmp_path: Path, name: str, content: bytes | None) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        VerbDictionary.from_file(path)
    assert caught.value.code == "E701"
    assert caught.value.details["value"] == str(path)


def test_validation_suite_dictionary_parses(shared: Path) -> None:
    """The PETRARCH validation dictionary (analysts' style, XML comments) loads."""
    path = shared / "data" / "petrarch_validation" / "PETR.Validate.verbs.txt"
    verbs = VerbDictionary.from_file(path)
    assert len(verbs) > 200 and verbs.stats["synsets"] > 10
    # One upstream pattern really is broken: "- * DIPLXMATIC  [" has no closing bracket.
    assert len(verbs.warnings) == 1 and "DIPLXMATIC" in verbs.warnings[0]


# --- matching: syntax elements -------------------------------------------------------------------


def test_bare_verb_takes_the_verb_code(small: VerbDictionary) -> None:
    analysis = tree(
        "Troops/troop/NOUN/nsubj/1 arrested/arrest/VERB/ROOT/1 the/=/DET/det/3 "
        "protesters/protester/NOUN/dobj/1"
    )
    assert small.match(analysis, 1) == VerbMatch("170", "ARREST", None, 0, None, None, (1,))


def test_words_before_the_verb(small: VerbDictionary) -> None:
    match = small.match(POLICE_ARRESTED, 1)
    assert match is not None
    assert (match.code, match.pattern, match.score, match.tokens) == ("173", "POLICE *", 1, (0, 1))


def test_block_code_when_verb_has_none(small: VerbDictionary) -> None:
    match = small.match(BADLY_LEMMATISED, 1)
    assert match is not None and (match.code, match.verb) == ("190", "AMBUSH")


def test_null_code_gives_no_match(small: VerbDictionary) -> None:
    # FIRE has no code of its own and its block is [---]: without a pattern it codes nothing.
    analysis = tree("Rebels/rebel/NOUN/nsubj/1 fired/fire/VERB/ROOT/1 again/=/ADV/advmod/1")
    assert small.match(analysis, 1) is None


def test_word_not_in_dictionary_gives_no_match(small: VerbDictionary) -> None:
    analysis = tree("Ministers/minister/NOUN/nsubj/1 ate/eat/VERB/ROOT/1 apples/apple/NOUN/dobj/1")
    assert small.match(analysis, 1) is None


def test_multi_word_verb_with_particle_child(small: VerbDictionary) -> None:
    match = small.match(ASKED_UN_FOR_AID, 1)
    assert match is not None and match.verb == "ASK_FOR"


def test_multi_word_verb_coordination_must_be_adjacent() -> None:
    # ARREST_AND is "arrested and charged", not any "and" that hangs off the verb.
    verbs = VerbDictionary.from_text("--- A [---] ---\n+ARREST_AND [173]\nARREST [170]\n")
    adjacent = tree(
        "Police/police/NOUN/nsubj/1 arrested/arrest/VERB/ROOT/1 and/=/CCONJ/cc/1 "
        "charged/charge/VERB/conj/1 him/he/PRON/dobj/3"
    )
    distant = tree(
        "Police/police/NOUN/nsubj/1 arrested/arrest/VERB/ROOT/1 him/he/PRON/dobj/1 "
        "and/=/CCONJ/cc/1 left/leave/VERB/conj/1"
    )
    codes = [verbs.match(adjacent, 1), verbs.match(distant, 1)]
    assert [(m.verb, m.code) if m else None for m in codes] == [
        ("ARREST_AND", "173"),
        ("ARREST", "170"),
    ]


def test_multi_word_verb_needs_its_particle(small: VerbDictionary) -> None:
    analysis = tree("They/they/PRON/nsubj/1 asked/ask/VERB/ROOT/1 questions/question/NOUN/dobj/1")
    match = small.match(analysis, 1)
    assert match is not None and (match.verb, match.code) == ("ASK", "020")


def test_contiguous_phrase(small: VerbDictionary) -> None:
    match = small.match(ASKED_FOR_AID, 1)
    assert match is not None
    assert (match.code, match.pattern) == ("0233", "* {HUMANITARIAN AID}")


def test_contiguous_phrase_rejects_words_between(small: VerbDictionary) -> None:
    # "food and medical aid": &RELIEF and AID are not next to each other.
    match = small.match(SENT_FOOD_AND_MEDICAL_AID, 1)
    assert match is not None and match.pattern is None and match.code == "070"


def test_synonym_set_inside_phrase(small: VerbDictionary) -> None:
    match = small.match(SENT_FOOD_AID, 1)
    assert match is not None and (match.code, match.tokens) == ("073", (1, 2, 3))


@pytest.mark.parametrize(
    ("word", "lemma", "code"),
    [
        ("rocket", "rocket", "190"),
        ("rockets", "rockets", "190"),  # the plural PETRARCH generates, even if not lemmatised
        ("mortars", "mortar", "190"),  # the lemma
        ("stones", "stone", None),
    ],
)
def test_synonym_set_members(
    small: VerbDictionary, word: str, lemma: str, code: str | None
) -> None:
    analysis = tree(f"Rebels/rebel/NOUN/nsubj/1 fired/fire/VERB/ROOT/1 {word}/{lemma}/NOUN/dobj/1")
    match = small.match(analysis, 1)
    assert (match.code if match else None) == code


def test_exact_synonym_matches_text_only() -> None:
    # AID_ (trailing underscore) takes no plural and no lemma: "aids" lemmatised to "aid" fails.
    verbs = VerbDictionary.from_text(
        "&RELIEF\n+AID_\n\n--- SEND [070] ---\nSEND\n- * &RELIEF [073]\n"
    )
    exact = tree("They/they/PRON/nsubj/1 sent/send/VERB/ROOT/1 aid/=/NOUN/dobj/1")
    plural = tree("They/they/PRON/nsubj/1 sent/send/VERB/ROOT/1 aids/aid/NOUN/dobj/1")
    assert [m.code if m else None for m in (verbs.match(exact, 1), verbs.match(plural, 1))] == [
        "073",
        "070",
    ]


def test_preposition_phrase_holds_its_object(small: VerbDictionary) -> None:
    match = small.match(ASKED_UN_FOR_AID, 1)
    assert match is not None and (match.code, match.pattern) == ("023", "* (FOR AID)")


def test_preposition_phrase_rejects_object_elsewhere(small: VerbDictionary) -> None:
    # "asked aid for the UN": AID is not inside the FOR phrase; (FOR $) matches instead.
    match = small.match(ASKED_AID_FOR_UN, 1)
    assert match is not None and match.pattern == "* (FOR $)"


def test_source_marker_binds_the_phrase_head(small: VerbDictionary) -> None:
    match = small.match(ASKED_AID_FOR_UN, 1)
    assert match is not None and (match.source, match.target) == (5, None)


def test_target_marker_binds_the_phrase_head(small: VerbDictionary) -> None:
    match = small.match(FIRED_ROCKETS, 1)
    assert match is not None
    assert (match.code, match.pattern, match.target, match.source) == (
        "195",
        "* &WEAPON (AT +)",
        4,
        None,
    )


def test_compound_marker_binds_source_and_target() -> None:
    verbs = VerbDictionary.from_text("--- MEET [---] ---\nMEET\n- % * [040]\n")
    match = verbs.match(MET_AND_SIGNED, 1)
    assert match is not None and match.source == match.target == 0


def test_subject_marker_prefers_the_verb_subject() -> None:
    verbs = VerbDictionary.from_text("--- ARREST [---] ---\nARREST\n- $ * + [173]\n")
    analysis = tree(
        "Yesterday/yesterday/NOUN/npadvmod/2 police/=/NOUN/nsubj/2 arrested/arrest/VERB/ROOT/2 "
        "the/=/DET/det/5 student/=/NOUN/compound/5 leaders/leader/NOUN/dobj/2"
    )
    match = verbs.match(analysis, 2)
    assert match is not None and (match.source, match.target) == (1, 5)


@pytest.mark.parametrize(("analysis", "code"), [(PULLED_OUT, "0874"), (PULLED_TROOPS_OUT, None)])
def test_glued_word_must_be_next(
    small: VerbDictionary, analysis: Analysis, code: str | None
) -> None:
    match = small.match(analysis, 1)
    assert (match.code if match else None) == code


def test_coordinated_clause_is_not_the_verbs(small: VerbDictionary) -> None:
    # "met and signed a treaty": TREATY belongs to "signed", so MEET gets its bare code.
    match = small.match(MET_AND_SIGNED, 1)
    assert match is not None and (match.code, match.pattern) == ("040", None)


def test_irregular_forms_in_braces(small: VerbDictionary) -> None:
    match = small.match(SPED, 1)
    assert match is not None and (match.verb, match.code) == ("SPEED", "070")


def test_regular_forms_are_generated(small: VerbDictionary) -> None:
    # The lemma is wrong ("ambushed"), so only the generated form AMBUSHED matches.
    match = small.match(BADLY_LEMMATISED, 1)
    assert match is not None and match.verb == "AMBUSH"


@pytest.mark.parametrize("verb", [1, 3])
def test_hyphenated_verb_split_by_tokenizer(small: VerbDictionary, verb: int) -> None:
    match = small.match(RE_ELECTED, verb)
    assert match is not None and (match.verb, match.code, match.tokens) == (
        "RE-ELECT",
        "0000",
        (1, 2, 3),
    )


@pytest.mark.parametrize(
    ("code", "expected"),
    [("[042:043]", "042"), ("[:173]", None), ("[---]", None), ("[0233]", "0233")],
)
def test_pattern_codes(code: str, expected: str | None) -> None:
    """Compound codes give their source-to-target half; reverse-only and null codes no event."""
    verbs = VerbDictionary.from_text(f"--- ARREST [170] ---\nARREST\n- POLICE * {code}\n")
    match = verbs.match(POLICE_ARRESTED, 1)
    assert (match.code if match else None) == expected


def test_most_specific_pattern_wins() -> None:
    text = "--- SEND [070] ---\nSEND\n- * AID [071]\n- * {FOOD AID} (TO +) [073]\n- * FOOD [072]\n"
    match = VerbDictionary.from_text(text).match(SENT_FOOD_AID, 1)
    assert match is not None and (match.code, match.score) == ("073", 3)


def test_equal_patterns_keep_dictionary_order() -> None:
    text = "--- SEND [070] ---\nSEND\n- * AID [071]\n- * FOOD [072]\n"
    match = VerbDictionary.from_text(text).match(SENT_FOOD_AID, 1)
    assert match is not None and match.code == "071"


def test_verb_code_as_written_even_if_unknown_to_cameo() -> None:
    verbs = VerbDictionary.from_text("--- A [---] ---\nARREST [1799]\n")
    match = verbs.match(POLICE_ARRESTED, 1)
    assert match is not None and match.code == "1799"


# --- the packaged Phoenix table ------------------------------------------------------------------


def test_default_table_loads_once_without_warnings() -> None:
    verbs = default_verbs()
    assert verbs is default_verbs()
    assert verbs.warnings == ()
    assert verbs.stats == {
        "verbs": 1817,
        "forms": 7556,
        "blocks": 397,
        "patterns": 4666,
        "synsets": 40,
    }


def test_default_codes_are_cameo_codes() -> None:
    codes = default_verbs().codes()
    assert len(codes) == 241
    unknown = {code for code in codes if code not in ontology.cameo_codes()}
    assert unknown == UNKNOWN_CODES


def test_default_table_keeps_the_licence() -> None:
    head = (DATA / "cameo_verbs.txt").read_text(encoding="utf-8")[:3000]
    assert "Copyright (c) 2015 Open Event Data Alliance" in head
    licence = (DATA / "LICENSE-phoenix-verbs.txt").read_text(encoding="utf-8")
    assert "MIT" in licence and "Open Event Data Alliance" in licence


@pytest.mark.shared
def test_build_script_reproduces_committed_table(shared: Path, tmp_path: Path) -> None:
    source = shared / "data" / "phoenix_dictionaries" / "CAMEO.2.0.txt.gz"
    subprocess.run(
        [sys.executable, REPO / "scripts" / "build_verb_table.py", source, "--out", tmp_path],
        check=True,
        capture_output=True,
    )
    built = (tmp_path / "cameo_verbs.txt").read_text(encoding="utf-8")
    assert built == (DATA / "cameo_verbs.txt").read_text(encoding="utf-8")


# --- real sentences with the default table --------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "verb", "prefix"),
    [
        ("The government asked for humanitarian aid.", "asked", "023"),
        ("Police arrested the protesters.", "arrested", "173"),
        ("Rebels attacked the convoy.", "attacked", ("18", "19")),
        ("The army carried out an air strike against the rebels.", "carried", "195"),
        ("Protesters staged a demonstration in the capital.", "staged", "14"),
        ("The government imposed sanctions on Iran.", "imposed", "163"),
    ],
)
def test_default_codes_real_sentences(
    analyze: Callable[[str], Analysis], text: str, verb: str, prefix: str | tuple[str, ...]
) -> None:
    analysis = analyze(text)
    index = next(t.i for t in analysis.tokens if t.text == verb)
    match = default_verbs().match(analysis, index)
    assert match is not None and match.code.startswith(prefix), match


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("The minister ate an apple.", "ate"),
        ("The suspect appeared before the court.", "appeared"),  # [:173]: the court acts
    ],
)
def test_default_no_event(analyze: Callable[[str], Analysis], text: str, verb: str) -> None:
    analysis = analyze(text)
    index = next(t.i for t in analysis.tokens if t.text == verb)
    assert default_verbs().match(analysis, index) is None
