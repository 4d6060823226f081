"""Shared evaluation helpers: reading gold files in any container, sampling, metric arithmetic."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from herald.errors import ConfigError, HeraldError
from herald.eval.common import (
    NONE,
    accuracy,
    macro_f1,
    per_label,
    read_text,
    sample,
    table,
    top_event,
    weighted_f1,
)
from herald.model import Event, Span

Metric = Callable[[Sequence[str], Sequence[str]], float]
TEXT = "id\tEventSnippet\tSubType\n1\tPolice arrested ten people.\tARREST\n"


def _write(path: Path, container: str, text: str) -> Path:
    data = text.encode("utf-8")
    if container == "gzip":
        path.write_bytes(gzip.compress(data))
    elif container == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("inner.tsv", data)
            archive.writestr("__MACOSX/._inner.tsv", b"resource fork")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize("container", ["plain", "gzip", "zip"])
def test_read_text_opens_any_container_by_content(tmp_path: Path, container: str) -> None:
    # The name says nothing: held-out files are recognised by their first bytes.
    assert read_text(_write(tmp_path / "data.bin", container, TEXT)) == TEXT


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"\x1f\x8b\x08broken gzip", "E111"), (b"\xff\xfe\xfa bad utf-8", "E104")],
)
def test_read_text_gives_coded_errors(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    with pytest.raises(HeraldError) as info:
        read_text(path)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("size", "limit", "expected"),
    [
        (10, 3, [0, 3, 6]),
        (10, 5, [0, 2, 4, 6, 8]),
        (4, None, [0, 1, 2, 3]),
        (4, 9, [0, 1, 2, 3]),
    ],
)
def test_sample_takes_every_kth_record(size: int, limit: int | None, expected: list[int]) -> None:
    assert sample(list(range(size)), limit) == expected


@pytest.mark.parametrize("limit", [0, -2])
def test_sample_refuses_a_limit_below_one(limit: int) -> None:
    with pytest.raises(ConfigError) as info:
        sample([1, 2], limit)
    assert info.value.code == "E701"


# Hand-checked example: gold A A B C, predicted A B B NONE.
# A: P 1/1, R 1/2, F1 2/3; B: P 1/2, R 1/1, F1 2/3; C: P 0, R 0, F1 0 (NONE is no class).
GOLD = ["A", "A", "B", "C"]
PRED = ["A", "B", "B", NONE]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        (accuracy, 0.5),
        (macro_f1, (2 / 3 + 2 / 3 + 0) / 3),
        (weighted_f1, (2 * 2 / 3 + 1 * 2 / 3 + 0) / 4),
    ],
)
def test_metric_arithmetic(metric: Metric, expected: float) -> None:
    assert metric(GOLD, PRED) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("label", "precision", "recall", "n"), [("A", 1.0, 0.5, 2), ("B", 0.5, 1.0, 1), ("C", 0, 0, 1)]
)
def test_per_label_scores_only_gold_labels(
    label: str, precision: float, recall: float, n: int
) -> None:
    scores = per_label(GOLD, PRED)
    assert NONE not in scores
    assert (scores[label].precision, scores[label].recall, scores[label].n) == pytest.approx(
        (precision, recall, n)
    )


@pytest.mark.parametrize("metric", [accuracy, macro_f1, weighted_f1])
def test_metrics_of_nothing_are_zero(metric: Metric) -> None:
    assert metric([], []) == 0.0


def _event(start: int, confidence: float, kind: str = "ACCUSE") -> Event:
    return Event(
        id=f"e{start}",
        article_id="a",
        type=kind,
        cameo="110",
        trigger=Span(start, start + 3),
        evidence=Span(0, 50),
        confidence=confidence,
    )


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([_event(10, 0.6), _event(20, 0.8)], "e20"),
        ([_event(30, 0.8), _event(5, 0.8)], "e5"),
    ],
)
def test_top_event_prefers_confidence_then_the_earliest(events: list[Event], expected: str) -> None:
    best = top_event(events)
    assert best is not None and best.id == expected


@pytest.mark.parametrize("events", [[]])
def test_top_event_of_no_events_is_none(events: list[Event]) -> None:
    assert top_event(events) is None


@pytest.mark.parametrize(("rows", "expected"), [([("x", 0.5)], "a      b\nx  0.500")])
def test_table_aligns_columns(rows: list[tuple[str, float]], expected: str) -> None:
    assert table(["a", "b"], rows) == expected
