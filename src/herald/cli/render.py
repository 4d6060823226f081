"""Terminal rendering of events and articles (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

Record = dict[str, Any]


def _who(participants: list[Record]) -> str:
    def one(p: Record) -> str:
        sector = f"/{p['sector']}" if p.get("sector") else ""
        return f"{p.get('name') or p.get('text')} ({p.get('country') or '?'}{sector})"

    return "; ".join(one(p) for p in participants)


def _when(record: Record) -> str:
    if record.get("date"):
        return str(record["date"])
    if record.get("date_start"):
        return f"{record['date_start']}..{record['date_end']}"
    return "-"


def _modality(record: Record) -> str:
    modality = record.get("modality") or {}
    marks = [name for name in ("negated", "future", "hypothetical") if modality.get(name)]
    if modality.get("reported_by"):
        marks.append(f"per {modality['reported_by']}")
    return ", ".join(marks)


def event_table(records: list[Record], console: Console | None = None) -> None:
    """Print events as a table: date, type, CAMEO, actor, recipient, place, evidence."""
    console = console or Console()
    table = Table(show_lines=False, expand=True)
    for column in ("date", "event", "cameo", "actor", "recipient", "where", "modality", "evidence"):
        table.add_column(column, overflow="fold")
    for record in records:
        location = record.get("location") or {}
        evidence = (record.get("evidence") or {}).get("sentence") or ""
        table.add_row(
            _when(record),
            f"{record['event']}{'/' + record['mode'] if record.get('mode') else ''}",
            str(record.get("cameo") or ""),
            _who(record.get("actor") or []),
            _who(record.get("recipient") or []),
            str(location.get("name") or ""),
            _modality(record),
            evidence if len(evidence) < 160 else evidence[:157] + "...",
        )
    console.print(table)
    console.print(f"{len(records)} events")


#: Styles by kind of span, applied in this order (later ones win where they overlap).
_STYLES = (
    ("time", "magenta"),
    ("place", "green"),
    ("actor", "bold cyan"),
    ("quote", "italic yellow"),
    ("event", "reverse"),
)


def show_article(record: Record, console: Console | None = None) -> None:
    """Print the cleaned article with actors, places, times, quotes and event triggers marked."""
    console = console or Console()
    text: str = record["text"]
    marked = Text(text)
    spans: dict[str, list[tuple[int, int]]] = {
        "time": [(t["start"], t["end"]) for t in record.get("times", [])],
        "place": [(t["start"], t["end"]) for t in record.get("toponyms", [])],
        "actor": [(m["start"], m["end"]) for m in record.get("mentions", [])],
        "quote": [(q["start"], q["end"]) for q in record.get("quotes", [])],
        "event": [
            (e["evidence"]["trigger_start"], e["evidence"]["trigger_end"])
            for e in record.get("events", [])
            if e.get("evidence")
        ],
    }
    for kind, style in _STYLES:
        for start, end in spans[kind]:
            marked.stylize(style, start, end)
    title = record.get("title") or record["id"]
    console.rule(f"{title}  [{record['id']}]")
    console.print(
        f"published {record.get('published') or 'unknown'}"
        f"{' (inferred)' if record.get('published_inferred') else ''}"
        f" · source {record.get('source') or '-'} · key {record.get('key') or '-'}"
    )
    console.print(
        Text.assemble(
            "legend: ",
            ("actor", "bold cyan"),
            " ",
            ("place", "green"),
            " ",
            ("time", "magenta"),
            " ",
            ("quote", "italic yellow"),
            " ",
            ("event trigger", "reverse"),
        )
    )
    console.print(marked)
    if record.get("removed"):
        console.rule("removed furniture")
        for removed in record["removed"]:
            console.print(f"  [{removed['reason']}] {removed['text']}", markup=False)
    console.rule("events")
    event_table(record.get("events", []), console)
    if record.get("quotes"):
        console.rule("quotes")
        for quote in record["quotes"]:
            who = quote.get("speaker_actor") or quote.get("speaker") or "?"
            console.print(f"  {who}: “{quote['content']}”", markup=False)
