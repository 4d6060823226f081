"""Watching sources: poll feeds and pages, ingest what is new, raise alerts for saved queries.

One poll, for each source: a conditional GET (If-None-Match / If-Modified-Since from what the
source answered last time); 304, or a body identical to the last one, means nothing new. A feed's
entries already seen (by id, else link, else content hash) are skipped; a new entry is taken from
the feed when it carries the article (at least :data:`FULL_TEXT_CHARS` of text), else its link is
read through the URL reader. A page source is read through the URL reader when its body changed.
New articles go through the pipeline and into the store as ``herald ingest`` stores them. A failing
source (unreachable, HTTP error, broken feed) is a coded rejection in the store; the other sources
and later polls go on. After the poll, events of the articles the watch stored are matched against
the saved alert queries; each match is reported once per query, ever.

State lives in the store (``herald.store.watching``); the store is open only during a poll, so
``herald events`` and ``herald alert`` can use it between polls.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import feedparser
import httpx

from herald.api import IngestSummary, _store, _stored
from herald.config import settings
from herald.errors import HeraldError, InputError
from herald.events.ontology import PLOVER_TYPES, cameo_codes, plover_contexts, plover_mode
from herald.export.records import Record
from herald.knowledge import Knowledge
from herald.model import RawArticle, Rejection, Result, article_id
from herald.sources import read_inputs
from herald.sources._feeds import parse_feed
from herald.sources._http import MAX_REDIRECTS, is_url
from herald.sources._language import identify
from herald.store import Store
from herald.store.watching import SavedAlert, WatchState, now

#: A feed entry with at least this much text is taken as the article; a shorter one is a teaser
#: and its link is read instead.
FULL_TEXT_CHARS = 400
#: Polls an item may fail in (page unreachable, pipeline rejection) before it is given up.
MAX_ATTEMPTS = 3
#: Seconds to wait for a server to connect or send the next bytes.
DEFAULT_TIMEOUT = 10.0
#: The whole download must end within this many timeouts (a dripping server cannot hold a poll).
_DOWNLOAD_TIMEOUTS = 4
#: Rejections of a whole source are recorded under this stage.
STAGE = "watch"
_USER_AGENT = "herald/0.1 watch (+news event coding)"
_FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
    }
)
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_CODE = re.compile(r"[A-Z]{3}")

#: The pipeline a watch runs new articles through: one Result per article, in order.
Process = Callable[[Sequence[RawArticle]], Iterable[Result]]


def parse_duration(text: str) -> float:
    """Seconds in a duration such as ``30s``, ``15m``, ``1h``, ``1d`` or ``1h30m``; E120."""
    value = text.strip().lower()
    match = _DURATION.fullmatch(value)
    if not value or match is None:
        raise InputError("E120", value=text, detail="expected digits then s, m, h or d")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds
    if total <= 0:
        raise InputError("E120", value=text, detail="the duration must be longer than 0")
    return float(total)


def default_alerts_log(db: str | Path) -> Path:
    """The alert log next to the store: ``herald.duckdb`` -> ``herald.alerts.jsonl``."""
    path = Path(db)
    return path.with_name(f"{path.stem}.alerts.jsonl")


def check_sources(sources: Iterable[str]) -> list[str]:
    """The sources in order without repeats; E121 for anything that is not an http(s) URL."""
    unique: list[str] = []
    for source in sources:
        if not is_url(source):
            raise InputError("E121", path=source, detail="not an http:// or https:// URL")
        if source not in unique:
            unique.append(source)
    if not unique:
        raise InputError("E121", path="", detail="no source given")
    return unique


# --- alert queries --------------------------------------------------------------------------------

#: Alert filters in the order they are shown; values as ``herald events`` takes them.
ALERT_FILTERS: tuple[str, ...] = (
    "actor",
    "recipient",
    "country",
    "type",
    "mode",
    "context",
    "place",
    "source",
    "text",
)


#: Filter -> its `herald alert add` option, where the two differ.
_OPTION_NAMES = {"actor": "from", "recipient": "to", "country": "actor"}


@dataclass(frozen=True, slots=True)
class AlertQuery:
    """A saved query: events matching every filter given raise an alert.

    ``actor`` and ``recipient`` are countries (ISO3, or an IGO body code such as UNO) on the
    acting and the receiving side; ``country`` is one on either side (what ``herald events
    --actor`` means). ``type`` is a PLOVER type or a CAMEO code prefix; ``mode`` and ``context``
    are PLOVER's; ``place``, ``source`` and ``text`` are substrings as in ``herald events``.
    Events of near-duplicate copies alert only with ``duplicates``.
    """

    name: str
    actor: str | None = None
    recipient: str | None = None
    country: str | None = None
    type: str | None = None
    mode: str | None = None
    context: str | None = None
    place: str | None = None
    source: str | None = None
    text: str | None = None
    duplicates: bool = False

    @classmethod
    def build(cls, name: str | None = None, **filters: Any) -> AlertQuery:
        """A checked, normalised query (E122 for a bad value, E125 when no filter is given).

        Without a name, one is made of the filter values (``ner-cooperate``).
        """
        unknown = set(filters) - {*ALERT_FILTERS, "duplicates"}
        if unknown:
            key = sorted(unknown)[0]
            raise InputError("E122", name=key, value=filters[key], detail="not an alert filter")
        duplicates = bool(filters.pop("duplicates", False))
        given = {
            key: str(value).strip() for key, value in filters.items() if value not in (None, "")
        }
        if not given:
            raise InputError("E125")
        clean = {key: _checked(key, value, given) for key, value in given.items()}
        if name is None:
            name = "-".join(clean[key] for key in ALERT_FILTERS if key in clean).lower()
            name = re.sub(r"[^\w.-]+", "-", name).strip("-")[:60] or "alert"
        name = name.strip()
        if not name or len(name) > 100 or any(c.isspace() for c in name):
            detail = "give 1 to 100 characters without spaces"
            raise InputError("E122", name="name", value=name, detail=detail)
        return cls(name=name, duplicates=duplicates, **clean)

    @classmethod
    def saved(cls, alert: SavedAlert) -> AlertQuery:
        return cls.build(alert.name, **alert.filters)

    def filters(self) -> dict[str, Any]:
        """The filters given, as saved in the store."""
        out: dict[str, Any] = {
            key: getattr(self, key) for key in ALERT_FILTERS if getattr(self, key) is not None
        }
        if self.duplicates:
            out["duplicates"] = True
        return out

    def describe(self) -> str:
        """The filters under their command-line names (``--actor`` is either side)."""
        return " ".join(
            f"{_OPTION_NAMES.get(key, key)}={value}" for key, value in self.filters().items()
        )

    def event_filters(self) -> dict[str, Any]:
        """What ``Store.events`` filters on; the sides are checked by :meth:`sides`."""
        return {
            "actor": self.country,
            "type": self.type,
            "mode": self.mode,
            "context": self.context,
            "place": self.place,
            "source": self.source,
            "text": self.text,
            "duplicates": self.duplicates,
        }

    def sides(self, record: Record) -> bool:
        """Whether the event has the query's actor on its acting side and recipient on the other."""
        for code, side in ((self.actor, "actor"), (self.recipient, "recipient")):
            if code is not None and code not in {p.get("country") for p in record[side]}:
                return False
        return True


def _checked(key: str, value: str, given: dict[str, str]) -> str:
    """One filter value, normalised, or E122 saying what is accepted."""
    if key in ("actor", "recipient", "country"):
        code = value.upper()
        if not _CODE.fullmatch(code):
            detail = "give a three-letter ISO3 country or IGO code such as NER"
            raise InputError("E122", name=key, value=value, detail=detail)
        return code
    if key == "type":
        if value.isdigit():
            if not any(code.startswith(value) for code in cameo_codes()):
                detail = "no CAMEO event code starts with it"
                raise InputError("E122", name=key, value=value, detail=detail)
            return value
        if value.upper() not in PLOVER_TYPES:
            detail = f"not a PLOVER type ({', '.join(PLOVER_TYPES)}) or CAMEO code prefix"
            raise InputError("E122", name=key, value=value, detail=detail)
        return value.upper()
    if key == "mode":
        return _checked_mode(value, given.get("type"))
    if key == "context":
        if value.lower() not in plover_contexts():
            detail = f"not a PLOVER context ({', '.join(plover_contexts())})"
            raise InputError("E122", name=key, value=value, detail=detail)
        return value.lower()
    return value


def _checked_mode(value: str, kind: str | None) -> str:
    """A mode of the query's PLOVER type, or of any type when the type is not one given."""
    types = [kind.upper()] if kind and kind.upper() in PLOVER_TYPES else list(PLOVER_TYPES)
    for name in types:
        try:
            return plover_mode(name, value).name
        except KeyError as exc:
            problem = str(exc).strip("'\"")
    detail = problem if len(types) == 1 else "no PLOVER type has this mode"
    raise InputError("E122", name="mode", value=value, detail=detail)


def add_alert(db: str | Path, query: AlertQuery) -> SavedAlert:
    """Save ``query`` in the store at ``db`` (E123 when its name is taken)."""
    with Store.open(db) as store:
        return WatchState(store).add_alert(query.name, query.filters())


def list_alerts(db: str | Path) -> list[tuple[AlertQuery, SavedAlert, int]]:
    """The saved queries, each with its record and how many events it has alerted on."""
    with Store.open(db) as store:
        state = WatchState(store)
        counts = state.match_counts()
        return [(AlertQuery.saved(a), a, counts.get(a.name, 0)) for a in state.alerts()]


def remove_alert(db: str | Path, name: str) -> None:
    """Forget the query ``name`` and its matches (E124 when there is none)."""
    with Store.open(db) as store:
        WatchState(store).remove_alert(name)


@dataclass(frozen=True, slots=True)
class AlertHit:
    """One event matching one saved query."""

    alert: str
    event: Record
    article_id: str
    source: str
    matched_at: datetime

    def as_json(self) -> dict[str, Any]:
        """The alert log record: the event in the export contract, plus what matched it."""
        return {
            "alert": self.alert,
            "matched_at": self.matched_at.isoformat(timespec="seconds") + "Z",
            "article_id": self.article_id,
            "source": self.source,
            "event": self.event,
        }

    def line(self) -> str:
        """One readable line: date, actor, type, recipient, evidence sentence."""
        event = self.event
        when = event.get("date") or event.get("date_start") or "undated"
        kind = event["event"] + (f"/{event['mode']}" if event.get("mode") else "")
        sentence = " ".join(str(event["evidence"]["sentence"]).split())
        if len(sentence) > 240:
            sentence = sentence[:239] + "…"
        return (
            f"alert {self.alert}: {when} {_side(event['actor'])} {kind} "
            f"{_side(event['recipient'])} | {sentence}"
        )


def _side(participants: list[dict[str, Any]]) -> str:
    if not participants:
        return "-"
    return "; ".join(
        f"{p.get('name') or p.get('text')} ({p.get('country') or '?'})" for p in participants
    )


# --- fetching ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """What a source answered to a conditional GET (304: no body, validators kept)."""

    status: int
    data: bytes
    media_type: str
    etag: str | None
    last_modified: str | None


def conditional_get(
    client: httpx.Client,
    url: str,
    *,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
    timeout: float,
) -> Answer:
    """GET ``url`` unless unchanged since ``etag``/``last_modified``.

    Raises InputError E116 (timeout), E117 (status), E118 (no connection, bad URL, redirects),
    E105 (too large). No retries: the next poll is the retry.
    """
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + _DOWNLOAD_TIMEOUTS * timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            # A 304 may carry fresh validators; absent ones mean the old still hold.
            new_etag = response.headers.get("ETag") or (etag if status == 304 else None)
            new_modified = response.headers.get("Last-Modified") or (
                last_modified if status == 304 else None
            )
            if status == 304:
                return Answer(304, b"", "", new_etag, new_modified)
            if not 200 <= status < 300:
                raise InputError("E117", path=url, status=status)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError("E105", path=url, size=f"over {max_bytes}", limit=max_bytes)
                if time.monotonic() > deadline:
                    detail = f"the download took over {_DOWNLOAD_TIMEOUTS * timeout} s"
                    raise InputError("E116", path=url, detail=detail)
                chunks.append(chunk)
            media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            return Answer(status, b"".join(chunks), media, new_etag, new_modified)
    except httpx.TimeoutException as exc:
        detail = f"no answer within {timeout} s ({type(exc).__name__})"
        raise InputError("E116", path=url, detail=detail) from exc
    except httpx.TooManyRedirects as exc:
        raise InputError("E118", path=url, detail=f"more than {MAX_REDIRECTS} redirects") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError("E118", path=url, detail=str(exc) or type(exc).__name__) from exc


def _is_feed(answer: Answer) -> bool:
    """Feeds by their start, else by Content-Type; XHTML pages served as XML are pages."""
    head = answer.data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<html" in head or head.startswith(b"<!doctype"):
        return False
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) or (
        answer.media_type in _FEED_TYPES
    )


# --- items ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Item:
    """One thing a source offers: a feed entry, or the page itself.

    ``article`` is the text the feed carried when it is the whole article; otherwise ``read`` is
    the address to read through the URL reader, and ``entry`` the feed's metadata to fill in.
    """

    item: str
    link: str | None
    key: str
    article: RawArticle | None = None
    read: str | None = None
    entry: RawArticle | None = None
    error: InputError | None = None


def _feed_items(data: bytes, url: str) -> tuple[list[_Item], InputError | None]:
    """The entries of a feed, and the damage that stopped its reading (None if it was whole)."""
    # Parsed here for the entries' ids and links; parse_feed (the feed reader's own parser, on
    # the same bytes, so the same entries in the same order) turns each into a RawArticle.
    entries: list[Any] = list(feedparser.parse(io.BytesIO(data)).get("entries") or [])
    outcomes = {item.key: item.outcome for item in parse_feed(data, path=url)}
    damage = outcomes.get(url)
    if isinstance(damage, InputError) and damage.code == "E102":
        damage = None  # a well-formed feed without entries: nothing new, nothing wrong
    items: list[_Item] = []
    known: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        outcome = outcomes.get(f"{url}#entry{number}")
        raw = outcome if isinstance(outcome, RawArticle) else None
        guid = _text(entry.get("id"))
        link = _text(entry.get("link"))
        if guid:
            identity = f"id:{guid}"
        elif link:
            identity = f"link:{link}"
        elif raw is not None:
            identity = f"hash:{article_id(raw.text)}"
        else:
            continue  # nothing to read and nothing to know it by: its rejection is the damage
        if identity in known:
            continue  # the same entry twice in one feed (a repeated guid) is one item
        known.add(identity)
        key = f"{url}#{guid or link or identity}"
        if raw is not None and (len(raw.text) >= FULL_TEXT_CHARS or not link):
            article = dataclasses.replace(raw, key=key, language=identify(raw.text))
            items.append(_Item(identity, link, key, article=article))
        elif link:
            items.append(_Item(identity, link, key, read=link, entry=raw))
        else:
            error = outcome if isinstance(outcome, InputError) else InputError("E102", path=key)
            items.append(_Item(identity, link, key, error=error))
    return items, damage if isinstance(damage, InputError) else None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _with_entry(page: RawArticle, entry: RawArticle | None) -> RawArticle:
    """A linked page, with what the feed said about it where the page says nothing."""
    if entry is None:
        return page
    return dataclasses.replace(
        page,
        title=page.title or entry.title,
        published=page.published or entry.published,
        source=page.source or entry.source,
        author=page.author or entry.author,
    )


# --- polling -------------------------------------------------------------------------------------


@dataclass
class SourceReport:
    """What one poll did with one source."""

    url: str
    #: read (a new body was read), not modified (304), unchanged (the same body), or error
    status: str = "read"
    http: int | None = None
    kind: str = ""
    entries: int = 0
    seen: int = 0
    new: int = 0
    failed: int = 0
    ingest: IngestSummary = field(default_factory=IngestSummary)
    error: HeraldError | None = None
    seconds: float = 0.0

    def line(self) -> str:
        """The poll summary line for this source."""
        took = f" [{self.seconds:.1f} s]"
        if self.status in ("not modified", "unchanged"):
            why = "304" if self.status == "not modified" else "same body"
            return f"{self.url}: {self.status} ({why}){took}"
        parts = []
        if self.http is not None:
            if self.kind == "feed":
                parts.append(
                    f"{self.http} feed, {self.entries} entries: {self.new} new, {self.seen} seen"
                )
            else:
                parts.append(f"{self.http} page: {'new' if self.new else 'seen'}")
            s = self.ingest
            parts.append(
                f"{s.articles} stored ({s.events} events), {s.duplicates} already stored, "
                f"{s.rejected} rejected" + (f", {self.failed} to retry" if self.failed else "")
            )
        if self.error is not None:
            parts.append(f"error {self.error}")
        return f"{self.url}: " + "; ".join(parts) + took


@dataclass
class PollReport:
    """One poll of every source, and the alerts it raised."""

    number: int
    #: Local time the poll began.
    started: datetime
    sources: list[SourceReport]
    alerts: list[AlertHit]

    @property
    def failed(self) -> list[SourceReport]:
        return [s for s in self.sources if s.error is not None]


class Watcher:
    """Polls sources into the store at ``db`` and logs alerts to ``alerts_log``.

    ``process`` runs the pipeline over new articles (default: every stage, in this process, with
    ``knowledge``); tests give a stand-in that needs no language model.
    """

    def __init__(
        self,
        sources: Iterable[str],
        *,
        db: str | Path,
        alerts_log: str | Path | None = None,
        process: Process | None = None,
        knowledge: Knowledge | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int | None = None,
    ) -> None:
        self.sources = check_sources(sources)
        self.db = Path(db)
        self.alerts_log = Path(alerts_log) if alerts_log else default_alerts_log(db)
        self.timeout = timeout
        self.max_bytes = max_bytes or settings().max_input_bytes
        self.polls = 0
        self._process = process or _pipeline(knowledge)

    def check_log(self) -> None:
        """Fail early (E126) when the alert log cannot be appended to."""
        self._append([])

    def run(
        self,
        every: float,
        *,
        max_polls: int | None = None,
        on_poll: Callable[[PollReport], None] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> int:
        """Poll every ``every`` seconds (from the start of one poll to the next) until
        ``max_polls`` polls are done, or forever; returns the number of polls."""
        done = 0
        while True:
            started = time.monotonic()
            report = self.poll()
            done += 1
            if on_poll is not None:
                on_poll(report)
            if max_polls is not None and done >= max_polls:
                return done
            (sleep or time.sleep)(max(0.0, every - (time.monotonic() - started)))

    def poll(self) -> PollReport:
        """Poll each source once, then match the new events against the saved queries."""
        self.polls += 1
        started = datetime.now()
        reports: list[SourceReport] = []
        with (
            Store.open(self.db) as store,
            httpx.Client(
                timeout=self.timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": _USER_AGENT},
            ) as client,
        ):
            state = WatchState(store)
            for url in self.sources:
                clock = time.monotonic()
                report = SourceReport(url)
                try:
                    self._poll_source(state, client, report)
                except InputError as error:
                    self._source_failed(state, report, error)
                report.seconds = time.monotonic() - clock
                reports.append(report)
            alerts = self._alerts(state)
        return PollReport(self.polls, started, reports, alerts)

    def _poll_source(self, state: WatchState, client: httpx.Client, report: SourceReport) -> None:
        url = report.url
        known = state.source(url)
        answer = conditional_get(
            client,
            url,
            etag=known.etag if known else None,
            last_modified=known.last_modified if known else None,
            max_bytes=self.max_bytes,
            timeout=self.timeout,
        )
        report.http = answer.status
        if answer.status == 304:
            report.status = "not modified"
            state.record_poll(url, report.status)
            return
        body_hash = hashlib.sha256(answer.data).hexdigest()
        validators = (answer.etag, answer.last_modified, body_hash)
        if known is not None and known.body_hash == body_hash:
            report.status = "unchanged"
            state.record_poll(url, report.status, validators=validators)
            return
        damage: InputError | None = None
        if _is_feed(answer):
            report.kind = "feed"
            items, damage = _feed_items(answer.data, url)
        else:
            report.kind = "page"
            items = [_Item(f"hash:{body_hash[:20]}", None, url, read=url)]
        report.entries = len(items)
        fresh = [item for item in items if not state.seen(url, item.item, item.link)]
        report.seen = len(items) - len(fresh)
        report.new = len(fresh)
        self._ingest(state, report, fresh)
        if damage is not None:
            # Validators are not kept: the feed is read whole again until it is repaired.
            self._source_failed(state, report, damage)
            return
        # Only when every item is done are the validators kept; otherwise a 304 would hide the
        # items still to retry.
        state.record_poll(url, "read", validators=None if report.failed else validators)

    def _source_failed(self, state: WatchState, report: SourceReport, error: InputError) -> None:
        report.status = "error"
        report.error = error
        rejection = Rejection(report.url, STAGE, error.code, str(error))
        state.store.add_rejection(rejection)
        report.ingest.reject(rejection)
        state.record_poll(report.url, error.code)

    def _ingest(self, state: WatchState, report: SourceReport, items: list[_Item]) -> None:
        """Read what the new items point to, run the pipeline on it, store it, mark the items."""
        store, url, summary = state.store, report.url, report.ingest
        outcomes: dict[str, list[str]] = {}
        codes: dict[str, str] = {}
        queue: list[tuple[_Item, RawArticle]] = []
        for item in items:
            for found in self._articles(item):
                if isinstance(found, Rejection):
                    store.add_rejection(found)
                    summary.reject(found)
                    outcomes.setdefault(item.item, []).append("failed")
                    codes[item.item] = found.code
                elif _stored(store, article_id(found.text)):
                    summary.duplicates += 1
                    outcomes.setdefault(item.item, []).append("duplicate")
                else:
                    queue.append((item, found))
        results = self._process([article for _, article in queue])
        for (item, _), result in zip(queue, results, strict=True):
            stored_before, rejected_before = summary.articles, summary.rejected
            _store(store, result, summary)
            if summary.articles > stored_before:
                state.add_article(result.article.id, url, item.item)
                outcome = "stored"
            elif summary.rejected > rejected_before:
                outcome = "failed"
                codes[item.item] = result.rejections[0].code if result.rejections else "E503"
            else:
                outcome = "duplicate"
            outcomes.setdefault(item.item, []).append(outcome)
        for item in items:
            self._mark(state, report, item, outcomes.get(item.item, ["failed"]), codes)

    def _articles(self, item: _Item) -> Iterator[RawArticle | Rejection]:
        if item.error is not None:
            yield Rejection(item.key, "ingest", item.error.code, str(item.error))
        elif item.article is not None:
            yield item.article
        elif item.read is not None:
            for found in read_inputs([item.read], max_bytes=self.max_bytes, timeout=self.timeout):
                yield _with_entry(found, item.entry) if isinstance(found, RawArticle) else found

    def _mark(
        self,
        state: WatchState,
        report: SourceReport,
        item: _Item,
        outcomes: list[str],
        codes: dict[str, str],
    ) -> None:
        if "stored" in outcomes:
            outcome = "stored"
        elif "failed" not in outcomes:
            outcome = "duplicate"
        elif state.attempts(report.url, item.item) + 1 >= MAX_ATTEMPTS:
            outcome = "rejected"
        else:
            outcome = "failed"
            report.failed += 1
        state.mark_item(report.url, item.item, item.link, outcome, codes.get(item.item))

    # --- alerts ----------------------------------------------------------------------------------

    def _alerts(self, state: WatchState) -> list[AlertHit]:
        """Match the articles stored since each query last looked; log and return new matches.

        The matches are committed only once written to the log: an event alerts once per query,
        and is not lost if the log cannot be written (E126, retried next poll).
        """
        hits: list[AlertHit] = []
        with state.batch():
            for saved in state.alerts():
                query = AlertQuery.saved(saved)
                articles = state.articles_after(saved.checked_until)
                for article in articles:
                    filters = query.event_filters()
                    for record in state.store.events(article=article.article_id, **filters):
                        if not query.sides(record):
                            continue
                        at = now()
                        if state.add_match(query.name, record["id"], article.article_id, at):
                            hits.append(
                                AlertHit(query.name, record, article.article_id, article.source, at)
                            )
                if articles:
                    state.checked(query.name, articles[-1].stored_at)
            self._append(hits)
        return hits

    def _append(self, hits: list[AlertHit]) -> None:
        try:
            with self.alerts_log.open("a", encoding="utf-8") as log:
                for hit in hits:
                    log.write(json.dumps(hit.as_json(), ensure_ascii=False, default=str) + "\n")
        except OSError as exc:
            detail = exc.strerror or str(exc)
            raise InputError("E126", path=str(self.alerts_log), detail=detail) from exc


def _pipeline(knowledge: Knowledge | None) -> Process:
    def process(articles: Sequence[RawArticle]) -> Iterable[Result]:
        if not articles:
            return []
        from herald.pipeline import run

        return run(articles, knowledge=knowledge)

    return process
