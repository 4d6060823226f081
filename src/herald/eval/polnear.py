"""Score Herald's quotations against PolNeAR attributions (brat ``.txt``/``.ann`` files).

Each ``.ann`` file marks ``Source``, ``Cue`` and ``Content`` spans (discontinuous spans as
``start end;start end``). Metrics are token-overlap F1 per role, micro-averaged over all
articles: a word token of the gold text is a gold token of a role when a gold span of that role
covers it, a predicted token when a Herald quotation's speaker / cue / content covers it.

Choices, documented because the data forces them:

1. **Which annotator.** Most articles have one annotator file (``NAME_<annotator>.ann``). The few
   used to measure agreement have several; the one scored is the *consensus* annotator, whose
   token labels agree most with the other annotators' (ties: first by name). It is the most
   typical reading of the guidelines, and it does not depend on file order.
2. **Real pipeline.** Each text goes through Herald's whole pipeline (cleaning included). The
   cleaned text may differ from the gold text, so its words are aligned to the gold text's
   words (difflib over the word sequences) and predicted spans are carried over word by word.
3. **Mapping.** Speaker, cue and content spans are scored as they are, with two punctuation
   conventions of PolNeAR added: a direct quotation's content takes in its quote marks, and a
   source phrase with an inserted apposition or clause takes in the comma closing it ("X, a
   senator, said"). Herald's spans leave that punctuation out. As in PolNeAR, a word has one
   label: a word predicted as a source or cue is not also content.
4. **Inputs.** The ``polnear_*.tar.gz`` archive as shipped, a folder holding it, or an unpacked
   folder with ``text/`` and ``attributions/`` below it.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from herald.errors import InputError
from herald.eval.common import analyse, check_limit, malformed, sample, share, summary, table
from herald.model import Quote, Span
from herald.quotes.marks import QUOTE_MARKS

ROLES = ("source", "cue", "content")
_GOLD_LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}
_MARKS = frozenset(QUOTE_MARKS) | {"`"}
_WORD = re.compile(r"\w+|[^\w\s]")
_ANNOTATOR = re.compile(r"^(?P<name>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")

Spans = dict[str, list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and the chosen annotator's spans per role."""

    name: str
    annotator: str
    text: str
    gold: Spans


def evaluate_polnear(data: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the pipeline over every article and score its quotations per role."""
    check_limit(limit)
    docs = sample(load_polnear(data), limit)
    counts = {role: [0, 0, 0] for role in ROLES}  # true positives, predicted, gold
    results = analyse([d.text for d in docs], name="polnear")
    for doc, result in zip(docs, results, strict=True):
        predicted = _project(result.article.text, doc.text, result.quotes)
        words = _words(doc.text)
        for role in ROLES:
            gold = _cover(words, doc.gold[role])
            pred = predicted[role]
            counts[role][0] += len(gold & pred)
            counts[role][1] += len(pred)
            counts[role][2] += len(gold)
    metrics: dict[str, Any] = {"n": len(docs)}
    rows = []
    for role in ROLES:
        tp, npred, ngold = counts[role]
        precision, recall = share(tp, npred), share(tp, ngold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        metrics[f"{role}_f1"] = round(f1, 4)
        metrics[f"{role}_precision"] = round(precision, 4)
        metrics[f"{role}_recall"] = round(recall, 4)
        rows.append((role, ngold, precision, recall, f1))
    keys = ["n", "source_f1", "cue_f1", "content_f1"]
    report = summary(metrics, keys) + "\n\n" + table(["role", "gold tokens", "P", "R", "F1"], rows)
    return metrics, report


# --- loading -------------------------------------------------------------------------------------


def load_polnear(data: Path) -> list[Document]:
    """Articles with their chosen annotator's spans, sorted by name."""
    texts, anns = _read_files(data)
    by_name: dict[str, dict[str, Spans]] = {}
    for filename, content in anns.items():
        m = _ANNOTATOR.match(filename)
        if m is None:
            continue
        by_name.setdefault(m["name"], {})[m["annotator"]] = _parse_ann(filename, content)
    docs: list[Document] = []
    for name in sorted(by_name):
        if name not in texts:
            raise InputError("E101", path=f"{data}: text/{name}.txt")
        text = texts[name]
        annotator = _consensus(text, by_name[name])
        docs.append(Document(name, annotator, text, by_name[name][annotator]))
    if not docs:
        raise malformed(data, 0, "no PolNeAR .ann files with matching .txt files found")
    return docs


def _read_files(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(text by article name, .ann content by file name) from an archive or a folder."""
    if data.is_dir():
        archives = sorted(data.glob("polnear_*.tar.gz"))
        if archives and not any(data.rglob("*.ann")):
            data = archives[0]
    files: dict[str, str] = {}
    if data.is_file():
        try:
            with tarfile.open(data) as archive:
                for member in archive.getmembers():
                    handle = archive.extractfile(member) if member.isfile() else None
                    if handle is not None and member.name.endswith((".txt", ".ann")):
                        files[member.name] = handle.read().decode("utf-8")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise InputError("E111", path=str(data), detail=f"broken archive: {exc}") from exc
    else:
        for path in sorted(data.rglob("*")):
            if path.suffix in (".txt", ".ann") and path.is_file():
                files[str(path)] = path.read_text(encoding="utf-8")
    texts = {
        Path(k).stem: v for k, v in files.items() if k.endswith(".txt") and "/text/" in f"/{k}"
    }
    anns = {Path(k).name: v for k, v in files.items() if k.endswith(".ann")}
    return texts, anns


def _parse_ann(filename: str, content: str) -> Spans:
    spans: Spans = {role: [] for role in ROLES}
    for n, line in enumerate(content.splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].startswith("T"):
            continue
        label, _, offsets = parts[1].partition(" ")
        role = _GOLD_LABELS.get(label)
        if role is None:
            continue
        try:
            for piece in offsets.split(";"):
                start, end = piece.split()
                spans[role].append((int(start), int(end)))
        except ValueError as exc:
            raise malformed(Path(filename), n, f"bad offsets {offsets!r}") from exc
    return spans


def _consensus(text: str, annotations: dict[str, Spans]) -> str:
    """The annotator whose token labels agree most with the others'."""
    if len(annotations) == 1:
        return next(iter(annotations))
    words = _words(text)
    labels = {a: _labels(words, spans) for a, spans in annotations.items()}

    def agreement(a: str) -> int:
        return sum(
            sum(x == y for x, y in zip(labels[a], labels[b], strict=True)) for b in labels if b != a
        )

    return max(sorted(labels), key=agreement)


# --- token sets ----------------------------------------------------------------------------------


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def _cover(words: list[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indices of the words that overlap any of ``spans``."""
    out: set[int] = set()
    for a, b in spans:
        out.update(k for k, (s, e) in enumerate(words) if s < b and a < e)
    return out


def _labels(words: list[tuple[int, int]], spans: Spans) -> list[str]:
    labels = ["O"] * len(words)
    for role in ROLES:
        for k in _cover(words, spans[role]):
            labels[k] = role
    return labels


def _project(cleaned: str, original: str, quotes: Iterable[Quote]) -> dict[str, set[int]]:
    """Predicted word indices of the original text per role, via a word alignment."""
    clean_words = _words(cleaned)
    orig_words = _words(original)
    mapping: dict[int, int] = {}
    if cleaned == original:
        mapping = {k: k for k in range(len(clean_words))}
    else:
        matcher = SequenceMatcher(
            None,
            [cleaned[s:e] for s, e in clean_words],
            [original[s:e] for s, e in orig_words],
            autojunk=False,
        )
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                mapping[block.a + k] = block.b + k
    out: dict[str, set[int]] = {role: set() for role in ROLES}
    for q in quotes:
        content = _with_marks(cleaned, q.content) if q.direct else q.content
        source = _with_closing_comma(cleaned, q.speaker) if q.speaker is not None else None
        for role, span in (("source", source), ("cue", q.cue), ("content", content)):
            if span is None:
                continue
            covered = _cover(clean_words, [(span.start, span.end)])
            out[role].update(mapping[k] for k in covered if k in mapping)
    # One label per word, as in PolNeAR: the source and cue of an attribution nested in another's
    # content are not that content.
    out["content"] -= out["source"] | out["cue"]
    return out


def _with_marks(text: str, content: Span) -> Span:
    """A direct quotation's words with the quote marks around them, as PolNeAR marks content.

    Herald's content is the quoted words alone; PolNeAR's Content spans run from the opening
    mark to the closing one, including a comma just before the closing mark.
    """
    start, end = content.start, content.end
    k = start
    while k > 0 and text[k - 1].isspace():
        k -= 1
    # A mark may be written as two characters ('' or ``).
    for _ in range(2):
        if k > 0 and text[k - 1] in _MARKS:
            start = k = k - 1
    k = end
    while k < len(text) and (text[k].isspace() or text[k] == ","):
        k += 1
    for _ in range(2):
        if k < len(text) and text[k] in _MARKS:
            end = k = k + 1
    return Span(start, end)


def _with_closing_comma(text: str, speaker: Span) -> Span:
    """A speaker phrase holding a comma, with the comma that closes its insertion after it."""
    if "," not in speaker.text(text):
        return speaker
    k = speaker.end
    while k < len(text) and text[k] == " ":
        k += 1
    return Span(speaker.start, k + 1) if k < len(text) and text[k] == "," else speaker
