"""The Analyzer's shortcuts give what the plain, token-by-token reading of a full parse gives."""

from __future__ import annotations

from typing import Any

import pytest

from herald.model import Analysis, Token
from herald.nlp import Analyzer
from herald.nlp import pipeline as nlp_pipeline

#: Mixed case, a wire story in capitals, a headline in capitals over mixed text, a table.
TEXTS = (
    "Kenyan President William Ruto met Sudanese army chief Abdel Fattah al-Burhan in Nairobi "
    "on Tuesday.\n\nThe two leaders agreed to resume peace talks, Ruto's office said.",
    "SAN SALVADOR, 1 NOV 89 (ACAN-EFE) -- [TEXT] THE SALVADORAN GOVERNMENT SAID THAT\n"
    "TODAY'S ATTACK ON THE NATIONAL GUARD HEADQUARTERS SHOWS THAT THE GUERRILLAS DO\n"
    "NOT WANT PEACE, PRESIDENT ALFREDO CRISTIANI TOLD REPORTERS IN SAN SALVADOR.\n\n"
    "THE FMLN DENIED IT.",
    "ROMANIA BEAT LITHUANIA IN BUCHAREST\n\nRomania beat Lithuania 2-1 in a European "
    "qualifier in Bucharest on Saturday, Reuters reported.",
    "SOCCER - GROUP TABLE\n\nOLDHAM 3 4 1\nBURY 3 2 2\n1996-08-31\n",
    "",
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    from herald.config import settings
    from herald.nlp import load_analyzer

    return load_analyzer(settings().model)


def _plain(analyzer: Analyzer, text: str) -> Analysis:
    """The reference: every component on the text, tokens read one attribute at a time."""
    doc = analyzer._nlp(text)
    analysis = nlp_pipeline.to_analysis(doc, analyzer._recased_entities(doc))
    sent_of = {k: t.sent for k, t in enumerate(analysis.tokens)}
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
            ent_type=analysis.tokens[t.i].ent_type,  # as corrected
            morph=str(t.morph),
            whitespace=bool(t.whitespace_),
        )
        for t in doc
    )
    assert tokens == analysis.tokens
    return analysis


@pytest.mark.model
@pytest.mark.parametrize("text", TEXTS)
def test_analyze_equals_the_plain_reading_of_a_full_parse(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text) == _plain(analyzer, text)


@pytest.mark.model
def test_analyze_many_equals_one_at_a_time(analyzer: Analyzer) -> None:
    texts = list(TEXTS) * 3
    assert list(analyzer.analyze_many(texts, batch_size=4)) == [analyzer.analyze(t) for t in texts]


@pytest.mark.model
def test_a_text_all_in_capitals_is_not_given_to_the_entity_recogniser(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    if analyzer._ner is None:
        pytest.skip("this pipeline's entity recogniser always runs")
    given: list[str] = []
    ner = analyzer._ner

    class Spy:
        def pipe(self, docs: list[Any], **kwargs: Any) -> Any:
            given.extend(doc.text for doc in docs)
            return ner.pipe(docs, **kwargs)

    monkeypatch.setattr(analyzer, "_ner", Spy())
    analyses = list(analyzer.analyze_many(TEXTS))
    assert given == [TEXTS[0], TEXTS[2], TEXTS[3]]
    assert {"PERSON", "GPE"} <= {m.label for m in analyses[1].entities}  # read from the copy


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("Headline without a stop\n\nThe body starts here.", ["Headline", "The"]),
        ("One line\nNext line goes on", ["One", "Next"]),
        ("No break here. Two sentences.", ["No", "Two"]),
    ],
)
def test_a_new_line_starts_a_sentence(analyzer: Analyzer, text: str, starts: list[str]) -> None:
    analysis = analyzer.analyze(text)
    assert [analysis.tokens[s.first].text for s in analysis.sentences] == starts
