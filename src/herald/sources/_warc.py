"""WARC crawl files through warcio: one article per HTML ``response`` record."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from herald.errors import InputError
from herald.sources._decode import decode
from herald.sources._formats import Item, parse_date, parse_html

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 64 * 1024
#: What warcio lets escape on a damaged file. AttributeError is among them: warcio trips over its
#: own None when a record header is cut short, and that is a damaged file, not a bug of ours.
_DAMAGE = (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError, AttributeError)


class _GzipEnd:
    """Follows a gzip stream as warcio reads it, to tell a whole file from a cut one.

    warcio stops quietly, as if at the end, when a file ends inside a gzip member; a second
    inflater fed the same bytes knows whether the last member was finished.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._pending = False
        self._broken = False

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._follow(data)
        return data

    def tell(self) -> int:
        return self._raw.tell()

    @property
    def complete(self) -> bool:
        return not self._broken and not self._pending

    def _follow(self, data: bytes) -> None:
        while data and not self._broken:
            try:
                # Only the state matters; the output is dropped a chunk at a time.
                self._inflater.decompress(data, _CHUNK)
                while self._inflater.unconsumed_tail and not self._inflater.eof:
                    self._inflater.decompress(self._inflater.unconsumed_tail, _CHUNK)
            except zlib.error:
                self._broken = True
                return
            if self._inflater.eof:
                # A member ended; whatever followed it starts the next one.
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self._pending = False
            else:
                self._pending = True
                data = b""


def read_warc(stream: BinaryIO, *, path: str, max_bytes: int) -> Iterator[Item]:
    """One item per HTML response record, keyed ``path#recordN`` (N counts every record from 1).

    Records are streamed, so the file may be far larger than ``max_bytes``; each record's page is
    held to it. Damage stops the file with E113, keeping the records read before it.
    """
    head = stream.read(2)
    gzipped = head == b"\x1f\x8b"
    source: Any = _Rewound(head, stream)
    witness = _GzipEnd(source) if gzipped else None
    records = ArchiveIterator(witness or source)
    number = 0
    found = False
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except _DAMAGE as exc:
            yield _damaged(path, number, exc)
            return
        number += 1
        if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
            # Every WARC record declares its length; warcio reads a header cut short as a record.
            yield _damaged(path, number - 1, "a record header is cut short")
            return
        try:
            item = _record_item(record, key=f"{path}#record{number}", max_bytes=max_bytes)
            _drain(record)
        except _DAMAGE as exc:
            yield _damaged(path, number - 1, exc)
            return
        if isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0:
            # The file ended before the record's declared Content-Length: its page is cut.
            yield _damaged(path, number - 1, "the file ends inside a record")
            return
        if item is not None:
            found = True
            yield item
    if witness is not None and not witness.complete:
        yield _damaged(path, number, "the gzip stream ends inside a record")
        return
    # warcio also takes a record header cut short for the end of the file: bytes read past the
    # end of the last whole record tell the two apart.
    if source.tell() > records.offset:
        yield _damaged(path, number, "the file ends inside a record header")
        return
    if not found:
        yield Item(path, InputError("E102", path=path))


def _damaged(path: str, good: int, problem: object) -> Item:
    detail = f"{problem} (after record {good}; the rest of the file is skipped)"
    return Item(path, InputError("E113", path=path, detail=detail))


def _drain(record: Any) -> None:
    while record.raw_stream.read(_CHUNK):
        pass


def _record_item(record: Any, *, key: str, max_bytes: int) -> Item | None:
    """The article of an HTML response record; None for every other kind of record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = str(record.http_headers.get_statuscode() or "")
    media = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    # Redirects and error pages carry HTML too, but no article.
    if media not in _HTML_TYPES or not status.startswith("2"):
        return None
    payload: bytes = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Item(
            key, InputError("E105", path=key, size=f"more than {max_bytes}", limit=max_bytes)
        )
    uri = record.rec_headers.get_header("WARC-Target-URI")
    # WARC-Date is when the page was captured, not published: it stands in only when the page
    # itself states no date, and then it is the latest the article can have been published.
    captured = parse_date(record.rec_headers.get_header("WARC-Date"))
    try:
        text, encoding = decode(payload, key)
        article = parse_html(
            text, key=key, encoding=encoding, fmt="warc", url=uri or None, published=captured
        )
    except InputError as error:
        return Item(key, error)
    return Item(key, article)


class _Rewound:
    """A stream with its first bytes, read to sniff it, put back in front."""

    def __init__(self, head: bytes, raw: BinaryIO) -> None:
        self._head = head
        self._raw = raw
        self._offset = 0

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data = self._head + self._raw.read()
            else:
                data = self._head[:size]
                if len(data) < size:
                    data += self._raw.read(size - len(data))
            self._head = self._head[len(data) :] if size >= 0 else b""
        else:
            data = self._raw.read(size)
        self._offset += len(data)
        return data

    def tell(self) -> int:
        return self._offset
