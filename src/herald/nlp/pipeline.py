"""Load the configured spaCy pipeline once and turn its Docs into Herald's Analysis."""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from herald.errors import PipelineError
from herald.model import Analysis, Mention, Sentence, Span, Token
from herald.nlp.corrections import correct_entities
from herald.nlp.recase import caps_lines, only_caps, recase, word_forms

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
            return _mark_paragraphs(doc)

        try:
            self._nlp = spacy.load(resolve_model(model))
        except (OSError, ValueError, ImportError) as exc:
            raise PipelineError("E301", model=model, detail=str(exc)) from exc
        if "parser" in self._nlp.pipe_names:
            self._nlp.add_pipe("herald_paragraph_boundaries", before="parser")
        self._ner = _last_entity_recognizer(self._nlp)
        self.model = model
        self.version = str(self._nlp.meta.get("version", ""))
        self.name = f"{self._nlp.meta.get('lang', '')}_{self._nlp.meta.get('name', '')}"

    @property
    def max_length(self) -> int:
        """The longest text (in characters) the pipeline parses."""
        return int(self._nlp.max_length)

    def analyze(self, text: str) -> Analysis:
        """Parse one text."""
        left_out = [] if self._ner is None else ["ner"]
        return self._to_analyses([self._nlp(text, disable=left_out)])[0]

    def analyze_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Analysis]:
        """Parse many texts in batches (``nlp.pipe``), in order."""
        if self._ner is None:
            for doc in self._nlp.pipe(texts, batch_size=batch_size):
                yield from self._to_analyses([doc])
            return
        # The entity recogniser runs apart, on the docs of each batch that need it.
        docs = self._nlp.pipe(texts, batch_size=batch_size, disable=["ner"])
        while batch := list(islice(docs, batch_size)):
            yield from self._to_analyses(batch, batch_size)

    def _to_analyses(self, docs: list[Any], batch_size: int = 1) -> list[Analysis]:
        """Analyses of parsed ``docs``, running the entity recogniser first if it was left out.

        Its mentions inside all-caps lines give way to those read from recased copies
        (:meth:`_recased_entities`). In a text of nothing but such lines none of its mentions
        would be kept, since a mention cannot start on whitespace (the only tokens outside
        those lines): such docs are not given to it at all. A quarter of the news corpus is
        wire copy in capitals.
        """
        # Doc.text joins every token's text on each access: read it once per document.
        texts = [doc.text for doc in docs]
        lines = [caps_lines(text) for text in texts]
        if self._ner is not None:
            wanted = [d for d, t, c in zip(docs, texts, lines, strict=True) if not only_caps(t, c)]
            for _ in self._ner.pipe(wanted, batch_size=batch_size):
                pass
        return [
            to_analysis(doc, self._recased_entities(doc, text, caps), text=text)
            for doc, text, caps in zip(docs, texts, lines, strict=True)
        ]

    def _recased_entities(
        self, doc: Any, text: str | None = None, lines: list[tuple[int, int]] | None = None
    ) -> Reread | None:
        """Entities of the all-caps lines of ``doc``, read by the tagger from recased copies.

        Only the entity recogniser runs on the copies (it has its own token encoder in spaCy's
        pipelines), and only on those lines, so articles without such lines cost nothing.
        ``text`` and ``lines`` are ``doc.text`` and its ``caps_lines`` when the caller has them.
        """
        text = doc.text if text is None else text
        lines = caps_lines(text) if lines is None else lines
        if not lines or "ner" not in self._nlp.pipe_names:
            return None
        forms = word_forms(text, lines)
        stop_words = self._nlp.Defaults.stop_words
        copies = [recase(text[a:b], forms, stop_words) for a, b in lines]
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


def _last_entity_recognizer(nlp: Any) -> Any:
    """The pipeline's ``ner`` if :class:`Analyzer` may leave it out for some docs: a spaCy
    EntityRecognizer (whose mentions never start on whitespace) that no later component reads;
    None otherwise."""
    from spacy.pipeline import EntityRecognizer

    if not nlp.pipe_names or nlp.pipe_names[-1] != "ner":
        return None
    ner = nlp.get_pipe("ner")
    return ner if isinstance(ner, EntityRecognizer) else None


def _mark_paragraphs(doc: Any) -> Any:
    """Start a sentence at the first non-space token after a whitespace token with a newline."""
    from spacy.attrs import IS_SPACE

    spaces = doc.to_array(IS_SPACE).tolist()
    for i in range(1, len(spaces)):
        # Checked in this order so the token (and its text) is built only for space tokens.
        if spaces[i - 1] and not spaces[i] and "\n" in doc[i - 1].text:
            doc[i].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_analyzer(model: str) -> Analyzer:
    """The pipeline for ``model``, loaded once per process."""
    return Analyzer(model)


def to_analysis(doc: Any, reread: Reread | None = None, *, text: str | None = None) -> Analysis:
    """Copy what Herald needs out of a spaCy Doc into plain records.

    ``reread`` replaces the tagger's entities inside some character ranges (all-caps lines) by
    entities read from a recased copy: ``(ranges, [(start, end, label), ...])``. ``text`` is
    ``doc.text`` when the caller has it already (spaCy rebuilds it from the tokens each time).
    """
    text = doc.text if text is None else text
    sentences: list[Sentence] = []
    sent_of = [0] * len(doc)
    for s_i, sent in enumerate(doc.sents):
        first, last = sent.start, sent.end
        # Trailing and leading whitespace tokens are not part of a sentence's text span.
        start = sent.start_char
        end = sent.end_char
        stripped = text[start:end]
        start += len(stripped) - len(stripped.lstrip())
        end -= len(stripped) - len(stripped.rstrip())
        sentences.append(Sentence(i=s_i, span=Span(start, max(start, end)), first=first, last=last))
        sent_of[first:last] = [s_i] * (last - first)
    tokens = _tokens(doc, sent_of)
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
        text=text,
        sentences=tuple(sentences),
        tokens=tokens,
        entities=entities,
        noun_chunks=chunks,
    )


#: The order _tokens passes a Token's fields in.
_TOKEN_FIELDS = (
    "i",
    "start",
    "end",
    "text",
    "lemma",
    "pos",
    "tag",
    "dep",
    "head",
    "sent",
    "ent_type",
    "morph",
    "whitespace",
)
assert tuple(f.name for f in dataclasses.fields(Token)) == _TOKEN_FIELDS


def _tokens(doc: Any, sent_of: list[int]) -> tuple[Token, ...]:
    """``doc``'s tokens as Herald Tokens, read column-wise.

    Reading attributes token by token builds a spaCy Token and a fresh string per attribute and
    token; one ``to_array`` call copies every column at once, and each distinct value (a few
    hundred per article) becomes a string once: from the string store, as ``text``, ``lemma_``,
    ``tag_``, ``dep_`` and ``ent_type_`` do, or by reading ``pos_`` and ``morph`` off one token
    that has the value.
    """
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, ORTH, POS, SPACY, TAG

    if not len(doc):
        return ()
    columns = doc.to_array([IDX, ORTH, LEMMA, TAG, DEP, ENT_TYPE, SPACY, POS, MORPH, HEAD])
    starts, orths, lemmas, tags, deps, ent_types, spaces, poses, morphs = columns[:, :9].T.tolist()
    # HEAD is stored as an offset from the token (negative values wrapped into uint64).
    heads = (columns[:, 9].astype("int64") + range(len(doc))).tolist()
    strings = doc.vocab.strings
    texts = _names(orths, strings.__getitem__)
    # A token with each POS and morphology id, whose pos_ and morph give that id's string.
    pos_of = {pos: i for i, pos in enumerate(poses)}
    morph_of = {morph: i for i, morph in enumerate(morphs)}
    # map() calls Token from C with the columns in its field order (checked in _TOKEN_FIELDS).
    return tuple(
        map(
            Token,
            range(len(doc)),
            starts,
            [start + len(text) for start, text in zip(starts, texts, strict=True)],
            texts,
            _names(lemmas, strings.__getitem__),
            _names(poses, lambda pos: doc[pos_of[pos]].pos_),
            _names(tags, strings.__getitem__),
            _names(deps, strings.__getitem__),
            heads,
            sent_of,
            _names(ent_types, strings.__getitem__),
            _names(morphs, lambda key: str(doc[morph_of[key]].morph)),
            map(bool, spaces),
        )
    )


def _names(values: list[int], name: Callable[[int], str]) -> list[str]:
    """``name`` of each value, computed once per distinct value."""
    table = {value: name(value) for value in set(values)}
    return [table[value] for value in values]
