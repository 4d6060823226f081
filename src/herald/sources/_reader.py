"""Walk the given paths and turn every input into RawArticles or coded ingest rejections."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from herald.errors import InputError
from herald.model import RawArticle, Rejection
from herald.sources._decode import decode
from herald.sources._formats import FORMATS, Item, parse_html, parse_json, parse_jsonl, parse_text

#: The key standard input is known by in messages and rejections.
STDIN_KEY = "<stdin>"
STAGE = "ingest"


def read_inputs(paths: Iterable[str | Path], *, max_bytes: int) -> Iterator[RawArticle | Rejection]:
    """Yield one RawArticle per article found in ``paths``, or a Rejection for each bad input.

    A path is a file, a directory (read recursively in sorted order, skipping hidden entries and
    unsupported suffixes) or ``-`` for standard input. Nothing here raises for a bad input: every
    problem becomes a Rejection with stage ``ingest`` and an E1xx code.
    """
    for given in paths:
        if str(given) == "-":
            yield from _read_stdin(max_bytes)
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from _read_file(file, max_bytes)
        elif path.is_file():
            if path.suffix.lower() in FORMATS:
                yield from _read_file(path, max_bytes)
            else:
                yield _reject(str(path), InputError("E106", path=str(path)))
        else:
            yield _reject(str(path), InputError("E101", path=str(path)))


def _walk(root: Path) -> Iterator[Path]:
    """Supported files under ``root`` in a deterministic order, not following symlinked dirs."""
    for folder, dirs, files in os.walk(root):
        # Sorting in place also fixes the order os.walk descends in.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            if not name.startswith(".") and path.suffix.lower() in FORMATS:
                yield path


def _reject(key: str, error: InputError) -> Rejection:
    return Rejection(key=key, stage=STAGE, code=error.code, message=str(error))


def _read_file(path: Path, max_bytes: int) -> Iterator[RawArticle | Rejection]:
    key = str(path)
    try:
        size = path.stat().st_size
        # Checked before reading so a huge file is never loaded into memory.
        if size > max_bytes:
            raise InputError("E105", path=key, size=size, limit=max_bytes)
        data = path.read_bytes()
    except InputError as error:
        yield _reject(key, error)
        return
    except OSError as exc:
        yield _reject(key, InputError("E111", path=key, detail=exc.strerror or str(exc)))
        return
    yield from _parse(data, key=key, fmt=FORMATS[path.suffix.lower()], max_bytes=max_bytes)


def _read_stdin(max_bytes: int) -> Iterator[RawArticle | Rejection]:
    try:
        # One byte over the limit is enough to know it is too large.
        data = sys.stdin.buffer.read(max_bytes + 1)
    except OSError as exc:
        yield _reject(STDIN_KEY, InputError("E111", path=STDIN_KEY, detail=str(exc)))
        return
    yield from _parse(data, key=STDIN_KEY, fmt=_sniff(data), max_bytes=max_bytes)


def _sniff(data: bytes) -> str:
    """Standard input has no suffix: guess the kind from how it starts."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")):
        return "html"
    if head.startswith(b"{") and b"\n{" in data.strip():
        return "jsonl"
    if head.startswith((b"{", b"[")):
        return "json"
    return "text"


def _parse(data: bytes, *, key: str, fmt: str, max_bytes: int) -> Iterator[RawArticle | Rejection]:
    try:
        if len(data) > max_bytes:
            raise InputError("E105", path=key, size=len(data), limit=max_bytes)
        if not data.strip():
            raise InputError("E102", path=key)
        text, encoding = decode(data, key)
        if not text.strip():
            raise InputError("E102", path=key)
        if fmt == "html":
            yield parse_html(text, key=key, encoding=encoding)
            return
        if fmt in ("text", "markdown"):
            yield parse_text(text, key=key, encoding=encoding, fmt=fmt)
            return
    except InputError as error:
        yield _reject(key, error)
        return
    parse = parse_jsonl if fmt == "jsonl" else parse_json
    for item in parse(text, path=key, encoding=encoding):
        yield _item(item)


def _item(item: Item) -> RawArticle | Rejection:
    if isinstance(item.outcome, InputError):
        return _reject(item.key, item.outcome)
    return item.outcome
