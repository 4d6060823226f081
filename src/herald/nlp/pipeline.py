"""Load the configured spaCy pipeline once and turn its Docs into Herald's Analysis."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from herald.errors import PipelineError
from herald.model import Analysis, Mention, Sentence, Span, Token
from herald.nlp.corrections import correct_entities
from herald.nlp.recase import caps_lines, recase, word_forms

#: All-caps line ranges and the entities read from their recased copies (character offsets).
Reread = tuple[list[tuple[int, int]], list[tuple[int, int, str]]]

# Paragraph breaks are hard sentence boundaries: scraped text often has headline-like lines
# without final punctuation that the parser would otherwise run into the next paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def resolve_model(name: str) -> str | Path:
    """A pipeline name, a path, or a Python package shipping a model (``model_path()``)."""
    if Path(name).exists():
        return Path(name)
    try:
        module = importlib.import_module(name)
    except ImportError:
        return name
    model_path = getattr(module, "model_path", None)
    if callable(model_path):
        return Path(model_path())
    return name


class Analyzer:
    """A loaded spaCy pipeline. Use :func:`load_analyzer` to share one per process."""

    def __init__(self, model: str) -> None:
        try:
            import spacy
            from spacy.language import Language
        except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
            raise PipelineError("E301", model=model, detail=str(exc)) from exc

        @Language.component("herald_paragraph_boundaries")
        def _paragraph_boundaries(doc: Any) -> Any:
            for token in doc[1:]:
                previous = doc[token.i - 1]
                if previous.is_space and "\n" in previous.text and not token.is_space:
                    token.is_sent_start = True
            return doc

        try:
            self._nlp = spacy.load(resolve_model(model))
        except (OSError, ValueError, ImportError) as exc:
            raise PipelineError("E301", model=model, detail=str(exc)) from exc
        if "parser" in self._nlp.pipe_names:
            self._nlp.add_pipe("herald_paragraph_boundaries", before="parser")
        self.model = model
        self.version = str(self._nlp.meta.get("version", ""))
        self.name = f"{self._nlp.meta.get('lang', '')}_{self._nlp.meta.get('name', '')}"

    @property
    def max_length(self) -> int:
        """The longest text (in characters) the pipeline parses."""
        return int(self._nlp.max_length)

    def analyze(self, text: str) -> Analysis:
        """Parse one text."""
        doc = self._nlp(text)
        return to_analysis(doc, self._recased_entities(doc))

    def analyze_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Analysis]:
        """Parse many texts in batches (``nlp.pipe``), in order."""
        for doc in self._nlp.pipe(texts, batch_size=batch_size):
            yield to_analysis(doc, self._recased_entities(doc))

    def _recased_entities(self, doc: Any) -> Reread | None:
        """Entities of the all-caps lines of ``doc``, read by the tagger from recased copies.

        Only the entity recogniser runs on the copies (it has its own token encoder in spaCy's
        pipelines), and only on those lines, so articles without such lines cost nothing.
        """
        lines = caps_lines(doc.text)
        if not lines or "ner" not in self._nlp.pipe_names:
            return None
        forms = word_forms(doc.text, lines)
        stop_words = self._nlp.Defaults.stop_words
        copies = [recase(doc.text[a:b], forms, stop_words) for a, b in lines]
        others = [name for name in self._nlp.pipe_names if name != "ner"]
        found: list[tuple[int, int, str]] = []
        for (start, _), copy in zip(lines, self._nlp.pipe(copies, disable=others), strict=True):
            found += [(start + e.start_char, start + e.end_char, e.label_) for e in copy.ents]
        return lines, found


def _replace_entities(
    doc: Any,
    entities: tuple[Mention, ...],
    ranges: list[tuple[int, int]],
    found: list[tuple[int, int, str]],
) -> tuple[Mention, ...]:
    """``entities`` outside ``ranges``, plus the ``found`` ones snapped to ``doc``'s tokens."""

    def inside(start: int) -> bool:
        return any(a <= start < b for a, b in ranges)

    kept = [m for m in entities if not inside(m.span.start) and not inside(m.span.end - 1)]
    taken = {k for m in kept for k in range(m.first, m.last)}
    for start, end, label in found:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or taken.intersection(range(span.start, span.end)):
            continue
        kept.append(Mention(Span(span.start_char, span.end_char), label, span.start, span.end))
        taken.update(range(span.start, span.end))
    kept.sort(key=lambda m: m.first)
    return tuple(kept)


@lru_cache(maxsize=4)
def load_analyzer(model: str) -> Analyzer:
    """The pipeline for ``model``, loaded once per process."""
    return Analyzer(model)


def to_analysis(doc: Any, reread: Reread | None = None) -> Analysis:
    """Copy what Herald needs out of a spaCy Doc into plain records.

    ``reread`` replaces the tagger's entities inside some character ranges (all-caps lines) by
    entities read from a recased copy: ``(ranges, [(start, end, label), ...])``.
    """
    sentences: list[Sentence] = []
    sent_of: dict[int, int] = {}
    for s_i, sent in enumerate(doc.sents):
        first, last = sent.start, sent.end
        # Trailing and leading whitespace tokens are not part of a sentence's text span.
        start = sent.start_char
        end = sent.end_char
        stripped = doc.text[start:end]
        start += len(stripped) - len(stripped.lstrip())
        end -= len(stripped) - len(stripped.rstrip())
        sentences.append(Sentence(i=s_i, span=Span(start, max(start, end)), first=first, last=last))
        for t_i in range(first, last):
            sent_of[t_i] = s_i
    tokens = tuple(
        Token(
            i=t.i,
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            sent=sent_of[t.i],
            ent_type=t.ent_type_,
            morph=str(t.morph),
            whitespace=bool(t.whitespace_),
        )
        for t in doc
    )
    entities = tuple(
        Mention(span=Span(e.start_char, e.end_char), label=e.label_, first=e.start, last=e.end)
        for e in doc.ents
    )
    if reread is not None:
        entities = _replace_entities(doc, entities, *reread)
    # Gazetteer and document-level fixes to the tagger's mentions (and the tokens' ent_type).
    tokens, entities = correct_entities(tokens, entities)
    chunks: tuple[Mention, ...] = ()
    if doc.has_annotation("DEP"):
        chunks = tuple(
            Mention(span=Span(c.start_char, c.end_char), label="NP", first=c.start, last=c.end)
            for c in doc.noun_chunks
        )
    return Analysis(
        text=doc.text,
        sentences=tuple(sentences),
        tokens=tokens,
        entities=entities,
        noun_chunks=chunks,
    )
