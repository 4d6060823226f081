"""RSS and Atom feeds through feedparser: one article per entry."""

from __future__ import annotations

import codecs
import email.utils
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser
from feedparser.exceptions import ThingsNobodyCaresAboutButMe

from herald.errors import InputError
from herald.model import RawArticle
from herald.sources._formats import Item, html_main_text, parse_date

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def parse_feed(data: bytes, *, path: str) -> Iterator[Item]:
    """One item per entry, keyed ``path#entryN`` (N counts entries from 1, in feed order).

    feedparser decodes the bytes itself (XML declaration, BOM, fallbacks) and never raises: a
    damaged feed comes back flagged ``bozo``. Entries recovered before the damage are kept and
    the damage is reported after them as E112.
    """
    # A bytes stream, never a str: feedparser would take a str for a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data))
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, ThingsNobodyCaresAboutButMe):
        # Only a mislabelled encoding or content type, which feedparser has worked around.
        problem = None
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        if problem is not None:
            yield Item(path, InputError("E112", path=path, detail=_describe(problem)))
        elif not parsed.get("version"):
            yield Item(path, InputError("E112", path=path, detail="not an RSS or Atom feed"))
        else:
            yield Item(path, InputError("E102", path=path))
        return
    channel = parsed.get("feed") or {}
    source = _text(channel.get("title"))
    encoding = _codec_name(parsed.get("encoding"))
    for number, entry in enumerate(entries, start=1):
        key = f"{path}#entry{number}"
        try:
            article = _entry_article(entry, key=key, source=source, encoding=encoding)
        except InputError as error:
            yield Item(key, error)
        else:
            yield Item(key, article)
    if problem is not None:
        detail = f"{_describe(problem)}; the {len(entries)} entries before it were read"
        yield Item(path, InputError("E112", path=path, detail=detail))


def _entry_article(entry: Any, *, key: str, source: str | None, encoding: str | None) -> RawArticle:
    body, media = _body(entry)
    if media in _HTML_TYPES:
        # Entries carry fragments; trafilatura looks for main text inside a page.
        page = (
            body
            if "<html" in body[:512].lower()
            else f"<html><body><article>{body}</article></body></html>"
        )
        text = html_main_text(page, key=key)
    else:
        text = body.strip()
    if not text:
        raise InputError("E102", path=key)
    return RawArticle(
        key=key,
        text=text,
        title=_text(entry.get("title")),
        published=_entry_date(entry),
        source=source,
        url=_text(entry.get("link")),
        author=_text(entry.get("author")),
        encoding=encoding,
        format="feed",
    )


def _body(entry: Any) -> tuple[str, str]:
    """The fullest text an entry has: content (content:encoded, Atom content), else summary."""
    for content in entry.get("content") or ():
        value = content.get("value")
        if isinstance(value, str) and value.strip():
            return value, str(content.get("type") or "text/html")
    detail = entry.get("summary_detail") or {}
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        return summary, str(detail.get("type") or "text/html")
    return "", "text/plain"


def _entry_date(entry: Any) -> date | None:
    """The publication day as the feed wrote it (Atom ISO or RSS RFC 822), else as last updated.

    feedparser's own ``*_parsed`` values are in UTC, which can move a late-evening story to the
    next day; they serve only for the odd formats the two parsers here do not know.
    """
    for field in ("published", "updated"):
        # Asked only when present: feedparser answers a missing "updated" with "published" (and
        # a DeprecationWarning, an error where warnings are errors), so the fallback re-read it.
        value = entry.get(field) if field in entry else None
        if not isinstance(value, str):
            continue
        day = parse_date(value)
        if day is not None:
            return day
        try:
            return email.utils.parsedate_to_datetime(value).date()
        except (TypeError, ValueError):
            pass
        parsed = entry.get(f"{field}_parsed")
        if parsed is not None:
            return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _describe(problem: object) -> str:
    line = getattr(problem, "getLineNumber", None)
    where = f"line {line()}: " if callable(line) else ""
    return f"{where}{problem}"


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _codec_name(name: Any) -> str | None:
    """The codec's canonical name, as the other readers record it ("windows-1252" -> cp1252)."""
    if not isinstance(name, str):
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name
