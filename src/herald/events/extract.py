"""Find event-bearing clauses and code them (CAMEO code -> PLOVER type, mode, context).

Steps for each sentence:

1. triggers: verbs and event nouns of the trigger lexicon (``data/triggers.tsv``), with the
   preposition that introduces their recipient; carrier verbs ("announced") hand their subject to
   the event noun they govern ("announced ... military cooperation");
2. participants: the subject (the agent in the passive, the antecedent of a relative pronoun, the
   subject of the governing verb for conjuncts and infinitives) and the recipient (the object, or
   the object of the lexicon's preposition); coordinated recipients give one event each;
3. a participant resolves through the actors stage's mentions; failing that, through a possessor
   ("his son"), an "of" phrase ("supporters of X"), a demonym ("Russian counterparts") or, for
   visits, the country of the place reached;
4. modality: negation, future or planned, hypothetical (if-clauses, would/could), and the speaker
   when the clause is reported ("X said that ...");
5. a conditional warning in reported speech ("if they choose X, it will be complicated") is a
   threat by the speaker against the condition's subject.

An event whose trigger cannot be coded is never emitted under a default code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from herald.actors import lexicon as actor_lexicon
from herald.events import ontology
from herald.events.verbs import VerbDictionary, VerbMatch, default_verbs, herald_verbs
from herald.knowledge import Knowledge
from herald.model import (
    ActorMention,
    Actors,
    Analysis,
    Article,
    Event,
    Modality,
    Participant,
    Span,
    Token,
)

SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "explain",
        "specify",
        "assure",
        "warn",
        "insist",
        "declare",
        "announce",
        "state",
        "claim",
        "note",
        "stress",
        "affirm",
        "argue",
        "confirm",
        "indicate",
        "report",
        "reveal",
        "write",
        "believe",
        "think",
        "hope",
        "conclude",
        "emphasize",
        "emphasise",
        "maintain",
        "recommend",
    ]
)
#: Outcomes that make a conditional statement a warning ("it will be complicated").
NEGATIVE_OUTCOMES = frozenset(
    [
        "complicated",
        "complicate",
        "difficult",
        "costly",
        "consequence",
        "consequences",
        "serious",
        "regret",
        "suffer",
        "pay",
        "punish",
        "respond",
        "retaliate",
        "dangerous",
        "problem",
        "problematic",
    ]
)
#: Subjects that are causes, not doers ("a roadside bombing killed ..."): the clause names no
#: perpetrator, so its event may go without a source.
INANIMATE_CAUSES = frozenset(
    [
        "bomb",
        "bombing",
        "blast",
        "explosion",
        "explosive",
        "mine",
        "minefield",
        "shell",
        "shelling",
        "rocket",
        "missile",
        "grenade",
        "airstrike",
        "air-strike",
        "strike",
        "raid",
        "attack",
        "ambush",
        "shooting",
        "gunfire",
        "fire",
        "clash",
        "fighting",
        "violence",
        "landmine",
        "device",
        "drone",
    ]
)
#: Nouns that stand for a side only with a country word ("Israeli tanks", "Palestinian homes"):
#: arms for its military, property for its civilians. Alone they are no actor.
#: CAMEO roots of acts only a state's authorities perform (investigate 09, coerce 17: arrest,
#: detain, deport): without a named doer, the state where it happens did it.
AUTHORITY_ROOTS = frozenset({"09", "17"})
STAND_INS = {
    **{word: "MIL" for word in ("force", "tank", "helicopter", "warplane", "jet", "artillery")},
    **{word: "CVL" for word in ("home", "house", "village", "building", "shop", "farm", "market")},
}
#: Dependencies a verb gets only when the parser misread its clause ("hosted" as an adjective).
MISPARSED_VERB_DEPS = frozenset(["amod", "compound", "npadvmod", "nmod"])
#: Nouns of a relation to the possessor: "Israel's ally" is someone other than Israel.
RELATIONAL_NOUNS = frozenset(
    ["ally", "rival", "enemy", "foe", "opponent", "neighbour", "neighbor", "partner", "proxy"]
)
#: Verbs that send someone on an errand; with a purpose ("to investigate") the errand is coded.
DISPATCH = frozenset(["send", "dispatch", "summon", "deploy", "assign", "appoint"])
#: Verbs that answer another's act: their object noun ("rejected the demand") is not theirs.
RESPONSES = frozenset(
    [
        "accept",
        "accede",
        "answer",
        "condemn",
        "criticize",
        "criticise",
        "denounce",
        "deny",
        "dismiss",
        "grant",
        "heed",
        "ignore",
        "meet",
        "oppose",
        "reject",
        "refuse",
        "satisfy",
        "welcome",
    ]
)
#: Adjective modifiers of cooperation nouns that set the CAMEO sub-code and PLOVER context.
CONTEXT_CODES = {
    "military": ("062", "0312"),
    "security": ("062", "0312"),
    "defense": ("062", "0312"),
    "defence": ("062", "0312"),
    "economic": ("061", "0311"),
    "trade": ("061", "0311"),
    "judicial": ("063", "0313"),
    "legal": ("063", "0313"),
    "intelligence": ("064", "0314"),
}
PLURAL_PRONOUNS = frozenset(["they", "them", "their"])
HYPOTHETICAL_AUX = frozenset(["would", "could", "might", "may", "should"])
#: Words whose complement is something the subject means to do ("agreed to release",
#: "is willing to withdraw", "offered to negotiate"): the complement is coded as an intent.
#: "decided to" is not among them: a decision taken by an authority is the act itself ("the
#: court decided to allow him to run" allows him), and a decision for later says so with "will".
INTENT_HEADS = frozenset(
    [
        "agree",
        "offer",
        "pledge",
        "promise",
        "vow",
        "plan",
        "intend",
        "propose",
        "prepare",
        "commit",
        "undertake",
        "willing",
        "ready",
        "prepared",
        "committed",
        "determined",
        "eager",
        "resolve",
        "swear",
    ]
)
THREAT_HEADS = frozenset(["threaten", "warn"])
#: Verbs whose that-clause is what is demanded ("demanded that Israel ease ...").
DEMAND_VERBS = frozenset(["demand", "urge", "insist", "ask", "request", "call"])
#: Nouns whose content clause is what is demanded ("the demand that Israel ease ...").
DEMAND_NOUNS = frozenset(["demand", "call", "appeal", "request", "ultimatum", "insistence"])
FUTURE_AUX = frozenset(["will", "shall", "'ll"])


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon entry: the code a lemma carries and where its recipient is."""

    lemma: str
    pos: str
    prep: str | None
    code: str | None
    flags: frozenset[str]


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    """(lemma, VERB|NOUN) -> lexicon entries."""
    text = resources.files("herald.events").joinpath("data", "triggers.tsv").read_text("utf-8")
    table: dict[tuple[str, str], list[Trigger]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, pos, prep, code, *rest = line.split("\t")
        entry = Trigger(
            lemma=lemma,
            pos=pos,
            prep=None if prep == "-" else prep,
            code=None if code == "-" else code,
            flags=frozenset(f for f in (rest[0].split(",") if rest else []) if f),
        )
        table.setdefault((lemma, pos), []).append(entry)
    return table


class _Coder:
    def __init__(
        self,
        article: Article,
        analysis: Analysis,
        actors: Actors,
        knowledge: Knowledge | None = None,
    ) -> None:
        knowledge = knowledge or Knowledge()
        self.dictionaries: list[VerbDictionary] = []
        self.user_verbs = knowledge.verbs
        if knowledge.verbs is not None:
            self.dictionaries.append(knowledge.verbs)
        # PETRARCH-style runs code with the analyst's verbs alone: Herald's own trigger lexicon
        # and the default CAMEO patterns would add codes their dictionary never asked for.
        self.own_lexicon = not knowledge.replace_verbs
        if not knowledge.replace_verbs:
            self.dictionaries.append(default_verbs())
        self.article = article
        self.a = analysis
        self.actors = actors
        self.text = analysis.text
        self.events: list[Event] = []

    # -- syntax helpers --------------------------------------------------------------------------

    def tok(self, i: int) -> Token:
        return self.a.tokens[i]

    def kids(self, t: Token, *deps: str) -> list[Token]:
        return [c for c in self.a.children(t.i) if not deps or c.dep in deps]

    def conjuncts(self, t: Token) -> list[Token]:
        out = [t]
        for c in self.kids(t, "conj"):
            out.extend(self.conjuncts(c))
        return out

    def subject(self, verb: Token) -> Token | None:
        for c in self.kids(verb, "nsubj", "csubj"):
            if c.text.lower() in ("who", "which", "that") and verb.dep == "relcl":
                return self.tok(verb.head)
            return c
        if verb.dep in ("conj", "xcomp", "advcl") and verb.head != verb.i:
            head = self.tok(verb.head)
            if head.pos in ("VERB", "AUX"):
                return self.subject(head)
        if verb.dep == "relcl":
            return self.tok(verb.head)
        if verb.dep == "acl":
            return self.tok(verb.head)
        return None

    def passive(self, verb: Token) -> bool:
        return any(c.dep in ("nsubjpass", "auxpass") for c in self.kids(verb))

    def prep_objects(self, head: Token, prep: str) -> list[Token]:
        out: list[Token] = []
        for p in self.kids(head, "prep", "agent", "dative"):
            if p.text.lower() == prep:
                for obj in self.kids(p, "pobj"):
                    out.extend(self.conjuncts(obj))
        return out

    # -- participants ----------------------------------------------------------------------------

    def mentions_at(self, t: Token) -> list[ActorMention]:
        return [m for m in self.actors.mentions if m.span.start <= t.start < m.span.end]

    def participants(self, t: Token | None, *, place: bool = False) -> list[Participant]:
        """Resolve the noun phrase headed by ``t`` to participants (several for "both sides")."""
        if t is None:
            return []
        found = self.mentions_at(t) or [
            m for c in self.kids(t, "appos") for m in self.mentions_at(c)
        ]
        if found:
            return [self.participant(m.span, m.actor_id) for m in found]
        if t.pos == "PRON" and t.dep in ("nsubj", "nsubjpass") and self.reported(self.tok(t.head)):
            # "Syria says it is willing ...": a subject pronoun in reported speech is the speaker.
            speaker = self.speaker_of(self.tok(t.head))
            if speaker is not None and speaker.i != t.i:
                return self.participants(speaker)
        if t.text.lower() in PLURAL_PRONOUNS:
            return self.plural_pronoun(t)
        for child in self.kids(t, "compound", "nmod"):
            named = [m for m in self.mentions_at(child) if m.how != "pronoun"]
            if named:
                # "Hezbollah guerrillas", "NATO troops": members acting for the named actor.
                return [self.participant(self.np_span(t), named[0].actor_id)]
        country = self.country_modifier(t)
        if country is not None:
            # "Ivory Coast rebels", "Russian counterparts": a group of that country, with the
            # sector its noun names.
            span = self.np_span(t)
            sector = None
            if t.pos == "NOUN":
                sector = actor_lexicon.sector_of_role(t.lemma) or STAND_INS.get(t.lemma)
            return [Participant(span, None, span.text(self.text), country, sector, None)]
        for child in [] if t.lemma.lower() in RELATIONAL_NOUNS else self.kids(t, "poss"):
            owners = self.mentions_at(child)
            if owners:
                return [self.participant(self.np_span(t), owners[0].actor_id, own=True)]
            if (
                child.pos == "PRON"
                and t.dep in ("nsubj", "nsubjpass")
                and self.reported(self.tok(t.head))
            ):
                # "X said their forces had withdrawn": the owner is the speaker.
                speaker = self.speaker_of(self.tok(t.head))
                if speaker is not None and speaker.i != t.i:
                    span = self.np_span(t)
                    return [
                        Participant(span, p.actor_id, p.name, p.country, p.sector, p.role, p.code)
                        for p in self.participants(speaker)[:1]
                    ]
        if t.pos == "NOUN":
            for prep in self.kids(t, "prep"):
                if prep.text.lower() not in ("in", "from"):
                    continue
                for where in self.kids(prep, "pobj"):
                    entry = (
                        actor_lexicon.country_of(where.text) if where.text[:1].isupper() else None
                    )
                    if entry is not None and entry.kind in ("name", "alias"):
                        # "opposition groups in Zimbabwe", "rebels from Chad": a group of that
                        # country (a city names where they are, not whose they are).
                        span = self.np_span(t)
                        words = [c.lemma for c in self.kids(t, "compound", "amod")] + [t.lemma]
                        sector = actor_lexicon.sector_of_role(" ".join(words))
                        return [Participant(span, None, span.text(self.text), entry.iso3, sector)]
        for of in self.prep_objects(t, "of"):
            inner = self.participants(of)
            if inner:
                return [
                    Participant(
                        self.np_span(t), p.actor_id, p.name, p.country, p.sector, p.role, p.code
                    )
                    for p in inner
                ]
        entry = actor_lexicon.country_of(t.text) if t.text[:1].isupper() else None
        if entry is not None and (place or t.ent_type in ("GPE", "LOC", "NORP")):
            name = self.np_span(t).text(self.text)
            return [Participant(self.np_span(t), None, name, entry.iso3, None, None)]
        return []

    def later_participant(self, verb: Token, source: list[Participant]) -> list[Participant]:
        """The recipient when no object names one: the first noun after the verb, inside its
        clause, that resolves to an actor of another side ("demanded that Israel ease ...",
        "promised to continue military aid to Mozambique")."""
        taken = {p.actor_id for p in source if p.actor_id} | {p.span for p in source}
        if verb.dep in MISPARSED_VERB_DEPS:
            # "X on Saturday hosted Y" read as a modifier of Y: the verb heads no clause, so
            # the words after it, up to the sentence's end, stand in for its clause.
            sentence = self.a.sentences[verb.sent]
            region = list(self.a.tokens[verb.i + 1 : sentence.last])
        else:
            region = [t for t in self.a.subtree(verb.i) if t.i > verb.i]
        inside = [t for t in region if t.pos in ("PROPN", "NOUN", "PRON") and t.dep != "poss"]
        for t in inside:
            found = [
                p
                for p in self.participants(t)
                if (p.country or p.code) and p.actor_id not in taken and p.span not in taken
            ]
            if found:
                return found[:1]
        return []

    def nearest_before(self, verb: Token) -> list[Participant]:
        """When the parse gives a verb no subject at all (a misparse such as "X on Saturday
        hosted Y" read as a modifier), the nearest actor named before it in the sentence."""
        if self.subject(verb) is not None:
            return []
        sentence = self.a.sentences[verb.sent]
        before = [
            m
            for m in self.actors.mentions
            if sentence.span.start <= m.span.start and m.span.end <= verb.start
        ]
        return [self.participant(before[-1].span, before[-1].actor_id)] if before else []

    def country_modifier(self, t: Token) -> str | None:
        """The country a noun's modifier names: a demonym, a country name, a state actor."""
        for child in self.kids(t, "amod", "compound", "nmod"):
            if not child.text[:1].isupper():
                continue
            for mention in self.mentions_at(child):
                actor = self.actors.by_id(mention.actor_id)
                if actor is not None and actor.kind == "state" and actor.country:
                    return actor.country
            entity = next((e for e in self.a.entities if e.first <= child.i < e.last), None)
            text = entity.span.text(self.text) if entity else child.text
            entry = actor_lexicon.country_of(text) or actor_lexicon.country_of(child.text)
            if entry is not None:
                return entry.iso3
        return None

    def participant(self, span: Span, actor_id: str, own: bool = False) -> Participant:
        actor = self.actors.by_id(actor_id)
        if actor is None:
            return Participant(span, None, span.text(self.text))
        name = f"{actor.name}'s {span.text(self.text).split()[-1]}" if own else actor.name
        return Participant(
            span, actor.id, name, actor.country, actor.sector, actor.role, actor.code
        )

    def np_span(self, t: Token) -> Span:
        """The noun phrase headed by ``t``, without clauses, appositions or conjuncts."""
        cut = {"relcl", "acl", "appos", "conj", "cc", "punct", "prep"}
        keep = [t]
        stack = [t]
        while stack:
            node = stack.pop()
            for child in self.kids(node):
                if child.dep not in cut or (
                    node is t and child.dep == "prep" and child.text == "of"
                ):
                    keep.append(child)
                    stack.append(child)
        return Span(min(w.start for w in keep), max(w.end for w in keep))

    def plural_pronoun(self, t: Token) -> list[Participant]:
        """ "they": the most recent state or office named in an earlier sentence."""
        earlier = [
            m
            for m in self.actors.mentions
            if m.span.end <= self.a.sentences[t.sent].span.start and m.how != "pronoun"
        ]
        for m in reversed(earlier):
            actor = self.actors.by_id(m.actor_id)
            if actor is not None and actor.kind in ("state", "office") and actor.country:
                return [self.participant(t.span, actor.id)]
        return []

    # -- modality --------------------------------------------------------------------------------

    def stance(self, verb: Token) -> str | None:
        """ "intent" when the clause announces its act (will, agreed to, is willing to), "threat"
        under threaten/warn, else None. Expectations by others ("was expected in") are not
        intents: the future there is the writer's, not the actor's."""
        if verb.pos not in ("VERB", "AUX"):
            return None
        aux = {c.text.lower() for c in self.kids(verb, "aux")}
        negated = any(c.dep == "neg" for c in self.kids(verb))
        if aux & OBLIGATION_AUX and self.reported(verb):
            return "demand"
        if aux & FUTURE_AUX or ("would" in aux and self.reported(verb)):
            if self.conditioned(verb):
                return "threat"  # "will withdraw its force unless ...": a conditional threat
            return "refusal" if negated else "intent"
        node = verb
        for _ in range(4):
            if node.dep not in ("xcomp", "pcomp", "pobj", "prep", "ccomp", "acomp"):
                return None
            node = self.tok(node.head)
            lemma = node.lemma.lower()
            if lemma in REFUSAL_HEADS:
                return "refusal"
            if lemma in THREAT_HEADS:
                return "threat"
            if lemma in INTENT_HEADS:
                negated = any(c.dep == "neg" for c in self.kids(node))
                return "refusal" if negated else "intent"
        return None

    def demand_noun(self, verb: Token) -> Token | None:
        """The noun (or verb) of demand whose content clause this verb heads ("the demand that
        ...", "demanded that ...")."""
        if verb.dep not in ("acl", "ccomp", "relcl", "advcl") or verb.head == verb.i:
            return None
        head = self.tok(verb.head)
        if head.pos == "NOUN" and head.lemma.lower() in DEMAND_NOUNS:
            return head
        if head.pos == "VERB" and head.lemma.lower() in DEMAND_VERBS and verb.dep == "ccomp":
            return head  # "X demanded that Y abandon ...": Y is asked to abandon it
        if verb.dep in ("ccomp", "advcl") and any(
            c.dep == "mark" and c.text.lower() == "that" for c in self.kids(verb)
        ):
            # The parser often hangs the clause on the verb ("repeated its call today that ..."):
            # the demand is then that verb's object, just before the clause.
            for noun in self.kids(head, "dobj"):
                if noun.i < verb.i and noun.lemma.lower() in DEMAND_NOUNS:
                    return noun
        return None

    def conditioned(self, verb: Token) -> bool:
        """Does an "unless" clause (or "if ... not") hang on the verb?"""
        for clause in self.kids(verb, "advcl"):
            marks = {c.text.lower() for c in self.kids(clause) if c.dep == "mark"}
            negated = any(c.dep == "neg" for c in self.kids(clause))
            if "unless" in marks or ("if" in marks and negated):
                return True
        return False

    def speaker_of(self, verb: Token) -> Token | None:
        """The subject of the speech verb a reported clause depends on."""
        node = verb
        for _ in range(4):
            if node.dep == "ccomp" and self.tok(node.head).lemma in SPEECH_VERBS:
                return self.subject(self.tok(node.head))
            if node.head == node.i:
                return None
            node = self.tok(node.head)
        return None

    def reported(self, verb: Token) -> bool:
        """Is the clause the complement of a speech verb ("said they would meet")?"""
        node = verb
        for _ in range(4):
            if node.dep == "ccomp" and self.tok(node.head).lemma in SPEECH_VERBS:
                return True
            if node.dep not in ("conj", "xcomp") or node.head == node.i:
                return False
            node = self.tok(node.head)
        return False

    def modality(self, verb: Token, flags: frozenset[str]) -> Modality:
        negated = any(c.dep == "neg" for c in self.kids(verb))
        aux = {c.text.lower() for c in self.kids(verb, "aux", "auxpass")}
        future = "future" in flags or bool(aux & {"will", "shall", "'ll"})
        hypothetical = False
        reported_by: str | None = None
        node: Token | None = verb
        for _ in range(12):
            if node is None:
                break
            kids = self.kids(node)
            if any(c.dep == "mark" and c.text.lower() in ("if", "unless") for c in kids):
                hypothetical = True
            if {c.text.lower() for c in kids if c.dep == "aux"} & HYPOTHETICAL_AUX:
                # "said they would meet": in reported speech "would" is a past future.
                if any(c.text.lower() == "soon" for c in kids) or self.reported(node):
                    future = True
                else:
                    hypothetical = True
            if node.dep == "ccomp" and reported_by is None:
                head = self.tok(node.head)
                if head.lemma in SPEECH_VERBS:
                    speaker = self.participants(self.subject(head))
                    reported_by = speaker[0].name if speaker else None
            if node.head == node.i:
                break
            node = self.tok(node.head)
        if reported_by is None:
            reported_by = self.according_to(verb)
        return Modality(negated, future, hypothetical, reported_by)

    def according_to(self, verb: Token) -> str | None:
        sentence = self.a.sentences[verb.sent]
        for t in self.a.tokens[sentence.first : sentence.last - 1]:
            if t.text.lower() == "according" and self.tok(t.i + 1).text.lower() == "to":
                for obj in self.kids(self.tok(t.i + 1), "pobj"):
                    people = self.participants(obj)
                    if people:
                        return people[0].name
        return None

    # -- coding ----------------------------------------------------------------------------------

    def run(self) -> tuple[Event, ...]:
        for sentence in self.a.sentences:
            tokens = self.a.tokens[sentence.first : sentence.last]
            if not any(t.pos in ("VERB", "AUX") for t in tokens):
                self.verbless(tokens)
        speech: list[Token] = []
        for t in self.a.tokens:
            if t.pos in ("VERB", "AUX") and t.lemma in SPEECH_VERBS:
                speech.append(t)
            elif t.pos in ("VERB", "AUX"):
                self.verb(t)
            elif t.pos in ("NOUN", "PROPN") and self.own_lexicon:
                for entry in triggers().get((t.lemma.lower(), "NOUN"), []):
                    self.noun_event(t, entry)
        # A statement is coded by what it says: a speech verb is an event of its own only when
        # nothing it reports was coded ("said it will release X" is the release's intent).
        for t in speech:
            triggers_at = {e.trigger.start for e in self.events}
            said = any(w.start in triggers_at for w in self.a.subtree(t.i) if w.i != t.i)
            if not said:
                self.verb(t)
            if self.own_lexicon:
                self.conditional_warning(t)
        return tuple(self.events)

    def dictionary_match(self, verb: Token) -> tuple[VerbMatch, bool] | None:
        """The first dictionary (user's before default) whose patterns code this verb, and
        whether it is the analyst's: their codes are kept even when PLOVER has no type."""
        for dictionary in self.dictionaries:
            found = dictionary.match(self.a, verb.i)
            if found is None:
                continue
            own = dictionary is self.user_verbs
            if own or _plover_of(found.code) is not None:
                return found, own
        return None

    def verb(self, verb: Token) -> None:
        """Code one verb: Herald's lexicon entry (recipient prepositions, motion) when it has
        one, else the most specific dictionary pattern. Measured on the PLOVER GSR: letting the
        dictionary's patterns override the lexicon scored 0.609, the lexicon first 0.627."""
        entries = triggers().get((verb.lemma.lower(), "VERB"), []) if self.own_lexicon else []
        specific = herald_verbs().match(self.a, verb.i) if self.own_lexicon else None
        if specific is not None and specific.score > 0:
            # The object sets the code ("expelled diplomats" 166, "lifted the curfew" 0813).
            flags = entries[0].flags if entries else frozenset()
            entry = Trigger(verb.lemma.lower(), "VERB", None, specific.code, flags)
            self.dictionary_event(verb, entry, specific)
            return
        if verb.i > 0 and self.a.text[verb.start - 1 : verb.start] == "-":
            return  # "Saudi-led", "open-ended": half of an adjective, not a verb of the clause
        if verb.dep == "amod" and any(
            d.i < verb.i for d in self.kids(self.tok(verb.head), "det", "poss")
        ):
            # "the besieged town", "its occupied land": a participle between a determiner and
            # its noun describes the noun. (Without one it may be a finite verb the parser
            # misread: "X on Saturday hosted Y".)
            return
        if verb.lemma.lower() in DISPATCH and self.purpose(verb):
            # "sent experts to investigate", "summoned the envoy to complain": the errand is the
            # event, coded on its own verb; the sending is only how it came about.
            return
        if entries and entries[0].code is None and self.kids(verb, "xcomp", "ccomp"):
            # "ordered the paper to suspend publication": the complement is the event, coded on
            # its own with the carrier's subject; the carrier adds no event of its own.
            return
        matched = self.dictionary_match(verb)
        found, own = matched if matched else (None, False)
        pattern = found is not None and found.score > 0
        if entries and (entries[0].code is not None or not pattern):
            for entry in entries:
                self.verb_event(verb, entry)
            return
        if found is None:
            return
        flags = entries[0].flags if entries else frozenset()
        if own:
            flags = flags | {"user"}
        entry = Trigger(
            verb.lemma.lower(), "VERB", entries[0].prep if entries else None, found.code, flags
        )
        self.dictionary_event(verb, entry, found)

    def dictionary_event(self, verb: Token, entry: Trigger, found: VerbMatch) -> None:
        """A verb coded by a dictionary: the pattern's source/target marks, else the parse."""
        if found.source is not None:
            source = self.participants(self.tok(found.source))
        elif self.passive(verb):
            agents = self.prep_objects(verb, "by")
            source = self.participants(agents[0]) if agents else []
        else:
            source = self.doer(verb)
        if found.target is not None:
            objects = self.conjuncts(self.tok(found.target))
        elif self.passive(verb):
            objects = [o for s in self.kids(verb, "nsubjpass") for o in self.conjuncts(s)]
        else:
            objects = [o for d in self.kids(verb, "dobj", "dative") for o in self.conjuncts(d)]
            if entry.prep is not None:
                objects += self.prep_objects(verb, entry.prep)
            if not any(self.participants(o) for o in objects):
                objects += [o for p in self.kids(verb, "prep") for o in self.kids(p, "pobj")]
        targets = [t for t in (self.participants(o) for o in objects) if t] or [[]]
        if not any(t and t[0].country for t in targets):
            targets = [self.later_participant(verb, source)]
        agentless = self.agentless(verb)
        for target in targets:
            self.emit(verb, entry, found.code, source, target, verb, agentless=agentless)

    def verb_event(self, verb: Token, entry: Trigger) -> None:
        if entry.code is None:
            return  # carriers lend their subject to nouns; they are not events themselves
        passive = self.passive(verb)
        if entry.prep is not None:
            objects = self.prep_objects(verb, entry.prep)
            if not objects and "motion" in entry.flags:
                return  # "went" with no destination is not a visit
        else:
            objects = [o for d in self.kids(verb, "dobj") for o in self.conjuncts(d)]
        if passive and "passive_subject" in entry.flags:
            source = self.participants(self.first(verb, "nsubjpass"))
        elif passive:
            agents = self.prep_objects(verb, "by")
            source = self.participants(agents[0]) if agents else []
            objects = [o for s in self.kids(verb, "nsubjpass") for o in self.conjuncts(s)]
        else:
            source = self.doer(verb)
        motion = "motion" in entry.flags
        targets = [self.participants(o, place=motion) for o in objects] or [[]]
        if not any(t and t[0].country for t in targets) and not motion:
            targets = [self.later_participant(verb, source)]
        agentless = self.agentless(verb)
        for target in targets:
            if entry.prep is not None and objects and not target:
                continue
            self.emit(verb, entry, entry.code, source, target, verb, agentless=agentless)

    def recipient_for(
        self, verb: Token, code: str, source: list[Participant], target: list[Participant]
    ) -> list[Participant]:
        """Where the object is what is given or moved, not who gets it: aid goes "to" its
        recipient ("provided intelligence to Macedonia"), forces are mobilised "against" theirs
        ("mobilised reservists against Iraq")."""
        prep = "to" if code.startswith("07") else "against" if code.startswith("15") else None
        if prep is None or verb.pos not in ("VERB", "AUX"):
            return target
        own = {p.country for p in source}
        if code.startswith("15") and target and not {p.country for p in target} <= own:
            return target  # the object is another side already ("deployed against ...")
        objects = self.prep_objects(verb, prep)
        if prep == "against":
            # "mobilised reservists for a possible war against Iraq": the phrase may hang lower.
            objects += [
                o
                for t in self.a.subtree(verb.i)
                if t.dep == "prep" and t.text.lower() == prep and t.head != verb.i
                for o in self.kids(t, "pobj")
            ]
        for obj in objects:
            found = [p for p in self.participants(obj) if p.country or p.code]
            if found:
                return found[:2]
        return target

    def purpose(self, verb: Token) -> bool:
        """Whether the verb has an infinitive of purpose that is an event verb of its own."""
        for clause in self.kids(verb, "xcomp", "advcl"):
            infinitive = any(c.dep == "aux" and c.text.lower() == "to" for c in self.kids(clause))
            coded = triggers().get((clause.lemma.lower(), "VERB")) or default_verbs().match(
                self.a, clause.i
            )
            if infinitive and coded:
                return True
        return False

    def doer(self, verb: Token) -> list[Participant]:
        """Who does what an active verb says: its subject, else, for a participle that modifies
        a noun ("issued a declaration demanding that ..."), that noun's agent, else the
        nearest actor before a verb the parser left without a subject."""
        found = self.participants(self.subject(verb))
        if not found and verb.dep == "acl" and verb.head != verb.i:
            found = self.noun_agent(self.tok(verb.head))
        return found or self.nearest_before(verb)

    def agentless(self, verb: Token) -> bool:
        """Whether the clause names no doer at all: a passive without "by", or an inanimate
        cause as subject ("a roadside bomb killed ..."). Only then may an event lack a source."""
        if self.passive(verb):
            return not self.prep_objects(verb, "by")
        subject = self.subject(verb)
        return subject is not None and subject.lemma.lower() in INANIMATE_CAUSES

    def verbless(self, tokens: tuple[Token, ...]) -> None:
        """Captions and headlines the parser reads as one noun phrase ("Supporters of X
        demonstrate in Y"): a verb of the lexicon tagged as a noun takes the nearest actor
        before it as its subject."""
        for t in tokens:
            entries = triggers().get((t.lemma.lower(), "VERB"), [])
            if t.pos != "NOUN" or not entries or entries[0].code is None:
                continue
            before = [m for m in self.actors.mentions if tokens[0].start <= m.span.start < t.start]
            if before:
                mention = before[-1]
                source = [self.participant(mention.span, mention.actor_id)]
                self.emit(t, entries[0], entries[0].code, source, [], t)

    def first(self, verb: Token, dep: str) -> Token | None:
        found = self.kids(verb, dep)
        return found[0] if found else None

    def noun_event(self, noun: Token, entry: Trigger) -> None:
        if entry.code is None:
            return
        between = self.prep_objects(noun, "between")
        if between:
            parts = [p for b in between for p in self.participants(b)]
            source, target = parts[:1], parts[1:2]
        else:
            source = self.noun_agent(noun, patient_of=entry.prep == "of")
            target = []
            if entry.prep is not None:
                for obj in self.prep_objects(noun, entry.prep):
                    target.extend(self.participants(obj, place="motion" in entry.flags))
            if not target:
                target = self.relation_partner(noun)
        if len(source) > 1 and not target:
            source, target = source[:1], source[1:2]
        if not source:
            return
        code = entry.code
        for child in self.kids(noun, "amod", "compound"):
            codes = CONTEXT_CODES.get(child.text.lower())
            if codes and code.startswith("06"):
                code = codes[0]
            if child.text.lower() == "hunger" and code.startswith("14"):
                code = "142"  # a hunger strike, not a labour strike
        self.emit(noun, entry, code, source, target, self.governing_verb(noun) or noun)

    def authority_of_place(self, verb: Token) -> list[Participant]:
        """Who arrests or investigates when the text does not say: the state where it happens
        ("was arrested in Lebanon", "put under investigation in Italy"), only a country named as
        such, never a city."""
        # The place may hang on the verb or on its phrase ("put under investigation in X").
        places = self.prep_objects(verb, "in") + [
            obj
            for p in self.kids(verb, "prep")
            for o in self.kids(p, "pobj")
            for obj in self.prep_objects(o, "in")
        ]
        for obj in places:
            entry = actor_lexicon.country_of(obj.text) if obj.text[:1].isupper() else None
            if entry is not None and entry.kind in ("name", "alias"):
                span = self.np_span(obj)
                return [Participant(span, None, span.text(self.text), entry.iso3, "GOV", None)]
        return []

    def relation_partner(self, noun: Token) -> list[Participant]:
        """The other side of a relation an event noun acts on: "a suspension of air links with
        X", "the severing of ties with X" (the "with" phrase may hang on either noun)."""
        holders = [noun, *(o for o in self.prep_objects(noun, "of") if o.pos == "NOUN")]
        for holder in holders:
            for obj in self.prep_objects(holder, "with"):
                found = [p for p in self.participants(obj) if p.country or p.code]
                if found:
                    return found[:2]
        return []

    def noun_agent(self, noun: Token, *, patient_of: bool = False) -> list[Participant]:
        """Who does what a noun names: a named possessor, an "of" phrase ("the visit of X"),
        the subject of the governing verb ("X announced cooperation"), a pronoun possessor."""
        possessors = self.kids(noun, "poss")
        for child in possessors:
            if child.pos != "PRON":
                found = self.participants(child)
                if found:
                    return found
        for child in self.kids(noun, "amod", "compound", "nmod"):
            named = [m for m in self.mentions_at(child) if m.how != "pronoun"]
            if named:
                # "Palestinian riots", "a NATO airstrike": the modifier names who acts.
                return [self.participant(named[0].span, named[0].actor_id)]
        country = self.country_modifier(noun)
        if country is not None:
            span = self.np_span(noun)
            return [Participant(span, None, span.text(self.text), country, None, None)]
        for of in [] if patient_of else self.prep_objects(noun, "of"):
            found = self.participants(of)
            if found:
                return found
        by = self.prep_objects(noun, "by")
        if by:
            # "protests by Muslim groups": the by-phrase names the doer, resolved or not; the
            # governing verb's subject ("the government ordered patrols after protests by")
            # is someone else.
            return [p for obj in by for p in self.participants(obj)][:1]
        verb = self.governing_verb(noun)
        if verb is not None and verb.lemma.lower() in RESPONSES and noun.head == verb.i:
            # "accepted demands from the rebels": the act answered is someone else's.
            return []
        if verb is not None and noun.dep not in ("nsubj", "nsubjpass"):
            found = self.participants(self.subject(verb))
            if found:
                return found
        for child in possessors:
            found = self.participants(child)
            if found:
                return found
        return []

    def governing_verb(self, t: Token) -> Token | None:
        node = t
        for _ in range(8):
            if node.head == node.i:
                return None
            node = self.tok(node.head)
            if node.pos in ("VERB", "AUX"):
                return node
        return None

    def conditional_warning(self, speech: Token) -> None:
        """ "X specifies that if they choose Y it will be complicated": X threatens them."""
        for clause in self.kids(speech, "ccomp"):
            words = {w.lemma.lower() for w in self.a.subtree(clause.i)} | {clause.lemma.lower()}
            if not words & NEGATIVE_OUTCOMES:
                continue
            for cond in self.kids(clause, "advcl"):
                if not any(c.dep == "mark" and c.text.lower() == "if" for c in self.kids(cond)):
                    continue
                source = self.participants(self.subject(speech))
                target = self.participants(self.subject(cond))
                if source:
                    entry = Trigger(speech.lemma, "VERB", None, "130", frozenset())
                    self.emit(clause, entry, "130", source, target, clause, hypothetical=True)

    def emit(
        self,
        trigger: Token,
        entry: Trigger,
        code: str,
        source: list[Participant],
        target: list[Participant],
        clause: Token,
        *,
        hypothetical: bool = False,
        agentless: bool = False,
    ) -> None:
        stance = self.stance(clause)
        if stance is not None and self.own_lexicon:
            code = _STANCE_CODES[stance](code)
            speaker = self.speaker_of(clause) if stance == "demand" else None
            demanders = self.participants(speaker) if speaker is not None else []
            if demanders:
                # "X said Y must release Z": X demands, Y is asked.
                source, target = demanders, source
        elif self.own_lexicon and (noun := self.demand_noun(clause)) is not None:
            demanders = (
                self.participants(self.subject(noun))
                if noun.pos in ("VERB", "AUX")
                else self.noun_agent(noun)
            )
            if demanders:
                # "X reiterated its demand that Y ease the restrictions": X demands, Y is asked.
                code = demand_code(code)
                source, target = demanders, source
        info = _cameo_info(code)
        flags: tuple[str, ...] = ()
        if info is None or info.plover_type is None:
            if "user" not in entry.flags:
                return
            # An analyst's own code that PLOVER cannot type: kept, flagged, never defaulted.
            flags = ("unmapped_code",)
        target = self.recipient_for(trigger, code, source, target)
        if not source and not (agentless and any(p.country for p in target)):
            return
        if not source and code[:2] in AUTHORITY_ROOTS:
            source = self.authority_of_place(trigger)
            if source:
                flags = (*flags, "implied_source")
        if not source:
            # "Three civilians were killed in a bombing": PLOVER codes the act with its victim
            # even when the text names no perpetrator; the missing side is flagged, not guessed.
            flags = (*flags, "unknown_source")
        # The same actor on both sides is not an event between them (unless both are states).
        if source:
            target = [t for t in target if not (t.actor_id and t.actor_id == source[0].actor_id)]
        if not any(p.country or p.code for p in source + target):
            return
        modality = self.modality(clause, entry.flags)
        if hypothetical:
            modality = Modality(modality.negated, modality.future, True, modality.reported_by)
        sentence = self.a.sentences[trigger.sent]
        key = f"{self.article.id}:{trigger.start}:{code}:" + "|".join(
            ",".join(f"{p.actor_id}/{p.country}/{p.span.start}" for p in side)
            for side in (source, target)
        )
        event_id = hashlib.sha1(key.encode()).hexdigest()[:16]
        if any(e.id == event_id for e in self.events):
            return  # the same event reached twice (a lexicon entry and its conjunct, say)
        confidence = 0.8 if target and source else 0.6
        if modality.hypothetical:
            confidence -= 0.2
        if "unmapped_code" in flags:
            confidence = 0.3
        self.events.append(
            Event(
                id=event_id,
                article_id=self.article.id,
                type=info.plover_type if info and info.plover_type else "",
                cameo=code,
                trigger=trigger.span,
                evidence=sentence.span,
                mode=info.plover_mode if info else None,
                context=info.plover_context if info else None,
                quad_class=info.quad_class if info else None,
                goldstein=info.goldstein if info else None,
                actors=tuple(source[:2]),
                recipients=tuple(target[:2]),
                modality=modality,
                confidence=round(confidence, 2),
                flags=flags,
            )
        )


#: CAMEO's "express intent to ..." codes for the acts they announce (04x meet -> 036, 061 -> 0311,
#: 0841 release -> 0353 ...), by code prefix, most specific first.
_INTENT = {
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "134",
    "165": "135",
    "166": "136",
    "16": "131",
    "172": "132",
    "17": "131",
    "14": "133",
    "15": "138",
    "18": "138",
    "19": "138",
    "20": "138",
}


def intent_code(code: str) -> str:
    """The CAMEO code for announcing ``code`` rather than doing it ("will release" -> 0353,
    "will attack" -> 138); verbal codes (01-03, 09-13) are unchanged."""
    for size in (3, 2):
        if code[:size] in _INTENT:
            return _INTENT[code[:size]]
    return code


#: CAMEO's rejections for the cooperation they refuse (06x -> 121x, 04x -> 125 ...).
_REJECTION = {
    "061": "1211",
    "062": "1212",
    "063": "1213",
    "064": "1214",
    "071": "1221",
    "072": "1222",
    "073": "1223",
    "074": "1224",
    "081": "1241",
    "082": "1242",
    "083": "123",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
    "03": "120",
    "04": "125",
    "05": "120",
    "06": "121",
    "07": "122",
    "08": "124",
}
#: CAMEO's demands for the acts they require (06x -> 101x, 08x -> 105x ...).
_DEMAND = {
    "061": "1011",
    "062": "1012",
    "063": "1013",
    "064": "1014",
    "071": "1031",
    "072": "1032",
    "073": "1033",
    "074": "1034",
    "081": "1051",
    "082": "1052",
    "083": "104",
    "084": "1053",
    "085": "1054",
    "086": "1055",
    "087": "1056",
    "04": "106",
    "05": "102",
    "06": "101",
    "07": "103",
    "08": "105",
}


def _by_prefix(table: dict[str, str], code: str, default: str) -> str:
    for size in (3, 2):
        if code[:size] in table:
            return table[code[:size]]
    return default


def rejection_code(code: str) -> str:
    """ "will not accept", "refused to meet": a refused cooperative act is a rejection."""
    return _by_prefix(_REJECTION, code, code)


def demand_code(code: str) -> str:
    """ "X said Y must release ...": X demands the act of Y."""
    return _by_prefix(_DEMAND, code, "100")


def threat_code(code: str) -> str:
    """ "threatened to X": conflictual acts become their threat code, anything else 130."""
    mapped = intent_code(code)
    return mapped if mapped.startswith("13") else "130"


_STANCE_CODES = {
    "intent": intent_code,
    "threat": threat_code,
    "refusal": rejection_code,
    "demand": demand_code,
}
#: Verbs whose complement is refused or failed ("declined to resign", "failed to reach").
REFUSAL_HEADS = frozenset(["refuse", "decline", "fail", "reject", "oppose", "deny"])
OBLIGATION_AUX = frozenset(["must", "should"])


def _cameo_info(code: str) -> ontology.CameoCode | None:
    """The table entry for a CAMEO code, else for its 3-digit or root prefix: user dictionaries
    may use finer codes than the table has."""
    for key in (code, code[:3], code[:2]):
        try:
            return ontology.cameo(key)
        except KeyError:
            continue
    return None


def _plover_of(code: str) -> str | None:
    info = _cameo_info(code)
    return info.plover_type if info else None


def extract_events(
    article: Article, analysis: Analysis, actors: Actors, knowledge: Knowledge | None = None
) -> tuple[Event, ...]:
    """Code the article's events (see the module docstring for the steps).

    ``knowledge``: user verb dictionaries, consulted before (or instead of) the defaults.
    """
    return _Coder(article, analysis, actors, knowledge).run()
