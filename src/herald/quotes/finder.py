"""Direct quotations and indirect speech in one text, attributed to speaker and cue spans."""

from __future__ import annotations

from dataclasses import dataclass, replace

from herald.model import Analysis, Span, Token
from herald.quotes.lexicon import (
    ACCORDING,
    ATTITUDE_PREPOSITIONS,
    ATTITUDE_VERBS,
    COMPLEMENTISERS,
    PARTICLE_SPEECH_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    speech_lemma,
)
from herald.quotes.marks import Quoted, scan_quotes
from herald.quotes.tree import Tree

# A sentence after a quotation is its reporting clause ('"...". He said so.') only when short.
_MAX_TRAILING_CLAUSE = 12
# Subject search follows conj/xcomp/advcl links up this many verbs ("... and added", "declined
# to say"); deeper chains are parse noise.
_MAX_SUBJECT_HOPS = 4
# Children cut off a speaker phrase: what follows the name is description, not the name.
_SPEAKER_CUT = frozenset({"relcl", "acl", "advcl", "punct", "parataxis", "cc"})
# Attitude verbs whose direct object is named, not reported ("called the deal a disaster"); they
# report only through a preposition or an infinitive ("called for", "called on X to").
_NAMING_VERBS = frozenset({"call"})
# A quotation shorter than this needs a reporting verb above it to count as speech.
_MIN_WORDS = 3
# An unattributed quotation this close after an attributed one in the same paragraph goes on
# with the same speaker ('"We are ready," X said. "They are not."').
_MAX_FOLLOW_GAP = 80


@dataclass(frozen=True, slots=True)
class Found:
    """A quotation before it gets its id and actor: content, speaker, cue and kind."""

    content: Span
    speaker: Span | None
    cue: Span | None
    direct: bool
    #: The name inside a longer speaker phrase, for finding the speaker's actor.
    name: Span | None = None
    #: Found through a verb of belief or intention: stance, not speech, so it neither starts
    #: nor breaks a run of speech paragraphs.
    attitude: bool = False


class QuoteFinder:
    """Direct and indirect quotations of one text, with the syntax helpers they need."""

    def __init__(self, text: str, analysis: Analysis) -> None:
        self.text = text
        self.analysis = analysis
        self.tree = Tree(analysis, len(text))
        self.quoted: tuple[Quoted, ...] = scan_quotes(text)
        # Tokens inside any quotation (marks included): never cues or speakers of other quotes.
        self.in_quotes: set[int] = set()
        for q in self.quoted:
            self.in_quotes.update(self.tree.within(q.outer))

    def find(self) -> list[Found]:
        """Direct quotations, then indirect speech that does not repeat them."""
        direct: list[Found] = []
        for q in self.quoted:
            found = self.attribute_direct(q)
            if found is None:
                continue
            if found.speaker is None and direct and direct[-1].speaker is not None:
                gap = self.text[direct[-1].content.end : found.content.start]
                if len(gap) <= _MAX_FOLLOW_GAP and "\n\n" not in gap:
                    found = Found(found.content, direct[-1].speaker, None, True, direct[-1].name)
            direct.append(found)
        indirect = self._indirect()
        kept = [f for f in indirect if not any(f.content.overlaps(d.content) for d in direct)]
        return direct + _outermost(kept)

    # --- cues and speakers ---------------------------------------------------------------------

    def is_speech_verb(self, t: Token) -> bool:
        """A reporting verb from the lexicon (with its particle when it needs one)."""
        lemma = t.lemma.lower()
        if t.pos not in ("VERB", "AUX") and not t.tag.startswith("VB"):
            # The tagger sometimes takes a rare verb form for a noun ("specifies"); a complement
            # clause under it shows it is a verb after all.
            return self.tree.children(t.i, "ccomp") != [] and speech_lemma(t.text) is not None
        if lemma in SPEECH_VERBS:
            return True
        particle = PARTICLE_SPEECH_VERBS.get(lemma)
        return particle is not None and any(
            c.text.lower() == particle for c in self.tree.children(t.i, "prt")
        )

    def according_to(self, t: Token) -> tuple[Token, Token] | None:
        """For "according" in "according to X": the tokens "to" and X's head."""
        if t.text.lower() != "according" or t.lemma.lower() not in (ACCORDING, "according"):
            return None
        for to in self.tree.children(t.i):
            if to.text.lower() == "to":
                objects = self.tree.children(to.i, "pobj")
                if objects:
                    return to, objects[0]
        return None

    def is_cue(self, t: Token) -> bool:
        return self.is_speech_verb(t) or self.according_to(t) is not None

    def cue_span(self, t: Token) -> Span:
        """The cue's words: the verb, its particle, and a directly following "that"."""
        according = self.according_to(t)
        if according is not None:
            return Span(t.start, according[0].end)
        end = t.end
        nxt = t.i + 1
        tokens = self.tree.tokens
        for particle in self.tree.children(t.i, "prt"):
            if particle.i == nxt:
                end, nxt = particle.end, nxt + 1
        if nxt < len(tokens):
            word = tokens[nxt]
            if word.text.lower() in COMPLEMENTISERS and word.dep == "mark":
                end = word.end
        return Span(t.start, end)

    def subject(self, t: Token, hops: int = 0) -> Token | None:
        """The speaker token of a cue: its subject, via relative clauses and shared subjects."""
        according = self.according_to(t)
        if according is not None:
            return according[1]
        for s in self.tree.children(t.i, "nsubj"):
            if s.i in self.in_quotes:
                # '"...", declared the general' parsed with the quotation as subject: the
                # speaker is the noun phrase after the verb.
                return self._inverted_subject(t)
            if s.text.lower() in RELATIVE_PRONOUNS:
                head = self.tree.head(t.i)
                return head if t.dep == "relcl" else None
            return s
        for agent in self.tree.children(t.i, "agent"):
            objects = self.tree.children(agent.i, "pobj")
            if objects:
                return objects[0]
        head = self.tree.head(t.i)
        if (
            hops < _MAX_SUBJECT_HOPS
            and head is not None
            and t.dep in ("conj", "xcomp", "advcl")
            and (head.pos in ("VERB", "AUX") or head.tag.startswith("VB"))
        ):
            return self.subject(head, hops + 1)
        return None

    def _inverted_subject(self, t: Token) -> Token | None:
        for c in self.tree.children(t.i, "dobj", "attr", "npadvmod", "nsubj", "appos"):
            if c.i > t.i and c.i not in self.in_quotes and c.pos in ("NOUN", "PROPN", "PRON"):
                return c
        return None

    def speaker_span(self, head: Token) -> Span | None:
        """The words naming a speaker: the subject phrase without relative clauses and the like.

        An apposition stays only when it supplies the name the head lacks ("the secretary of
        state, Jane Doe"); after a name it is description ("Doe, a former diplomat").
        """
        keep = set(self.tree.subtree(head.i))
        appositions: list[set[int]] = []
        for child in self.tree.children(head.i):
            if child.dep in _SPEAKER_CUT:
                keep -= set(self.tree.subtree(child.i))
            elif child.dep == "appos":
                part = set(self.tree.subtree(child.i))
                appositions.append(part)
                keep -= part
        if not any(self.tree.tokens[k].ent_type == "PERSON" for k in keep):
            for part in appositions:
                if any(self.tree.tokens[k].ent_type == "PERSON" for k in part):
                    # The comma before the apposition too, so the phrase stays one run.
                    keep |= part | {min(part) - 1}
                    break
        run = self.tree.run_around(keep, head.i)
        return self.trimmed(run)

    def trimmed(self, indices: list[int]) -> Span | None:
        """The span of ``indices`` without punctuation or space tokens at either end."""
        tokens = self.tree.tokens
        lo, hi = 0, len(indices)
        while lo < hi and tokens[indices[lo]].pos in ("PUNCT", "SPACE"):
            lo += 1
        while hi > lo and tokens[indices[hi - 1]].pos in ("PUNCT", "SPACE"):
            hi -= 1
        return self.tree.span(indices[lo:hi])

    def attribution(self, cue: Token) -> tuple[Span | None, Span, Span | None]:
        """(speaker phrase, cue span, speaker name) for a cue token.

        The phrase is the subject's whole noun phrase with its appositions and relative clauses
        ("Jane Doe, a former diplomat who ..."), as attribution corpora mark a source; the name
        (:meth:`speaker_span`) is what the speaker's actor is looked up by.
        """
        cue_span = self.cue_span(cue)
        subject = self.subject(cue)
        name = self.speaker_span(subject) if subject is not None else None
        if name is None or subject is None or name.overlaps(cue_span):
            return None, cue_span, None
        phrase = self.trimmed(self.tree.run_around(set(self.tree.subtree(subject.i)), subject.i))
        if (
            phrase is None
            or phrase.overlaps(cue_span)
            or any(k in self.in_quotes for k in self.tree.within(phrase))
        ):
            phrase = name
        return phrase, cue_span, name

    # --- direct quotations -----------------------------------------------------------------------

    def attribute_direct(self, q: Quoted) -> Found | None:
        """Attribute one quotation found by its marks.

        Steps: 1. the nearest reporting verb above the quoted words in the tree; 2. else the
        nearest cue elsewhere in the sentences the quotation touches; 3. else a cue in a short
        sentence right after it, or in the sentence before it when that ends with a colon.
        Short quotations not governed by a cue are dropped as scare quotes.
        """
        inside = self.tree.within(q.outer)
        cue = self._governing_cue(q, set(inside))
        # A word or two in quotes not governed by a reporting verb is a scare quote ("a
        # "disaster""), not speech, even when the sentence has a reporting verb elsewhere.
        short = len(q.content.text(self.text).split()) < _MIN_WORDS
        if cue is None and not short:
            cue = self._frame_cue(q, inside) or self._neighbour_cue(q, inside)
        if cue is None:
            return None if short else Found(q.content, None, None, True)
        speaker, cue_span, name = self.attribution(cue)
        return Found(q.content, speaker, cue_span, True, name)

    def _nearest(self, q: Quoted, candidates: list[Token]) -> Token | None:
        def distance(t: Token) -> int:
            return q.outer.start - t.end if t.end <= q.outer.start else t.start - q.outer.end

        return min(candidates, key=distance, default=None)

    def _governing_cue(self, q: Quoted, inside: set[int]) -> Token | None:
        candidates: list[Token] = []
        for k in inside:
            for a in self.tree.ancestors(k):
                if a.i not in self.in_quotes and self.is_cue(a):
                    candidates.append(a)
                    break
        return self._nearest(q, candidates)

    def _sentence_tokens(self, sentences: set[int]) -> list[Token]:
        tokens = self.tree.tokens
        return [
            tokens[k]
            for s in sorted(sentences)
            for k in self.tree.sentence(s)
            if k not in self.in_quotes and tokens[k].pos != "SPACE"
        ]

    def _frame_cue(self, q: Quoted, inside: list[int]) -> Token | None:
        sentences = {self.tree.tokens[k].sent for k in inside}
        cues = [t for t in self._sentence_tokens(sentences) if self.is_cue(t)]
        return self._nearest(q, cues)

    def _neighbour_cue(self, q: Quoted, inside: list[int]) -> Token | None:
        if not inside:
            return None
        first = self.tree.tokens[inside[0]].sent
        last = self.tree.tokens[inside[-1]].sent
        after = self._sentence_tokens({last + 1})
        gap = self.text[q.outer.end : after[0].start] if after else "\n"
        if after and "\n" not in gap and len(after) <= _MAX_TRAILING_CLAUSE:
            cues = [t for t in after if self.is_cue(t) and self.subject(t) is not None]
            if cues:
                return cues[0]
        before = self._sentence_tokens({first - 1}) if first > 0 else []
        if before and before[-1].text == ":":
            cues = [t for t in before if self.is_cue(t)]
            if cues:
                return cues[-1]
        return None

    # --- indirect speech -------------------------------------------------------------------------

    def _indirect(self) -> list[Found]:
        out: list[Found] = []
        for t in self.tree.tokens:
            if t.i in self.in_quotes:
                continue
            if self.according_to(t) is not None:
                found = self._according(t)
            elif self.is_speech_verb(t):
                found = self._reported(t)
            elif self.is_attitude_verb(t):
                found = self._attitude(t)
                if found is not None:
                    found = replace(found, attitude=True)
            else:
                found = None
            if found is not None:
                out.append(found)
        return out

    def _reported(self, verb: Token) -> Found | None:
        """Reported speech: X said (that) CLAUSE; CLAUSE, X said; CLAUSE, X said, CLAUSE."""
        complements = self.tree.children(verb.i, "ccomp")
        if complements:
            indices = [
                k
                for k in self.tree.subtree(complements[0].i)
                if not (
                    self.tree.tokens[k].dep == "mark"
                    and self.tree.tokens[k].text.lower() in COMPLEMENTISERS
                    and self.tree.tokens[k].head == complements[0].i
                )
            ]
            content = self.trimmed(indices)
        elif verb.dep == "parataxis" and self.tree.head(verb.i) is not None:
            content = self._clause_without(verb, set(self.tree.subtree(verb.i)))
        else:
            return None
        speaker, cue, name = self.attribution(verb)
        if content is None or speaker is None or len(self.tree.within(content)) < 2:
            return None
        if speaker.overlaps(content):
            speaker = name
        return Found(content, speaker, cue, False, name)

    def is_attitude_verb(self, t: Token) -> bool:
        """A verb of belief, intention or evidence (only cues indirect speech)."""
        return t.lemma.lower() in ATTITUDE_VERBS and (t.pos == "VERB" or t.tag.startswith("VB"))

    def _attitude(self, verb: Token) -> Found | None:
        """X believes (that) CLAUSE / wants to ACT / called for THING / cited THING."""
        found = self._reported(verb)
        if found is not None:
            return found
        target: Token | None = None
        for child in self.tree.children(verb.i, "xcomp", "dobj", "prep"):
            if child.dep == "dobj" and verb.lemma.lower() in _NAMING_VERBS:
                continue
            if child.dep == "prep":
                if child.text.lower() not in ATTITUDE_PREPOSITIONS:
                    continue
                objects = self.tree.children(child.i, "pobj", "pcomp")
                if not objects:
                    continue
                child = objects[0]
            target = child
            break
        if target is None:
            return None
        content = self.trimmed(self.tree.subtree(target.i))
        speaker, cue, name = self.attribution(verb)
        if content is None or speaker is None or len(self.tree.within(content)) < 2:
            return None
        if speaker.overlaps(content):
            speaker = name
        gap = self.text[cue.end : content.start]
        if gap.strip() and len(gap.split()) == 1:
            # "called for", "pointed to": the preposition belongs to the cue.
            cue = Span(cue.start, content.start - (len(gap) - len(gap.rstrip())))
        return Found(content, speaker, cue, False, name)

    def _according(self, according: Token) -> Found | None:
        """According to X, CLAUSE / CLAUSE, according to X: the clause is the content."""
        content = self._clause_without(according, set(self.tree.subtree(according.i)))
        speaker, cue, name = self.attribution(according)
        if content is None or speaker is None:
            return None
        if speaker.overlaps(content):
            speaker = name
        return Found(content, speaker, cue, False, name)

    def _clause_without(self, anchor: Token, cut: set[int]) -> Span | None:
        """The rest of ``anchor``'s sentence around the phrase ``cut``.

        The side holding the sentence's root is the main clause; else the longer side.
        """
        sentence = [t for t in self._sentence_tokens({anchor.sent}) if t.i not in cut]
        if not cut:
            return None
        left = [t.i for t in sentence if t.i < min(cut)]
        right = [t.i for t in sentence if t.i > max(cut)]
        roots = {t.i for t in sentence if t.dep == "ROOT"}
        if roots & set(left) and not roots & set(right):
            side, other = left, right
        elif roots & set(right) and not roots & set(left):
            side, other = right, left
        else:
            side, other = (left, right) if len(left) > len(right) else (right, left)
        # "The talks, he said, will resume": the subject on the other side belongs to the clause.
        subjects = {t.i for t in sentence if t.dep in ("nsubj", "nsubjpass") and t.head in roots}
        if subjects & set(other):
            side = sorted(side + other)
        span = self.trimmed(side)
        if span is None or len(self.tree.within(span)) < 2:
            return None
        return span


def _outermost(found: list[Found]) -> list[Found]:
    """Drop reported speech nested in another's content ("X said Y claimed Z": keep X's)."""
    out: list[Found] = []
    for f in found:
        nested = any(
            g is not f and g.cue is not None and f.cue is not None and g.content.contains(f.cue)
            for g in found
        )
        if not nested:
            out.append(f)
    return out
