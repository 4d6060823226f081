"""TempEval-3 TimeML scorer: reading documents, matching spans and values, the gate."""

from __future__ import annotations

import io
import tarfile
from datetime import date
from pathlib import Path

import pytest

from herald.eval import run_eval
from herald.eval.tempeval import Counts, GoldTimex, load_timeml, score_document
from herald.model import Span

# A made-up document in the TimeML layout (not taken from the corpus).
_DOC = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>X1</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="2001-03-09" functionInDocument="CREATION_TIME">'
    "March 9, 2001</TIMEX3></DCT>\n<TEXT>\nThe board "
    '<EVENT eid="e1" class="OCCURRENCE">met</EVENT> '
    '<TIMEX3 tid="t1" type="DATE" value="2001-03-08">Thursday</TIMEX3> and will vote '
    '<TIMEX3 tid="t2" type="DATE" value="2001-04">next month</TIMEX3>.\n</TEXT>\n</TimeML>\n'
)


def _tar(tmp_path: Path) -> Path:
    path = tmp_path / "tml.tar.gz"
    data = _DOC.encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("corpus/X1.tml")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("kind", ["tar", "folder", "file"])
def test_loads_text_offsets_and_dct(tmp_path: Path, kind: str) -> None:
    if kind == "tar":
        path = _tar(tmp_path)
    else:
        (tmp_path / "X1.tml").write_text(_DOC, encoding="utf-8")
        path = tmp_path if kind == "folder" else tmp_path / "X1.tml"
    (doc,) = load_timeml(path)
    assert doc.dct == date(2001, 3, 9)
    assert [(t.span.text(doc.text), t.value) for t in doc.timexes] == [
        ("Thursday", "2001-03-08"),
        ("next month", "2001-04"),
    ]


def test_scoring_strict_relaxed_and_value() -> None:
    gold = (GoldTimex(Span(0, 8), "DATE", "2001-03-08"), GoldTimex(Span(20, 30), "DATE", "2001-04"))
    # One exact span with the right value, one overlapping span with a wrong value, one extra.
    system = [(Span(0, 8), "2001-03-08"), (Span(20, 25), "2001-05"), (Span(40, 44), "2001")]
    counts = Counts()
    wrong = score_document(gold, system, counts)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed, counts.value) == (
        2,
        3,
        1,
        2,
        1,
    )
    assert [w[1] for w in wrong] == ["2001-05"]
    assert counts.f1(counts.value) == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


@pytest.mark.shared
@pytest.mark.model
def test_tempeval_gate(shared: Path) -> None:
    # An evenly spread sample of 120 of the 256 documents keeps this under a minute.
    metrics, _ = run_eval("tempeval", shared / "data/tempeval3/TBAQ-cleaned.tar.gz", limit=120)
    assert metrics["n"] == 120
    assert metrics["relaxed_span_f1"] >= 0.93  # measured 0.936 (all 257: 0.941)
    assert metrics["strict_span_f1"] >= 0.845  # measured 0.853 (all 257: 0.869)
    assert metrics["value_f1"] >= 0.79  # measured 0.800 (all 257: 0.804)
