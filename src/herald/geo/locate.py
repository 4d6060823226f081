"""Stage 6b, geo: give each event the place where it happened.

Reads: analysis (dependency parse), toponyms, events. Adds: ``Event.location`` (new records).

A place in the event's sentence is its location only when the syntax says so:

1. a locative preposition (in, at, near, outside, inside ...) whose phrase attaches to the trigger,
   or to a word of the trigger's own clause ("demonstrate with flags in Niamey");
2. for movement and visits, the destination: the object of "visit", "to X", "in X";
3. among several, the nearest attachment first, then the most specific place ("Tehran, Iran" is
   Tehran), then for a visit the place that is also the event's recipient, then the closest.

Anything else (a place in another clause, the country of a speaker, a government named by its
capital) leaves the location empty rather than guessing.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from herald.model import Analysis, Article, Event, Span, Token, Toponym

_LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "inside", "within", "across", "throughout", "around", "on",
     "off", "along", "over"}
)  # fmt: skip
# Prepositions that name where a movement ends.
_DESTINATION = frozenset({"to", "into", "in", "at"})
_MOVEMENT_LEMMAS = frozenset(
    {"visit", "go", "travel", "arrive", "arrival", "expect", "tour", "trip", "fly", "journey"}
)
# Actions whose direct object is the place acted on ("captured Qabasin", "entered Kabul").
_PLACE_OBJECT_LEMMAS = frozenset(
    {"capture", "seize", "enter", "invade", "occupy", "storm", "shell", "bomb", "raid", "attack",
     "overrun", "besiege", "liberate", "recapture", "retake", "evacuate", "control", "strike"}
)  # fmt: skip
# Links inside a noun phrase: the place's phrase attaches where its head noun attaches.
_NP_LINKS = frozenset({"compound", "appos", "conj", "nmod", "poss", "amod", "npadvmod", "flat"})
# Clause heads: climbing past one of these leaves the trigger's clause.
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_SPECIFICITY = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}
_Placed = tuple[Toponym, Token]
# Guards against malformed parses (cycles, absurd depth): a real NP or clause path is short.
_MAX_CLIMB = 12


class _Tokens:
    """Offset -> token lookup for one analysis."""

    def __init__(self, analysis: Analysis) -> None:
        self.tokens = analysis.tokens
        self.starts = [t.start for t in analysis.tokens]

    def covering(self, span: Span) -> list[Token]:
        first = max(0, bisect.bisect_right(self.starts, span.start) - 1)
        out: list[Token] = []
        for token in self.tokens[first:]:
            if token.start >= span.end:
                break
            if token.end > span.start:
                out.append(token)
        return out

    def head_of(self, span: Span) -> Token | None:
        """The token of a span whose syntactic head lies outside it (the span's root)."""
        inside = self.covering(span)
        indices = {t.i for t in inside}
        for token in inside:
            if token.head not in indices or token.head == token.i:
                return token
        return inside[0] if inside else None


def _phrase_attachment(tokens: Sequence[Token], place: Token) -> tuple[Token, Token | None]:
    """Climb from a place name to the word its phrase hangs on; return (phrase head, preposition).

    "in the Niger capital Niamey": Niamey -> capital, pobj of "in". "the city of Niamey" counts as
    the city. The preposition is None when the phrase is not a prepositional object.
    """
    token = place
    for _ in range(_MAX_CLIMB):
        if token.head == token.i:
            break
        head = tokens[token.head]
        if token.dep in _NP_LINKS:
            token = head
            continue
        if token.dep == "pobj" and head.text.lower() == "of" and head.head != head.i:
            token = tokens[head.head]
            continue
        if token.dep == "pobj" and head.dep in {"prep", "agent", "dative"}:
            return token, head
        break
    return token, None


def _clause_distance(tokens: Sequence[Token], start: Token, trigger: set[int]) -> int | None:
    """Steps from ``start`` up to the trigger without leaving its clause; None if it is elsewhere.

    A noun trigger ("talks") owns the clause of the verb that governs it ("held talks in Doha").
    """
    token = start
    for steps in range(_MAX_CLIMB):
        if token.i in trigger:
            return steps
        if token.pos in _CLAUSE_POS:
            # A verb that governs a noun trigger heads the trigger's clause too.
            if any(tokens[i].head == token.i and tokens[i].pos not in _CLAUSE_POS for i in trigger):
                return steps + 1
            # A place after the last of coordinated verbs covers them all ("shot and killed in
            # Moscow"); one inside the first does not carry over ("attacked X in Baghdad and fled").
            if token.dep == "conj" and token.head in trigger:
                return steps + 1
            return None
        if token.head == token.i:
            return None
        token = tokens[token.head]
    return None


def _is_movement(mode: str | None, trigger_tokens: Sequence[Token]) -> bool:
    if mode == "visit":
        return True
    return any(t.lemma.lower() in _MOVEMENT_LEMMAS for t in trigger_tokens)


def _takes_place_object(trigger_tokens: Sequence[Token]) -> bool:
    return any(t.lemma.lower() in _PLACE_OBJECT_LEMMAS for t in trigger_tokens)


def _rank(
    tokens: Sequence[Token],
    place_head: Token,
    trigger: set[int],
    movement: bool,
    place_object: bool = False,
) -> int | None:
    """How directly a place attaches to the trigger (0 best); None when it is not the location."""
    phrase, prep = _phrase_attachment(tokens, place_head)
    if prep is None:
        # Without a preposition only the object of a visit or of an action on a place is a
        # location: "visited Niamey", "captured Qabasin".
        if (movement or place_object) and phrase.dep == "dobj" and phrase.head in trigger:
            return 0
        return None
    word = prep.text.lower()
    if not (word in _LOCATIVE or (movement and word in _DESTINATION)):
        return None
    if prep.head == prep.i:
        return None
    distance = _clause_distance(tokens, tokens[prep.head], trigger)
    if distance is None:
        return None
    return min(distance, 2)


def _usable(
    lookup: _Tokens, toponyms: Sequence[Toponym], resolved_only: bool = True
) -> list[_Placed]:
    usable: list[_Placed] = []
    for toponym in toponyms:
        # A demonym ("Russian flags") describes, it does not locate.
        if (resolved_only and toponym.place is None) or toponym.role == "demonym":
            continue
        head = lookup.head_of(toponym.span)
        if head is not None:
            usable.append((toponym, head))
    return usable


def _location(
    analysis: Analysis,
    lookup: _Tokens,
    toponyms: Sequence[_Placed],
    trigger_span: Span,
    mode: str | None = None,
    recipients: Sequence[Span] = (),
) -> Toponym | None:
    trigger_tokens = lookup.covering(trigger_span)
    if not trigger_tokens:
        return None
    trigger = {t.i for t in trigger_tokens}
    sentence = trigger_tokens[0].sent
    movement = _is_movement(mode, trigger_tokens)
    place_object = _takes_place_object(trigger_tokens)
    anchor = trigger_tokens[0].i
    best: tuple[tuple[int, int, int, int], Toponym] | None = None
    for toponym, head in toponyms:
        if head.sent != sentence:
            continue
        rank = _rank(analysis.tokens, head, trigger, movement, place_object)
        if rank is None:
            continue
        is_recipient = any(r.overlaps(toponym.span) for r in recipients)
        feature = toponym.place.feature if toponym.place is not None else ""
        key = (
            rank,
            _SPECIFICITY.get(feature, 5),
            0 if is_recipient else 1,
            abs(head.i - anchor),
        )
        if best is None or key < best[0]:
            best = (key, toponym)
    return best[1] if best else None


def location_of(
    analysis: Analysis,
    toponyms: Sequence[Toponym],
    trigger: Span,
    *,
    mode: str | None = None,
    recipients: Sequence[Span] = (),
    resolved_only: bool = True,
) -> Toponym | None:
    """The toponym where the action of the word(s) at ``trigger`` happened, or None.

    The choice :func:`locate_events` makes for each event, for a bare trigger span. With
    ``resolved_only=False`` names the gazetteer does not know may be chosen too, which measures
    the choice apart from gazetteer coverage.
    """
    if not toponyms or not analysis.tokens:
        return None
    lookup = _Tokens(analysis)
    usable = _usable(lookup, toponyms, resolved_only)
    return _location(analysis, lookup, usable, trigger, mode, recipients)


def locate_events(
    article: Article,
    analysis: Analysis,
    toponyms: tuple[Toponym, ...],
    events: tuple[Event, ...],
) -> tuple[Event, ...]:
    """Give each event the place where it happened; events without one keep ``location=None``."""
    if not events or not toponyms or not analysis.tokens:
        return events
    lookup = _Tokens(analysis)
    usable = _usable(lookup, toponyms)
    if not usable:
        return events
    located: list[Event] = []
    for event in events:
        recipients = [p.span for p in event.recipients]
        found = _location(analysis, lookup, usable, event.trigger, event.mode, recipients)
        located.append(replace(event, location=found.place) if found else event)
    return tuple(located)
