"""The PETRARCH unit-test evaluation: record loading, scoring rules, and the gate on the full file.

Unit tests use invented records; the gold file is read from ../shared at run time only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from herald.errors import HeraldError
from herald.eval.petrarch import Coding, Record, evaluate_petrarch, load_records, score
from herald.model import Actor, Actors, Article, Event, Participant, Result, Span

RECORDS = """\
<Validation>
<Sentences>
<!-- invented records in the PETRARCH layout -->
<Sentence date="20120305" id="T-01" category="DEMO" sentence="true">
<EventCoding sourcecode="ZRB" targetcode="QLDMIL" eventcode="190"></EventCoding>
<EventCoding sourcecode='""' targetcode="ZRB" eventcode="010"></EventCoding>
<Text>
Zorbia shelled the Quelland
army on Monday.
</Text>
<Parse>(ROOT (S (NP (NNP Zorbia))))</Parse>
</Sentence>
<Sentence date = "19950101" id ="T-02" category="VERB"  sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing happened in Zorbia.</Text>
</Sentence>
<Sentence date="19950101" id="T-03" category="ERROR" sentence="true">
<EventCoding error="sentencediscard"></EventCoding>
<Text>Zorbia won the cup.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_load_records(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    first, quiet, discard = load_records(path)
    assert first.id == "T-01" and first.category == "DEMO"
    assert first.published == date(2012, 3, 5)
    assert first.text == "Zorbia shelled the Quelland army on Monday."
    assert first.codings == (Coding("ZRB", "QLDMIL", "190"), Coding("---", "ZRB", "010"))
    assert quiet.codings == () and discard.codings == ()  # both expect no event


@pytest.mark.parametrize(
    "content",
    [
        "<Validation><Sentence date='1995' id='x'>",  # not well-formed
        "<Validation></Validation>",  # no records
        "<Validation><Sentence date='19950101' id='x'></Sentence></Validation>",  # no text
        "<Validation><Sentence date='1995-01' id='x'><Text>a</Text></Sentence></Validation>",
    ],
)
def test_malformed_records(tmp_path: Path, content: str) -> None:
    path = tmp_path / "records.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HeraldError) as caught:
        load_records(path)
    assert caught.value.code == "E107"


def _result(
    events: list[tuple[str, str | None, str | None]], actors: Actors | None = None
) -> Result:
    article = Article(id="a", raw="x", text="x")

    def side(code: str | None) -> tuple[Participant, ...]:
        if code == "via-actor":  # a participant without a code whose actor has one
            return (Participant(Span(0, 1), "a1", "Zorbia"),)
        return (Participant(Span(0, 1), None, "x", code=code),) if code else ()

    return Result(
        article=article,
        actors=actors or Actors(),
        events=tuple(
            Event(
                id=str(i),
                article_id="a",
                type="T",
                cameo=cameo,
                trigger=Span(0, 1),
                evidence=Span(0, 1),
                actors=side(source),
                recipients=side(target),
            )
            for i, (cameo, source, target) in enumerate(events)
        ),
    )


def _record(codings: tuple[Coding, ...], category: str = "DEMO") -> Record:
    return Record("r", category, date(1995, 1, 1), "x", codings)


def test_score_rules() -> None:
    zorbia = Actors(actors=(Actor("a1", "Zorbia", "state", code="ZRB"),))
    records = [
        _record((Coding("ZRB", "QLD", "190"), Coding("QLD", "---", "010"))),
        _record((Coding("ZRB", "QLD", "064"),)),
        _record(()),
        _record((), "ERROR"),
    ]
    results = [
        # exact triple for the first coding; the second has its root, source and empty target
        _result([("190", "via-actor", "QLD"), ("012", "QLD", None)], zorbia),
        _result([("061", "QLD", "ZRB")]),  # root only
        _result([]),  # correct abstention
        _result([("010", None, None)]),  # an event where none was expected
    ]
    metrics, report = score(records, results)
    assert metrics["n"] == 4 and metrics["codings"] == 3
    assert metrics["cameo_root_accuracy"] == 1.0
    assert metrics["cameo_code_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["source_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["target_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["triple_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert (metrics["no_event_n"], metrics["no_event_accuracy"]) == (2, 0.5)
    assert "DEMO" in report and "ERROR" in report


@pytest.mark.shared
def test_gold_file_counts(shared: Path) -> None:
    records = load_records(shared / "data" / "petrarch_validation" / "PETR.UnitTest.records.xml")
    assert len(records) == 284
    assert sum(len(r.codings) for r in records) == 359
    assert sum(not r.codings for r in records) == 27  # noevents, discards, errors, one uncoded


@pytest.mark.shared
@pytest.mark.model
def test_petrarch_gate(shared: Path) -> None:
    metrics, _ = evaluate_petrarch(shared / "data" / "petrarch_validation")
    assert metrics["n"] == 284 and metrics["rejected"] == 0
    # Floors just below the values measured with the analyst's toy dictionaries replacing
    # Herald's own (the issue asks root >= 0.75 and full code >= 0.50).
    assert metrics["cameo_root_accuracy"] >= 0.86  # measured 0.886
    assert metrics["cameo_code_accuracy"] >= 0.85  # measured 0.877
    assert metrics["source_accuracy"] >= 0.66  # measured 0.685
    assert metrics["target_accuracy"] >= 0.74  # measured 0.766
    assert metrics["no_event_accuracy"] >= 0.55  # measured 0.593
