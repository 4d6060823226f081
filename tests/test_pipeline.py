"""The pipeline: stage order, coded rejections per article, the batch going on."""

from __future__ import annotations

from datetime import date

import pytest

import herald
from herald import pipeline
from herald.errors import MESSAGES, HeraldError
from herald.model import RawArticle, Rejection

GOOD = "Officials said the army of Mali attacked rebels near Gao on Monday."


def test_stage_order_is_declared_in_one_place() -> None:
    assert pipeline.STAGES == ("clean", "nlp", "actors", "events", "time", "geo", "quotes")


@pytest.mark.parametrize("name", herald.__all__)
def test_public_names_exist(name: str) -> None:
    assert hasattr(herald, name)


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_error_code_has_a_message_and_a_fix(code: str) -> None:
    template, fix = MESSAGES[code]
    assert template and fix and code[0] == "E" and len(code) == 4


@pytest.mark.parametrize(
    ("code", "details", "needle"),
    [("E102", {"path": "a.txt"}, "a.txt"), ("E999", {"detail": "odd"}, "odd")],
)
def test_errors_render_code_and_details(code: str, details: dict[str, str], needle: str) -> None:
    error = HeraldError(code, **details)
    assert str(error).startswith(f"[{code}]") and needle in str(error)


@pytest.mark.model
@pytest.mark.parametrize("stage", ["resolve_actors", "extract_events", "extract_quotes"])
def test_a_failing_stage_rejects_only_its_article(
    monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    real = getattr(pipeline, stage)

    def flaky(article: object, *args: object) -> object:
        if "BOOM" in getattr(article, "text", ""):
            raise ValueError("boom")
        return real(article, *args)

    monkeypatch.setattr(pipeline, stage, flaky)
    inputs = [
        RawArticle(key="bad", text="BOOM. The army of Mali attacked rebels."),
        RawArticle(key="good", text=GOOD),
    ]
    results = list(pipeline.run(inputs, published=date(2024, 1, 1)))
    assert [r.rejections[0].code if r.rejections else None for r in results] == ["E401", None]
    assert results[1].events


@pytest.mark.model
@pytest.mark.parametrize("text", ["", "   \n\n  ", "Share\nRead more\nSubscribe"])
def test_nothing_left_after_cleaning_is_rejected_not_raised(text: str) -> None:
    inputs: list[RawArticle | Rejection] = [RawArticle(key="x", text=text)]
    (result,) = pipeline.run(inputs)
    assert result.rejections and result.rejections[0].code == "E201"


@pytest.mark.parametrize("key", ["reader-said-no"])
def test_reader_rejections_pass_through(key: str) -> None:
    rejection = Rejection(key=key, stage="ingest", code="E103", message="[E103] binary")
    (result,) = pipeline.run([rejection])
    assert result.rejections == (rejection,)


@pytest.mark.model
@pytest.mark.parametrize("text", [GOOD])
def test_every_span_lies_inside_the_cleaned_text(text: str) -> None:
    result = herald.process_text(text, published=date(2024, 3, 4))
    n = len(result.article.text)
    spans = [e.evidence for e in result.events] + [e.trigger for e in result.events]
    spans += [m.span for m in result.actors.mentions] + [t.span for t in result.times]
    assert spans and all(0 <= s.start <= s.end <= n for s in spans)
