"""PolNeAR scorer: brat reading, annotator choice, alignment; a gate on the visible dev set."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from herald.eval.polnear import load_polnear

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


@pytest.mark.shared
@pytest.mark.model
def test_polnear_dev_stays_above_floor(shared: Path) -> None:
    from herald.eval import run_eval

    metrics, _ = run_eval("polnear", shared / "data/polnear/polnear_dev.tar.gz", limit=40)
    assert metrics["n"] == 40
    assert metrics["source_f1"] >= SOURCE_FLOOR
    assert metrics["content_f1"] >= CONTENT_FLOOR


SOURCE_FLOOR = 0.66  # measured 0.685 on 40 of 84 articles (0.697 on all; 0.450 before)
CONTENT_FLOOR = 0.71  # measured 0.736 on 40 articles (0.749 on all; 0.713 before)
