"""The quotes stage. Reads: article text, analysis, actors. Adds: attributed quotations.

Three sources of quotations, each attributed to a speaker span and a cue span:

1. direct quotations found by their quote marks (:mod:`herald.quotes.marks`), attributed to the
   reporting verb that governs them or sits in the same sentence ("said", "according to");
2. indirect speech: a reporting verb with a complement clause ("X explained that ..."), a verb of
   speech or stance with its complements ("X endorsed Y", "X called on Y to ..."), "according
   to X, ...", "in a poll ..., ..." and a headline's "X: ..." — the clause is the content;
3. speech continuation: first-person paragraphs without quote marks right after a paragraph
   that introduced a speaker (:mod:`herald.quotes.continuation`).

Spans follow attribution corpora (PolNeAR): the source is the whole noun phrase (or the relative
pronoun of a relative clause), the cue the verb with its auxiliaries, and "that" opens the content.
"""

from __future__ import annotations

import hashlib

from herald.model import Actors, Analysis, Article, Quote, Span
from herald.quotes.continuation import continue_speech
from herald.quotes.finder import QuoteFinder


def quote_id(article_id: str, content: Span) -> str:
    """Stable id: the same article and content span always give the same id."""
    key = f"{article_id}:{content.start}:{content.end}"
    return "q" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def extract_quotes(article: Article, analysis: Analysis, actors: Actors) -> tuple[Quote, ...]:
    """Find the article's quotations and attribute them; never raises on odd text.

    Spans point into ``article.text``. ``speaker_actor`` is the actor the actors stage resolved
    for the speaker span, if any.
    """
    text = article.text
    if not text.strip():
        return ()
    # A mismatched analysis cannot be trusted for offsets: scan marks only.
    usable = analysis if analysis.text == text else Analysis(text, (), (), ())
    finder = QuoteFinder(text, usable)
    found = continue_speech(finder, finder.find())
    quotes: dict[Span, Quote] = {}
    for f in sorted(found, key=lambda f: (f.content.start, f.content.end)):
        if f.content in quotes or f.content.start >= f.content.end:
            continue
        # The name inside a long speaker phrase finds the actor; a relative clause might not.
        lookup = f.name or f.speaker
        mention = actors.at(lookup) if lookup is not None else None
        quotes[f.content] = Quote(
            id=quote_id(article.id, f.content),
            article_id=article.id,
            content=f.content,
            speaker=f.speaker,
            speaker_actor=mention.actor_id if mention is not None else None,
            cue=f.cue,
            direct=f.direct,
        )
    return tuple(quotes.values())
