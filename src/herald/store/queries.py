"""SQL for the store's read side: event filters, sorts, dyad timelines, actor summaries.

Every value reaches DuckDB as a parameter; the only text pasted into SQL comes from the fixed
tables in this module (sort keys, column lists), chosen by name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from herald.errors import ExportError

#: Sort names and the ORDER BY each one means; a leading '-' reverses the first key.
SORTS: dict[str, str] = {
    "date": "e.date_start {dir} NULLS LAST, e.article_id, e.seq",
    "goldstein": "e.goldstein {dir} NULLS LAST, e.date_start NULLS LAST, e.article_id, e.seq",
    "confidence": "e.confidence {dir}, e.date_start NULLS LAST, e.article_id, e.seq",
    "type": "e.event {dir}, e.date_start NULLS LAST, e.article_id, e.seq",
    "cameo": "e.cameo {dir}, e.date_start NULLS LAST, e.article_id, e.seq",
    "article": "e.article_id {dir}, e.seq",
}

#: Flat event columns for data frames: one row per event, participants' countries as lists.
FRAME_COLUMNS = """
    e.id, e.article_id, e.event, e.mode, e.context, e.cameo, e.quad_class, e.goldstein,
    e."date", e.date_start, e.date_end, e.date_precision, e.date_source,
    e.actor_countries, e.recipient_countries,
    list_transform(from_json(e.actor, '[{"name": "VARCHAR"}]'), lambda p: p.name) AS actor_names,
    list_transform(from_json(e.recipient, '[{"name": "VARCHAR"}]'), lambda p: p.name)
        AS recipient_names,
    e.location ->> '$.name' AS place, TRY_CAST(e.location ->> '$.lat' AS DOUBLE) AS lat,
    TRY_CAST(e.location ->> '$.lon' AS DOUBLE) AS lon,
    e.evidence ->> '$.sentence' AS evidence,
    e.confidence, e.flags, m.cluster_id, d.duplicate_of, a.source, a.url, a.title
"""

#: What frames and exporters join to the filtered events (aliased ``e`` again outside).
#: Filters and the sort run on ``events`` alone first: joining a million cluster members before
#: filtering would cost more than the query itself.
EVENT_JOINS = (
    "JOIN articles a ON a.id = e.article_id "
    "LEFT JOIN article_dedup d ON d.article_id = e.article_id "
    "LEFT JOIN event_cluster_members m ON m.event_id = e.id"
)


def _code(value: str) -> str:
    return value.strip().upper()


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What an event query keeps. Text matches are case-insensitive.

    ``actor``: a country on either side; ``dyad``: (A, B) with A on one side and B on the other
    (either direction unless ``directed``); ``type``: PLOVER type or CAMEO prefix (digits);
    ``place``: location name (substring) or its country code; ``source``: the article's source
    (substring); ``text``: a substring of the evidence sentence; ``duplicates``: keep events of
    articles that are near-duplicates of earlier ones.
    """

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    directed: bool = False
    type: str | None = None
    mode: str | None = None
    context: str | None = None
    since: date | None = None
    until: date | None = None
    article: str | None = None
    place: str | None = None
    source: str | None = None
    text: str | None = None
    duplicates: bool = True
    sort: str = "date"
    limit: int | None = None

    @classmethod
    def names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))

    def where(self) -> tuple[list[str], list[Any]]:
        """SQL conditions over ``events e`` alone, and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        if self.actor:
            where.append("list_contains(e.countries, ?)")
            params.append(_code(self.actor))
        if self.dyad is not None:
            one, two = (_code(c) for c in self.dyad)
            forward = (
                "(list_contains(e.actor_countries, ?) AND list_contains(e.recipient_countries, ?))"
            )
            if self.directed:
                where.append(forward)
                params.extend([one, two])
            else:
                where.append(f"({forward} OR {forward})")
                params.extend([one, two, two, one])
        if self.type:
            if self.type.strip().isdigit():
                where.append("starts_with(e.cameo, ?)")
                params.append(self.type.strip())
            else:
                # Types are stored upper-case: comparing the column as it is lets DuckDB use
                # its statistics (a third faster than upper() on a million rows).
                where.append("e.event = ?")
                params.append(_code(self.type))
        if self.mode:
            where.append("lower(e.mode) = ?")
            params.append(self.mode.strip().lower())
        if self.context:
            where.append("lower(e.context) = ?")
            params.append(self.context.strip().lower())
        if self.since is not None:
            where.append("e.date_end >= ?")
            params.append(self.since)
        if self.until is not None:
            where.append("e.date_start <= ?")
            params.append(self.until)
        if self.article:
            where.append("starts_with(e.article_id, ?)")
            params.append(self.article)
        if self.place:
            where.append(
                "(contains(lower(e.location ->> '$.name'), ?) "
                "OR upper(e.location ->> '$.country') = ?)"
            )
            params.extend([self.place.strip().lower(), _code(self.place)])
        if self.source:
            where.append(
                "e.article_id IN (SELECT id FROM articles WHERE contains(lower(source), ?))"
            )
            params.append(self.source.strip().lower())
        if self.text:
            where.append("contains(lower(e.evidence ->> '$.sentence'), ?)")
            params.append(self.text.strip().lower())
        if not self.duplicates:
            # Copies are few next to events: an anti-join on their ids is cheap.
            where.append(
                "e.article_id NOT IN "
                "(SELECT article_id FROM article_dedup WHERE duplicate_of IS NOT NULL)"
            )
        return where, params

    def order(self) -> str:
        """The ORDER BY clause for ``sort`` (E605 for an unknown sort)."""
        name = self.sort.strip().lower()
        descending = name.startswith("-")
        template = SORTS.get(name.lstrip("-"))
        if template is None:
            raise ExportError(
                "E605",
                name="sort",
                value=self.sort,
                detail="use one of " + ", ".join(sorted(SORTS)) + " (prefix - to reverse)",
            )
        return "ORDER BY " + template.format(dir="DESC" if descending else "ASC")

    def select(self, params: list[Any]) -> str:
        """The filtered, sorted, limited ``SELECT e.* FROM events e`` (parameters appended)."""
        where, values = self.where()
        params.extend(values)
        sql = "SELECT e.* FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql + " " + self.order() + self.limit_clause(params)

    def limit_clause(self, params: list[Any]) -> str:
        if self.limit is None:
            return ""
        if self.limit < 0:
            raise ExportError("E605", name="limit", value=self.limit, detail="give 0 or more")
        params.append(self.limit)
        return " LIMIT ?"


def event_filter(filters: dict[str, Any]) -> EventFilter:
    """An EventFilter from keyword filters; an unknown name is E605."""
    unknown = set(filters) - EventFilter.names()
    if unknown:
        name = sorted(unknown)[0]
        raise ExportError("E605", name=name, value=filters[name], detail="not an event filter")
    return EventFilter(**filters)


def dyad_timeline_sql(directed: bool) -> str:
    """Monthly counts of real-world events (clusters) between two countries.

    Parameters: A, B (and B, A unless directed), since, since, until, until.
    """
    forward = "(list_contains(actor_countries, ?) AND list_contains(recipient_countries, ?))"
    side = forward if directed else f"({forward} OR {forward})"
    return f"""
        SELECT strftime(date_start, '%Y-%m') AS month,
               count(*) AS events,
               sum(mentions) AS mentions,
               count(*) FILTER (WHERE quad_class = 1) AS q1,
               count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3,
               count(*) FILTER (WHERE quad_class = 4) AS q4,
               coalesce(sum(goldstein), 0) AS goldstein
        FROM event_clusters
        WHERE mentions > 0 AND date_start IS NOT NULL AND {side}
          AND (? IS NULL OR date_end >= ?) AND (? IS NULL OR date_start <= ?)
        GROUP BY month ORDER BY month
    """


#: Country pairs (actor side, recipient side) over real-world events.
DYADS_SQL = """
    SELECT a AS actor_country, r AS recipient_country, count(*) AS events,
           sum(mentions) AS mentions, coalesce(sum(goldstein), 0) AS goldstein,
           count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperative,
           count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflictual
    FROM (
        SELECT a, unnest(recipient_countries) AS r, mentions, goldstein, quad_class
        FROM (
            SELECT unnest(actor_countries) AS a, recipient_countries, mentions, goldstein,
                   quad_class
            FROM event_clusters WHERE mentions > 0
        )
    )
    GROUP BY a, r ORDER BY events DESC, a, r
"""

#: Actors across articles: one row per (name, country, sector).
ACTORS_SQL = """
    SELECT name, country, sector,
           list_sort(list_distinct(list(role) FILTER (WHERE role IS NOT NULL))) AS roles,
           list_sort(list_distinct(list(kind))) AS kinds,
           sum(mention_count)::BIGINT AS mentions,
           count(DISTINCT article_id) AS articles,
           list_sort(list_distinct(flatten(list(aliases)))) AS aliases
    FROM actors
    WHERE (? IS NULL OR country = ?) AND (? IS NULL OR sector = ?)
      AND (? IS NULL OR contains(lower(name), ?))
    GROUP BY name, country, sector
    ORDER BY mentions DESC, name, country NULLS LAST, sector NULLS LAST
"""
