"""Analysts' actor dictionaries: CSV tables and PETRARCH/TABARI ``.actors`` and ``.agents`` files.

Three formats, detected by extension or content (``.gz`` is read transparently):

* CSV with the header ``pattern,country,sector,valid_from,valid_to`` (dates optional, ISO; an
  optional ``kind`` column says ``actor`` or ``agent``). The code is country + sector; a row with
  a sector and no country is an agent (a role noun such as "rebels") unless ``kind`` says otherwise.
* ``.actors``: ``NAME_WITH_UNDERSCORES [CODE]`` heads, ``+SYNONYM`` lines sharing the head's codes,
  and code lines ``[CODE]``, ``[CODE <YYMMDD]``, ``[CODE >YYMMDD]``, ``[CODE YYMMDD-YYMMDD]`` (also
  YYYYMMDD; two-digit years 00-30 are 20YY, as KEDS/TABARI read them). The first restriction that
  covers the date wins; an unrestricted code is the default. ``---`` is the null code: the name is
  known but codes no actor.
* ``.agents``: role nouns ``WORD [~GOV]`` whose code goes after the actor's (``NGO~``: before),
  regular plurals generated automatically (``{PLURAL}`` gives irregular ones, ``{}`` none), and
  substitution sets ``!PERSON! = MAN, MEN`` expanded wherever ``!PERSON!`` occurs.

Comments are ``#`` to the end of a line and ``<!-- ... -->`` (possibly over several lines).
Matching is on whole words, case-insensitively; underscores and blanks both separate words and the
words must be consecutive. Words are split into atoms at hyphens and apostrophes so that a name
matches however the tokenizer split it; a trailing period is ignored ("Inc" = "Inc.").
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pycountry

from herald.actors.lexicon import _AGENT_TO_SECTOR, current_code
from herald.errors import ConfigError

MatchKind = Literal["actor", "agent"]

#: The null code: a known name that codes no actor.
NULL_CODE = "---"

#: CAMEO sector and agent codes: never country codes, whatever a dictionary's heads say.
CAMEO_SECTORS = frozenset(
    {
        "AGR",
        "BUS",
        "COP",
        "CRM",
        "CVL",
        "DEV",
        "EDU",
        "ELI",
        "ENV",
        "GOV",
        "HLH",
        "HRI",
        "IGO",
        "IMG",
        "INS",
        "JUD",
        "LAB",
        "LEG",
        "MED",
        "MIL",
        "MNC",
        "MOD",
        "NGM",
        "NGO",
        "OPP",
        "PTY",
        "RAD",
        "REB",
        "REF",
        "REL",
        "SET",
        "SPY",
        "UAF",
        "CHR",
        "JEW",
        "MUS",
        "BUD",
        "HIN",
        "SHI",
        "SUN",
        "CTH",
        "ORT",
        "PRO",
    }
)
#: Codes that open an international actor's code (IGOUNO, NGOARN): a sector, then the body.
_INTERNATIONAL = frozenset(["IGO", "NGO", "NGM", "IMG", "MNC"])

_CODE = re.compile(r"^[A-Za-z\-+#~/][A-Za-z0-9\-+#~/]*$")
_RESTRICTION = re.compile(
    r"^(?P<code>[^\s<>\d][^\s<>]*)?\s*"
    r"(?:(?P<op>[<>]?)\s*(?P<date>\d+)|(?P<lo>\d+)\s*-\s*(?P<hi>\d+))?$"
)
_ATOM = re.compile(r"\w+(?:\.\w+)*\.?|[^\w\s]")
_SUBSTITUTION = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
_CSV_COLUMNS = ("pattern", "country", "sector")


def atoms(text: str) -> list[str]:
    """The comparison units of a word or phrase: lower case, split at hyphens and apostrophes."""
    out = []
    for atom in _ATOM.findall(text.replace("_", " ").casefold()):
        out.append(atom[:-1] if len(atom) > 1 and atom.endswith(".") else atom)
    return out


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """Words ``[start, end)`` of a token sequence that a dictionary entry names.

    ``code`` is the CAMEO code (an agent's without its ``~``); ``prefix`` marks an agent code that
    goes before the actor's (``NGO~``) rather than after it.
    """

    start: int
    end: int
    code: str
    kind: MatchKind
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class _Dated:
    """One code line: a code valid from ``start`` to ``end`` inclusive (None: unbounded)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One name (head or synonym) and the code lines of its block, in file order."""

    words: tuple[str, ...]
    kind: MatchKind
    codes: tuple[_Dated, ...]
    prefix: bool = False

    def code(self, when: date | None) -> str | None:
        """The code in force on ``when``: of the restrictions covering it, the one that began
        last (dictionaries overlap a career's spans: ELI 1955-2000 and GOV from 1999 means GOV
        in 2000), else the default.

        Without a date, the default; failing that the most recent restriction (open-ended last).
        """
        default = next((c.code for c in self.codes if not c.restricted), None)
        if when is not None:
            covering = [d for d in self.codes if d.restricted and d.covers(when)]
            if covering:
                return max(covering, key=lambda d: d.start or date.min).code
            return default
        if default is not None:
            return default
        if not self.codes:
            return None
        latest = max(self.codes, key=lambda c: c.end or date.max)
        return latest.code


class ActorDictionary:
    """Actor names and agent nouns with their CAMEO codes, matched over token sequences.

    Immutable once built: :meth:`merge` returns a new dictionary, so the lookup tables derived
    on first use never go stale.
    """

    def __init__(self, entries: Sequence[_Entry] = (), sources: Sequence[str] = ()) -> None:
        self.entries: tuple[_Entry, ...] = tuple(entries)
        self.sources: tuple[str, ...] = tuple(sources)

    def __repr__(self) -> str:
        return f"ActorDictionary({len(self.entries)} entries from {list(self.sources)})"

    # -- loading ---------------------------------------------------------------------------------

    @classmethod
    def from_files(cls, *paths: str | Path) -> ActorDictionary:
        """Load and merge dictionaries; the format comes from the extension or the content.

        Unreadable or malformed files raise :class:`ConfigError` E701.
        """
        merged = cls()
        for path in paths:
            merged = merged.merge(cls._load(Path(path)))
        return merged

    @classmethod
    def _load(cls, path: Path) -> ActorDictionary:
        text = _read(path)
        fmt = _detect(path, text)
        parsed = _Parser(path)
        if fmt == "csv":
            entries = parsed.csv(text)
        elif fmt == "agents":
            entries = parsed.agents(text)
        else:
            entries = parsed.actors(text)
        if not entries:
            raise _error(path, "no dictionary entries found")
        return cls(entries, [str(path)])

    def merge(self, other: ActorDictionary) -> ActorDictionary:
        """A new dictionary with both sets of entries (on equal matches, ``other``'s come later)."""
        return ActorDictionary([*self.entries, *other.entries], [*self.sources, *other.sources])

    def __len__(self) -> int:
        return len(self.entries)

    # -- countries -------------------------------------------------------------------------------

    @cached_property
    def countries(self) -> frozenset[str]:
        """Three-letter codes this dictionary uses as country codes: those heading an actor entry
        on their own ("ARNOR [ARN]"), minus any code the agents or CAMEO use for a sector."""
        sectors = set(CAMEO_SECTORS)
        for entry in self.entries:
            if entry.kind == "agent":
                for dated in entry.codes:
                    body = dated.code.replace("~", "")
                    sectors.update(body[i : i + 3] for i in range(0, len(body), 3))
        return frozenset(
            code
            for entry in self.entries
            if entry.kind == "actor"
            for dated in entry.codes
            for code in dated.code.split("/")  # THE_SHIRE [FRO/BIL/SAM]: three actors
            if len(code) == 3 and code.isalpha() and code not in sectors
        )

    def split_code(self, code: str) -> tuple[str | None, str | None]:
        """:func:`split_code`, counting this dictionary's own country codes."""
        return split_code(code, self.countries)

    # -- matching --------------------------------------------------------------------------------

    @cached_property
    def _by_first_word(self) -> dict[str, list[_Entry]]:
        index: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            index.setdefault(entry.words[0], []).append(entry)
        return index

    def match(self, words: Sequence[str], when: date | None = None) -> list[ActorMatch]:
        """Leftmost-longest, non-overlapping matches of the dictionary over token texts.

        On a tie in length an actor beats an agent, and a later-loaded entry beats an earlier one.
        A name whose dated codes do not cover ``when`` takes its default code; with none, it
        still takes its words but yields no match. A null code (``---``) is returned as such.
        """
        flat: list[str] = []
        owner: list[int] = []  # token index of each atom
        starts: dict[int, int] = {}  # token index -> its first atom
        for i, word in enumerate(words):
            parts = atoms(word)
            if parts:
                starts[i] = len(flat)
            flat.extend(parts)
            owner.extend([i] * len(parts))
        index = self._by_first_word
        found: list[ActorMatch] = []
        i = 0
        while i < len(words):
            at = starts.get(i)
            if at is None:  # a token with no letters or signs (white space)
                i += 1
                continue
            best: _Entry | None = None
            best_rank = (0, False)
            for entry in index.get(flat[at], []):
                end = at + len(entry.words)
                if tuple(flat[at:end]) != entry.words:
                    continue
                if end < len(flat) and owner[end] == owner[end - 1]:
                    continue  # would end inside a token
                rank = (len(entry.words), entry.kind == "actor")
                if rank >= best_rank:
                    best, best_rank = entry, rank
            if best is None:
                i += 1
                continue
            last = owner[at + len(best.words) - 1]
            code = best.code(when)
            if code is not None:
                found.append(ActorMatch(i, last + 1, code, best.kind, best.prefix))
            i = last + 1
        return found


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    """Herald's knowledge base, loaded once: people (leaders with date-valid codes) and
    organisations of the Phoenix dictionaries (MIT, compiled by scripts/build_actor_tables.py),
    then Herald's own additions since 2014 (recent.actors.txt), which win ties."""
    data = resources.files("herald.actors").joinpath("data")
    with (
        resources.as_file(data.joinpath("phoenix.actors.txt")) as phoenix,
        resources.as_file(data.joinpath("recent.actors.txt")) as recent,
    ):
        return ActorDictionary.from_files(phoenix, recent)


def join_codes(actor: str | None, agent: ActorMatch | str, prefix: bool = False) -> str:
    """Combine an actor code with an agent code: ARN + MIL = ARNMIL, ARN + NGO~ = NGOARN.

    Three-letter groups the actor code already has are not repeated (ITHMIL + MIL = ITHMIL); an
    agent with no actor gets the null country (---GOV).
    """
    if isinstance(agent, ActorMatch):
        prefix = agent.prefix
    code = agent.code if isinstance(agent, ActorMatch) else agent
    base = actor if actor and actor != NULL_CODE else ""
    have = {base[i : i + 3] for i in range(0, len(base), 3)}
    extra = "".join(code[i : i + 3] for i in range(0, len(code), 3) if code[i : i + 3] not in have)
    if prefix:
        # An office of no country ("---GOV") keeps no null marker behind a prefix: NGOGOV.
        return extra + base.removeprefix(NULL_CODE)
    return base + extra if base else NULL_CODE + extra


@lru_cache(maxsize=1)
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes."""
    return frozenset(str(c.alpha_3) for c in pycountry.countries)


def _sector(group: str) -> str | None:
    if len(group) < 3 or not group.isalpha():
        return None
    return _AGENT_TO_SECTOR.get(group, group)


def split_code(code: str, countries: Iterable[str] = ()) -> tuple[str | None, str | None]:
    """(country or IGO body, PLOVER sector) of a CAMEO actor code.

    The first three letters are the country when they are an ISO3 code or one of ``countries``
    (a dictionary's own codes); the next three the sector, CAMEO agent codes mapped to PLOVER
    sectors (MED -> JRN, HLH -> MED ...). International codes put the sector first: IGOUNO ->
    (UNO, IGO), NGOARN -> (ARN, NGO). ``---GOV`` has no country.
    """
    code = current_code(code.upper().split("/")[0])
    own = countries if isinstance(countries, (set, frozenset)) else set(countries)
    head, rest = code[:3], code[3:6]

    def known(group: str) -> bool:
        return group in iso_countries() or group in own

    if known(head) and head not in CAMEO_SECTORS:
        return head, _sector(rest)
    if head == "IMG":
        # International militarised groups (IMGREB: Islamic State, al-Qaeda) have no single
        # country: IMG stands in the country field, as IGO bodies do, with the group's sector.
        return "IMG", _sector(rest) or "REB"
    if head in _INTERNATIONAL:
        # The body is the first group that is not a sector: IGOCOPITP -> ITP (Interpol).
        groups = [code[i : i + 3] for i in range(3, len(code), 3)]
        body = next(
            (g for g in groups if known(g) or (len(g) == 3 and g not in CAMEO_SECTORS)), None
        )
        return body, _sector(head)
    if head == NULL_CODE or not head.isalpha():
        return None, _sector(rest)
    if head not in CAMEO_SECTORS and rest in CAMEO_SECTORS:
        # A region before the sector (MEAREB: a Middle East rebel group, AFRIGO): no country.
        return None, _sector(rest)
    return None, _sector(head)


# --- reading --------------------------------------------------------------------------------------


def _error(path: Path, detail: str) -> ConfigError:
    return ConfigError("E701", name="dictionary", value=str(path), detail=detail)


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise _error(path, f"cannot read it ({exc})") from exc
    if b"\x00" in raw:
        raise _error(path, "binary content, not a dictionary")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # The published dictionaries are "flat ASCII" with the odd Latin-1 name.
        return raw.decode("latin-1")


def _detect(path: Path, text: str) -> Literal["csv", "actors", "agents"]:
    name = path.name.lower().removesuffix(".gz")
    first = next((line.strip().lower() for line in text.splitlines() if line.strip()), "")
    if name.endswith(".csv") or first.startswith("pattern,"):
        return "csv"
    if "agent" in name:
        return "agents"
    if "actor" in name:
        return "actors"
    # No telling name: agent codes carry a "~", actor codes never do.
    codes = re.findall(r"\[([^\]]*)\]", text)
    return "agents" if codes and sum("~" in c for c in codes) > len(codes) / 2 else "actors"


def _parse_date(text: str, path: Path, line: int) -> date:
    """YYMMDD (00-30 -> 20YY) or YYYYMMDD; a 7-digit YYMMDD typo keeps its first six digits."""
    try:
        if len(text) <= 7:
            year = int(text[:2])
            return date(year + (2000 if year <= 30 else 1900), int(text[2:4]), int(text[4:6]))
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError as exc:
        raise _error(path, f"line {line}: bad date {text!r}") from exc


def _strip_comments(text: str) -> list[tuple[int, str]]:
    """(line number, content) with ``#`` and ``<!-- -->`` comments removed, blank lines dropped."""
    out: list[tuple[int, str]] = []
    in_comment = False
    for number, line in enumerate(text.splitlines(), start=1):
        kept = ""
        rest = line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    rest, in_comment = rest[end + 3 :], False
            else:
                # "<! --" occurs in the wild as a mistyped comment opener.
                found = re.search(r"<!\s*--", rest)
                if found is None:
                    kept, rest = kept + rest, ""
                else:
                    kept, rest, in_comment = kept + rest[: found.start()], rest[found.end() :], True
        kept = kept.split("#", 1)[0].rstrip()
        if kept.strip():
            out.append((number, kept))
    return out


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: int, detail: str) -> ConfigError:
        return _error(self.path, f"line {line}: {detail}")

    def phrase(self, text: str, line: int) -> tuple[str, ...]:
        words = tuple(atoms(text))
        if not words:
            raise self.fail(line, f"empty name {text.strip()!r}")
        return words

    def codes(self, text: str, line: int) -> list[_Dated]:
        """Every ``[...]`` group of a line. A missing ``]`` at the end of a line is forgiven
        (the published agents file has ``[~ENV}``)."""
        out: list[_Dated] = []
        for group in re.findall(r"\[([^\]]*)(?:\]|$)", text):
            body = group.strip().rstrip("}").strip()
            found = _RESTRICTION.match(body)
            if not body or found is None or not found.group("code"):
                raise self.fail(line, f"bad code [{group}]")
            code = found.group("code").upper()
            if not _CODE.match(code):
                raise self.fail(line, f"bad code {code!r}")
            start = end = None
            if found.group("op") == "<":
                end = _parse_date(found.group("date"), self.path, line)
            elif found.group("date"):
                # ">" or, as the published country file sometimes writes it, a bare date.
                start = _parse_date(found.group("date"), self.path, line)
            elif found.group("lo"):
                start = _parse_date(found.group("lo"), self.path, line)
                end = _parse_date(found.group("hi"), self.path, line)
            out.append(_Dated(code, start, end))
        return out

    # -- .actors ---------------------------------------------------------------------------------

    def actors(self, text: str) -> list[_Entry]:
        entries: list[_Entry] = []
        names: list[tuple[str, ...]] = []
        codes: list[_Dated] = []

        def close() -> None:
            entries.extend(_Entry(words, "actor", tuple(codes)) for words in names)

        for number, line in _strip_comments(text):
            stripped = line.strip()
            name, _, tail = stripped.partition("[")
            tail = "[" + tail if tail else ""
            if stripped.startswith("["):
                if not names:
                    raise self.fail(number, "a code line before any name")
                codes.extend(self.codes(stripped, number))
            elif stripped.startswith("+"):
                if not names:
                    raise self.fail(number, "a synonym before any name")
                names.append(self.phrase(name[1:], number))
                codes.extend(self.codes(tail, number))
            else:
                close()
                names, codes = [self.phrase(name, number)], self.codes(tail, number)
        close()
        return entries

    # -- .agents ---------------------------------------------------------------------------------

    def agents(self, text: str) -> list[_Entry]:
        lines = _strip_comments(text)
        sets: dict[str, list[str]] = {}
        for number, line in lines:
            found = _SUBSTITUTION.match(line.strip())
            if found:
                items = [item.strip() for item in found.group(2).split(",") if item.strip()]
                if not items:
                    raise self.fail(number, f"empty substitution set {found.group(1)}")
                sets[found.group(1).upper()] = items
        entries: list[_Entry] = []
        for number, line in lines:
            stripped = line.strip()
            if _SUBSTITUTION.match(stripped):
                continue
            head, bracket, tail = stripped.partition("[")
            if not bracket:
                continue  # a role noun with no code (the published file has one) codes nothing
            codes = self.codes("[" + tail, number)
            plural_text: str | None = None
            if "{" in head:
                head, _, plural = head.partition("{")
                if "}" not in plural:
                    raise self.fail(number, "unclosed {")
                plural_text = plural.split("}", 1)[0].strip()
            for dated in codes:
                if "~" not in dated.code:
                    raise self.fail(number, f"agent code {dated.code!r} needs a ~")
            for form in self.agent_forms(head.strip(), plural_text, sets, number):
                for dated in codes:
                    prefix = dated.code.endswith("~")
                    code = dated.code.replace("~", "")
                    entries.append(_Entry(form, "agent", (_Dated(code),), prefix))
        return entries

    def agent_forms(
        self, head: str, plural: str | None, sets: dict[str, list[str]], line: int
    ) -> list[tuple[str, ...]]:
        markers = re.findall(r"![A-Za-z0-9_]+!", head)
        if markers:
            # Substitutions list every form themselves: no plurals are added.
            forms = [head]
            for marker in markers:
                if marker.upper() not in sets:
                    raise self.fail(line, f"undefined substitution set {marker}")
                forms = [f.replace(marker, item) for f in forms for item in sets[marker.upper()]]
            return [self.phrase(f, line) for f in forms]
        singular = self.phrase(head, line)
        out = [singular]
        if plural is None:
            out.append((*singular[:-1], _plural(singular[-1])))
        elif plural:
            out.append(self.phrase(plural, line))
        return out

    # -- CSV -------------------------------------------------------------------------------------

    def csv(self, text: str) -> list[_Entry]:
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in _CSV_COLUMNS if c not in header]
        if missing:
            raise self.fail(1, f"CSV header lacks {', '.join(missing)}")
        reader.fieldnames = header
        entries: list[_Entry] = []
        for number, row in enumerate(reader, start=2):
            values = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}
            if not any(values.values()):
                continue
            country, sector = values["country"].upper(), values["sector"].upper()
            if not (country or sector):
                raise self.fail(number, "a row needs a country or a sector")
            code = country + sector
            if not _CODE.match(code):
                raise self.fail(number, f"bad code {code!r}")
            kind = values.get("kind", "").lower() or ("actor" if country else "agent")
            if kind not in ("actor", "agent"):
                raise self.fail(number, f"kind must be actor or agent, not {kind!r}")
            try:
                start = (
                    date.fromisoformat(values["valid_from"]) if values.get("valid_from") else None
                )
                end = date.fromisoformat(values["valid_to"]) if values.get("valid_to") else None
            except ValueError as exc:
                raise self.fail(number, f"bad date ({exc})") from exc
            words = self.phrase(values["pattern"], number)
            entries.append(
                _Entry(words, "actor" if kind == "actor" else "agent", (_Dated(code, start, end),))
            )
        return _merge_rows(entries)


def _merge_rows(entries: list[_Entry]) -> list[_Entry]:
    """One entry per pattern and kind, its rows' codes in file order (several validity periods)."""
    merged: dict[tuple[tuple[str, ...], str], list[_Dated]] = {}
    for entry in entries:
        merged.setdefault((entry.words, entry.kind), []).extend(entry.codes)
    return [
        _Entry(words, "actor" if kind == "actor" else "agent", tuple(codes))
        for (words, kind), codes in merged.items()
    ]


def _plural(word: str) -> str:
    """The regular plural PETRARCH generates: +S, Y -> IES, SS -> ES."""
    if word.endswith("ss"):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"
