"""Score Herald's named entities against CoNLL-2003 (column format: token POS chunk NER).

Each ``-DOCSTART-`` document is parsed by Herald's language stage (the spaCy model plus Herald's
corrections, :mod:`herald.nlp.corrections`) as one text: tokens joined with spaces, sentences
with newlines (Herald treats a line break as a sentence boundary, as CoNLL does). Entity
character spans are mapped back to the CoNLL tokens they overlap.

Label mapping (Herald keeps spaCy's OntoNotes labels; only this scorer maps them):

======================================================  =====
Herald (OntoNotes)                                       CoNLL
======================================================  =====
PERSON                                                   PER
ORG                                                      ORG
GPE, LOC, FAC                                            LOC
NORP, EVENT, WORK_OF_ART, PRODUCT, LAW, LANGUAGE         MISC
DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL, CARDINAL  (not entities in CoNLL: dropped)
======================================================  =====

Span convention: OntoNotes names often include a leading article ("the United States", "the
Reform Party"), CoNLL's never do, so a predicted span starting with "the" is scored without it
(:func:`to_chunk`). Nothing else about a span is changed.

Metrics are conlleval-style micro F1 over exact spans (type and both boundaries):
``f1_per_org_loc`` over PER, ORG and LOC only, ``f1_misc`` over MISC, ``f1_all`` over all four.
Gold tags are IOB1 or IOB2: a chunk starts at ``B-``, at a type change, or after ``O``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herald.eval.common import check_limit, malformed, read_text, sample, share, summary, table

LABEL_MAP: dict[str, str] = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "PRODUCT": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
TYPES = ("PER", "ORG", "LOC", "MISC")
MAIN_TYPES = frozenset({"PER", "ORG", "LOC"})

#: (first token, end token exclusive, type)
Chunk = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Document:
    """One CoNLL document: its sentences of tokens and the gold chunks (document token indices)."""

    sentences: tuple[tuple[str, ...], ...]
    gold: frozenset[Chunk]


def evaluate_conll(data: Path, limit: int | None = None) -> tuple[dict[str, Any], str]:
    """Run the language stage over every document; exact-span micro F1 per type."""
    from herald.config import settings
    from herald.nlp import load_analyzer

    check_limit(limit)
    docs = sample(load_conll(data), limit)
    analyzer = load_analyzer(settings().model)
    texts = [document_text(d) for d in docs]
    hits: Counter[str] = Counter()
    guessed: Counter[str] = Counter()
    support: Counter[str] = Counter()
    for doc, analysis in zip(docs, analyzer.analyze_many(texts), strict=True):
        offsets = token_offsets(doc)
        words = [w for sentence in doc.sentences for w in sentence]
        predicted = {
            chunk
            for m in analysis.entities
            if (chunk := to_chunk(offsets, m.span.start, m.span.end, m.label, words)) is not None
        }
        for chunk in predicted:
            guessed[chunk[2]] += 1
        for chunk in doc.gold:
            support[chunk[2]] += 1
        for chunk in predicted & doc.gold:
            hits[chunk[2]] += 1
    metrics: dict[str, Any] = {"n": len(docs)}
    rows = []
    for kind in TYPES:
        p, r, f = _prf(hits[kind], guessed[kind], support[kind])
        rows.append((kind, support[kind], guessed[kind], p, r, f))
        metrics[f"f1_{kind.lower()}"] = round(f, 4)
    for key, kinds in (("f1_per_org_loc", MAIN_TYPES), ("f1_all", frozenset(TYPES))):
        _, _, f = _prf(*(sum(c[k] for k in kinds) for c in (hits, guessed, support)))
        metrics[key] = round(f, 4)
    keys = ["n", "f1_per_org_loc", "f1_misc", "f1_all"]
    report = summary(metrics, keys) + "\n\n"
    report += table(["type", "gold", "predicted", "precision", "recall", "f1"], rows)
    return metrics, report


def _prf(tp: int, guessed: int, gold: int) -> tuple[float, float, float]:
    p, r = share(tp, guessed), share(tp, gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_conll(data: Path) -> list[Document]:
    """The documents of a CoNLL-2003 file (plain or gzipped)."""
    docs: list[Document] = []
    sentences: list[tuple[str, ...]] = []
    tags: list[str] = []
    words: list[str] = []

    def end_sentence() -> None:
        if words:
            sentences.append(tuple(words))
            words.clear()

    def end_document() -> None:
        end_sentence()
        if sentences:
            docs.append(Document(tuple(sentences), frozenset(iob_chunks(tags))))
        sentences.clear()
        tags.clear()

    for n, line in enumerate(read_text(data).splitlines(), start=1):
        parts = line.split()
        if not parts:
            end_sentence()
            continue
        if parts[0] == "-DOCSTART-":
            end_document()
            continue
        if len(parts) < 2:
            raise malformed(data, n, "expected token ... NER-tag columns")
        words.append(parts[0])
        tags.append(parts[-1])
    end_document()
    if not docs:
        raise malformed(data, 0, "no CoNLL sentences found")
    return docs


def iob_chunks(tags: list[str]) -> list[Chunk]:
    """Chunks of an IOB1/IOB2 tag sequence."""
    chunks: list[Chunk] = []
    start, kind = -1, ""
    for k, tag in enumerate([*tags, "O"]):
        prefix, _, new = tag.partition("-")
        if kind and (prefix in ("O", "B") or new != kind):
            chunks.append((start, k, kind))
            kind = ""
        if prefix in ("B", "I") and not kind:
            start, kind = k, new
    return chunks


def document_text(doc: Document) -> str:
    return "\n".join(" ".join(s) for s in doc.sentences)


def token_offsets(doc: Document) -> list[tuple[int, int]]:
    """(start, end) character offsets of the document's tokens in :func:`document_text`."""
    offsets: list[tuple[int, int]] = []
    pos = 0
    for sentence in doc.sentences:
        for word in sentence:
            offsets.append((pos, pos + len(word)))
            pos += len(word) + 1  # the space or newline after it
    return offsets


def to_chunk(
    offsets: list[tuple[int, int]],
    start: int,
    end: int,
    label: str,
    words: Sequence[str] = (),
) -> Chunk | None:
    """The CoNLL chunk a predicted entity covers (tokens it overlaps), or None if unmapped.

    With the document's ``words``, a leading article is left out (CoNLL's span convention).
    """
    kind = LABEL_MAP.get(label)
    if kind is None:
        return None
    covered = [k for k, (s, e) in enumerate(offsets) if s < end and start < e]
    if not covered:
        return None
    first, last = covered[0], covered[-1] + 1
    if words and last - first > 1 and words[first].lower() == "the":
        first += 1
    return first, last, kind
