"""Find time expression spans: spaCy's DATE/TIME entities, completed by our own patterns.

spaCy's spans are a good start but cut in the wrong places for us ("August 11" without its
", 2023"; "Thursday" and "evening" as two entities) and include ages ("45 years old"). We add
pattern matches, merge what overlaps, join neighbours that read as one expression, shrink spans
that took a neighbour along ("lower than a year ago"), and drop ages.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from herald.model import Analysis, Span
from herald.time.normalize import MONTHS, WEEKDAYS, Normalised, is_age
from herald.time.syntax import tokens_in

_CAP_MONTH = "|".join(
    sorted(
        {m.capitalize() for m in MONTHS} - {"May", "Mar"},  # "may"/"mar": too often not months
        key=len,
        reverse=True,
    )
)
_CAP_MONTH_ALL = "|".join(sorted({m.capitalize() for m in MONTHS}, key=len, reverse=True))
_CAP_WEEKDAY = "|".join(sorted({w.capitalize() for w in WEEKDAYS if len(w) > 3}, key=len))
_NUM = (
    r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
)
_COUNT = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several)"
_ORD = r"(?:st|nd|rd|th)?"
# Horizontal whitespace only: a time expression never runs over a line break.
_S = r"[ \t]+"

#: Patterns for what spaCy misses or truncates. Month and weekday names must be capitalised:
#: "march" and "may" are verbs far more often than months.
_PATTERNS = re.compile(
    "|".join(
        [
            # (Tuesday,) January 16(, 2024) / (Tuesday) 16 January (2024)
            rf"\b(?:(?:{_CAP_WEEKDAY}),?{_S})?(?:(?:{_CAP_MONTH_ALL})\.?{_S}\d{{1,2}}{_ORD}"
            rf"|\d{{1,2}}{_ORD}{_S}(?:of{_S})?(?:{_CAP_MONTH_ALL})\.?)(?:,?{_S}\d{{4}})?\b",
            rf"\b(?:{_CAP_MONTH}),?{_S}\d{{4}}\b",
            rf"\b(?:[Ee]arly|[Mm]id|[Ll]ate)[ \t-](?:{_CAP_MONTH}|\d{{4}})\b",
            rf"\b(?:{_CAP_WEEKDAY})(?:{_S}(?:morning|afternoon|evening|night))?\b",
            r"\b\d{4}-\d{2}-\d{2}\b",
            r"\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this)[ \t]+"
            r"(?:week|weekend|month|year)\b",
            r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Ll]ast night)\b",
            # The periods of earnings reports, which TimeML marks: "the latest period".
            r"\b[Tt]he[ \t]+(?:latest|year-earlier|year-ago|comparable|prior-year)[ \t]+"
            r"(?:period|quarter)\b",
            # Sets: "every day", "each Thursday", "each July".
            rf"\b(?:[Ee]very|[Ee]ach)[ \t]+(?:other[ \t]+)?(?:{_CAP_WEEKDAY}|{_CAP_MONTH}|day|week"
            r"|month|year|night|morning|afternoon|evening|weekend|quarter|hour)\b",
            # Frequency adverbs ("rallies held almost daily"); adjectives are dropped below.
            r"\b(?:daily|weekly|monthly|nightly|hourly|annually|yearly)\b",
            # TIMEX3 marks these deictic words too (PRESENT_REF, PAST_REF, FUTURE_REF).
            r"\b(?:[Nn]ow|[Cc]urrently|[Cc]urrent|[Rr]ecently|[Rr]ecent|[Tt]he (?:past|future))\b",
            rf"\b{_NUM}{_S}(?:days?|weeks?|months?|years?){_S}ago\b",
            # Counted durations spaCy misses ("two more weeks"); "a year" is too often a rate.
            rf"\b{_COUNT}{_S}(?:more{_S})?(?:days?|weeks?|months?|years?|decades?)\b",
            r"\b(?:in|In|since|Since|until|by|during)[ \t]+(?P<year>1[89]\d\d|20\d\d)\b",
            r"\b(?:the[ \t]+)?(?:1[89]|20)\d0s\b",
        ]
    )
)
#: What may separate two pieces of one expression: "Thursday evening", "Tuesday, 10 a.m.".
_JOIN_GAP = re.compile(r"[ \t]*,?[ \t]*(?:(?:at|on|in the|of)[ \t]+)?")
_TRIM_LEFT = " \t\n,;:-([\"'"
_TRIM_RIGHT = " \t\n,;:-)]\"'."


def _trim(text: str, span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and text[start] in _TRIM_LEFT:
        start += 1
    while end > start and text[end - 1] in _TRIM_RIGHT:
        # Keep the dot of "a.m."/"p.m.": a clock time ends there.
        if text[end - 1] == "." and re.search(r"[ap]\.m\.$", text[start:end].lower()):
            break
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    # spaCy sometimes stops inside a coordination ("April 24 and" of "April 24 and 25"): an
    # expression never ends in a conjunction.
    dangling = _DANGLING.search(text, start, end)
    if dangling is not None and dangling.start() > start:
        return _trim(text, Span(start, dangling.start()))
    return Span(start, end) if end > start else None


_DANGLING = re.compile(r"[ \t,]+(?:and|or|to|through|until|till)$")


def _split_lines(text: str, span: Span) -> list[Span]:
    """Scraped text runs captions into credits; never let an expression cross a line."""
    out: list[Span] = []
    offset = span.start
    for part in text[span.start : span.end].split("\n"):
        trimmed = _trim(text, Span(offset, offset + len(part)))
        if trimmed is not None:
            out.append(trimmed)
        offset += len(part) + 1
    return out


_AGE_BEFORE = re.compile(r"\b(?:aged?|age of|ages of)[ \t]*$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^[ \t-]*(?:years?|months?)?[ \t-]*old\b", re.IGNORECASE)


def _age_context(text: str, span: Span) -> bool:
    """spaCy may tag only the number of "aged 45" or "45-year-old"; its neighbours tell."""
    before = text[max(0, span.start - 12) : span.start]
    after = text[span.end : span.end + 16]
    return bool(_AGE_BEFORE.search(before) or _AGE_AFTER.match(after))


#: "the quarter ended Sept. 30": a period and the date that bounds it, two expressions in TimeML.
_ENDED = re.compile(r"[ \t]+(?:ended|ending|that ended|which ended)[ \t]+")


def _split_ended(text: str, span: Span, label: str) -> list[tuple[Span, str]]:
    m = _ENDED.search(span.text(text))
    if m is None:
        return [(span, label)]
    first = Span(span.start, span.start + m.start())
    second = Span(span.start + m.end(), span.end)
    return [(first, label), (second, label)]


#: "between 1982 and 1992", "Aug. 26 to Oct. 20", "today through Nov. 17": two expressions.
_RANGE = re.compile(
    r"(?:(?:between|from|both)[ \t]+)?(?P<a>.+?),?[ \t]+(?:to|and|through|until|till)[ \t]+"
    r"(?P<b>.+)"
)


def _split_range(
    text: str, readable: Callable[[Span], Normalised | None], span: Span, label: str
) -> list[tuple[Span, str]]:
    """A range becomes its two ends when each end reads as a time on its own. When only the
    first does ("April 24 and 25"), the first is kept alone: the rest is no expression."""
    m = _RANGE.fullmatch(span.text(text))
    whole = readable(span) if m is not None else None
    if m is None or (whole is not None and whole.value is not None):
        return [(span, label)]
    first = Span(span.start + m.start("a"), span.start + m.end("a"))
    second = Span(span.start + m.start("b"), span.start + m.end("b"))
    first_reading, second_reading = readable(first), readable(second)
    if first_reading is None or first_reading.value is None:
        return [(span, label)]
    if second_reading is None:
        return [(first, label)] if m.group("b").strip().isdigit() else [(span, label)]
    return [(first, label), (second, label)]


def find_spans(
    analysis: Analysis, readable: Callable[[Span], Normalised | None]
) -> list[tuple[Span, str]]:
    """Time expression spans with their spaCy label ("DATE", "TIME", or "" for our patterns).

    ``readable`` normalises a candidate span; it decides which neighbours join into one
    expression and which pattern-only matches are kept.
    """
    text = analysis.text
    labelled: list[tuple[Span, str]] = []
    for entity in analysis.entities:
        if entity.label in ("DATE", "TIME"):
            labelled.extend((s, entity.label) for s in _split_lines(text, entity.span))
    for m in _PATTERNS.finditer(text):
        start = m.start("year") if m.group("year") else m.start()
        labelled.append((Span(start, m.end()), ""))
    labelled.sort(key=lambda item: (item[0].start, -item[0].end))

    # 1. Overlapping candidates become their union; spaCy's label wins over ours.
    merged: list[tuple[Span, str]] = []
    for span, label in labelled:
        if merged and merged[-1][0].end > span.start:
            last, last_label = merged[-1]
            union = Span(last.start, max(last.end, span.end))
            if union != last and "\n" in text[union.start : union.end]:
                continue
            merged[-1] = (union, last_label or label)
        else:
            merged.append((span, label))

    # 2. Neighbours that read as one expression join: "Thursday" + "evening".
    joined: list[tuple[Span, str]] = []
    pieces = [
        piece
        for item in merged
        for ended in _split_ended(text, *item)
        for piece in _split_range(text, readable, *ended)
    ]
    for span, label in pieces:
        if joined:
            last, last_label = joined[-1]
            gap = text[last.end : span.start]
            if _JOIN_GAP.fullmatch(gap) and len(gap) <= 8:
                union = Span(last.start, span.end)
                combined = readable(union)
                if combined is not None and (
                    combined.value is not None or combined.precision is not None
                ):
                    joined[-1] = (union, last_label or label)
                    continue
        joined.append((span, label))

    # 3. Ages are not times; an unreadable span shrinks to the expression inside it, if any
    #    ("lower than a year ago"); pattern-only matches must read as a time to be kept; a bare
    #    number is a count, whatever spaCy says; a frequency adjective before a noun ("a
    #    quarterly dividend", "the annual meeting") names a kind of thing, not a time.
    out: list[tuple[Span, str]] = []
    for span, label in joined:
        if is_age(span.text(text)) or _age_context(text, span):
            continue
        reading = readable(span)
        if reading is None:
            part = _readable_part(text, span, readable)
            if part is not None:
                span, reading = part
        if reading is None and (not label or span.text(text).isdigit()):
            continue
        if reading is not None and reading.kind == "set" and _modifies_noun(analysis, span):
            continue
        out.append((span, label))
    return out


_WORD = re.compile(r"\S+")
_UNIT_WORDS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?"
    r"|years?|decades?|centur(?:y|ies))"
)
#: Words that would have modified a time expression right after them: when one of them sits just
#: before a readable part, the whole span was one expression we cannot read, not two things.
_MODIFIERS_BEFORE = frozenset(
    re.findall(
        r"\w+",
        "this that these those past last next coming previous following about almost around "
        "nearly approximately roughly some over under early late mid every each later earlier to "
        "through until till before after since of and or half",
    )
)
#: Words that would have continued a time expression right after a readable part.
_CONTINUATIONS_AFTER = re.compile(
    rf"(?:ago|later|earlier|before|after|or|and|to|through|hence|back|from|of|"
    rf"{_UNIT_WORDS}|morning|afternoon|evening|nights?|"
    rf"\d[\d,./]*(?:st|nd|rd|th)?|(?:{'|'.join(MONTHS)}|{'|'.join(WEEKDAYS)})\.?|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\S*)",
    re.IGNORECASE,
)
_FUNCTION_START = frozenset(
    re.findall(
        r"\w+", "of in on at for to and or by from with than as before after since until during"
    )
)
#: A unit noun alone ("years", "the fiscal year") left over from a longer phrase says nothing.
_BARE_UNIT = re.compile(rf"(?:(?:the|of|fiscal)\s+)*{_UNIT_WORDS}", re.IGNORECASE)


def _readable_part(
    text: str, span: Span, readable: Callable[[Span], Normalised | None]
) -> tuple[Span, Normalised] | None:
    """The longest run of whole words inside an unreadable span that reads as a time by itself.

    spaCy's entities often take a neighbour along ("lower than a year ago", "an Aug. 10, 1988",
    "the past 20 months alone"); the expression inside still has a value. A run is refused when
    the words around it would have modified or continued it ("about 5 1/2 hours" is not
    "hours", "a week or so ago" not "a week"): then the whole span was one expression we cannot
    read. A specific reading is required (no bare unit, no PAST_REF, no unknown day), and one
    resolved against the anchor beats one that leans on the narrative's reference ("the day
    Friday" is Friday); then length decides, then the earlier run.
    """
    words = [
        Span(span.start + m.start(), span.start + m.end()) for m in _WORD.finditer(span.text(text))
    ]
    best: tuple[tuple[bool, int, int], Span, Normalised] | None = None
    for i in range(len(words)):
        if i > 0 and words[i - 1].text(text).lower().strip(",;:") in _MODIFIERS_BEFORE:
            continue
        if words[i].text(text).lower() in _FUNCTION_START:
            continue
        for j in range(i, len(words)):
            if i == 0 and j == len(words) - 1:
                continue  # the whole span: already unreadable
            after = words[j + 1].text(text).strip(",;:.'\"") if j + 1 < len(words) else ""
            if after and _CONTINUATIONS_AFTER.fullmatch(after):
                continue
            part = _trim(text, Span(words[i].start, words[j].end))
            if part is None or _BARE_UNIT.fullmatch(part.text(text)):
                continue
            if part.text(text).isdigit() and len(part.text(text)) != 4:
                continue  # a bare count is no time; a bare year is
            reading = readable(part)
            value = reading.value if reading is not None else None
            if reading is None or value is None or value.endswith("_REF"):
                continue
            if value.startswith("XXXX"):
                continue
            key = (not reading.anaphoric, part.end - part.start, -part.start)
            if best is None or key > best[0]:
                best = (key, part, reading)
    return (best[1], best[2]) if best is not None else None


def _modifies_noun(analysis: Analysis, span: Span) -> bool:
    tokens = tokens_in(analysis, span)
    return len(tokens) == 1 and tokens[0].dep == "amod"
