"""Folders: read recursively, narrowed by include and exclude globs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from herald.sources import read_inputs
from sources.samples import write

STORY = "Niger's junta expelled the French ambassador on Tuesday, state television said."
LAYOUT = ["a.txt", "b.html", "news/c.txt", "news/old/d.md", "drafts/e.txt", "news/f.pdf"]


def keys(root: Path, include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    items = read_inputs([root], max_bytes=1_000_000, include=include, exclude=exclude)
    return [Path(item.key.split("#")[0]).relative_to(root).as_posix() for item in items]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in LAYOUT:
        write(tmp_path / name, f"<p>{STORY}</p>" if name.endswith(".html") else STORY)
    return tmp_path


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), ["a.txt", "b.html", "drafts/e.txt", "news/c.txt", "news/old/d.md"]),
        (("*.txt",), (), ["a.txt", "drafts/e.txt", "news/c.txt"]),
        (("*.txt", "*.md"), ("drafts",), ["a.txt", "news/c.txt", "news/old/d.md"]),
        (("news/*",), (), ["news/c.txt", "news/old/d.md"]),  # * crosses folders; no .pdf
        ((), ("news/old", "*.html"), ["a.txt", "drafts/e.txt", "news/c.txt"]),
        (("*.txt",), ("*.txt",), []),  # exclusion wins
    ],
)
def test_globs_narrow_the_files_of_a_folder(
    tree: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    assert keys(tree, include, exclude) == expected


@pytest.mark.parametrize("exclude", [("*.txt",)])
def test_globs_do_not_filter_a_file_named_directly(tree: Path, exclude: tuple[str, ...]) -> None:
    items = list(read_inputs([tree / "a.txt"], max_bytes=1_000_000, exclude=exclude))
    assert [item.key for item in items] == [str(tree / "a.txt")]
