"""Herald's data model: plain, frozen, typed records.

No spaCy (or any other library) type appears here. Every extracted thing points into the article's
cleaned text with a :class:`Span` of character offsets; text is derived from spans, never copied.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

#: Precision of a resolved date, coarsest last.
Precision = Literal["day", "part_of_month", "week", "month", "quarter", "season", "year", "decade"]
#: Where an event's date comes from.
DateSource = Literal["expression", "inherited", "publication"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into an article's cleaned text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text(self, source: str) -> str:
        """The text this span covers in ``source``."""
        return source[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


def normalise_text(text: str) -> str:
    """The normal form an article id is computed from: NFC, unified line ends, trimmed lines."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def article_id(text: str) -> str:
    """Content hash of the normalised raw text: the same article always gets the same id."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a source reader yields: one article's raw text plus whatever metadata came with it.

    ``key`` is a stable name for the input (path, path#line, url) used in messages and rejections.
    ``language`` is the ISO 639-1 code identified from the text, None when it could not be told.
    """

    key: str
    text: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    encoding: str | None = None
    format: str = "text"
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A line of page furniture the cleaner took out, kept for inspection.

    It is not in the cleaned text, so it is identified by its raw line number and text.
    """

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaner's result: main text and what it separated from it."""

    text: str
    title: str | None = None
    caption: Span | None = None
    related_titles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    repairs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """An article as Herald keeps it. ``text`` is the cleaned text all spans point into."""

    id: str
    raw: str
    text: str
    title: str | None = None
    published: date | None = None
    published_inferred: bool = False
    source: str | None = None
    url: str | None = None
    author: str | None = None
    language: str = "en"
    encoding: str | None = None
    caption: Span | None = None
    related_titles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    removed: tuple[Removed, ...] = ()
    key: str = ""


# --- language analysis (produced by herald.nlp, read by every later stage) -----------------------


@dataclass(frozen=True, slots=True)
class Token:
    """One token with its syntax, as plain data. ``head`` is a token index into the analysis."""

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    sent: int
    ent_type: str = ""
    morph: str = ""
    whitespace: bool = True

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its span and the token index range ``[first, last)``."""

    i: int
    span: Span
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A labelled span: a named entity (spaCy labels: PERSON, ORG, GPE, NORP, DATE ...) or other."""

    span: Span
    label: str
    first: int = -1
    last: int = -1


@dataclass(frozen=True, slots=True)
class Analysis:
    """Herald's own view of a parsed text: sentences, tokens and entity mentions."""

    text: str
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    entities: tuple[Mention, ...]
    noun_chunks: tuple[Mention, ...] = ()
    # Lookup tables built on first use (an analysis never changes): the children of each token
    # and the sentence starts. Without them every children() call scanned the sentence, which
    # made the later stages quadratic in sentence length.
    _kids: list[list[int]] = field(default_factory=list, init=False, compare=False, repr=False)
    _starts: list[int] = field(default_factory=list, init=False, compare=False, repr=False)

    def sentence_of(self, offset: int) -> Sentence | None:
        """The sentence containing a character offset."""
        if not self._starts and self.sentences:
            self._starts.extend(s.span.start for s in self.sentences)
        at = bisect.bisect_right(self._starts, offset) - 1
        if at >= 0 and offset < self.sentences[at].span.end:
            return self.sentences[at]
        return None

    def _children_index(self) -> list[list[int]]:
        if not self._kids and self.tokens:
            index: list[list[int]] = [[] for _ in self.tokens]
            for t in self.tokens:
                # Only within the sentence, as the parse gives it.
                if t.head != t.i and self.tokens[t.head].sent == t.sent:
                    index[t.head].append(t.i)
            self._kids.extend(index)
        return self._kids

    def children(self, i: int) -> list[Token]:
        """The syntactic children of token ``i`` in text order."""
        return [self.tokens[k] for k in self._children_index()[i]]

    def subtree(self, i: int) -> list[Token]:
        """Token ``i`` and everything it dominates, in text order."""
        index = self._children_index()
        inside = {i}
        stack = [i]
        while stack:
            for k in index[stack.pop()]:
                if k not in inside:
                    inside.add(k)
                    stack.append(k)
        return [self.tokens[k] for k in sorted(inside)]

    def ancestors(self, i: int) -> list[Token]:
        """The heads above token ``i``, nearest first."""
        out: list[Token] = []
        token = self.tokens[i]
        while token.head != token.i:
            token = self.tokens[token.head]
            out.append(token)
        return out


# --- what the extraction stages produce ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor of one article, with every mention that refers to it.

    ``country`` is ISO 3166-1 alpha-3 (or an IGO code such as ``UNO``); ``sector`` a PLOVER sector
    code (GOV, MIL, REB, JRN, BUS, CVL, IGO ...); ``kind``: person, organisation, state, office.
    ``code`` is the full CAMEO actor code when a dictionary gave one (``ISRMIL``, ``PSEREBHMS``).
    """

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    confidence: float = 1.0
    code: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One span of text that refers to an actor (a name, a title, a pronoun, a capital...)."""

    span: Span
    actor_id: str
    how: str = "name"


@dataclass(frozen=True, slots=True)
class Actors:
    """The actors stage's result for one article."""

    actors: tuple[Actor, ...] = ()
    mentions: tuple[ActorMention, ...] = ()

    def by_id(self, actor_id: str) -> Actor | None:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        return None

    def at(self, span: Span) -> ActorMention | None:
        """The actor mention overlapping ``span`` most, if any."""
        best: ActorMention | None = None
        best_overlap = 0
        for mention in self.mentions:
            overlap = min(mention.span.end, span.end) - max(mention.span.start, span.start)
            if overlap > best_overlap:
                best, best_overlap = mention, overlap
        return best


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor as it takes part in one event: the words used there and who they resolve to."""

    span: Span
    actor_id: str | None
    name: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Modality:
    """How the text asserts an event."""

    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    reported_by: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression and its value resolved against the publication date.

    ``value`` is a TIMEX3-style string (``2024-01-16``, ``2023-12``, ``2024-W03``, ``P2D``...);
    ``start``/``end`` the inclusive day range it denotes (None for durations and sets, or when
    there is no anchor to resolve a relative expression against).
    """

    span: Span
    kind: Literal["date", "time", "duration", "set"]
    value: str | None
    start: date | None
    end: date | None
    precision: Precision | None


@dataclass(frozen=True, slots=True)
class EventDate:
    """An event's date: a day range with its precision and where it came from."""

    start: date
    end: date
    precision: Precision
    source: DateSource
    expression: Span | None = None

    @property
    def day(self) -> date | None:
        """The single day, when the date is that precise."""
        return self.start if self.start == self.end else None


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved to GeoNames."""

    name: str
    geonameid: int | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str = "city"


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name in the text and the place it resolves to (None when unresolved)."""

    span: Span
    place: Place | None
    role: Literal["place", "government", "demonym"] = "place"


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with its evidence.

    ``trigger`` is the word(s) stating it, ``evidence`` the sentence; both span the cleaned text.
    """

    id: str
    article_id: str
    type: str
    cameo: str
    trigger: Span
    evidence: Span
    mode: str | None = None
    context: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    actors: tuple[Participant, ...] = ()
    recipients: tuple[Participant, ...] = ()
    date: EventDate | None = None
    location: Place | None = None
    modality: Modality = field(default_factory=Modality)
    confidence: float = 0.5
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed quotation: who (speaker), the speech verb or phrase (cue), what (content)."""

    id: str
    article_id: str
    content: Span
    speaker: Span | None = None
    speaker_actor: str | None = None
    cue: Span | None = None
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Rejection:
    """A recorded refusal: which input, which stage, which coded error."""

    key: str
    stage: str
    code: str
    message: str
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the pipeline produced for one article."""

    article: Article
    analysis: Analysis | None = None
    actors: Actors = field(default_factory=Actors)
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    toponyms: tuple[Toponym, ...] = ()
    quotes: tuple[Quote, ...] = ()
    rejections: tuple[Rejection, ...] = ()
