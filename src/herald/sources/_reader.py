"""Walk the given inputs and turn every one into RawArticles or coded ingest rejections."""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from herald.errors import ConfigError, InputError
from herald.model import RawArticle, Rejection
from herald.sources._archive import gunzip, zip_members
from herald.sources._decode import decode
from herald.sources._feeds import parse_feed
from herald.sources._formats import (
    FORMATS,
    RECORD_FIELDS,
    Item,
    parse_csv,
    parse_html,
    parse_json,
    parse_jsonl,
    parse_text,
    record_names,
)
from herald.sources._http import Fetched, fetch, is_url
from herald.sources._language import identify
from herald.sources._warc import read_warc

#: The key standard input is known by in messages and rejections.
STDIN_KEY = "<stdin>"
STAGE = "ingest"
#: Seconds to wait for a server to connect or send the next bytes.
DEFAULT_TIMEOUT = 10.0

#: Content-Type of a URL's answer -> format; JSON is told apart from JSON Lines by its content.
_MEDIA_TYPES: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/csv": "csv",
    "application/warc": "warc",
    "application/gzip": "gzip",
    "application/x-gzip": "gzip",
    "application/zip": "zip",
}


@dataclass(frozen=True, slots=True)
class _Options:
    max_bytes: int
    globs: _Globs
    names: Mapping[str, tuple[str, ...]]
    timeout: float


def read_inputs(
    paths: Iterable[str | Path],
    *,
    max_bytes: int,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    fields: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[RawArticle | Rejection]:
    """Yield one RawArticle per article found in ``paths``, or a Rejection for each bad input.

    A path is a file, a directory (read recursively in sorted order, skipping hidden entries and
    unsupported suffixes), an ``http://`` or ``https://`` URL, or ``-`` for standard input.
    ``include``/``exclude`` are globs for the files of directories and the members of zips: a
    pattern without ``/`` matches the name, one with ``/`` the path below the directory (``*``
    crosses ``/`` too); exclusion wins, and files named directly are always read. ``fields`` maps
    a RawArticle field to the key or column JSON, JSON Lines and CSV records hold it under.

    Nothing here raises for a bad input: every problem becomes a Rejection with stage ``ingest``
    and an E1xx code. An invalid ``fields`` mapping is a ConfigError (E701), raised at once.
    """
    _check_fields(fields)
    # A lone pattern given as a string would otherwise be split into one-letter globs.
    include = (include,) if isinstance(include, str) else include
    exclude = (exclude,) if isinstance(exclude, str) else exclude
    options = _Options(
        max_bytes=max_bytes,
        globs=_Globs(tuple(include), tuple(exclude)),
        names=record_names(fields),
        timeout=timeout,
    )
    return _read_all(paths, options)


def _check_fields(fields: Mapping[str, str] | None) -> None:
    for field, name in (fields or {}).items():
        if field not in RECORD_FIELDS:
            detail = f"unknown field {field!r}; use {', '.join(sorted(RECORD_FIELDS))}"
            raise ConfigError("E701", name="fields", value=dict(fields or {}), detail=detail)
        if not isinstance(name, str) or not name:
            detail = f"{field!r} must name a key or column"
            raise ConfigError("E701", name="fields", value=dict(fields or {}), detail=detail)


@dataclass(frozen=True, slots=True)
class _Globs:
    """Include and exclude globs over paths relative to a walked folder (or names in a zip)."""

    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def wants(self, relative: str) -> bool:
        return (not self.include or _hit(relative, self.include)) and not self.prunes(relative)

    def prunes(self, relative: str) -> bool:
        """Excluded: a file not read, or a folder not entered (include globs name files only)."""
        return _hit(relative, self.exclude)


def _hit(relative: str, patterns: tuple[str, ...]) -> bool:
    name = PurePosixPath(relative).name
    return any(
        fnmatchcase(relative, pattern) if "/" in pattern else fnmatchcase(name, pattern)
        for pattern in patterns
    )


def kind_of(name: str) -> str | None:
    """The format a file name stands for: a FORMATS value, ``gzip`` or ``zip``; None if none."""
    lowered = name.lower()
    if lowered.endswith(".warc.gz"):
        return "warc"
    if lowered.endswith(".gz"):
        # A compressed file is an input when what it holds would be one.
        inner = PurePosixPath(lowered[:-3]).suffix
        return "gzip" if inner in FORMATS else None
    if lowered.endswith(".zip"):
        return "zip"
    return FORMATS.get(PurePosixPath(lowered).suffix)


def _read_all(paths: Iterable[str | Path], options: _Options) -> Iterator[RawArticle | Rejection]:
    for given in paths:
        if str(given) == "-":
            yield from _read_stdin(options)
            continue
        if isinstance(given, str) and is_url(given):
            yield from _read_url(given, options)
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path, options.globs):
                yield from _read_file(file, options)
        elif path.is_file():
            if kind_of(path.name) is not None:
                yield from _read_file(path, options)
            else:
                yield _reject(str(path), InputError("E106", path=str(path)))
        else:
            yield _reject(str(path), InputError("E101", path=str(path)))


def _walk(root: Path, globs: _Globs) -> Iterator[Path]:
    """Wanted input files under ``root`` in a deterministic order, not following symlinked dirs."""
    for folder, dirs, files in os.walk(root):
        below = Path(folder).relative_to(root)
        # Sorting in place also fixes the order os.walk descends in.
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not globs.prunes((below / d).as_posix())
        )
        for name in sorted(files):
            relative = (below / name).as_posix()
            if not name.startswith(".") and kind_of(name) is not None and globs.wants(relative):
                yield Path(folder, name)


def _reject(key: str, error: InputError) -> Rejection:
    return Rejection(key=key, stage=STAGE, code=error.code, message=str(error))


def _finish(article: RawArticle) -> RawArticle:
    """The last touch every article gets, whatever its reader: its language."""
    return dataclasses.replace(article, language=identify(article.text))


def _item(item: Item) -> RawArticle | Rejection:
    if isinstance(item.outcome, InputError):
        return _reject(item.key, item.outcome)
    return _finish(item.outcome)


def _read_file(path: Path, options: _Options) -> Iterator[RawArticle | Rejection]:
    key = str(path)
    kind = kind_of(path.name)
    if kind in ("warc", "zip", "gzip"):
        # Containers are streamed with caps of their own, so may exceed max_bytes on disk.
        try:
            stream = path.open("rb")
        except OSError as exc:
            yield _reject(key, InputError("E111", path=key, detail=exc.strerror or str(exc)))
            return
        with stream:
            if kind == "warc":
                for item in read_warc(stream, path=key, max_bytes=options.max_bytes):
                    yield _item(item)
            elif kind == "zip":
                yield from _read_zip(stream, key=key, options=options)
            else:
                inner = FORMATS[PurePosixPath(path.name.lower()[:-3]).suffix]
                yield from _read_gzip(stream, key=key, fmt=inner, options=options)
        return
    try:
        size = path.stat().st_size
        # Checked before reading so a huge file is never loaded into memory.
        if size > options.max_bytes:
            raise InputError("E105", path=key, size=size, limit=options.max_bytes)
        data = path.read_bytes()
    except InputError as error:
        yield _reject(key, error)
        return
    except OSError as exc:
        yield _reject(key, InputError("E111", path=key, detail=exc.strerror or str(exc)))
        return
    yield from _parse(data, key=key, fmt=FORMATS[path.suffix.lower()], options=options)


def _read_zip(stream: BinaryIO, *, key: str, options: _Options) -> Iterator[RawArticle | Rejection]:
    members = zip_members(
        stream, key=key, max_bytes=options.max_bytes, kind_of=kind_of, wanted=options.globs.wants
    )
    for member in members:
        if isinstance(member.outcome, InputError):
            yield _reject(member.key, member.outcome)
        else:
            yield from _parse(member.outcome, key=member.key, fmt=member.fmt, options=options)


def _read_gzip(
    stream: BinaryIO, *, key: str, fmt: str | None, options: _Options
) -> Iterator[RawArticle | Rejection]:
    try:
        data = gunzip(stream, key=key, max_bytes=options.max_bytes)
    except InputError as error:
        yield _reject(key, error)
        return
    inner = fmt or _sniff(data)
    if inner in ("gzip", "zip"):
        detail = "nested archives are not read"
        yield _reject(key, InputError("E114", path=key, detail=detail))
        return
    yield from _parse(data, key=key, fmt=inner, options=options)


def _read_stdin(options: _Options) -> Iterator[RawArticle | Rejection]:
    try:
        # One byte over the limit is enough to know it is too large.
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    except OSError as exc:
        yield _reject(STDIN_KEY, InputError("E111", path=STDIN_KEY, detail=str(exc)))
        return
    yield from _parse(data, key=STDIN_KEY, fmt=_sniff(data), options=options)


def _read_url(url: str, options: _Options) -> Iterator[RawArticle | Rejection]:
    try:
        fetched = fetch(url, max_bytes=options.max_bytes, timeout=options.timeout)
    except InputError as error:
        yield _reject(url, error)
        return
    fmt = _url_format(fetched)
    yield from _parse(fetched.data, key=url, fmt=fmt, options=options, url=fetched.url)


def _url_format(fetched: Fetched) -> str:
    """What the server says the body is, else what the URL's path says, else what it looks like."""
    fmt = _MEDIA_TYPES.get(fetched.media_type)
    sniffed = _sniff(fetched.data)
    if fmt in ("json", "jsonl") and sniffed in ("json", "jsonl"):
        return sniffed
    if fmt == "feed" and sniffed == "html":
        # XHTML pages are often served as XML.
        return "html"
    if fmt is not None:
        return fmt
    by_name = kind_of(PurePosixPath(fetched.url.split("?")[0]).name)
    return by_name or sniffed


def _sniff(data: bytes) -> str:
    """Standard input and URLs have no suffix: guess the kind from how the data starts."""
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body")):
        return "html"
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf:rdf")):
        return "html" if b"<html" in head and b"<rss" not in head else "feed"
    if head.startswith(b"{") and b"\n{" in data.strip():
        return "jsonl"
    if head.startswith((b"{", b"[")):
        return "json"
    return "text"


def _parse(
    data: bytes, *, key: str, fmt: str, options: _Options, url: str | None = None
) -> Iterator[RawArticle | Rejection]:
    """The articles in one input's bytes, whatever its format (containers included)."""
    if fmt == "warc":
        for item in read_warc(io.BytesIO(data), path=key, max_bytes=options.max_bytes):
            yield _item(item)
        return
    if fmt == "zip":
        yield from _read_zip(io.BytesIO(data), key=key, options=options)
        return
    if fmt == "gzip":
        yield from _read_gzip(io.BytesIO(data), key=key, fmt=None, options=options)
        return
    try:
        if len(data) > options.max_bytes:
            raise InputError("E105", path=key, size=len(data), limit=options.max_bytes)
        if not data.strip():
            raise InputError("E102", path=key)
        if fmt == "feed":
            # feedparser decodes by the XML declaration itself; decoding here would lose it.
            items: Iterable[Item] = parse_feed(data, path=key)
        else:
            text, encoding = decode(data, key)
            if not text.strip():
                raise InputError("E102", path=key)
            items = _parse_text(text, key=key, fmt=fmt, encoding=encoding, options=options, url=url)
        # Materialised inside the try: parsers of single articles raise their InputError here.
        outcomes = list(items)
    except InputError as error:
        yield _reject(key, error)
        return
    for item in outcomes:
        yield _item(item)


def _parse_text(
    text: str, *, key: str, fmt: str, encoding: str, options: _Options, url: str | None
) -> Iterable[Item]:
    if fmt == "html":
        return [Item(key, parse_html(text, key=key, encoding=encoding, url=url))]
    if fmt in ("text", "markdown"):
        article = parse_text(text, key=key, encoding=encoding, fmt=fmt)
        return [Item(key, dataclasses.replace(article, url=article.url or url))]
    if fmt == "jsonl":
        return parse_jsonl(text, path=key, encoding=encoding, names=options.names)
    if fmt == "csv":
        return parse_csv(text, path=key, encoding=encoding, names=options.names)
    return parse_json(text, path=key, encoding=encoding, names=options.names)
