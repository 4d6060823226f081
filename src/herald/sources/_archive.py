"""gzip and zip containers: the bytes inside, never more than the caps allow."""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from herald.errors import InputError

#: All the members of one zip together may unpack to this many times the per-input limit: enough
#: for a folder of articles, not for a zip bomb whose members each stay under the limit.
TOTAL_FACTOR = 10
#: What the standard library raises on a damaged or unreadable archive. RuntimeError is how
#: zipfile says a member is encrypted; NotImplementedError, that its compression is unknown.
_DAMAGE = (
    OSError,
    EOFError,
    zlib.error,
    zipfile.BadZipFile,
    RuntimeError,
    NotImplementedError,
)


def too_large(key: str, max_bytes: int) -> InputError:
    """E105 for an input known only to exceed the limit, its full size unread."""
    return InputError("E105", path=key, size=f"more than {max_bytes}", limit=max_bytes)


def gunzip(stream: BinaryIO, *, key: str, max_bytes: int) -> bytes:
    """The content of a gzip file, unpacked no further than one byte past ``max_bytes``."""
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unpacked:
            data = unpacked.read(max_bytes + 1)
    except _DAMAGE as exc:
        raise InputError("E114", path=key, detail=str(exc) or type(exc).__name__) from exc
    if len(data) > max_bytes:
        raise too_large(key, max_bytes)
    return data


@dataclass(frozen=True, slots=True)
class Member:
    """One zip member to read (its bytes and format) or the coded reason it was not read."""

    key: str
    name: str
    fmt: str
    outcome: bytes | InputError


def zip_members(
    source: str | BinaryIO,
    *,
    key: str,
    max_bytes: int,
    kind_of: Callable[[str], str | None],
    wanted: Callable[[str], bool],
) -> Iterator[Member]:
    """The supported members of a zip, in archive order, keyed ``key!name``.

    ``kind_of`` gives a member name's format (None: not an input, skipped like an unsupported
    file in a folder); ``wanted`` applies the include and exclude globs. Each member is held to
    ``max_bytes`` and all of them together to ``TOTAL_FACTOR`` times that (E105).
    """
    budget = TOTAL_FACTOR * max_bytes
    try:
        archive = zipfile.ZipFile(source)
    except _DAMAGE as exc:
        yield Member(key, "", "", InputError("E114", path=key, detail=str(exc)))
        return
    with archive:
        for info in archive.infolist():
            name = info.filename
            parts = PurePosixPath(name).parts
            if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in parts):
                continue
            fmt = kind_of(name)
            if fmt is None or not wanted(name):
                continue
            member_key = f"{key}!{name}"
            if fmt in ("gzip", "zip"):
                detail = "nested archives are not read"
                yield Member(
                    member_key, name, fmt, InputError("E114", path=member_key, detail=detail)
                )
                continue
            # The declared size is checked first so a bomb is refused without unpacking it.
            if info.file_size > max_bytes:
                error = InputError("E105", path=member_key, size=info.file_size, limit=max_bytes)
                yield Member(member_key, name, fmt, error)
                continue
            if info.file_size > budget:
                total = TOTAL_FACTOR * max_bytes
                limit = f"{total} for all members; the rest are not read"
                error = InputError("E105", path=key, size=f"more than {total}", limit=limit)
                yield Member(key, "", "", error)
                return
            try:
                with archive.open(info) as stream:
                    # zipfile stops at the declared size, but a cap of our own costs nothing.
                    data = stream.read(max_bytes + 1)
            except _DAMAGE as exc:
                detail = str(exc) or type(exc).__name__
                yield Member(
                    member_key, name, fmt, InputError("E114", path=member_key, detail=detail)
                )
                continue
            if len(data) > max_bytes:
                yield Member(member_key, name, fmt, too_large(member_key, max_bytes))
                continue
            budget -= len(data)
            yield Member(member_key, name, fmt, data)
