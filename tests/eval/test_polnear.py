"""PolNeAR scorer: brat reading, annotator choice, alignment; a gate on the visible dev set."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import pytest

from herald.eval.polnear import _project, load_polnear
from herald.model import Quote, Span

TEXT = "Officials said that the talks will resume soon."


def _archive(path: Path, files: dict[str, str]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            data = content.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_reads_archive_and_picks_consensus_annotator(tmp_path: Path) -> None:
    agree = "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\nT3\tContent 20 46\tx\n"
    odd = "T1\tSource 0 9\tOfficials\n"
    path = tmp_path / "polnear_dev.tar.gz"
    _archive(
        path,
        {
            "dev/text/a.txt": TEXT,
            "dev/attributions/a_00aa.ann": odd,
            "dev/attributions/a_11bb.ann": agree,
            "dev/attributions/a_22cc.ann": agree,
        },
    )
    docs = load_polnear(path)
    assert len(docs) == 1
    assert docs[0].annotator == "11bb"
    assert docs[0].gold["cue"] == [(10, 14)]
    assert load_polnear(tmp_path)[0].name == "a"


def _quote(text: str, speaker: str, cue: str, content: str, *, direct: bool) -> Quote:
    def span(part: str) -> Span:
        start = text.index(part)
        return Span(start, start + len(part))

    return Quote(
        id="q",
        article_id="a",
        content=span(content),
        speaker=span(speaker),
        cue=span(cue),
        direct=direct,
    )


def _roles(text: str, quote: Quote) -> dict[str, list[str]]:
    words = [m.group() for m in re.finditer(r"\w+|[^\w\s]", text)]
    return {
        role: [words[k] for k in sorted(ks)] for role, ks in _project(text, text, [quote]).items()
    }


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "content", "direct", "expected"),
    [
        (
            '"We will win," said Ana Ruiz.',
            "Ana Ruiz",
            "said",
            "We will win",
            True,
            {
                "source": ["Ana", "Ruiz"],
                "cue": ["said"],
                "content": ['"', "We", "will", "win", ",", '"'],
            },
        ),
        (
            "Ana Ruiz, a senator, said that we will win.",
            "Ana Ruiz, a senator",
            "said",
            "that we will win",
            False,
            {
                "source": ["Ana", "Ruiz", ",", "a", "senator", ","],
                "cue": ["said"],
                "content": ["that", "we", "will", "win"],
            },
        ),
    ],
)
def test_projection_adds_polnear_punctuation(
    text: str, speaker: str, cue: str, content: str, direct: bool, expected: dict[str, list[str]]
) -> None:
    """Quote marks belong to a direct quotation's content; the comma closing an apposition to the
    source."""
    assert _roles(text, _quote(text, speaker, cue, content, direct=direct)) == expected


@pytest.mark.shared
@pytest.mark.model
def test_polnear_dev_stays_above_floor(shared: Path) -> None:
    from herald.eval import run_eval

    metrics, _ = run_eval("polnear", shared / "data/polnear/polnear_dev.tar.gz", limit=40)
    assert metrics["n"] == 40
    assert metrics["source_f1"] >= SOURCE_FLOOR
    assert metrics["content_f1"] >= CONTENT_FLOOR
    assert metrics["cue_f1"] >= CUE_FLOOR


SOURCE_FLOOR = 0.74  # measured 0.752 on 40 of 84 articles (0.753 on all; 0.693 before)
CONTENT_FLOOR = 0.79  # measured 0.805 on 40 articles (0.810 on all; 0.744 before)
CUE_FLOOR = 0.55  # measured 0.570 on 40 articles (0.552 on all; 0.423 before)
