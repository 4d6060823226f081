"""Speech continuation: paragraphs of speech without quote marks, after a speaker was introduced.

Translated and scraped articles often lose quote marks: "A good meeting, according to General
X, interviewed by channel Y." followed by paragraphs "We ...", "Things are ...". Such paragraphs
are attributed to the last speaker introduced, while they stay first-person or neutral; a
paragraph of third-person narration (a named subject, a past-tense main verb) ends the run.
"""

from __future__ import annotations

from dataclasses import replace

from herald.model import Span, Token
from herald.quotes.finder import Found, QuoteFinder
from herald.quotes.lexicon import FIRST_SECOND_PERSON, INTERVIEW_VERBS, NAMED_LABELS
from herald.quotes.marks import paragraphs

# A run of unmarked speech longer than this is more likely narration the classifier missed.
_MAX_RUN = 10
# A quotation with no cue of its own continues the previous speaker only when it is most of its
# paragraph (a paragraph that is one quotation), not a fragment inside narration.
_MOSTLY = 0.8


def continue_speech(finder: QuoteFinder, found: list[Found]) -> list[Found]:
    """``found`` plus continuation paragraphs; unattributed quotations may get a speaker.

    Steps, paragraph by paragraph: 1. a paragraph with attributed quotations sets the current
    speaker (the last one in it); 2. else a bare reporting clause ("he told Reuters.",
    "X, interviewed by Y") sets it; 3. else a first-person or neutral paragraph joins the run of
    the current speaker, and narration ends it. Trailing neutral paragraphs are not kept: a run
    must end on first-person evidence.
    """
    out = list(found)
    speaker: Span | None = None
    run: list[tuple[Span, bool]] = []

    def flush() -> None:
        while run and not run[-1][1]:
            run.pop()
        if speaker is not None:
            out.extend(Found(p, speaker, None, False) for p, _ in run[:_MAX_RUN])
        run.clear()

    for para in paragraphs(finder.text):
        inside = [
            k
            for k, f in enumerate(out)
            if not f.attitude and _anchor(f) in range(para.start, para.end)
        ]
        if inside:
            if speaker is not None:
                for k in inside:
                    f = out[k]
                    if f.speaker is None and f.direct and len(f.content) >= _MOSTLY * len(para):
                        out[k] = replace(f, speaker=speaker)
            attributed = sorted((out[k] for k in inside if out[k].speaker is not None), key=_anchor)
            if speaker is not None and attributed and all(_personal(finder, f) for f in attributed):
                # "We told them ..." inside a run is still the run's speaker talking.
                run.append((para, True))
                continue
            flush()
            speaker = attributed[-1].speaker if attributed else None
            continue
        intro = introduced_speaker(finder, para)
        if intro is not None:
            flush()
            speaker = intro
            continue
        if speaker is None:
            continue
        kind = classify(finder, para)
        if kind == "narration":
            flush()
            speaker = None
        else:
            run.append((para, kind == "first"))
    flush()
    return out


def _anchor(f: Found) -> int:
    return f.cue.start if f.cue is not None else f.content.start


def _personal(finder: QuoteFinder, f: Found) -> bool:
    return f.speaker is not None and f.speaker.text(finder.text).lower() in FIRST_SECOND_PERSON


def _tokens(finder: QuoteFinder, para: Span) -> list[Token]:
    tokens = finder.tree.tokens
    return [tokens[k] for k in finder.tree.within(para) if k not in finder.in_quotes]


def introduced_speaker(finder: QuoteFinder, para: Span) -> Span | None:
    """The last speaker a paragraph introduces without giving content.

    "X told Reuters.", "X, interviewed by Y, ...", "X, speaking to Y, ...".
    """
    found: Span | None = None
    for t in _tokens(finder, para):
        subject: Token | None = None
        if finder.is_speech_verb(t):
            subject = finder.subject(t)
        elif _interview(finder, t):
            subject = _interviewee(finder, t)
        if subject is not None and subject.text.lower() not in FIRST_SECOND_PERSON:
            found = finder.speaker_span(subject) or found
    return found


def _interview(finder: QuoteFinder, t: Token) -> bool:
    """A participle naming an interviewer or audience: "interviewed by Y", "speaking to Y"."""
    if t.lemma.lower() not in INTERVIEW_VERBS or t.tag not in ("VBN", "VBG"):
        return False
    if finder.tree.children(t.i, "agent"):
        return True
    return any(c.text.lower() in ("to", "with") for c in finder.tree.children(t.i, "prep"))


def _interviewee(finder: QuoteFinder, t: Token) -> Token | None:
    passive = finder.tree.children(t.i, "nsubjpass")
    if passive:
        return passive[0]
    head = finder.tree.head(t.i)
    if head is None:
        return None
    if t.dep == "acl" and head.pos in ("PROPN", "NOUN", "PRON"):
        return head
    if t.dep == "advcl":
        return finder.subject(head)
    return None


def classify(finder: QuoteFinder, para: Span) -> str:
    """A paragraph's voice: first (first/second-person words), narration (a named subject or a
    past-tense main verb in the third person) or neutral."""
    tokens = _tokens(finder, para)
    if any(t.text.lower() in FIRST_SECOND_PERSON and t.pos == "PRON" for t in tokens):
        return "first"
    for t in tokens:
        if t.dep in ("nsubj", "nsubjpass") and (t.pos == "PROPN" or t.ent_type in NAMED_LABELS):
            return "narration"
        if t.dep == "ROOT" and t.tag == "VBD":
            return "narration"
    return "neutral"
