"""One self-contained HTML report: figures, timeline, actor network, map, top events, articles.

Everything is inline (CSS and SVG written here, the map's country outlines from package data), so
the file opens offline. Every text from the store goes through :func:`html.escape`; links to
articles are anchors inside the report, and only http(s) URLs become outside links.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from herald.errors import ExportError
from herald.export.network import Network, build_network
from herald.export.records import Record

if TYPE_CHECKING:
    from herald.store import Store

QUAD_COLOURS = {1: "#7fbf7b", 2: "#1b7837", 3: "#f4a582", 4: "#b2182b"}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
#: Filter names ``--query`` accepts, and how each value is read.
QUERY_KEYS = (
    "actor",
    "dyad",
    "type",
    "mode",
    "context",
    "since",
    "until",
    "place",
    "source",
    "text",
)


def parse_query(text: str | None) -> dict[str, Any]:
    """``"actor=NER since=2024-01-01 dyad=NER,RUS"`` as event filters (E605 when malformed)."""
    filters: dict[str, Any] = {}
    for part in (text or "").split():
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in QUERY_KEYS or not value:
            raise ExportError(
                "E605",
                name="query",
                value=part,
                detail="write key=value pairs with keys " + ", ".join(QUERY_KEYS),
            )
        if key in ("since", "until"):
            try:
                filters[key] = date.fromisoformat(value)
            except ValueError as exc:
                raise ExportError("E605", name=key, value=value, detail=str(exc)) from exc
        elif key == "dyad":
            pair = value.split(",")
            if len(pair) != 2 or not all(pair):
                raise ExportError("E605", name=key, value=value, detail="give two codes: A,B")
            filters[key] = (pair[0], pair[1])
        else:
            filters[key] = value.replace("_", " ") if key == "text" else value
    return filters


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@cache
def _outline_path() -> str:
    """The world's country outlines as one SVG path in map coordinates (see _xy)."""
    data = json.loads(
        resources.files("herald.export").joinpath("data/world_outlines.json").read_text("utf-8")
    )
    parts = []
    for ring in data["rings"]:
        points = [_xy(lat, lon) for lon, lat in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


MAP_W, MAP_H = 960, 480


def _xy(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection onto the map's pixels."""
    return (lon + 180.0) / 360.0 * MAP_W, (90.0 - lat) / 180.0 * MAP_H


@dataclass
class _Event:
    """One real-world event of the report (a cluster, or a lone event) and its mentions."""

    record: Record
    context: dict[str, Any]
    members: list[tuple[Record, dict[str, Any]]] = field(default_factory=list)

    @property
    def mentions(self) -> int:
        return int(self.context.get("mentions") or len(self.members))

    @property
    def sources(self) -> int:
        return int(self.context.get("sources") or 1)


def _real_events(rows: list[tuple[Record, dict[str, Any]]]) -> list[_Event]:
    by_cluster: dict[object, _Event] = {}
    for record, context in rows:
        key = context.get("cluster_id") or record["id"]
        found = by_cluster.get(key)
        if found is None:
            found = by_cluster[key] = _Event(record, context)
        found.members.append((record, context))
    return list(by_cluster.values())


def _month(record: Record) -> str | None:
    start = record.get("date_start")
    return str(start)[:7] if start else None


def _timeline_svg(events: list[_Event]) -> str:
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for event in events:
        month = _month(event.record)
        if month is not None:
            counts[month][int(event.record["quad_class"] or 0)] += 1
    if not counts:
        return "<p class='empty'>No dated events.</p>"
    bins = _month_range(min(counts), max(counts))
    unit = "month"
    if len(bins) > 72:
        # Decades of dates (old events recalled in the news) would make hair-thin bars: by year.
        yearly: dict[str, Counter[int]] = defaultdict(Counter)
        for month, counter in counts.items():
            yearly[month[:4]].update(counter)
        counts = yearly
        bins = [str(y) for y in range(int(min(counts)), int(max(counts)) + 1)]
        unit = "year"
    width, height, left, bottom = 960, 240, 40, 40
    peak = max(sum(c.values()) for c in counts.values()) or 1
    step = (width - left - 10) / len(bins)
    bar = max(step * 0.8, 1.0)
    out = [f"<svg viewBox='0 0 {width} {height}' role='img' aria-label='events per {unit}'>"]
    for tick in _ticks(peak):
        y = height - bottom - tick / peak * (height - bottom - 10)
        out.append(f"<line x1='{left}' x2='{width}' y1='{y:.1f}' y2='{y:.1f}' class='grid'/>")
        out.append(
            f"<text x='{left - 4}' y='{y + 4:.1f}' class='tick' text-anchor='end'>{tick}</text>"
        )
    every = math.ceil(len(bins) / 16)
    for n, label in enumerate(bins):
        x = left + n * step + (step - bar) / 2
        y = float(height - bottom)
        for quad in (1, 2, 3, 4):
            value = counts.get(label, Counter())[quad]
            if not value:
                continue
            h = value / peak * (height - bottom - 10)
            y -= h
            out.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar:.1f}' height='{h:.1f}' "
                f"fill='{QUAD_COLOURS[quad]}'><title>{_e(label)}: {value} "
                f"{_e(QUAD_NAMES[quad])}</title></rect>"
            )
        if n % every == 0:
            out.append(
                f"<text x='{x + bar / 2:.1f}' y='{height - bottom + 14}' class='tick' "
                f"text-anchor='middle'>{_e(label)}</text>"
            )
    out.append("</svg>")
    legend = "".join(
        f"<span><i style='background:{QUAD_COLOURS[q]}'></i>{_e(QUAD_NAMES[q])}</span>"
        for q in (1, 2, 3, 4)
    )
    return "".join(out) + f"<div class='legend'>{legend} · bars per {unit}</div>"


def _month_range(first: str, last: str) -> list[str]:
    year, month = (int(p) for p in first.split("-"))
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append(key)
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _ticks(peak: int) -> list[int]:
    step = max(1, math.ceil(peak / 4))
    return list(range(0, peak + 1, step))


def _layout(network: Network, ids: list[str]) -> dict[str, tuple[float, float]]:
    """A force-directed layout (Fruchterman-Reingold), seeded on a circle: deterministic."""
    count = len(ids)
    pos = {
        node: [math.cos(2 * math.pi * n / count), math.sin(2 * math.pi * n / count)]
        for n, node in enumerate(ids)
    }
    links = [
        (e.source, e.target) for e in network.edges.values() if e.source in pos and e.target in pos
    ]
    k = math.sqrt(4.0 / max(count, 1))
    temperature = 0.2
    for _ in range(150):
        shift = {node: [0.0, 0.0] for node in ids}
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                distance = math.hypot(dx, dy) or 0.01
                force = k * k / distance
                shift[a][0] += dx / distance * force
                shift[a][1] += dy / distance * force
                shift[b][0] -= dx / distance * force
                shift[b][1] -= dy / distance * force
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            distance = math.hypot(dx, dy) or 0.01
            force = distance * distance / k
            shift[a][0] -= dx / distance * force
            shift[a][1] -= dy / distance * force
            shift[b][0] += dx / distance * force
            shift[b][1] += dy / distance * force
        for node in ids:
            # Gravity keeps separate components near the middle instead of on a far ring.
            shift[node][0] -= pos[node][0] * k * 2
            shift[node][1] -= pos[node][1] * k * 2
            dx, dy = shift[node]
            length = math.hypot(dx, dy) or 1.0
            pos[node][0] += dx / length * min(length, temperature)
            pos[node][1] += dy / length * min(length, temperature)
        temperature *= 0.97
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        node: (80 + (p[0] - min(xs)) / span_x * 800, 40 + (p[1] - min(ys)) / span_y * 400)
        for node, p in pos.items()
    }


def _network_svg(network: Network, limit: int = 40) -> str:
    # The heaviest edges and the actors they join: isolated actors say nothing in a network.
    edges = sorted(network.edges.values(), key=lambda e: (-e.weight, e.id))[:limit]
    if not edges:
        return "<p class='empty'>No events between two actors.</p>"
    kept = {e.source for e in edges} | {e.target for e in edges}
    nodes = [n for n in network.nodes.values() if n.id in kept]
    ids = [n.id for n in nodes]
    pos = _layout(network, ids)
    heaviest = max(e.weight for e in edges)
    out = ["<svg viewBox='0 0 960 480' role='img' aria-label='actor network'>"]
    out.append(
        "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='6' "
        "markerHeight='6' orient='auto-start-reverse'><path d='M0,0L10,5L0,10z' fill='#777'/>"
        "</marker></defs>"
    )
    for edge in edges:
        (x1, y1), (x2, y2) = pos[edge.source], pos[edge.target]
        colour = QUAD_COLOURS.get(edge.quad_class or 0, "#999")
        width = 1 + 4 * edge.weight / heaviest
        out.append(
            f"<line x1='{x1:.1f}' y1='{y1:.1f}' x2='{x2:.1f}' y2='{y2:.1f}' stroke='{colour}' "
            f"stroke-width='{width:.1f}' marker-end='url(#arrow)' opacity='0.8'>"
            f"<title>{_e(edge.type)} x{edge.weight}</title></line>"
        )
    for node in nodes:
        x, y = pos[node.id]
        radius = 4 + 3 * math.sqrt(node.events)
        label = f"{node.label} ({node.country or '?'}{'/' + node.sector if node.sector else ''})"
        out.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius:.1f}' class='node'>"
            f"<title>{_e(label)}: {node.events} events</title></circle>"
            f"<text x='{x + radius + 2:.1f}' y='{y + 4:.1f}' class='label'>{_e(node.label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _map_svg(events: list[_Event]) -> str:
    places: dict[tuple[float, float], list[Any]] = {}
    for event in events:
        location = event.record.get("location") or {}
        lat, lon = location.get("lat"), location.get("lon")
        if lat is None or lon is None:
            continue
        entry = places.setdefault((float(lat), float(lon)), [location.get("name"), 0])
        entry[1] += 1
    out = [
        f"<svg viewBox='0 0 {MAP_W} {MAP_H}' role='img' aria-label='map of event locations'>",
        f"<rect width='{MAP_W}' height='{MAP_H}' class='sea'/>",
    ]
    for lon in range(-180, 181, 30):
        x, _ = _xy(0, lon)
        out.append(f"<line x1='{x:.1f}' x2='{x:.1f}' y1='0' y2='{MAP_H}' class='graticule'/>")
    for lat in range(-90, 91, 30):
        _, y = _xy(lat, 0)
        out.append(f"<line x1='0' x2='{MAP_W}' y1='{y:.1f}' y2='{y:.1f}' class='graticule'/>")
    out.append(f"<path d='{_outline_path()}' class='land'/>")
    for (lat, lon), (name, count) in sorted(places.items(), key=lambda item: -item[1][1]):
        x, y = _xy(lat, lon)
        radius = 3 + 2.5 * math.sqrt(count)
        out.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{radius:.1f}' class='point'>"
            f"<title>{_e(name)}: {count} events ({lat:.2f}, {lon:.2f})</title></circle>"
        )
    out.append("</svg>")
    if not places:
        out.append("<p class='empty'>No event has a known place.</p>")
    return "".join(out)


def _who(participants: list[Record]) -> str:
    return (
        "; ".join(
            f"{p.get('name') or p.get('text')} ({p.get('country') or '?'})" for p in participants
        )
        or "-"
    )


def _when(record: Record) -> str:
    if record.get("date"):
        return str(record["date"])
    if record.get("date_start"):
        return f"{record['date_start']} .. {record['date_end']}"
    return "undated"


def _anchor(article_id: str) -> str:
    return f"article-{_e(article_id)}"


def _sentence(record: Record) -> str:
    """The evidence sentence with the trigger words marked."""
    evidence = record["evidence"]
    sentence: str = evidence["sentence"]
    start = evidence["trigger_start"] - evidence["start"]
    end = evidence["trigger_end"] - evidence["start"]
    if 0 <= start < end <= len(sentence):
        return f"{_e(sentence[:start])}<mark>{_e(sentence[start:end])}</mark>{_e(sentence[end:])}"
    return _e(sentence)


def _top_events(events: list[_Event], limit: int) -> str:
    ranked = sorted(
        events,
        key=lambda e: (-e.mentions, -e.sources, -abs(float(e.record["goldstein"] or 0.0))),
    )[:limit]
    if not ranked:
        return "<p class='empty'>No events.</p>"
    rows = []
    for n, event in enumerate(ranked, start=1):
        record = event.record
        # Two codings of one sentence show it once.
        seen: dict[tuple[str, int], tuple[Record, dict[str, Any]]] = {}
        for member, context in event.members:
            seen.setdefault((member["article_id"], member["evidence"]["start"]), (member, context))
        evidence = "".join(
            f"<li>{_sentence(member)} <a href='#{_anchor(member['article_id'])}'>"
            f"[{_e(context.get('title') or member['article_id'][:8])}]</a></li>"
            for member, context in list(seen.values())[:5]
        )
        quad = int(record["quad_class"] or 0)
        rows.append(
            f"<tr><td>{n}</td><td>{_e(_when(record))}</td>"
            f"<td><span class='quad' style='background:{QUAD_COLOURS.get(quad, '#ccc')}'></span>"
            f"{_e(record['event'])}{' / ' + _e(record['mode']) if record['mode'] else ''}"
            f"<br><small>CAMEO {_e(record['cameo'])}, Goldstein {_e(record['goldstein'])}</small>"
            f"</td><td>{_e(_who(record['actor']))}</td><td>{_e(_who(record['recipient']))}</td>"
            f"<td>{_e((record.get('location') or {}).get('name') or '')}</td>"
            f"<td>{event.mentions} / {event.sources}</td><td><ul>{evidence}</ul></td></tr>"
        )
    head = (
        "<tr><th>#</th><th>date</th><th>event</th><th>actor</th><th>recipient</th><th>place</th>"
        "<th>mentions / sources</th><th>evidence</th></tr>"
    )
    return f"<table class='events'>{head}{''.join(rows)}</table>"


def _safe_url(url: object) -> str | None:
    text = str(url or "")
    return text if text.startswith(("http://", "https://")) else None


def _articles(rows: list[tuple[Record, dict[str, Any]]]) -> str:
    by_article: dict[str, list[tuple[Record, dict[str, Any]]]] = defaultdict(list)
    for record, context in rows:
        by_article[record["article_id"]].append((record, context))
    out = []
    for article_id, items in by_article.items():
        context = items[0][1]
        url = _safe_url(context.get("url"))
        link = f" <a href='{_e(url)}' rel='noopener noreferrer'>source page</a>" if url else ""
        sentences = "".join(
            f"<li><b>{_e(record['event'])}</b> {_sentence(record)}</li>" for record, _ in items
        )
        out.append(
            f"<section class='article' id='{_anchor(article_id)}'>"
            f"<h3>{_e(context.get('title') or article_id)}</h3>"
            f"<p class='meta'>{_e(context.get('source') or 'unknown source')} · "
            f"<code>{_e(article_id)}</code> · {_e(context.get('key') or '')}{link}</p>"
            f"<ul>{sentences}</ul></section>"
        )
    return "".join(out) or "<p class='empty'>No articles.</p>"


CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222;
background:#fafafa}
header{background:#1d3557;color:#fff;padding:18px 32px}header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.85}
main{max-width:1180px;margin:0 auto;padding:16px 32px}
section.panel{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:12px 18px;
margin:16px 0}
h2{font-size:18px;margin:4px 0 10px;color:#1d3557}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px}
.figure{background:#f1f5f9;border-radius:6px;padding:10px}.figure b{display:block;font-size:22px}
svg{width:100%;height:auto;display:block}
.grid{stroke:#e5e5e5}.tick{font-size:10px;fill:#666}.label{font-size:11px;fill:#222}
.node{fill:#457b9d;stroke:#fff;stroke-width:1.5}.sea{fill:#eef4f8}.land{fill:#d9d9d9;
stroke:#fff;stroke-width:.4}.graticule{stroke:#dfe7ee;stroke-width:.6}
.point{fill:#e63946;fill-opacity:.7;stroke:#7a1c23;stroke-width:.6}
.legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;
height:12px;margin-right:4px;vertical-align:-2px}
table.events{border-collapse:collapse;width:100%}table.events td,table.events th{border-top:1px
solid #eee;padding:6px;vertical-align:top;text-align:left}
table.events ul,section.article ul{margin:0;padding-left:18px}
.quad{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
mark{background:#ffe08a}.meta{color:#555;margin:2px 0 6px}.empty{color:#777;font-style:italic}
section.article{border-top:1px solid #eee;padding:6px 0}section.article h3{margin:6px 0 0;
font-size:15px}section.article:target{background:#fff8e1}
"""


def build_report(
    store: Store, *, title: str = "Herald report", top: int = 25, **filters: Any
) -> str:
    """The report HTML for the events the filters keep (syndicated copies left out)."""
    filters.setdefault("duplicates", False)
    rows = store.events_with_context(**filters)
    events = _real_events(rows)
    network = build_network(record for record, _ in rows)
    articles = {record["article_id"] for record, _ in rows}
    countries = {
        p["country"]
        for record, _ in rows
        for p in (*record["actor"], *record["recipient"])
        if p.get("country")
    }
    dated = sorted(str(r["date_start"]) for r, _ in rows if r.get("date_start"))
    span = f"{dated[0]} to {dated[-1]}" if dated else "no dates"
    copies = len(store.duplicates())
    described = ", ".join(
        f"{k}={'-'.join(v) if isinstance(v, tuple) else v}"
        for k, v in filters.items()
        if v is not None and k != "duplicates"
    )
    figures = [
        ("articles", len(articles)),
        ("real-world events", len(events)),
        ("coded events", len(rows)),
        ("actors in events", len(network.nodes)),
        ("countries", len(countries)),
        ("syndicated copies set aside", copies),
    ]
    figure_html = "".join(
        f"<div class='figure'><b>{value}</b>{_e(name)}</div>" for name, value in figures
    )
    generated = datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title><style>{CSS}</style></head>
<body><header><h1>{_e(title)}</h1>
<p>{_e(described or "all events")} · {_e(span)} · generated {_e(generated)} by Herald</p></header>
<main>
<section class="panel"><h2>Summary</h2><div class="figures">{figure_html}</div></section>
<section class="panel"><h2>Timeline: real-world events by QuadClass</h2>{_timeline_svg(events)}
</section>
<section class="panel"><h2>Actor network</h2>
<p class="meta">Arrows go from actor to recipient; colour by QuadClass, width by events.</p>
{_network_svg(network)}</section>
<section class="panel"><h2>Where events happened</h2>{_map_svg(events)}</section>
<section class="panel" id="top-events"><h2>Top events</h2>
<p class="meta">Ranked by mentions, then sources; evidence sentences link to their articles
below.</p>{_top_events(events, top)}</section>
<section class="panel" id="articles"><h2>Articles</h2>{_articles(rows)}</section>
</main></body></html>
"""


def write_report(store: Store, path: str | Path, **options: Any) -> None:
    """Write the report to ``path`` (E602 when it cannot be written)."""
    page = build_report(store, **options)
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise ExportError("E602", path=str(path), detail=exc.strerror or str(exc)) from exc
