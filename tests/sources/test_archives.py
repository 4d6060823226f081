"""gzip and zip inputs: members read by their own suffix, within per-member and total caps."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from herald.model import RawArticle, Rejection
from herald.sources import read_inputs
from herald.sources._archive import TOTAL_FACTOR
from sources.samples import outcomes, write

LIMIT = 1_000_000
STORY = "Niger's junta expelled the French ambassador on Tuesday, state television said."
PAGE = f"<html><body><article><p>{STORY}</p></article></body></html>"


def read(
    *paths: str | Path, max_bytes: int = LIMIT, include: Sequence[str] = ()
) -> list[RawArticle | Rejection]:
    return list(read_inputs(paths, max_bytes=max_bytes, include=include))


def zipped(members: Mapping[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "inner", "expected"),
    [
        ("a.txt.gz", STORY, [("", "text")]),
        ("a.html.gz", PAGE, [("", "html")]),
        ("a.jsonl.gz", json.dumps({"text": STORY}), [("#line1", "jsonl")]),
    ],
)
def test_gzip_file_is_read_by_its_inner_suffix(
    tmp_path: Path, name: str, inner: str, expected: list[tuple[str, str]]
) -> None:
    path = write(tmp_path / name, gzip.compress(inner.encode()))
    assert outcomes(read(path)) == [(f"{path}{suffix}", fmt) for suffix, fmt in expected]


@pytest.mark.parametrize(
    ("data", "limit", "code"),
    [
        (gzip.compress(STORY.encode())[:-10], LIMIT, "E114"),  # truncated
        (b"\x1f\x8b but not really gzip", LIMIT, "E114"),
        (STORY.encode(), LIMIT, "E114"),  # not compressed at all
        (gzip.compress(b"\0" * 2_000_000), 100_000, "E105"),  # a small bomb
        (gzip.compress(b""), LIMIT, "E102"),
    ],
)
def test_bad_gzip_is_rejected(tmp_path: Path, data: bytes, limit: int, code: str) -> None:
    path = write(tmp_path / "a.txt.gz", data)
    assert outcomes(read(path, max_bytes=limit)) == [(str(path), code)]


@pytest.mark.parametrize("name", ["a.gz", "notes.pdf.gz"])
def test_gzip_of_an_unknown_kind_is_unsupported_e106(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, gzip.compress(STORY.encode()))
    assert outcomes(read(path)) == [(str(path), "E106")]


@pytest.mark.parametrize(
    "members",
    [
        {
            "news/a.txt": STORY,
            "news/b.html": PAGE,
            "feed.jsonl": json.dumps({"text": STORY}) + "\n" + json.dumps({"text": STORY + "!"}),
            "logo.png": b"\x89PNG",
            "__MACOSX/news/._a.txt": b"\0\0",
            ".hidden.txt": STORY,
            "empty/": b"",
        }
    ],
)
def test_zip_members_are_read_by_their_suffix(
    tmp_path: Path, members: dict[str, bytes | str]
) -> None:
    path = write(tmp_path / "batch.zip", zipped(members))
    assert outcomes(read(path)) == [
        (f"{path}!news/a.txt", "text"),
        (f"{path}!news/b.html", "html"),
        (f"{path}!feed.jsonl#line1", "jsonl"),
        (f"{path}!feed.jsonl#line2", "jsonl"),
    ]


@pytest.mark.parametrize("limit", [100_000])
def test_zip_member_over_the_limit_is_refused_unread(tmp_path: Path, limit: int) -> None:
    # Two megabytes of zeros pack into a few kilobytes: a zip bomb in miniature.
    members: dict[str, bytes | str] = {"bomb.txt": b"\0" * 2_000_000, "ok.txt": STORY}
    path = write(tmp_path / "batch.zip", zipped(members))
    assert outcomes(read(path, max_bytes=limit)) == [
        (f"{path}!bomb.txt", "E105"),
        (f"{path}!ok.txt", "text"),
    ]


@pytest.mark.parametrize("limit", [1000])
def test_zip_members_together_are_capped(tmp_path: Path, limit: int) -> None:
    # Each member stays under the limit; together they pass the total cap at the last one.
    text = (STORY + " ") * (limit // (len(STORY) + 1))
    members = {f"{n:02}.txt": text for n in range(TOTAL_FACTOR + 1)}
    path = write(tmp_path / "batch.zip", zipped(members))
    got = outcomes(read(path, max_bytes=limit))
    assert got[:-1] == [(f"{path}!{n:02}.txt", "text") for n in range(TOTAL_FACTOR)]
    assert got[-1] == (str(path), "E105")


@pytest.mark.parametrize(
    ("data", "key_suffix", "code"),
    [
        (b"PK\x03\x04 not a real zip", "", "E114"),
        (zipped({"a.txt": STORY})[:40], "", "E114"),  # truncated: no central directory
        (zipped({"inner.zip": zipped({"a.txt": STORY})}), "!inner.zip", "E114"),
        (zipped({"a.txt": b""}), "!a.txt", "E102"),
        (zipped({"logo.png": b"\x89PNG"}), None, ""),  # nothing to read
    ],
)
def test_bad_zip_is_rejected(
    tmp_path: Path, data: bytes, key_suffix: str | None, code: str
) -> None:
    path = write(tmp_path / "batch.zip", data)
    expected = [] if key_suffix is None else [(f"{path}{key_suffix}", code)]
    assert outcomes(read(path)) == expected


@pytest.mark.parametrize("offset", [10])
def test_zip_member_with_a_damaged_body_is_rejected_e114(tmp_path: Path, offset: int) -> None:
    data = bytearray(zipped({"a.txt": STORY * 20}))
    start = data.index(b"a.txt") + len("a.txt")  # the local header's name, then the body
    data[start + offset] ^= 0xFF
    path = write(tmp_path / "batch.zip", bytes(data))
    assert outcomes(read(path)) == [(f"{path}!a.txt", "E114")]


@pytest.mark.parametrize("include", [["*.html"]])
def test_globs_apply_to_zip_members(tmp_path: Path, include: list[str]) -> None:
    path = write(tmp_path / "batch.zip", zipped({"a.txt": STORY, "b.html": PAGE}))
    assert outcomes(read(path, include=include)) == [(f"{path}!b.html", "html")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (gzip.compress(STORY.encode()), [("<stdin>", "text")]),
        (zipped({"a.txt": STORY}), [("<stdin>!a.txt", "text")]),
    ],
)
def test_archive_on_stdin_is_recognised(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected: list[tuple[str, str]]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert outcomes(read("-")) == expected
