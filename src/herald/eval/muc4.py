"""Score Herald on MUC-4 incidents: the date, country and type of each answer-key template.

Input: the MUC-3/4 distribution as an archive (``.tar``/``.tar.gz``, read in place), a folder
(recursive) or one file (gzipped or not). Message files hold messages, each opened by an ID line
("DEV-MUC3-0001 (NOSC)") and a dateline ("SAN SALVADOR, 3 JAN 90 (SOURCE) -- ..."); key files hold
slot templates ("0.  MESSAGE: ID ... 24. HUM TGT: TOTAL NUMBER"). When the input has a ``dev``
folder (the development set of the distribution) only that folder is read; otherwise every file.

Input handling, as for any article Herald reads:

- **Publication date**: the dateline's date ("3 JAN 90"), when the dateline states one. Without it
  ("NO DATE", or no year) the article has none and Herald infers one from the text, if it can.
- **Letter case**: the messages are all upper case, which Herald's language model cannot parse.
  An all-capitals text is re-cased before it is read: lower case, capitals at sentence starts,
  and proper case for the names Herald's own tables know (countries, demonyms, first-level
  divisions, cities, month and weekday names) when they are not ordinary English words.

Scoring, per key template (an incident; messages whose key says no incident are not scored):

- **Alignment**: each incident is aligned with one Herald event of the message: among the
  events whose type maps to the incident's type (else among all events of a mapped type), one
  that a time expression of its own clause dates, then the most confident, then the earliest.
  Types map through the rule table ``herald/eval/data/muc4_types.tsv``.
- ``incident_type_accuracy``: the aligned event has the key's type (some event of the message
  maps to it); over all incidents.
- ``date_accuracy``: the aligned event's date range (without an event, the publication date:
  Herald's date for anything undated) lies inside the key's date. Key forms (MUC-4 template
  documentation, 7.3): "DD MMM YY" is that day; "A - B" the days from A to B; "- B" "on or
  before B", the default fill for an undated incident and for a weekday, taken as the week up to
  B; alternatives separated by "/" each count. Over incidents whose key gives a date.
- ``location_country_accuracy``: the aligned event's location country, else the article's main
  country (the one its places, governments and demonyms name most), is the key's country (the
  part of INCIDENT: LOCATION before the first ":"; alternatives count). Over incidents whose key
  names a known country.
"""

from __future__ import annotations

import functools
import re
import tarfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from herald.errors import InputError
from herald.eval.common import (
    EventRule,
    check_limit,
    read_text,
    rule_rows,
    sample,
    share,
    summary,
    table,
    top_event,
)
from herald.model import Event, RawArticle, Result

#: Keys of the headline metrics, in report order.
KEYS = ("n", "date_accuracy", "location_country_accuracy", "incident_type_accuracy")
MAP_COLUMNS = ("type", "mode", "cameo", "label")
#: "- B" (on or before B) is read as the week up to B: the form the keys use for a weekday.
ON_OR_BEFORE = timedelta(days=7)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_MESSAGE_ID = re.compile(r"^(?P<id>[A-Z0-9]+-MUC\d-\d{4})\b.*$", re.MULTILINE)
_DATELINE = re.compile(
    r"\s*(?P<place>[^\n,]{1,60}?),\s*(?P<date>[^\n(]{0,30}?)\s*(?:\([^)\n]*\)\s*)?--"
)
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})\s+(?P<m>[A-Z]{3,9})\.?(?:\s+(?P<y>\d{2}|\d{4}))?")
_MONTH_FIRST = re.compile(r"(?P<m>[A-Z]{3,9})\.?\s+(?P<d>\d{1,2}),?(?:\s+(?P<y>\d{2}|\d{4}))?")
_SLOT = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<name>[A-Z]+:\s[A-Z ]+?)(?:\s{2,}(?P<value>\S.*))?$")
_FIRST_KEY = re.compile(r"^0\.\s+MESSAGE: ID", re.MULTILINE)
_KEY_DATE = re.compile(r"(?P<d>\d{1,2})\s+(?P<m>[A-Z]{3})\s+(?P<y>\d{2})")

DateSpan = tuple[date | None, date]  # (None, B) is "on or before B"


@dataclass(frozen=True, slots=True)
class Incident:
    """One key template: its date alternatives, country alternatives (ISO3) and types."""

    dates: tuple[DateSpan, ...]
    countries: frozenset[str]
    types: frozenset[str]


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    text: str
    published: date | None
    incidents: tuple[Incident, ...]


#: The type table's rows.
Rule = EventRule


# --- loading -------------------------------------------------------------------------------------


def load_muc4(path: Path) -> list[Message]:
    """Messages with their key incidents, in ID order (archive, folder or file)."""
    files = list(_sources(path))
    dev = [(name, text) for name, text in files if "dev" in PurePosixPath(name).parts]
    texts: dict[str, tuple[str, date | None]] = {}
    keys: dict[str, list[Incident]] = {}
    for _, text in dev or files:
        # A file holds messages, keys, or messages followed by their keys.
        first_key = _FIRST_KEY.search(text)
        cut = first_key.start() if first_key else len(text)
        for message_id, body in split_messages(text[:cut]):
            texts[message_id] = (body, dateline_date(body))
        for message_id, incident in parse_keys(text[cut:]):
            incidents = keys.setdefault(message_id, [])
            if incident is not None:
                incidents.append(incident)
    return [
        Message(message_id, body, published, tuple(keys.get(message_id, ())))
        for message_id, (body, published) in sorted(texts.items())
        if message_id in keys
    ]


def _sources(path: Path) -> Iterator[tuple[str, str]]:
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if not file.name.startswith("."):
                yield file.relative_to(path).as_posix(), read_text(file)
        return
    if not path.is_file():
        raise InputError("E101", path=str(path))
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as archive:
            for member in archive:
                name = PurePosixPath(member.name)
                if not member.isfile() or name.name.startswith(".") or name.suffix == ".Z":
                    continue
                handle = archive.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read().decode("utf-8", errors="replace")
        return
    yield path.name, read_text(path)


def split_messages(text: str) -> Iterator[tuple[str, str]]:
    """(message ID, body) for each message of a message file."""
    starts = list(_MESSAGE_ID.finditer(text))
    ends = [m.start() for m in starts[1:]] + [len(text)] if starts else []
    for here, end in zip(starts, ends, strict=True):
        yield here.group("id"), text[here.end() : end].strip("\n")


def dateline_date(body: str) -> date | None:
    """The date of a message's dateline ("SAN SALVADOR, 3 JAN 90 -- "); None without a year."""
    m = _DATELINE.match(body)
    if m is None:
        return None
    raw = m.group("date").strip().upper()
    found = _DAY_FIRST.fullmatch(raw) or _MONTH_FIRST.fullmatch(raw)
    if found is None or not found.group("y") or found.group("m")[:3] not in _MONTHS:
        return None
    year = int(found.group("y"))
    year += 1900 if year < 100 else 0
    try:
        return date(year, _MONTHS[found.group("m")[:3]], int(found.group("d")))
    except ValueError:
        return None


def parse_keys(text: str) -> Iterator[tuple[str, Incident | None]]:
    """(message ID, incident) per template of a key file; None for "no relevant incident"."""
    for block in re.split(r"\n(?=0\.\s+MESSAGE: ID)", text):
        slots = _slots(block)
        message = slots.get(0, "").split()
        if not message:
            continue
        if slots.get(1, "*").startswith("*"):
            yield message[0], None
            continue
        types = frozenset(t for t in _alternatives(slots.get(4, "")) if t not in ("*", "-"))
        yield (
            message[0],
            Incident(key_dates(slots.get(2, "")), key_countries(slots.get(3, "")), types),
        )


def _slots(block: str) -> dict[int, str]:
    """Slot number -> its value, continuation lines joined by a space."""
    slots: dict[int, str] = {}
    current: int | None = None
    for line in block.splitlines():
        if line.startswith(";"):
            continue  # annotators' comments
        m = _SLOT.match(line)
        if m:
            current = int(m.group("n"))
            slots[current] = (m.group("value") or "").strip()
        elif current is not None and line.strip():
            slots[current] = f"{slots[current]} {line.strip()}".strip()
    return slots


def _alternatives(value: str) -> list[str]:
    """The "/"-separated alternatives of a fill, without their parentheses."""
    out = []
    for part in re.split(r"\s+/\s+", value.strip()):
        part = part.strip()
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1]
        out.append(part.strip())
    return [p for p in out if p]


def key_dates(value: str) -> tuple[DateSpan, ...]:
    """The date alternatives of an INCIDENT: DATE fill; empty when the key gives none."""
    spans: list[DateSpan] = []
    for alt in _alternatives(value):
        days = [_key_day(m) for m in _KEY_DATE.finditer(alt)]
        if not days or any(d is None for d in days):
            continue
        first, last = days[0], days[-1]
        assert first is not None and last is not None
        spans.append((None, first) if alt.startswith("-") else (first, last))
    return tuple(spans)


def _key_day(m: re.Match[str]) -> date | None:
    month = _MONTHS.get(m.group("m"))
    if month is None:
        return None
    try:
        return date(1900 + int(m.group("y")), month, int(m.group("d")))
    except ValueError:
        return None


def key_countries(value: str) -> frozenset[str]:
    """ISO3 codes of the countries an INCIDENT: LOCATION fill names (unknown names dropped)."""
    from herald.actors.lexicon import country_of

    found = set()
    for alt in _alternatives(value):
        name = alt.split(":")[0].strip(" ?()-")
        entry = country_of(name.lower()) if name else None
        if entry is not None:
            found.add(entry.iso3)
    return frozenset(found)


# --- re-casing all-capitals text -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Ordinary English words Herald's own lexicons know: trigger lemmas, role nouns, the words
    of time expressions. A name that is also one of these stays lower case."""
    from herald.actors.lexicon import agents
    from herald.time.normalize import NUMBER_WORDS, PARTS_OF_DAY, UNITS

    triggers = resources.files("herald.events").joinpath("data", "triggers.tsv").read_text("utf-8")
    words = {
        line.split("\t")[0]
        for line in triggers.splitlines()
        if line.strip() and not line.startswith("#")
    }
    for phrase in agents():
        words.update(phrase.split())
    words.update(NUMBER_WORDS, PARTS_OF_DAY, UNITS)
    words.update(_FUNCTION_WORDS.split())
    return frozenset(w.lower() for w in words)


_FUNCTION_WORDS = """a an the and or but if of in on at to for from by with without about as into
onto over under after before during since until between among against through this that these
those it its he she they we you i his her their our your him them us me who whom which what when
where why how all any some no not nor so than then there here also only very more most less
same other another such each every both either neither one may can will would should could must
shall be is are was were been being have has had do does did said says say new old good bad
high low long great little own right left next last first second third part place case point
group number world area state home work life way day man men woman women people city town
province department region national general central public party army police front union"""


@functools.lru_cache(maxsize=1)
def _proper_names() -> dict[str, str]:
    """Lower-case name (one to four words) -> its written form, from Herald's place tables."""
    from herald.geo.gazetteer import load_gazetteer
    from herald.time.normalize import MONTHS, WEEKDAYS

    gaz = load_gazetteer()
    names: dict[str, str] = {}
    for key in (*gaz.country_by_name, *gaz.demonym, *gaz.admin1):
        names.setdefault(key, key.title())
    for city in gaz.cities:
        # Small towns named like ordinary words ("Union", "Police") would make names of them.
        if city.population >= 15000 or " " in city.name:
            names.setdefault(city.name.lower(), city.name)
    common = _common_words()
    names = {k: v for k, v in names.items() if " " in k or k not in common}
    # Month and weekday names are written capitalised even when they are words ("march").
    for word in (*MONTHS, *WEEKDAYS):
        if len(word) > 3:
            names[word] = word.capitalize()
    return names


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*\n\s*|--\s*(?:\[[^\]]*\]\s*)*)(?P<c>[a-z])")


def truecase(text: str) -> str:
    """An all-capitals text in ordinary case (the same length); other texts unchanged."""
    if any(c.islower() for c in text):
        return text
    chars = list(text.lower())
    names = _proper_names()
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        for size in (4, 3, 2, 1):
            group = words[i : i + size]
            if len(group) < size:
                continue
            start, end = group[0].start(), group[-1].end()
            phrase = " ".join(w.group().lower() for w in group)
            written = names.get(phrase)
            if written is not None and len(written) == end - start:
                chars[start:end] = written
                i += size
                break
        else:
            i += 1
    cased = "".join(chars)
    return _SENTENCE_START.sub(lambda m: m.group()[:-1] + m.group("c").upper(), cased)


# --- incident types ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def type_rules() -> tuple[Rule, ...]:
    """The rule table ``muc4_types.tsv``, in order."""
    rules = []
    for cells in rule_rows("muc4_types.tsv", MAP_COLUMNS):
        kind, mode, cameo, label = (cell.strip() for cell in cells)
        rules.append(Rule(kind, mode, cameo, label))
    return tuple(rules)


def incident_type(event: Event) -> str | None:
    """The MUC-4 incident type of an event by the first matching rule, None if none matches."""
    return next((rule.label for rule in type_rules() if rule.matches(event)), None)


# --- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prediction:
    """What Herald says about one key incident."""

    type: str | None
    start: date | None
    end: date | None
    country: str | None


def main_country(result: Result) -> str | None:
    """The country the article names most, as a place, a government or a demonym (the first
    named on a tie)."""
    countries = [
        t.place.country for t in result.toponyms if t.place is not None and t.place.country
    ]
    if not countries:
        return None
    counts = Counter(countries)
    return max(countries, key=lambda c: (counts[c], -countries.index(c)))


def _best(events: Iterable[Event]) -> Event | None:
    """The event the article says most about: one its own clause dates, then the most confident
    (news leads with the main event: ties go to the earliest)."""
    candidates = list(events)
    dated = [e for e in candidates if e.date is not None and e.date.source == "expression"]
    return top_event(dated or candidates)


def predict(result: Result, incident: Incident) -> Prediction:
    """Align the incident with an event of the article (see the module notes) and read it."""
    typed = [(e, label) for e in result.events if (label := incident_type(e)) is not None]
    same = _best(e for e, label in typed if label in incident.types)
    event = same or _best(e for e, _ in typed)
    label = next((lab for e, lab in typed if e is event), None)
    published = result.article.published
    start, end = published, published
    if event is not None and event.date is not None:
        start, end = event.date.start, event.date.end
    country = event.location.country if event and event.location else None
    return Prediction(label, start, end, country or main_country(result))


def date_correct(prediction: Prediction, spans: Sequence[DateSpan]) -> bool:
    """The predicted range lies inside one of the key's date alternatives."""
    if prediction.start is None or prediction.end is None:
        return False
    for low, high in spans:
        floor = low if low is not None else high - ON_OR_BEFORE
        if floor <= prediction.start and prediction.end <= high:
            return True
    return False


def _run(messages: Sequence[Message]) -> Iterator[Result]:
    """The whole pipeline over the messages, re-cased, with their dateline dates."""
    from herald.config import settings
    from herald.nlp import load_analyzer
    from herald.pipeline import run

    analyzer = load_analyzer(settings().model)
    inputs = (RawArticle(key=m.id, text=truecase(m.text), published=m.published) for m in messages)
    return run(inputs, analyzer=analyzer, batch_size=32)


def evaluate_muc4(path: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over the messages with incidents; returns (metrics, readable report)."""
    check_limit(limit)
    messages = sample([m for m in load_muc4(path) if m.incidents], limit)
    dated = typed = placed = 0
    hits = Counter[str]()
    rows: list[tuple[str, str, str, str]] = []
    for message, result in zip(messages, _run(messages), strict=True):
        for incident in message.incidents:
            prediction = predict(result, incident)
            typed += 1
            hits["type"] += prediction.type in incident.types
            if incident.dates:
                dated += 1
                hits["date"] += date_correct(prediction, incident.dates)
            if incident.countries:
                placed += 1
                hits["country"] += prediction.country in incident.countries
            rows.append(_row(message.id, incident, prediction))
    metrics: dict[str, Any] = {
        "n": typed,
        "date_accuracy": round(share(hits["date"], dated), 4),
        "location_country_accuracy": round(share(hits["country"], placed), 4),
        "incident_type_accuracy": round(share(hits["type"], typed), 4),
        "messages": len(messages),
        "dated": dated,
        "placed": placed,
    }
    report = table(["message", "key type", "herald type", "date (herald)"], rows[:25])
    return metrics, summary(metrics, (*KEYS, "messages", "dated", "placed")) + "\n\n" + report


def _row(message_id: str, incident: Incident, p: Prediction) -> tuple[str, str, str, str]:
    when = f"{p.start}..{p.end}" if p.start != p.end else str(p.start)
    return message_id, "/".join(sorted(incident.types)), str(p.type), when
