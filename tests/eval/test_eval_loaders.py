"""Gold-data loaders on tiny hand-written files: plain, gzipped, and malformed (coded errors)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from herald.errors import HeraldError
from herald.eval.case2021 import load_case2021
from herald.eval.common import MALFORMED
from herald.eval.conflibert import adjudicate, load_conflibert, load_votes, round_files
from herald.eval.ngec import load_ngec
from herald.eval.plover_gsr import load_gsr


def _save(path: Path, text: str, compressed: bool) -> Path:
    if compressed:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _raises(code: str, load: Callable[[Path], Any], path: Path) -> HeraldError:
    with pytest.raises(HeraldError) as info:
        load(path)
    assert info.value.code == code
    return info.value


# --- PLOVER GSR ----------------------------------------------------------------------------------

GSR_RECORDS: list[dict[str, Any]] = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "header"},
    {
        "id": "G-DEMAND-1",
        "date": "2000-01-01",
        "event": "DEMAND",
        "eventText": "urged",
        "text": "Ruritania urged Freedonia to free the fishermen.",
        "source": [{"actorText": "Ruritania", "code": "RUR", "sector": "GOVxyz"}],
        "target": [{"actorText": "Freedonia", "code": "FRE"}],
    },
    {
        "id": "G-AGREE-1",
        "date": "2000-01-01",
        "event": "AGREE",
        "eventText": "agreed",
        "text": "Both sides agreed to talk.",
        "source": [{"actorText": "Ruritania", "code": "RUR"}],
        "target": "",
    },
]


def _gsr_text(records: list[dict[str, Any]]) -> str:
    # One record per line, as the distributed file lays them out (so line numbers mean something).
    return "[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n"


@pytest.mark.parametrize("compressed", [False, True])
def test_gsr_loader_skips_the_header_and_maps_old_types(tmp_path: Path, compressed: bool) -> None:
    path = _save(tmp_path / "PLOVER_GSR_CAMEO.txt", _gsr_text(GSR_RECORDS), compressed)
    records = load_gsr(path)
    assert [(r.id, r.event) for r in records] == [("G-DEMAND-1", "REQUEST"), ("G-AGREE-1", "AGREE")]


@pytest.mark.parametrize("target", ["", "diplomatic", None])
def test_gsr_loader_reads_a_stray_target_string_as_no_target(
    tmp_path: Path, target: str | None
) -> None:
    record = {**GSR_RECORDS[1], "target": target}
    path = _save(tmp_path / "g.txt", _gsr_text([record]), False)
    assert load_gsr(path)[0].targets == ()


@pytest.mark.parametrize("compressed", [False, True])
def test_gsr_loader_finds_the_file_in_a_folder(tmp_path: Path, compressed: bool) -> None:
    _save(tmp_path / "PLOVER_GSR_CAMEO.txt", _gsr_text(GSR_RECORDS), compressed)
    assert len(load_gsr(tmp_path)) == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('[\n{"event": "AGREE", "text": "x"},\n{"event": "AGREE" "text": "y"}\n]', 3),
        ('[\n{"event": "AGREE", "text": "x"}\n{"event": "AGREE", "text": "y"}\n]', 3),
        ('{"event": "AGREE", "text": "x"}', 1),
        ('[\n{"event": "AGREE", "text": "x"},\n{"event": "AGREE"}\n]', 3),
        ('[\n{"event": "AGREE", "text": "x", "source": ["RUR"]}\n]', 2),
        ('[\n"just a string"\n]', 2),
    ],
)
def test_gsr_loader_rejects_malformed_records_with_their_line(
    tmp_path: Path, text: str, line: int
) -> None:
    path = _save(tmp_path / "g.txt", text, False)
    error = _raises(MALFORMED, load_gsr, path)
    assert error.details["line"] == line


# --- CAMEO-ConfliBERT ----------------------------------------------------------------------------

HEADER = [
    "ids",
    "sentences",
    "1_Relevant_1",
    "Action1_CAMEO_1",
    "Action2_CAMEO_1",
    "Action1_CAMEO_2",
    "Action1_CAMEO_3",
]


def _round(rows: list[list[str]], header: list[str] = HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


ROUND = _round(
    [
        # coder 1's main action is their first filled one (Action2 when Action1 is empty)
        ["a", "Police arrested\nthe mayor.", "True", "", "4-17 Coerce", "4-17 Coerce", ""],
        ["b", "Leaders met in Oslo.", "True", "1-4 Consult", "", "0-1 Make Public Statement", ""],
        ["c", "Nothing happened.", "False", "", "", "", ""],
    ]
)


@pytest.mark.parametrize("compressed", [False, True])
def test_conflibert_votes_are_each_coders_first_action(tmp_path: Path, compressed: bool) -> None:
    path = _save(tmp_path / "r1_summary.csv", ROUND, compressed)
    votes = load_votes(path)
    assert [(v.sentence, v.root) for v in votes] == [
        ("Police arrested the mayor.", "17"),
        ("Police arrested the mayor.", "17"),
        ("Leaders met in Oslo.", "04"),
        ("Leaders met in Oslo.", "01"),
    ]


@pytest.mark.parametrize(("ties", "kept"), [(1, ["Police arrested the mayor."])])
def test_conflibert_majority_vote_skips_ties(tmp_path: Path, ties: int, kept: list[str]) -> None:
    path = _save(tmp_path / "r1_summary.csv", ROUND, False)
    gold, tied = adjudicate(load_votes(path))
    assert ([g.text for g in gold], tied) == (kept, ties)


@pytest.mark.parametrize(
    "names", [("r4_summary.csv", "r4_summary_v2.csv", "r4_relevant_r4.csv", "r5_summary.csv")]
)
def test_conflibert_reads_the_latest_version_of_each_round(
    tmp_path: Path, names: tuple[str, ...]
) -> None:
    for name in names:
        (tmp_path / name).write_text(ROUND, encoding="utf-8")
    assert [p.name for p in round_files(tmp_path)] == ["r4_summary_v2.csv", "r5_summary.csv"]


@pytest.mark.parametrize("rounds", [2])
def test_conflibert_votes_add_up_over_rounds(tmp_path: Path, rounds: int) -> None:
    for number in range(1, rounds + 1):
        (tmp_path / f"r{number}_summary.csv").write_text(ROUND, encoding="utf-8")
    gold, ties = load_conflibert(tmp_path)
    assert [(g.root, g.votes) for g in gold] == [("17", 2 * rounds)] and ties == 1


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (_round([["a", "Text.", "True", "Coerce", "", "", ""]]), 2),
        (_round([["a", "Fine.", "True", "4-17 Coerce", "", "", ""], ["b", "Short."]]), 3),
        (_round([["a", "", "True", "4-17 Coerce", "", "", ""]]), 2),
        (_round([["a", "Text."]], header=["ids", "sentences"]), 1),
        (_round([["a", "4-17"]], header=["ids", "text", "Action1_CAMEO_1"]), 1),
        ("", 1),
    ],
)
def test_conflibert_rejects_malformed_rows_with_their_line(
    tmp_path: Path, text: str, line: int
) -> None:
    path = _save(tmp_path / "r1_summary.csv", text, False)
    error = _raises(MALFORMED, load_votes, path)
    assert error.details["line"] == line


@pytest.mark.parametrize("pattern", ["r*_relevant_*.csv"])
def test_conflibert_folder_without_round_files_is_not_found(tmp_path: Path, pattern: str) -> None:
    (tmp_path / "r1_relevant_r1.csv").write_text("story,sentences\n", encoding="utf-8")
    _raises("E101", load_conflibert, tmp_path)


# --- CASE 2021 -----------------------------------------------------------------------------------

CASE = (
    "id\tEventSnippet\tSubType\n"
    '1\tPolice arrested ten "protesters" in the capital.\tARREST\n'
    "\n"
    "2\tRebels shelled the town overnight.\tART_MISS_ATTACK\n"
)


@pytest.mark.parametrize("compressed", [False, True])
def test_case2021_loader_reads_snippets_and_labels(tmp_path: Path, compressed: bool) -> None:
    snippets = load_case2021(_save(tmp_path / "test.tsv", CASE, compressed))
    assert [(s.id, s.label) for s in snippets] == [("1", "ARREST"), ("2", "ART_MISS_ATTACK")]
    assert snippets[0].text.startswith('Police arrested ten "protesters"')


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id\tEventSnippet\tSubType\n1\tno label here\n", 2),
        ("id\tEventSnippet\tSubType\n1\tok\tARREST\n2\t\tARREST\n", 3),
        ("id\tText\tLabel\n1\tx\tARREST\n", 1),
        ("", 1),
    ],
)
def test_case2021_loader_rejects_malformed_lines(tmp_path: Path, text: str, line: int) -> None:
    error = _raises(MALFORMED, load_case2021, _save(tmp_path / "t.tsv", text, False))
    assert error.details["line"] == line


# --- NGEC synthetic ------------------------------------------------------------------------------

NGEC = (
    "disclaimer,text,title,source,prompt,label,mode\n"
    'SYNTHETIC,"Workers walked out, demanding pay.",T,S,P,PROTEST,STRIKE\n'
    "SYNTHETIC,Envoys met in Geneva.,T,S,P,consult,\n"
)


@pytest.mark.parametrize("container", ["plain", "gzip", "zip"])
def test_ngec_loader_reads_any_container(tmp_path: Path, container: str) -> None:
    path = tmp_path / "stories.csv"
    if container == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("stories.csv", NGEC)
    else:
        _save(path, NGEC, container == "gzip")
    stories = load_ngec(path)
    assert [(s.label, s.mode) for s in stories] == [("PROTEST", "STRIKE"), ("CONSULT", "")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("text,label\nA story.,PROTEST\nAnother story.\n", 3),
        ("text,label\nA story.,PROTEST,extra\n", 2),
        ("text,label\n,PROTEST\n", 2),
        ("story,event\nA story.,PROTEST\n", 1),
    ],
)
def test_ngec_loader_rejects_malformed_rows(tmp_path: Path, text: str, line: int) -> None:
    error = _raises(MALFORMED, load_ngec, _save(tmp_path / "s.csv", text, False))
    assert error.details["line"] == line


# --- through the command line --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "filename", "text"),
    [
        ("case2021", "bad.tsv", "id\tEventSnippet\tSubType\n1\tonly two\n"),
        ("plover-gsr", "bad.txt", "[\n{oops}\n]"),
        ("ngec-synthetic", "bad.csv", "text\nno label column\n"),
    ],
)
def test_cli_reports_malformed_gold_data_as_one_coded_line(
    tmp_path: Path, name: str, filename: str, text: str
) -> None:
    path = _save(tmp_path / filename, text, False)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from herald.cli import main; main()",
            "eval",
            name,
            "--data",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"[{MALFORMED}]" in result.stderr and "Traceback" not in result.stderr
