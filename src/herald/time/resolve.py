"""The time stage's three entry points, called by the pipeline in this order.

- :func:`resolve_times` reads the article (publication date) and the analysis; returns the
  article's time expressions, each resolved against the publication date.
- :func:`infer_published` reads those expressions; returns a publication date when the article
  has none and its text gives a safe one.
- :func:`date_events` reads the article, analysis, expressions and events; returns the events
  with ``date`` set from the expression governing their clause, the narrative time, or the
  publication date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from herald.model import (
    Analysis,
    Article,
    DateSource,
    Event,
    EventDate,
    Sentence,
    Span,
    TimeExpression,
)
from herald.time.extract import find_spans
from herald.time.normalize import Kind, Normalised, Reference, Tense, normalise
from herald.time.syntax import (
    clause_root,
    clause_tokens,
    governing_verb,
    span_head,
    tense,
)

_FULL_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


#: Words that put the date after them ahead of the writing, whatever the clause's tense: a
#: dividend "payable Dec. 7", a pact "effective June 1", notes "due Nov. 1", rights that
#: "expire Nov. 21" (the company "declared" or "said" it, in the past).
_FORWARD_BEFORE = re.compile(
    r"(?<!became )(?<!become )(?<!was )(?<!were )(?<!been )"  # "became effective Jan. 1": done
    r"\b(?:payable|effective|due|expires?|expiring|as[ \t]+soon[ \t]+as)[ \t]+"
    r"(?:on[ \t]+|as[ \t]+of[ \t]+)?$",
    re.IGNORECASE,
)


def tense_of(analysis: Analysis, span: Span) -> Tense:
    """The tense of the clause a span modifies ("unknown" without a verb above it)."""
    if _FORWARD_BEFORE.search(analysis.text, max(0, span.start - 30), span.start):
        return "future"
    verb = governing_verb(analysis, span)
    return tense(analysis, verb) if verb is not None else "unknown"


def resolve_times(article: Article, analysis: Analysis) -> tuple[TimeExpression, ...]:
    """Find time expressions and resolve them against ``article.published``.

    Reads: article.published, analysis (entities, tokens). Adds: one TimeExpression per
    expression, in text order. Relative expressions stay unresolved without a publication date.
    """
    if not analysis.text:
        return ()
    anchor = article.published
    # The narrative's reference time, for "that day" or "a year earlier". Without a publication
    # date nothing relative resolves, so neither do these (an inferred date must come from
    # dates written out in full).
    reference = Reference()

    def read(span: Span) -> Normalised | None:
        return normalise(
            span.text(analysis.text),
            anchor,
            tense_of(analysis, span),
            reference if anchor is not None else None,
        )

    times: list[TimeExpression] = []
    for span, label in find_spans(analysis, read):
        result = read(span)
        if result is not None and _bounded_year(analysis.text, span):
            result = Normalised("duration", "P1Y")
        if result is not None and anchor is not None:
            reference = reference.after(result)
        if result is None:
            # spaCy is sure it is a time but we cannot read it ("the same day", "2023-13-45").
            kind: Kind = "time" if label == "TIME" else "date"
            times.append(TimeExpression(span, kind, None, None, None, None))
            continue
        times.append(
            TimeExpression(
                span, result.kind, result.value, result.start, result.end, result.precision
            )
        )
    return tuple(times)


_YEAR_NOUN = re.compile(r"(?:[Tt]he[ \t]+)?(?:(?:fiscal|full|financial)[ \t]+)?year", re.IGNORECASE)
_ENDED_AFTER = re.compile(r"[ \t]+(?:that[ \t]+|which[ \t]+)?(?:ended|ending|ends)\b")


def _bounded_year(text: str, span: Span) -> bool:
    """ "the year ended March 31": a twelve-month period that is no calendar year, so TIMEX3 can
    only value its length."""
    return bool(
        _YEAR_NOUN.fullmatch(span.text(text)) and _ENDED_AFTER.match(text, span.end, span.end + 20)
    )


def infer_published(
    times: tuple[TimeExpression, ...], *, caption: Span | None = None
) -> date | None:
    """The latest fully specified date (day, month and year all written out) in the text.

    Meant for expressions resolved without a publication date, where only absolute expressions
    have a value; a relative one resolved against some anchor must not vouch for that anchor.
    Pass the article's ``caption`` span: a photo's date is usually older than the article and
    must not become its publication date.
    """
    days = [
        t.start
        for t in times
        if not (caption is not None and caption.overlaps(t.span))
        and t.kind in ("date", "time")
        and t.precision == "day"
        and t.start is not None
        and t.start == t.end
        and t.value is not None
        and _FULL_DAY.match(t.value)
    ]
    return max(days) if days else None


def _usable(t: TimeExpression) -> bool:
    """An expression that can date an event: a resolved date or time, not a duration or set."""
    return (
        t.kind in ("date", "time")
        and t.start is not None
        and t.end is not None
        and t.precision is not None
    )


def _from_expression(t: TimeExpression, source: DateSource = "expression") -> EventDate:
    assert t.start is not None and t.end is not None and t.precision is not None  # _usable
    return EventDate(t.start, t.end, t.precision, source, t.span)


def _in_caption(article: Article, span: Span) -> bool:
    return article.caption is not None and article.caption.overlaps(span)


def date_events(
    article: Article,
    analysis: Analysis,
    times: tuple[TimeExpression, ...],
    events: tuple[Event, ...],
) -> tuple[Event, ...]:
    """Give each event the date that governs its clause.

    Reads: article (published, caption), analysis (dependencies), times, events. Returns the
    events with ``date`` set, trying in turn:
    1. a time expression in the trigger's own clause (not in a nested clause without it);
    2. in a caption, the caption's own date;
    3. for a past-tense clause outside a caption, the latest day-precise expression of an
       earlier sentence (narrative time), unless it is after publication;
    4. the publication date; without one, no date.
    """
    usable = [t for t in times if _usable(t)]
    return tuple(replace(e, date=_date_event(article, analysis, usable, e)) for e in events)


def _date_event(
    article: Article, analysis: Analysis, times: list[TimeExpression], event: Event
) -> EventDate | None:
    published = article.published
    trigger = span_head(analysis, event.trigger) if analysis.tokens else None
    sentence: Sentence | None = None
    clause_tense: Tense = "unknown"
    if trigger is not None:
        sentence = analysis.sentences[trigger.sent]
        root = clause_root(analysis, trigger)
        clause_tense = tense(analysis, root)
        own = _clause_expression(analysis, times, root.i, trigger.i)
        if own is not None:
            return _from_expression(own)
    else:
        sentence = analysis.sentence_of(event.evidence.start)
    where = sentence.span if sentence is not None else event.evidence

    if _in_caption(article, where):
        # A caption dates its own photo; it neither borrows nor lends narrative time.
        caption = article.caption
        own_date = [t for t in times if caption is not None and caption.contains(t.span)]
        if own_date:
            return _from_expression(own_date[0])
    elif clause_tense == "past":
        earlier = [
            t
            for t in times
            if t.span.end <= where.start
            and t.precision == "day"
            and not _in_caption(article, t.span)
            and (published is None or t.end is None or t.end <= published)
        ]
        if earlier:
            return _from_expression(max(earlier, key=lambda t: t.span.start), "inherited")
    if published is None:
        return None
    return EventDate(published, published, "day", "publication")


def _clause_expression(
    analysis: Analysis, times: list[TimeExpression], root: int, trigger: int
) -> TimeExpression | None:
    """The expression in the trigger's clause nearest the trigger; for a verb coordinated with
    another ("attacked on Monday and withdrew"), the first verb's clause lends its expression."""
    for head in (root, analysis.tokens[root].head):
        if head != root and analysis.tokens[root].dep != "conj":
            break
        inside = clause_tokens(analysis, analysis.tokens[head], trigger)
        found: list[tuple[int, TimeExpression]] = []
        for t in times:
            h = span_head(analysis, t.span)
            if h is not None and h.i in inside:
                found.append((abs(h.i - trigger), t))
        if found:
            return min(found, key=lambda item: item[0])[1]
    return None
