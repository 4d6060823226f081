"""The article reader's markup: the cleaned text cut at every span boundary, each piece escaped.

Spans overlap freely (an event's evidence holds its trigger, mentions and quotes), so the text is
cut into flat pieces at every boundary and each piece carries the classes of all spans covering
it. No nesting, so no overlap can break the HTML; every character of text goes through
:func:`html.escape`.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: CSS class, hover title, and the event it belongs to (if any)."""

    start: int
    end: int
    kind: str
    title: str = ""
    event: str | None = None


def marks(article: Record, actors: dict[str, Record]) -> list[Mark]:
    """Every span of a stored article (``Store.article``) worth showing in the reader."""
    out: list[Mark] = []
    for event in article["events"]:
        evidence = event["evidence"]
        who = ", ".join(str(p.get("name") or p.get("country")) for p in event["actor"])
        whom = ", ".join(str(p.get("name") or p.get("country")) for p in event["recipient"])
        title = f"{event['event']}: {who or '?'} -> {whom or '-'}"
        out.append(Mark(evidence["start"], evidence["end"], "evidence", title, event["id"]))
        out.append(
            Mark(evidence["trigger_start"], evidence["trigger_end"], "trigger", title, event["id"])
        )
    for mention in article["mentions"]:
        actor = actors.get(mention["actor_id"]) or {}
        label = f"{actor.get('name') or '?'} ({actor.get('country') or '?'})"
        out.append(Mark(mention["start"], mention["end"], "actor", f"actor: {label}"))
    for toponym in article["toponyms"]:
        label = f"{toponym.get('name') or toponym['text']} ({toponym.get('country') or '?'})"
        out.append(Mark(toponym["start"], toponym["end"], "place", f"place: {label}"))
    for time in article["times"]:
        out.append(Mark(time["start"], time["end"], "time", f"time: {time.get('value') or '?'}"))
    for quote in article["quotes"]:
        speaker = quote.get("speaker_actor") or quote.get("speaker") or "?"
        out.append(Mark(quote["start"], quote["end"], "quote", f"quote: {speaker}"))
    return out


def render(text: str, spans: list[Mark]) -> Markup:
    """The text as HTML: plain escaped text, with ``<span>``s where marks cover it."""
    size = len(text)
    kept = [m for m in spans if 0 <= m.start < m.end <= size]
    cuts = sorted({0, size, *(m.start for m in kept), *(m.end for m in kept)})
    pieces: list[str] = []
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in kept if m.start <= start and end <= m.end]
        piece = html.escape(text[start:end], quote=True)
        if not covering:
            pieces.append(piece)
            continue
        kinds = sorted({m.kind for m in covering})
        events = list(dict.fromkeys(m.event for m in covering if m.event))
        titles = list(dict.fromkeys(m.title for m in covering if m.title))
        attributes = f' class="{" ".join("hl-" + k for k in kinds)}"'
        if events:
            attributes += f' data-events="{html.escape(" ".join(events), quote=True)}"'
        if titles:
            attributes += f' title="{html.escape(chr(10).join(titles), quote=True)}"'
        pieces.append(f"<span{attributes}>{piece}</span>")
    # Every piece above is escaped text inside fixed markup.
    return Markup("".join(pieces))
