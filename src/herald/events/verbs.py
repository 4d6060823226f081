"""CAMEO verb-pattern dictionaries in the PETRARCH/TABARI format, matched against parsed sentences.

A dictionary has synonym sets (``&NAME`` followed by ``+WORD`` lines) and verb blocks: a header
``--- NAME [code] ---``, verb lines (``VERB {IRREGULAR FORMS} [code]``, multi-word verbs such as
``+ASK_FOR`` where ``+`` marks the verb word) and pattern lines (``- words * words [code]``).

Pattern syntax: ``*`` is the verb; words before it must occur, in order, before the verb in its
sentence, words after it in order in the verb's clause (its dependency subtree to the right, minus
coordinated and adverbial clauses), with other words allowed in between. ``_`` glues two elements
together (no words between), ``{A B}`` is a contiguous phrase, ``(PREP X)`` a preposition with X in
its object phrase, ``&SET`` any phrase of a synonym set, ``$``/``+``/``%`` bind the noun phrase at
that position as source/target/both, ``^`` (skip a phrase) needs nothing here since gaps are free.

Codes are returned as written (``042``, ``0233``). A compound code ``[A:B]`` codes A from source to
target and B from target to source; a match reports A. When the best reading codes no event
(``[---]``) or only the reverse one (``[:173]``, "appeared before the court"), there is no match:
``VerbMatch`` has no field for a reversed direction, and coding it forwards would swap the roles.

Words match a token's lemma or lower-cased text; synonym-set phrases ending in ``_`` (or every
phrase of a set whose label ends in ``_``) match the text only, and other synonym-set phrases also
match their regular plural, as PETRARCH generates it.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from herald.errors import ConfigError
from herald.model import Analysis

#: The compiled Phoenix dictionary in the package (written by scripts/build_verb_table.py).
DEFAULT_TABLE = "cameo_verbs.txt"

#: Parts of speech that can head the phrase a ``$``/``+``/``%`` marker binds.
NOMINAL = frozenset(["NOUN", "PROPN", "PRON"])
#: Dependents that sit inside the noun phrase their (right-hand) head heads.
NP_INNER = frozenset(["compound", "amod", "nmod", "poss", "nummod", "det", "case", "flat"])
#: Verb dependents whose subtrees are separate clauses: their words do not count as the verb's.
CLAUSE_CUT = frozenset(["conj", "parataxis", "advcl", "cc"])
#: Dependency labels a ``(PREP ...)`` head may carry besides part of speech ADP/SCONJ.
PREP_DEPS = frozenset(["prep", "agent", "dative", "prt"])
#: How a later word of a multi-word verb may attach when it is not next to the verb (ASK ... FOR,
#: WAGE ... WAR); a "cc" or "conj" must be adjacent (ARREST_AND), else any coordination would do.
VERB_PARTS = frozenset(["prt", "prep", "agent", "dative", "dobj", "advmod", "acomp", "oprd"])
#: Preferred attachment of a marker next to the verb or a preposition, by side.
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
OBJECT_DEPS = ("dobj", "pobj", "dative", "attr", "oprd", "pcomp")

_VOWELS = frozenset("AEIOU")
_CODE = re.compile(r"\[([^\]]*)\]")
_HEADER = re.compile(r"^---\s*(?P<name>[^\[\]]*?)\s*(?P<codes>(?:\[[^\]]*\]\s*)*)[\s-]*$")
_VERB_LINE = re.compile(
    r"^(?P<words>[^{}\[\]]+?)\s*(?:\{(?P<forms>[^{}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$"
)
_LEX = re.compile(r"\s+|_|[{}()*$+%^]|&[A-Za-z0-9_]+|[^\s_{}()*$+%^&\[\]]+|.")
_WORD = re.compile(r"['A-Z0-9][A-Z0-9'./,!?-]*|[-./]")
_XML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_COMMENT = re.compile(r"[#;]")
_SPACES = re.compile(r"[\s_]+")
_LIST = re.compile(r"[\s,]+")
_HYPHEN = re.compile(r"(-)")


@dataclass(frozen=True, slots=True)
class VerbMatch:
    """The dictionary's reading of one verb token in its sentence.

    ``code`` is the pattern's code, else the verb's, else the block's (the source-to-target half of
    a compound code). ``score`` counts the tokens the pattern's words matched (0 for a bare verb);
    ``tokens`` are the verb's and the pattern words' tokens, ``source``/``target`` the heads of the
    phrases the pattern's ``$``/``+`` (``%``: both) markers bound.
    """

    code: str
    verb: str
    pattern: str | None
    score: int
    source: int | None
    target: int | None
    tokens: tuple[int, ...]


# --- compiled dictionary ------------------------------------------------------------------------

#: A contiguous word sequence (lower case) and whether it must match the surface text only.
Alternative = tuple[tuple[str, ...], bool]


@dataclass(frozen=True, slots=True, eq=False)
class _Unit:
    """One dictionary word or synonym set: alternative contiguous word sequences.

    ``index`` maps a first word to the alternatives starting with it, so a large set (&WEAPON has
    150 phrases) costs one lookup per token, not one comparison per phrase.
    """

    alts: tuple[Alternative, ...]
    first: frozenset[str]
    index: dict[str, tuple[Alternative, ...]]


@dataclass(frozen=True, slots=True)
class _Words:
    units: tuple[_Unit, ...]
    glue: bool


@dataclass(frozen=True, slots=True)
class _Prep:
    head: _Unit
    inner: tuple[_Element, ...]
    glue: bool


@dataclass(frozen=True, slots=True)
class _Marker:
    kind: str
    glue: bool


_Element = _Words | _Prep | _Marker


@dataclass(frozen=True, slots=True)
class _Pattern:
    text: str
    code: str
    order: int
    before: tuple[_Element, ...]
    after: tuple[_Element, ...]
    before_glued: bool
    need: tuple[frozenset[str], ...]


@dataclass(frozen=True, slots=True, eq=False)
class _Block:
    """A verb block. ``trigger`` maps a word to the patterns that cannot match without it (each
    pattern is filed under its most selective word element); ``always`` lists the others."""

    name: str
    code: str
    patterns: tuple[_Pattern, ...]
    trigger: dict[str, tuple[int, ...]]
    always: tuple[int, ...]


def _block(name: str, code: str, patterns: tuple[_Pattern, ...]) -> _Block:
    trigger: dict[str, list[int]] = {}
    always: list[int] = []
    for n, pattern in enumerate(patterns):
        if not pattern.need:
            always.append(n)
            continue
        for word in min(pattern.need, key=len):
            trigger.setdefault(word, []).append(n)
    return _Block(name, code, patterns, {k: tuple(v) for k, v in trigger.items()}, tuple(always))


@dataclass(frozen=True, slots=True)
class _Verb:
    name: str
    code: str | None
    block: int
    order: int


@dataclass(frozen=True, slots=True)
class _Form:
    """A verb form: its words, which one is the verb token, and how the others attach."""

    words: tuple[str, ...]
    anchor: int
    glued: bool
    verb: _Verb

    @property
    def length(self) -> int:
        """Dictionary words: a hyphenated word split by the tokenizer still counts once."""
        return 1 if self.glued else len(self.words)


@dataclass(slots=True)
class _Context:
    """Per-analysis lookups, built once and shared by every verb of the article."""

    analysis: Analysis
    text: list[str]
    lemma: list[str]
    children: list[list[int]]
    sentence_words: dict[int, frozenset[str]]


@dataclass(frozen=True, slots=True)
class _Hit:
    """One way a pattern element sequence matched: where it ended and what it bound."""

    pos: int
    last: int | None
    used: tuple[int, ...]
    source: int | None
    target: int | None


def _event_code(raw: str) -> str | None:
    """The source-to-target code of a raw dictionary code; None for no event."""
    code = raw.split(":", 1)[0].strip()
    return None if not code or code.startswith("-") else code


def _inflections(word: str) -> set[str]:
    """Regular verb forms of an upper-case base form (-s, -ed, -ing, doubled consonant, -ies)."""
    forms = {word}
    if not word.isalpha() or len(word) < 2:
        return forms
    last, before = word[-1], word[-2]
    if last == "Y" and before not in _VOWELS:
        forms |= {word[:-1] + "IES", word[:-1] + "IED", word + "ING"}
        return forms
    if word.endswith(("S", "X", "Z", "CH", "SH", "O")):
        forms.add(word + "ES")
    else:
        forms.add(word + "S")
    if last == "E":
        stem = word[:-2] + "Y" if word.endswith("IE") else word[:-1]
        forms |= {
            word + "D",
            stem + "ING" if not word.endswith(("EE", "YE", "OE")) else word + "ING",
        }
        return forms
    forms |= {word + "ED", word + "ING"}
    # The dictionary does not mark stress, so both "targeted" and "controlled" shapes are generated.
    if (
        len(word) >= 3
        and last not in _VOWELS
        and last not in "WXY"
        and before in _VOWELS
        and word[-3] not in _VOWELS
    ):
        forms |= {word + last + "ED", word + last + "ING"}
    return forms


def _plural(word: str) -> str:
    """PETRARCH's regular plural of a synonym-set word."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def _word_alternatives(word: str, exact: bool) -> list[Alternative]:
    """A dictionary word; hyphenated words also match spaCy's split ``CEASE - FIRE``."""
    lower = word.lower()
    alts: list[Alternative] = [((lower,), exact)]
    if "-" in lower.strip("-"):
        pieces = tuple(p for p in _HYPHEN.split(lower) if p)
        alts.append((pieces, exact))
    return alts


def _unit(alts: Sequence[Alternative]) -> _Unit:
    unique = tuple(dict.fromkeys(alts))
    index: dict[str, list[Alternative]] = {}
    for alt in unique:
        index.setdefault(alt[0][0], []).append(alt)
    return _Unit(unique, frozenset(index), {k: tuple(v) for k, v in index.items()})


class _Malformed(Exception):
    """A parse error with its line number, turned into a ConfigError at the API boundary."""

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(f"line {line}: {detail}")


# --- parsing -------------------------------------------------------------------------------------


@dataclass
class _RawBlock:
    name: str
    code: str
    verbs: list[tuple[int, str]]
    patterns: list[tuple[int, str]]


def _strip_comments(text: str) -> list[str]:
    """Lines without XML, ``#`` and legacy ``;`` comments; line numbers are kept."""
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    if "<!--" in text:
        raise _Malformed(text[: text.index("<!--")].count("\n") + 1, "unterminated <!-- comment")
    return [_COMMENT.split(line, maxsplit=1)[0].strip() for line in text.split("\n")]


def _check_words(number: int, words: Sequence[str]) -> None:
    for word in words:
        if not _is_word(word):
            raise _Malformed(number, f"{word!r} is not a dictionary word (upper case, no spaces)")


@functools.lru_cache(maxsize=8192)
def _is_word(word: str) -> bool:
    return _WORD.fullmatch(word) is not None


class _Parser:
    def __init__(self, text: str) -> None:
        self.synsets: dict[str, tuple[list[tuple[int, str]], bool]] = {}
        self.blocks: list[_RawBlock] = []
        self.warnings: list[str] = []
        self._units: dict[str, _Unit] = {}
        self._words: dict[str, _Unit] = {}
        self._expanding: set[str] = set()
        self._read(text)

    def _read(self, text: str) -> None:
        lines = _strip_comments(text)
        current: list[tuple[int, str]] | None = None  # members of the synset being read
        block: _RawBlock | None = None
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            if line.startswith("&"):
                label = line[1:].split()[0] if line[1:].split() else ""
                if not re.fullmatch(r"[A-Z0-9_]+", label):
                    raise _Malformed(number, f"bad synonym set label {line!r}")
                current = []
                self.synsets[label.rstrip("_")] = (current, label.endswith("_"))
                continue
            if line.startswith("+") and current is not None:
                current.append((number, line[1:].strip()))
                continue
            current = None
            if line.startswith("---"):
                header = _HEADER.match(line)
                if header is None:
                    raise _Malformed(number, f"bad block header {line!r}")
                # A few headers carry two codes ("[120]  [031:031]"); the first is the block's.
                codes = _CODE.findall(header.group("codes"))
                code = codes[0].strip() if codes else "---"
                block = _RawBlock(header.group("name").strip(), code, [], [])
                self.blocks.append(block)
            elif line.startswith("-"):
                if block is None:
                    raise _Malformed(number, "pattern line before any verb")
                block.patterns.append((number, line[1:].strip()))
            elif line.startswith("~"):
                continue  # PETRARCH-2 transformation rules: not verb patterns
            else:
                if block is None or block.patterns:
                    # A verb after patterns (or before any header) opens a block without a header.
                    block = _RawBlock("", "---", [], [])
                    self.blocks.append(block)
                block.verbs.append((number, line))
        if not any(b.verbs for b in self.blocks):
            raise _Malformed(len(lines), "no verbs found")

    # -- synonym sets ----------------------------------------------------------------------------

    def synset(self, name: str, number: int) -> _Unit:
        if name in self._units:
            return self._units[name]
        if name in self._expanding:
            raise _Malformed(number, f"synonym set &{name} contains itself")
        members, exact_set = self.synsets[name]
        self._expanding.add(name)
        alts: list[Alternative] = []
        for line, member in members:
            if member.startswith("&"):
                inner = member[1:].rstrip("_")
                if inner not in self.synsets:
                    raise _Malformed(line, f"undefined synonym set &{inner}")
                alts.extend(self.synset(inner, line).alts)
                continue
            exact = exact_set or member.endswith("_")
            words = [w for w in _SPACES.split(member) if w]
            if not words:
                raise _Malformed(line, "empty synonym")
            _check_words(line, words)
            lower = tuple(w.lower() for w in words)
            alts.append((lower, exact))
            if len(words) == 1:
                alts.extend(_word_alternatives(words[0], exact)[1:])
            if not exact:
                alts.append(((*lower[:-1], _plural(lower[-1])), False))
        self._expanding.discard(name)
        unit = _unit(alts)
        self._units[name] = unit
        return unit

    # -- verbs -----------------------------------------------------------------------------------

    @staticmethod
    def _split_verb(text: str) -> tuple[tuple[str, ...], int]:
        """Words of a (multi-word) verb form and the index of the ``+``-marked verb word."""
        words = [w for w in _SPACES.split(text.strip()) if w]
        marked = [i for i, w in enumerate(words) if w.startswith("+")]
        if len(marked) > 1:
            raise ValueError("more than one '+' verb word")
        return tuple(w.lstrip("+") for w in words), marked[0] if marked else 0

    def verb_forms(
        self, number: int, line: str
    ) -> tuple[str, str | None, list[tuple[tuple[str, ...], int, bool]]]:
        """A verb line's name, code and forms as (lower-case words, verb word index, glued)."""
        match = _VERB_LINE.match(line)
        if match is None:
            raise _Malformed(number, f"bad verb line {line!r}")
        braces = match.group("forms")
        try:
            words, anchor = self._split_verb(match.group("words"))
            listed = [self._split_verb(f) for f in _LIST.split(braces or "") if f]
        except ValueError as exc:
            raise _Malformed(number, str(exc)) from None
        if not words:
            raise _Malformed(number, f"bad verb line {line!r}")
        for form_words, _ in [(words, anchor), *listed]:
            _check_words(number, form_words)
        forms: list[tuple[tuple[str, ...], int]] = [(words, anchor)]
        if braces is None:
            # No braces: the verb is regular and its forms are generated, as PETRARCH does.
            for inflected in sorted(_inflections(words[anchor]) - {words[anchor]}):
                forms.append(((*words[:anchor], inflected, *words[anchor + 1 :]), anchor))
        for form_words, form_anchor in listed:
            # Listed multi-word forms mark their verb word with '+'; otherwise it is the base's.
            same = "+" not in (braces or "") and len(form_words) == len(words)
            forms.append((form_words, anchor if same else form_anchor))
        out: list[tuple[tuple[str, ...], int, bool]] = []
        for form_words, form_anchor in dict.fromkeys(forms):
            lower = tuple(w.lower() for w in form_words)
            out.append((lower, form_anchor, False))
            if len(lower) == 1 and "-" in lower[0].strip("-"):
                # spaCy splits RE-ELECT into "re - elect" and may tag either end as the verb.
                pieces = tuple(p for p in _HYPHEN.split(lower[0]) if p)
                out.append((pieces, 0, True))
                out.append((pieces, len(pieces) - 1, True))
        code = match.group("code")
        return "_".join(words), None if code is None else code.strip(), out

    # -- patterns --------------------------------------------------------------------------------

    def _lex(self, number: int, text: str) -> list[str]:
        out: list[str] = []
        for piece in _LEX.findall(text):
            if piece.isspace():
                out.append(" ")
            elif piece.startswith("&") and len(piece) > 1:
                out.extend(self._split_synset_token(number, piece[1:]))
            else:
                out.append(piece)
        return out

    def _split_synset_token(self, number: int, body: str) -> list[str]:
        """``&TIETYPES_RELATIONS``: the longest defined set name, then glue and the rest."""
        if body.rstrip("_") in self.synsets:
            return ["&" + body.rstrip("_")]
        parts = body.split("_")
        for cut in range(len(parts) - 1, 0, -1):
            name = "_".join(parts[:cut])
            if name in self.synsets:
                rest: list[str] = []
                for part in parts[cut:]:
                    rest.extend(["_", part] if part else ["_"])
                return ["&" + name, *rest]
        raise KeyError(body.rstrip("_"))

    def safe_pattern(self, number: int, line: str, order: int) -> _Pattern | None:
        """A pattern, or None (with a warning) if it is malformed: PETRARCH skips those too."""
        try:
            return self.pattern(number, line, order)
        except _Malformed as exc:
            self.warnings.append(str(exc))
            return None

    def pattern(self, number: int, line: str, order: int) -> _Pattern | None:
        codes = _CODE.findall(line)
        if not codes:
            raise _Malformed(number, f"pattern without a [code]: {line!r}")
        text = " ".join(_CODE.sub(" ", line).split())
        try:
            lexed = self._lex(number, text)
        except KeyError as missing:
            # PETRARCH skips patterns with undefined synonym sets; so do we, with a warning.
            self.warnings.append(f"line {number}: undefined synonym set &{missing.args[0]}")
            return None
        items = [t for t in lexed if t != " "]
        if items.count("*") != 1:
            raise _Malformed(number, f"a pattern needs exactly one '*': {line!r}")
        star = _index_top_level_star(lexed)
        if star is None:
            raise _Malformed(number, f"'*' inside brackets: {line!r}")
        before_tokens, after_tokens = lexed[:star], lexed[star + 1 :]
        before_glued = bool(before_tokens) and before_tokens[-1] == "_"
        after_glued = bool(after_tokens) and after_tokens[0] == "_"
        before = self._elements(number, before_tokens, line)
        after = self._elements(number, after_tokens, line, first_glued=after_glued)
        need = tuple(_needs(before) + _needs(after))
        return _Pattern(text, codes[-1].strip(), order, before, after, before_glued, need)

    def _elements(
        self, number: int, tokens: list[str], line: str, first_glued: bool = False
    ) -> tuple[_Element, ...]:
        elements, rest = self._sequence(number, tokens, 0, None, line)
        if rest != len(tokens):
            raise _Malformed(number, f"unbalanced brackets in {line!r}")
        if first_glued and elements:
            elements[0] = _reglue(elements[0])
        return tuple(elements)

    def _sequence(
        self, number: int, tokens: list[str], i: int, close: str | None, line: str
    ) -> tuple[list[_Element], int]:
        elements: list[_Element] = []
        glue = False
        while i < len(tokens):
            token = tokens[i]
            if token == close:
                return elements, i + 1
            i += 1
            if token == " ":
                glue = False
            elif token == "_":
                glue = bool(elements)
            elif token in ("$", "+", "%"):
                elements.append(_Marker(token, glue))
                glue = False
            elif token == "^":
                glue = False  # skipping a phrase is what gaps already allow
            elif token == "{":
                units: list[_Unit] = []
                while i < len(tokens) and tokens[i] != "}":
                    if tokens[i] not in (" ", "_"):
                        units.append(self._word_unit(number, tokens[i], line))
                    i += 1
                if i == len(tokens) or not units:
                    raise _Malformed(number, f"bad {{...}} phrase in {line!r}")
                elements.append(_Words(tuple(units), glue))
                i += 1
                glue = False
            elif token == "(":
                j = i
                while j < len(tokens) and tokens[j] == " ":
                    j += 1
                if j == len(tokens) or tokens[j] in ")({}*$+%^_":
                    raise _Malformed(number, f"(...) must start with a preposition: {line!r}")
                head = self._word_unit(number, tokens[j], line)
                inner, i = self._sequence(number, tokens, j + 1, ")", line)
                if i > len(tokens) or tokens[i - 1] != ")":
                    raise _Malformed(number, f"unbalanced brackets in {line!r}")
                elements.append(_Prep(head, tuple(inner), glue))
                glue = False
            elif token in (")", "}", "*"):
                raise _Malformed(number, f"unexpected {token!r} in {line!r}")
            else:
                elements.append(_Words((self._word_unit(number, token, line),), glue))
                glue = False
        if close is not None:
            raise _Malformed(number, f"unbalanced brackets in {line!r}")
        return elements, i

    def _word_unit(self, number: int, token: str, line: str) -> _Unit:
        if token.startswith("&"):
            return self.synset(token[1:], number)
        unit = self._words.get(token)
        if unit is None:
            _check_words(number, [token])
            unit = self._words[token] = _unit(_word_alternatives(token, False))
        return unit


def _index_top_level_star(tokens: list[str]) -> int | None:
    depth = 0
    for i, token in enumerate(tokens):
        if token in "({":
            depth += 1
        elif token in ")}":
            depth -= 1
        elif token == "*":
            return i if depth == 0 else None
    return None


def _reglue(element: _Element) -> _Element:
    if isinstance(element, _Words):
        return _Words(element.units, True)
    if isinstance(element, _Prep):
        return _Prep(element.head, element.inner, True)
    return _Marker(element.kind, True)


def _needs(elements: Sequence[_Element]) -> list[frozenset[str]]:
    """For the quick filter: per word element, the words one of which the sentence must hold."""
    out: list[frozenset[str]] = []
    for element in elements:
        if isinstance(element, _Words):
            out.append(element.units[0].first)
        elif isinstance(element, _Prep):
            out.append(element.head.first)
            out.extend(_needs(element.inner))
    return out


# --- the dictionary ------------------------------------------------------------------------------


class VerbDictionary:
    """A CAMEO verb-pattern dictionary: verb forms indexed by word, patterns by block."""

    def __init__(
        self,
        blocks: Sequence[_Block],
        forms: dict[str, list[_Form]],
        verbs: int,
        synsets: int,
        warnings: Sequence[str],
    ) -> None:
        self._blocks = tuple(blocks)
        self._forms = forms
        self._verbs = verbs
        self._synsets = synsets
        self.warnings: tuple[str, ...] = tuple(warnings)
        self._cache: tuple[Analysis, _Context] | None = None

    # -- loading ---------------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: str | Path) -> VerbDictionary:
        """Read a dictionary file (``.txt``, or ``.gz`` compressed)."""
        path = Path(path)
        try:
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ConfigError("E701", name="verbs", value=str(path), detail=str(exc)) from None
        if b"\x00" in data:
            raise ConfigError("E701", name="verbs", value=str(path), detail="binary file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(
                "E701", name="verbs", value=str(path), detail=f"not UTF-8 text ({exc.reason})"
            ) from None
        return cls._parse(text, str(path))

    @classmethod
    def from_text(cls, text: str) -> VerbDictionary:
        """Parse dictionary text."""
        return cls._parse(text, "<text>")

    @classmethod
    def _parse(cls, text: str, where: str) -> VerbDictionary:
        try:
            parser = _Parser(text)
            blocks: list[_Block] = []
            forms: dict[str, list[_Form]] = {}
            verbs = 0
            order = itertools.count()
            for index, raw in enumerate(parser.blocks):
                patterns = tuple(
                    p
                    for number, line in raw.patterns
                    if (p := parser.safe_pattern(number, line, next(order))) is not None
                )
                blocks.append(_block(raw.name, raw.code, patterns))
                for number, line in raw.verbs:
                    name, code, verb_forms = parser.verb_forms(number, line)
                    verb = _Verb(name, code, index, verbs)
                    verbs += 1
                    for words, anchor, glued in verb_forms:
                        forms.setdefault(words[anchor], []).append(
                            _Form(words, anchor, glued, verb)
                        )
        except _Malformed as exc:
            raise ConfigError("E701", name="verbs", value=where, detail=str(exc)) from None
        return cls(blocks, forms, verbs, len(parser.synsets), parser.warnings)

    # -- facts -----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._verbs

    @property
    def stats(self) -> dict[str, int]:
        """Counts: verbs, verb forms (with generated ones), blocks, patterns, synonym sets."""
        return {
            "verbs": self._verbs,
            "forms": sum(len(f) for f in self._forms.values()),
            "blocks": len(self._blocks),
            "patterns": sum(len(b.patterns) for b in self._blocks),
            "synsets": self._synsets,
        }

    def codes(self) -> set[str]:
        """Every event code the dictionary can return (source-to-target halves, no null codes)."""
        raw = {b.code for b in self._blocks}
        raw |= {p.code for b in self._blocks for p in b.patterns}
        raw |= {f.verb.code for fs in self._forms.values() for f in fs if f.verb.code}
        return {c for r in raw if (c := _event_code(r)) is not None}

    # -- matching --------------------------------------------------------------------------------

    def _context(self, analysis: Analysis) -> _Context:
        cached = self._cache
        if cached is not None and cached[0] is analysis:
            return cached[1]
        tokens = analysis.tokens
        children: list[list[int]] = [[] for _ in tokens]
        for t in tokens:
            if t.head != t.i:
                children[t.head].append(t.i)
        ctx = _Context(
            analysis,
            [t.text.lower() for t in tokens],
            [t.lemma.lower() for t in tokens],
            children,
            {},
        )
        self._cache = (analysis, ctx)
        return ctx

    def match(self, analysis: Analysis, verb: int) -> VerbMatch | None:
        """The most specific reading of the verb token ``verb``, or None if it codes no event."""
        ctx = self._context(analysis)
        keys = {ctx.lemma[verb], ctx.text[verb]}
        found: list[tuple[_Form, tuple[int, ...]]] = []
        for key in keys:
            for form in self._forms.get(key, ()):
                used = self._verb_tokens(ctx, form, verb)
                if used is not None:
                    found.append((form, used))
        if not found:
            return None
        # The longest verb form wins (ASK_FOR over ASK), as in PETRARCH; then dictionary order.
        longest = max(f.length for f, _ in found)
        found = sorted((x for x in found if x[0].length == longest), key=lambda x: x[0].verb.order)
        best: tuple[int, int, _Pattern, _Hit, _Hit, _Form, tuple[int, ...]] | None = None
        seen: set[int] = set()
        for form, used in found:
            if form.verb.block in seen:
                continue
            seen.add(form.verb.block)
            result = self._best_pattern(ctx, self._blocks[form.verb.block], verb, used)
            if result is not None:
                pattern, left, right = result
                score = len(left.used) + len(right.used)
                if best is None or (score, -pattern.order) > (best[0], best[1]):
                    best = (score, -pattern.order, pattern, left, right, form, used)
        if best is not None:
            score, _, pattern, left, right, form, used = best
            code = _event_code(pattern.code)
            if code is None:
                return None
            return VerbMatch(
                code=code,
                verb=form.verb.name,
                pattern=pattern.text,
                score=score,
                source=left.source if left.source is not None else right.source,
                target=left.target if left.target is not None else right.target,
                tokens=tuple(sorted({*used, *left.used, *right.used})),
            )
        for form, used in found:
            block = self._blocks[form.verb.block]
            code = _event_code(form.verb.code) if form.verb.code else _event_code(block.code)
            if code is not None:
                return VerbMatch(code, form.verb.name, None, 0, None, None, tuple(sorted(used)))
        return None

    def _verb_tokens(self, ctx: _Context, form: _Form, verb: int) -> tuple[int, ...] | None:
        """The tokens a (multi-word) form takes with ``verb`` as its verb word, if it fits."""
        if len(form.words) == 1:
            return (verb,)
        sentence = ctx.analysis.sentences[ctx.analysis.tokens[verb].sent]
        used = [verb]
        # Words before the verb word are written next to it (WIRE_+TAP, RE-ELECT).
        for k in range(1, form.anchor + 1):
            i = verb - k
            if i < sentence.first or not _is(ctx, i, form.words[form.anchor - k]):
                return None
            used.append(i)
        # Words after it: next to it, or (ASK_FOR, SET_UP) a particle, preposition or object of the
        # verb or of a word already taken, to its right.
        last = verb
        for word in form.words[form.anchor + 1 :]:
            nxt = last + 1
            if nxt < sentence.last and _is(ctx, nxt, word):
                used.append(nxt)
                last = nxt
                continue
            if form.glued:
                return None
            tokens = ctx.analysis.tokens
            linked = [
                c
                for u in used
                for c in ctx.children[u]
                if c > last and tokens[c].dep in VERB_PARTS and _is(ctx, c, word)
            ]
            if not linked:
                return None
            last = min(linked)
            used.append(last)
        return tuple(used)

    def _best_pattern(
        self, ctx: _Context, block: _Block, verb: int, used: tuple[int, ...]
    ) -> tuple[_Pattern, _Hit, _Hit] | None:
        if not block.patterns:
            return None
        analysis = ctx.analysis
        sent = analysis.tokens[verb].sent
        sentence = analysis.sentences[sent]
        words = ctx.sentence_words.get(sent)
        if words is None:
            span = range(sentence.first, sentence.last)
            words = frozenset(ctx.text[i] for i in span) | frozenset(ctx.lemma[i] for i in span)
            ctx.sentence_words[sent] = words
        lo, hi = min(used), max(used)
        left = list(range(sentence.first, lo))
        right: list[int] | None = None
        best: tuple[int, _Pattern, _Hit, _Hit] | None = None
        candidates = set(block.always)
        if len(block.trigger) < len(words):
            for word, numbers in block.trigger.items():
                if word in words:
                    candidates.update(numbers)
        else:
            for word in words:
                candidates.update(block.trigger.get(word, ()))
        for number in sorted(candidates):
            pattern = block.patterns[number]
            if not all(not need.isdisjoint(words) for need in pattern.need):
                continue
            if right is None:
                right = _clause_right(ctx, verb)
            rhit = next(_sequence(ctx, pattern.after, 0, right, 0, hi, verb, "right"), None)
            if rhit is None:
                continue
            lhit = next(
                (
                    h
                    for h in _sequence(ctx, pattern.before, 0, left, 0, None, verb, "left")
                    if not pattern.before_glued or h.last == lo - 1
                ),
                None,
            )
            if lhit is None:
                continue
            score = len(lhit.used) + len(rhit.used)
            if best is None or score > best[0]:  # ties: the earlier pattern stays
                best = (score, pattern, lhit, rhit)
        return None if best is None else (best[1], best[2], best[3])


# --- matching helpers ----------------------------------------------------------------------------


def _is(ctx: _Context, i: int, word: str, exact: bool = False) -> bool:
    return ctx.text[i] == word or (not exact and ctx.lemma[i] == word)


def _clause_right(ctx: _Context, verb: int) -> list[int]:
    """Tokens after the verb in its subtree, without coordinated and adverbial clauses."""
    tokens = ctx.analysis.tokens
    out: list[int] = []
    stack = [verb]
    while stack:
        node = stack.pop()
        for child in ctx.children[node]:
            if node == verb and tokens[child].dep in CLAUSE_CUT:
                continue
            out.append(child)
            stack.append(child)
    return sorted(i for i in out if i > verb)


def _unit_at(ctx: _Context, unit: _Unit, region: list[int], q: int) -> Iterator[int]:
    """Region positions just after each alternative of ``unit`` matching from position ``q``."""
    start = region[q]
    text, lemma = ctx.text[start], ctx.lemma[start]
    candidates = unit.index.get(text, ())
    if lemma != text:
        candidates += tuple(a for a in unit.index.get(lemma, ()) if not a[1])
    for words, exact in candidates:
        end = q + len(words)
        if end > len(region) or region[end - 1] != start + len(words) - 1:
            continue
        if all(_is(ctx, start + k, words[k], exact) for k in range(1, len(words))):
            yield end


def _subtree(ctx: _Context, i: int) -> set[int]:
    inside = {i}
    stack = [i]
    while stack:
        for child in ctx.children[stack.pop()]:
            inside.add(child)
            stack.append(child)
    return inside


def _phrase_head(ctx: _Context, i: int, region: set[int] | list[int]) -> int:
    tokens = ctx.analysis.tokens
    t = tokens[i]
    while t.dep in NP_INNER and t.head > t.i and tokens[t.head].pos in NOMINAL:
        if t.head not in region:
            break
        t = tokens[t.head]
    return t.i


def _sequence(
    ctx: _Context,
    elements: tuple[_Element, ...],
    k: int,
    region: list[int],
    pos: int,
    last: int | None,
    anchor: int,
    side: str,
) -> Iterator[_Hit]:
    """Every way ``elements[k:]`` match in order in ``region`` from position ``pos``."""
    if k == len(elements):
        yield _Hit(pos, last, (), None, None)
        return
    element = elements[k]
    must = last + 1 if element.glue and last is not None else None
    for hit in _element(ctx, element, region, pos, must, anchor, side, k, len(elements)):
        for rest in _sequence(ctx, elements, k + 1, region, hit.pos, hit.last, anchor, side):
            yield _Hit(
                rest.pos,
                rest.last if rest.last is not None else hit.last,
                hit.used + rest.used,
                hit.source if hit.source is not None else rest.source,
                hit.target if hit.target is not None else rest.target,
            )


def _starts(region: list[int], pos: int, must: int | None) -> range | list[int]:
    if must is None:
        return range(pos, len(region))
    return [q for q in range(pos, len(region)) if region[q] == must][:1]


def _element(
    ctx: _Context,
    element: _Element,
    region: list[int],
    pos: int,
    must: int | None,
    anchor: int,
    side: str,
    k: int,
    count: int,
) -> Iterator[_Hit]:
    if isinstance(element, _Words):
        for q in _starts(region, pos, must):
            ends = [q]
            for n, unit in enumerate(element.units):
                # Units of a {...} phrase follow each other with no word between.
                ends = [
                    e
                    for s in ends
                    if s < len(region) and (n == 0 or region[s] == region[s - 1] + 1)
                    for e in _unit_at(ctx, unit, region, s)
                ]
                if not ends:
                    break
            for end in ends:
                yield _Hit(end, region[end - 1], tuple(region[q:end]), None, None)
    elif isinstance(element, _Prep):
        tokens = ctx.analysis.tokens
        for q in _starts(region, pos, must):
            prep = tokens[region[q]]
            if prep.pos not in ("ADP", "SCONJ") and prep.dep not in PREP_DEPS:
                continue
            for end in _unit_at(ctx, element.head, region, q):
                inside = _subtree(ctx, region[q])
                sub = [i for i in region[end:] if i in inside]
                for hit in _sequence(ctx, element.inner, 0, sub, 0, region[end - 1], region[q], ""):
                    after = hit.last if hit.last is not None else region[end - 1]
                    nxt = next(
                        (p for p in range(end, len(region)) if region[p] > after), len(region)
                    )
                    yield _Hit(nxt, after, tuple(region[q:end]) + hit.used, hit.source, hit.target)
    else:
        found = _bind(ctx, region, pos, anchor, side, k, count)
        if found is not None:
            position, bound = found
            yield _Hit(
                position,
                bound,
                (),
                bound if element.kind in ("$", "%") else None,
                bound if element.kind in ("+", "%") else None,
            )


def _bind(
    ctx: _Context, region: list[int], pos: int, anchor: int, side: str, k: int, count: int
) -> tuple[int, int] | None:
    """The noun phrase a marker at ``pos`` stands for: (position after it, its head token)."""
    tokens = ctx.analysis.tokens
    if pos >= len(region):
        return None
    # Next to the verb (or first inside a preposition) the marker is its subject or object.
    preferred: tuple[str, ...]
    if side == "left" and k == count - 1:
        preferred = SUBJECT_DEPS
    elif k == 0 and side != "left":
        preferred = OBJECT_DEPS
    else:
        preferred = ()
    members = set(region[pos:])
    head: int | None = None
    for child in ctx.children[anchor]:
        if tokens[child].dep in preferred and child in members:
            head = child
            break
    if head is None:
        first = next((i for i in region[pos:] if tokens[i].pos in NOMINAL), None)
        if first is None:
            return None
        head = _phrase_head(ctx, first, members)
    position = next((p for p in range(pos, len(region)) if region[p] > head), len(region))
    return position, head


# --- the default dictionary ----------------------------------------------------------------------


#: Herald's own object-specific patterns, consulted before the lexicon and the Phoenix patterns.
HERALD_TABLE = "herald_verbs.txt"


@functools.lru_cache(maxsize=1)
def herald_verbs() -> VerbDictionary:
    """Herald's object-specific CAMEO patterns ("expelled two diplomats" -> 166), parsed once."""
    text = resources.files("herald.events").joinpath("data", HERALD_TABLE).read_text("utf-8")
    return VerbDictionary._parse(text, f"herald.events/data/{HERALD_TABLE}")


@functools.lru_cache(maxsize=1)
def default_verbs() -> VerbDictionary:
    """The Phoenix CAMEO 2.0 verb dictionary shipped with Herald, parsed once."""
    text = resources.files("herald.events").joinpath("data", DEFAULT_TABLE).read_text("utf-8")
    return VerbDictionary._parse(text, f"herald.events/data/{DEFAULT_TABLE}")
