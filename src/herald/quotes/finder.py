"""Direct quotations and indirect speech in one text, attributed to speaker and cue spans."""

from __future__ import annotations

from dataclasses import dataclass, replace

from herald.model import Analysis, Span, Token
from herald.quotes.lexicon import (
    ACCORDING,
    ATTITUDE_PREPOSITIONS,
    ATTITUDE_VERBS,
    MEDIA_NOUNS,
    PARTICLE_SPEECH_VERBS,
    RELATIVE_PRONOUNS,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    speech_lemma,
)
from herald.quotes.marks import Quoted, paragraphs, scan_quotes
from herald.quotes.tree import Tree

# A sentence after a quotation is its reporting clause ('"...". He said so.') only when short.
_MAX_TRAILING_CLAUSE = 12
# Subject search follows conj/xcomp/advcl links up this many verbs ("... and added", "declined
# to say"); deeper chains are parse noise.
_MAX_SUBJECT_HOPS = 4
# Children cut off a speaker phrase: what follows the name is description, not the name.
_SPEAKER_CUT = frozenset({"relcl", "acl", "advcl", "punct", "parataxis", "cc"})
# Verbs whose direct object alone is who is addressed or named ("called the minister"), not what
# is reported: it counts only with a predicate after it ("called the deal a disaster").
_NAMING_VERBS = frozenset({"call"})
# Children of a reporting verb that belong to its cue when they sit right before it: auxiliaries,
# negation and adverbs ("has repeatedly said", "did not deny", "also noted").
_CUE_MODIFIERS = ("aux", "neg", "advmod")
# Dashes that end a dateline before the first noun phrase ("PARIS (Reuters) - X said").
_DASHES = frozenset({"-", "–", "—", "―"})
# A name before a colon that frames a paragraph ("Sanders: ...") is at most this many words, of
# these kinds: a noun phrase, no verb.
_MAX_FRAME_WORDS = 5
_FRAME_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PART", "PUNCT"})
# Sentence connectives the parser may hang on a subject ("Yet many officials said").
_CONNECTIVES = frozenset({"also", "and", "but", "so", "still", "yet"})
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
        out = direct + _outermost(kept)
        for para in paragraphs(self.text):
            framed = self._colon_frame(para)
            if framed is None:
                continue
            if not any(f.content.overlaps(framed.content) for f in out):
                out.append(framed)
                continue
            # The frame's own quotation, left unattributed, takes its speaker.
            out = [
                replace(f, speaker=framed.speaker, cue=framed.cue)
                if f.speaker is None and framed.content.contains(f.content)
                else f
                for f in out
            ]
        return out

    def _colon_frame(self, para: Span) -> Found | None:
        """A paragraph opening with a bare name and a colon ("Sanders: Clinton email story has
        moved", a headline form): the name is the source, the colon the cue, the rest the
        content."""
        tokens = self.tree.tokens
        inside = self.tree.within(para)
        colon = next(
            (n for n, k in enumerate(inside[: _MAX_FRAME_WORDS + 1]) if tokens[k].text == ":"), 0
        )
        before = [tokens[k] for k in inside[:colon]]
        rest = inside[colon + 1 :]
        if not before or len(rest) < _MIN_WORDS or any(t.pos not in _FRAME_POS for t in before):
            return None
        # A person or organisation, not a label ("Editor's note", "UPDATE", "Q") or a place.
        if not any(t.ent_type in ("PERSON", "ORG", "NORP") for t in before):
            return None
        if any(t.text.isupper() and len(t.text) > 1 for t in before):
            return None
        content = self.trimmed(rest)
        speaker = self.tree.span([t.i for t in before])
        if content is None or speaker is None:
            return None
        return Found(content, speaker, tokens[inside[colon]].span, False)

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
        """For "according" in "according to X": the tokens "to" and X's head. Also "per X" and
        "in POLL" ("In a poll released Monday, X led Y"), which cite a source the same way."""
        word = t.text.lower()
        if word in ("per", "in") and t.dep == "prep":
            objects = self.tree.children(t.i, "pobj")
            head = self.tree.head(t.i)
            if not objects or head is None or self.is_cue(head) or self.is_attitude_verb(head):
                return None
            if word == "per" or objects[0].lemma.lower() in SOURCE_NOUNS:
                return t, objects[0]
            return None
        if word != "according" or t.lemma.lower() not in (ACCORDING, "according"):
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
        """The cue's words: auxiliaries, negation and adverbs just before the verb ("has also
        said", "did not deny"), the verb, its particle, and a colon right after it ("said:").

        A complementiser is not part of the cue: "that" opens the reported clause, and
        attribution corpora (PolNeAR) mark it as content.
        """
        according = self.according_to(t)
        if according is not None:
            return Span(t.start, according[0].end)
        tokens = self.tree.tokens
        start = t.start
        lo = t.i
        for child in reversed(self.tree.children(t.i, *_CUE_MODIFIERS)):
            if child.i == lo - 1 and child.i not in self.in_quotes:
                start, lo = child.start, child.i
        end = t.end
        nxt = t.i + 1
        for particle in self.tree.children(t.i, "prt"):
            if particle.i == nxt:
                end, nxt = particle.end, nxt + 1
        for prep in self.tree.children(t.i, "prep"):
            objects = self.tree.children(prep.i, "pobj")
            if prep.i == nxt and objects and objects[0].lemma.lower() in MEDIA_NOUNS:
                # "said in a statement", "wrote on Twitter": how it was said is part of the cue.
                last = self.tree.subtree(prep.i)[-1]
                end, nxt = tokens[last].end, last + 1
        if nxt < len(tokens) and tokens[nxt].text == ":" and nxt not in self.in_quotes:
            end = tokens[nxt].end
        return Span(start, end)

    def subject(self, t: Token) -> Token | None:
        """The speaker token of a cue: its subject, via relative clauses and shared subjects."""
        return self._subject(t, 0)[0]

    def _subject(self, t: Token, hops: int) -> tuple[Token | None, Token | None]:
        """(speaker token, relative pronoun standing for it in the cue's clause, if any)."""
        according = self.according_to(t)
        if according is not None:
            return according[1], None
        # Nearest first: a dateline parsed as a second subject ("LIMA (Reuters) - X said") is
        # further away.
        for s in sorted(self.tree.children(t.i, "nsubj"), key=lambda s: abs(s.i - t.i)):
            if s.i in self.in_quotes:
                # '"...", declared the general' parsed with the quotation as subject: the
                # speaker is the noun phrase after the verb.
                return self._inverted_subject(t), None
            if s.text.lower() in RELATIVE_PRONOUNS:
                head = self.tree.head(t.i)
                return (head, s) if t.dep == "relcl" else (None, None)
            return s, None
        for agent in self.tree.children(t.i, "agent"):
            objects = self.tree.children(agent.i, "pobj")
            if objects:
                return objects[0], None
        head = self.tree.head(t.i)
        if (
            hops < _MAX_SUBJECT_HOPS
            and head is not None
            and t.dep in ("conj", "xcomp", "advcl")
            and (head.pos in ("VERB", "AUX") or head.tag.startswith("VB"))
        ):
            return self._subject(head, hops + 1)
        return None, None

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
        """The span of ``indices`` without punctuation or space tokens at either end; a closing
        bracket stays when its opening one is inside ("Jane Doe (D-Ohio)")."""
        tokens = self.tree.tokens
        lo, hi = 0, len(indices)
        while lo < hi and tokens[indices[lo]].pos in ("PUNCT", "SPACE"):
            lo += 1
        while hi > lo and tokens[indices[hi - 1]].pos in ("PUNCT", "SPACE"):
            last = tokens[indices[hi - 1]].text
            inner = [tokens[k].text for k in indices[lo : hi - 1]]
            if last == ")" and inner.count("(") > inner.count(")"):
                break
            hi -= 1
        return self.tree.span(indices[lo:hi])

    def attribution(self, cue: Token) -> tuple[Span | None, Span, Span | None]:
        """(speaker phrase, cue span, speaker name) for a cue token.

        The phrase is what attribution corpora (PolNeAR) mark as the source: the subject's whole
        noun phrase with its appositions and relative clauses ("Jane Doe, a former diplomat who
        ..."), or the relative pronoun when the cue sits in a relative clause ("Doe, who said
        ..."). The name (:meth:`speaker_span`) is what the speaker's actor is looked up by.
        """
        cue_span = self.cue_span(cue)
        subject, pronoun = self._subject(cue, 0)
        name = self.speaker_span(subject) if subject is not None else None
        if name is None or subject is None or name.overlaps(cue_span):
            return None, cue_span, None
        if pronoun is not None:
            return pronoun.span, cue_span, name
        phrase = self.source_phrase(subject)
        if (
            phrase is None
            or phrase.overlaps(cue_span)
            or any(k in self.in_quotes for k in self.tree.within(phrase))
        ):
            phrase = name
        return phrase, cue_span, name

    def source_phrase(self, head: Token) -> Span | None:
        """The noun phrase of ``head`` as a source: appositions and relative clauses kept.

        Left out: a relative or participial clause that reports speech or stance itself ("X, who
        endorsed Y, said"), since it is an attribution of its own; words before a dash ahead of
        the head (a dateline: "PARIS (Reuters) - X"); a leading connective ("Yet").
        """
        tokens = self.tree.tokens
        keep = set(self.tree.subtree(head.i))
        for child in self.tree.children(head.i, "relcl", "acl"):
            part = self.tree.subtree(child.i)
            if any(self._reports(tokens[k]) for k in part):
                keep -= set(part)
        run = self.tree.run_around(keep, head.i)
        run = run[self._dateline_end(run) :]
        while run and run[0] != head.i and self._connective(tokens[run[0]]):
            run = run[1:]
        return self.trimmed(run)

    @staticmethod
    def _connective(t: Token) -> bool:
        return t.dep in ("cc", "punct") or t.text.lower() in _CONNECTIVES

    def _dateline_end(self, run: list[int]) -> int:
        """Where a phrase starts after a dateline ("ORLANDO, Fla. (Reuters) - "), else 0."""
        tokens = self.tree.tokens
        for n, k in enumerate(run):
            t = tokens[k]
            if t.text in _DASHES and t.whitespace and k > 0 and tokens[k - 1].whitespace:
                before = [tokens[j].text for j in run[:n]]
                if "(" in before or any(w.isupper() and len(w) > 2 for w in before):
                    return n + 1
                return 0
        return 0

    def _reports(self, t: Token) -> bool:
        """A word that makes a clause an attribution of its own: a cue or a stance verb."""
        return self.is_cue(t) or self.is_attitude_verb(t)

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
        """Reported speech and stance outside quotations."""
        out: list[Found] = []
        for t in self.tree.tokens:
            found = None if t.i in self.in_quotes else self._indirect_at(t)
            if found is not None:
                out.append(found)
        return out

    def _indirect_at(self, t: Token) -> Found | None:
        if self.according_to(t) is not None:
            return self._according(t)
        if self.is_speech_verb(t):
            return self._reported(t) or self._complemented(t)
        if self.is_attitude_verb(t):
            found = self._reported(t) or self._complemented(t)
            return replace(found, attitude=True) if found is not None else None
        return None

    def _reported(self, verb: Token) -> Found | None:
        """Reported speech: X said (that) CLAUSE; CLAUSE, X said; CLAUSE, X said, CLAUSE."""
        complements = self.tree.children(verb.i, "ccomp")
        if complements:
            content = self.trimmed(self.tree.subtree(complements[0].i))
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

    def _complemented(self, verb: Token) -> Found | None:
        """X wants to ACT / called for THING / endorsed NAME / called X a Y / called on X to ACT /
        claimed THING: the verb's complements, from the first to the last, are the content."""
        if any(s.i in self.in_quotes for s in self.tree.children(verb.i, "nsubj")):
            # '"...", declared the general': the object is the speaker, not the content.
            return None
        parts: list[int] = []
        named = verb.lemma.lower() in _NAMING_VERBS
        for child in self.tree.children(verb.i, "xcomp", "dobj", "oprd", "prep"):
            if child.dep == "dobj" and named and not self.tree.children(verb.i, "oprd"):
                continue
            if child.dep == "prep":
                # Only a leading preposition introduces the content ("called on X to ACT");
                # later ones are circumstances ("endorsed X on Monday").
                if child.text.lower() not in ATTITUDE_PREPOSITIONS or parts:
                    continue
                objects = self.tree.children(child.i, "pobj", "pcomp")
                if not objects:
                    continue
                child = objects[0]
            if not parts or child.i > max(parts):
                parts.extend(self.tree.subtree(child.i))
        if not parts or min(parts) in self.in_quotes:
            return None
        content = self.trimmed(sorted(set(parts)))
        speaker, cue, name = self.attribution(verb)
        if content is None or speaker is None or not self._enough(content):
            return None
        if speaker.overlaps(content):
            speaker = name
        gap = self.text[cue.end : content.start]
        if gap.strip() and len(gap.split()) == 1:
            # "called for", "pointed to": the preposition belongs to the cue.
            cue = Span(cue.start, content.start - (len(gap) - len(gap.rstrip())))
        return Found(content, speaker, cue, False, name)

    def _enough(self, content: Span) -> bool:
        """Two words or more, or one name ("endorsed Clinton"): a pronoun alone says nothing."""
        inside = self.tree.within(content)
        return len(inside) >= 2 or (len(inside) == 1 and self.tree.tokens[inside[0]].pos == "PROPN")

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
