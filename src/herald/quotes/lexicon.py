"""Words that signal reported speech: reporting verbs, noun-phrase cues, person pronouns."""

from __future__ import annotations

#: Lemmas of verbs that report what someone said or wrote (not what they thought or did).
SPEECH_VERBS: frozenset[str] = frozenset(
    {
        "acknowledge",
        "add",
        "admit",
        "advise",
        "affirm",
        "allege",
        "announce",
        "answer",
        "argue",
        "ask",
        "assert",
        "assure",
        "boast",
        "brag",
        "caution",
        "charge",
        "claim",
        "comment",
        "complain",
        "concede",
        "conclude",
        "confirm",
        "contend",
        "counter",
        "declare",
        "deny",
        "describe",
        "disclose",
        "dispute",
        "emphasise",
        "emphasize",
        "estimate",
        "exclaim",
        "explain",
        "indicate",
        "inform",
        "insist",
        "joke",
        "maintain",
        "mention",
        "note",
        "object",
        "observe",
        "proclaim",
        "promise",
        "protest",
        "quip",
        "recall",
        "recount",
        "reiterate",
        "remark",
        "repeat",
        "reply",
        "report",
        "respond",
        "retort",
        "reveal",
        "say",
        "shout",
        "specify",
        "state",
        "stress",
        "suggest",
        "swear",
        "tell",
        "testify",
        "tweet",
        "underline",
        "underscore",
        "urge",
        "vow",
        "warn",
        "write",
    }
)

#: Verbs of belief, intention, evidence and stance. Attribution corpora such as PolNeAR count them
#: as attributions ("X wants to ...", "polls show ...", "X called for ..."), so they cue indirect
#: speech, but not direct quotations: a quote next to "wants" is rarely what the wanter said.
ATTITUDE_VERBS: frozenset[str] = frozenset(
    {
        "accuse",
        "agree",
        "attack",
        "believe",
        "blame",
        "blast",
        "call",
        "cite",
        "consider",
        "criticise",
        "criticize",
        "decide",
        "decline",
        "defend",
        "demand",
        "denounce",
        "disagree",
        "discuss",
        "dismiss",
        "doubt",
        "echo",
        "encourage",
        "endorse",
        "expect",
        "express",
        "fear",
        "feel",
        "find",
        "highlight",
        "hop",
        "hope",
        "intend",
        "know",
        "learn",
        "like",
        "list",
        "mock",
        "oppose",
        "order",
        "plan",
        "pledge",
        "point",
        "portray",
        "praise",
        "predict",
        "prefer",
        "promote",
        "propose",
        "question",
        "recognise",
        "recognize",
        "refer",
        "refuse",
        "reject",
        "remember",
        "remind",
        "show",
        "slam",
        "support",
        "talk",
        "think",
        "threaten",
        "tout",
        "view",
        "want",
        "worry",
    }
)
#: Prepositions whose object is the content of an attitude verb ("called for", "pointed to").
ATTITUDE_PREPOSITIONS: frozenset[str] = frozenset({"for", "to", "about", "on", "against"})
#: Verbs that report speech only with a particle ("pointed out", "spelled out").
PARTICLE_SPEECH_VERBS: dict[str, str] = {"point": "out", "spell": "out", "lay": "out"}

#: Participles that, attached to a person, present what follows as that person's words
#: ("General X, interviewed by channel Y", "the minister, quoted by the agency").
INTERVIEW_VERBS: frozenset[str] = frozenset({"interview", "quote", "question", "speak"})

#: Documents that report what their clause says when cited with "in" ("In a poll released
#: Monday, X led Y"): the document is the source.
SOURCE_NOUNS: frozenset[str] = frozenset(
    {"analysis", "memo", "poll", "report", "statement", "study", "survey"}
)

#: Channels named right after a reporting verb, which attribution corpora keep in the cue
#: ("said in a statement", "wrote on Twitter").
MEDIA_NOUNS: frozenset[str] = frozenset(
    {"email", "facebook", "interview", "letter", "post", "release", "statement", "tweet", "twitter"}
)

#: Prepositions that introduce the speaker after "according": "according to X".
ACCORDING = "accord"

#: Pronouns of a speaker addressing an audience: their presence marks a paragraph as speech.
FIRST_SECOND_PERSON: frozenset[str] = frozenset(
    {
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
    }
)

#: Relative pronouns: a speaker "who said" is the noun the relative clause hangs on.
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"who", "that", "which", "whom"})

#: Entity labels that make a clause subject a named third party (narration, not speech).
NAMED_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})

# Irregular forms of reporting verbs that suffix stripping cannot undo.
_IRREGULAR: dict[str, str] = {
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "swore": "swear",
    "sworn": "swear",
}
# (suffix, replacement) pairs undoing regular inflection: specifies -> specify, noted -> note.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
)


def speech_lemma(word: str) -> str | None:
    """The reporting-verb lemma a word form inflects, if any (for mis-tagged tokens)."""
    word = word.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix):
            stem = word[: len(word) - len(suffix)] + replacement
            if stem in SPEECH_VERBS:
                return stem
    return None
