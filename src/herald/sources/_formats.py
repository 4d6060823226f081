"""One parser per input kind: decoded text in, RawArticle fields (or coded errors) out."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import trafilatura

from herald.errors import InputError
from herald.model import RawArticle

#: File suffix -> format name recorded on the RawArticle.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
}
#: Formats whose records may name their fields differently (the ``fields`` option).
RECORD_FORMATS = frozenset({"jsonl", "json", "csv"})

#: Front matter key -> RawArticle field.
_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "source": "source",
    "url": "url",
    "author": "author",
}
#: A front matter block longer than this is more likely a document that opens with a rule.
_FRONT_MATTER_MAX_LINES = 64

#: Record field -> the names it may carry in JSON and CSV inputs, first found wins.
RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title",),
    "published": ("published", "date", "publish_date"),
    "url": ("url",),
    "source": ("source", "source_name"),
    "author": ("author",),
}


@dataclass(frozen=True, slots=True)
class Item:
    """What one record of a multi-record file gave: an article or the coded reason it did not."""

    key: str
    outcome: RawArticle | InputError


def parse_date(value: object) -> date | None:
    """An ISO date or datetime string as a date; anything else is None (never fatal)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        # Python 3.11 accepts "Z" and offsets; the calendar day as written is what counts.
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _clean_value(value: str) -> str | None:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    return value or None


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Separate a leading ``---`` block of ``key: value`` lines from the body.

    A block with any line that is not ``key: value`` is not front matter (a Markdown rule, say),
    so the text is returned untouched.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    head = lines[1:_FRONT_MATTER_MAX_LINES]
    closing = next((i + 1 for i, line in enumerate(head) if line.strip() == "---"), None)
    if closing is None:
        return {}, text
    fields: dict[str, str] = {}
    for line in lines[1:closing]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or not key or " " in key:
            return {}, text
        cleaned = _clean_value(value)
        if cleaned is not None:
            fields[key] = cleaned
    return fields, "\n".join(lines[closing + 1 :])


def _require_text(text: str, key: str) -> None:
    if not text.strip():
        raise InputError("E102", path=key)


def parse_text(text: str, *, key: str, encoding: str, fmt: str) -> RawArticle:
    """A plain-text or Markdown article with optional front matter."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fields, body = split_front_matter(text)
    _require_text(body, key)
    meta = {
        field: fields[name]
        for name, field in _FRONT_MATTER_KEYS.items()
        if name in fields and field != "published"
    }
    published = parse_date(fields.get("published") or fields.get("date"))
    return RawArticle(
        key=key,
        text=body.strip("\n"),
        title=meta.get("title"),
        published=published,
        source=meta.get("source"),
        url=meta.get("url"),
        author=meta.get("author"),
        encoding=encoding,
        format=fmt,
    )


def parse_html(
    html: str,
    *,
    key: str,
    encoding: str,
    fmt: str = "html",
    url: str | None = None,
    published: date | None = None,
) -> RawArticle:
    """An HTML page: trafilatura's main text, paragraphs separated by blank lines, and metadata.

    ``url`` and ``published`` stand in when the page itself names no canonical URL or date.
    """
    text = html_main_text(html, key=key)
    # Non-extensive date search: a date mentioned in the story is not its publication date.
    meta = trafilatura.extract_metadata(html, extensive=False)
    return RawArticle(
        key=key,
        text=text,
        title=_meta_str(meta.title),
        published=parse_date(meta.date) or published,
        source=_meta_str(meta.sitename),
        url=_meta_str(meta.url) or url,
        author=_meta_str(meta.author),
        encoding=encoding,
        format=fmt,
    )


def html_main_text(html: str, *, key: str) -> str:
    """trafilatura's main text of a page or fragment, paragraphs separated by blank lines.

    trafilatura turns unparsable markup into ``None`` rather than raising, so markup without
    recoverable main text is refused here as E108.
    """
    _require_text(html, key)
    extracted = trafilatura.extract(html, output_format="txt", include_comments=False)
    if extracted is None:
        raise InputError("E108", path=key, detail="no main text found")
    paragraphs = [line.strip() for line in str(extracted).split("\n") if line.strip()]
    # Markup debris such as "<<<>>>" survives extraction; text with no word in it is no article.
    if not any(ch.isalnum() for paragraph in paragraphs for ch in paragraph):
        raise InputError("E108", path=key, detail="the extracted text has no words")
    return "\n\n".join(paragraphs)


def _meta_str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def record_names(fields: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The key or column each RawArticle field is read from: a mapped name replaces the defaults."""
    names = dict(RECORD_FIELDS)
    for field, name in (fields or {}).items():
        names[field] = (name,)
    return names


def _pick(record: Mapping[Any, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value is not None and value != "":
            return value
    return None


def _optional_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class RecordProblem(ValueError):
    """Why a record is not an article; the caller turns it into its coded error."""


def record_article(
    record: Any,
    *,
    key: str,
    encoding: str,
    fmt: str,
    names: Mapping[str, tuple[str, ...]] = RECORD_FIELDS,
) -> RawArticle:
    """One JSON or CSV record as a RawArticle, its fields looked up under ``names``.

    Raises RecordProblem when it is not an object with a string text field, and InputError E102
    when that text is blank.
    """
    if not isinstance(record, dict):
        raise RecordProblem(f"expected an object, got {type(record).__name__}")
    text = _pick(record, names["text"])
    if text is None:
        wanted = " or ".join(repr(name) for name in names["text"])
        raise RecordProblem(f"no text field ({wanted})")
    if not isinstance(text, str):
        raise RecordProblem(f"the text field is {type(text).__name__}, not a string")
    _require_text(text, key)
    return RawArticle(
        key=key,
        text=text,
        title=_optional_str(_pick(record, names["title"])),
        published=parse_date(_pick(record, names["published"])),
        source=_optional_str(_pick(record, names["source"])),
        url=_optional_str(_pick(record, names["url"])),
        author=_optional_str(_pick(record, names["author"])),
        encoding=encoding,
        format=fmt,
    )


def parse_jsonl(
    text: str, *, path: str, encoding: str, names: Mapping[str, tuple[str, ...]] = RECORD_FIELDS
) -> Iterator[Item]:
    """One item per non-blank line; a bad line is refused on its own and the rest go on."""
    # Only "\n" ends a record: str.splitlines would also split at U+2028 or U+0085, which JSON
    # allows unescaped inside strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        key = f"{path}#line{number}"
        try:
            record = json.loads(line)
            article = record_article(record, key=key, encoding=encoding, fmt="jsonl", names=names)
        except (json.JSONDecodeError, RecordProblem) as exc:
            yield Item(key, InputError("E107", path=path, line=number, detail=str(exc)))
        except InputError as error:
            yield Item(key, error)
        else:
            yield Item(key, article)


def parse_json(
    text: str, *, path: str, encoding: str, names: Mapping[str, tuple[str, ...]] = RECORD_FIELDS
) -> Iterator[Item]:
    """A single record, or an array of records (keyed ``path#itemN``, counted from 1)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Item(path, InputError("E110", path=path, detail=str(exc)))
        return
    if isinstance(data, list) and not data:
        yield Item(path, InputError("E102", path=path))
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        key = f"{path}#item{number}" if isinstance(data, list) else path
        try:
            article = record_article(record, key=key, encoding=encoding, fmt="json", names=names)
        except RecordProblem as exc:
            where = f"item {number}: {exc}" if isinstance(data, list) else str(exc)
            yield Item(key, InputError("E110", path=path, detail=where))
        except InputError as error:
            yield Item(key, error)
        else:
            yield Item(key, article)


def parse_csv(
    text: str, *, path: str, encoding: str, names: Mapping[str, tuple[str, ...]] = RECORD_FIELDS
) -> Iterator[Item]:
    """One item per row under a header row, keyed ``path#lineN`` by the line the row starts on.

    A quoted field may span lines, so the key counts lines of the file, not rows.
    """
    # strict: a stray quote is an error for that row, not a silently merged pair of rows.
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        yield Item(path, InputError("E115", path=path, line=1, detail=str(exc)))
        return
    if not header or not any(name in header for name in names["text"]):
        wanted = " or ".join(repr(name) for name in names["text"])
        detail = f"the header row has no text column ({wanted})"
        yield Item(path, InputError("E115", path=path, line=1, detail=detail))
        return
    rows = 0
    while True:
        # The inner reader counts lines even past a bad row; DictReader only after a good one.
        start = reader.reader.line_num + 1
        key = f"{path}#line{start}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows += 1
            yield Item(key, InputError("E115", path=path, line=start, detail=str(exc)))
            continue
        rows += 1
        if None in row:
            # DictReader files values beyond the header under the key None.
            detail = f"{len(header) + len(row[None])} values under {len(header)} columns"
            yield Item(key, InputError("E115", path=path, line=start, detail=detail))
            continue
        try:
            article = record_article(row, key=key, encoding=encoding, fmt="csv", names=names)
        except RecordProblem as exc:
            yield Item(key, InputError("E115", path=path, line=start, detail=str(exc)))
        except InputError as error:
            yield Item(key, error)
        else:
            yield Item(key, article)
    if not rows:
        yield Item(path, InputError("E102", path=path))
