"""Query speed on a generated store of one million events.

    python bench/queries.py [--events 1000000] [--db /tmp/herald-bench.duckdb] [--runs 21]

Builds (once; reused when the file exists with the same size) a store through Herald's own schema
migrations, filled by SQL with synthetic data shaped like Herald's: 60 countries, the 16 PLOVER
types, ten years of dates, real-world events (clusters) each reported 1-3 times across 50,000
articles, 5% of articles marked as syndicated copies. Then times, through the public Store
methods, the median of ``--runs`` calls after one warm-up call:

- a dyad timeline (``Store.dyad_timeline('NER', 'RUS')``),
- a filtered event query (actor, type, date range, copies hidden, 100 newest records),
- the same filter as a pandas DataFrame (``Store.events_frame``),
- a text search over evidence sentences.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from herald.events.ontology import PLOVER_TYPES
from herald.store import Store

COUNTRIES = [
    "NER",
    "RUS",
    "FRA",
    "USA",
    "CHN",
    "JPN",
    "PHL",
    "KEN",
    "SDN",
    "TCD",
    "MLI",
    "BFA",
    "NGA",
    "EGY",
    "ISR",
    "PSE",
    "IRN",
    "IRQ",
    "SYR",
    "TUR",
    "UKR",
    "BLR",
    "POL",
    "DEU",
    "GBR",
    "ITA",
    "ESP",
    "PRT",
    "BRA",
    "ARG",
    "MEX",
    "COL",
    "VEN",
    "CAN",
    "AUS",
    "IND",
    "PAK",
    "AFG",
    "BGD",
    "IDN",
    "MYS",
    "THA",
    "VNM",
    "KOR",
    "PRK",
    "SAU",
    "ARE",
    "QAT",
    "YEM",
    "ETH",
    "SOM",
    "ZAF",
    "ZWE",
    "COD",
    "CMR",
    "SEN",
    "GHA",
    "CIV",
    "MAR",
    "DZA",
]
TYPES = list(PLOVER_TYPES)


def build(path: Path, events: int) -> None:
    """A store with ``events`` event rows, written by SQL in a few statements."""
    clusters = int(events / 2)
    articles = 50_000
    with Store.open(path) as store:
        con = store._con  # the benchmark fills tables in bulk, past the one-article add path
        con.execute("SET preserve_insertion_order = false")
        con.execute(
            """
            INSERT INTO articles
            SELECT 'a' || i::VARCHAR, 'bench/' || i::VARCHAR,
                   'source' || (i % 40)::VARCHAR, NULL, 'Article ' || i::VARCHAR, NULL,
                   DATE '2015-01-01' + (i % 3650)::INTEGER, false, 'en', NULL, '', 'text',
                   NULL, NULL, [], [], '[]', TIMESTAMP '2024-01-01' + to_seconds(i)
            FROM range(?) t(i)
            """,
            [articles],
        )
        con.execute(
            """
            INSERT INTO article_dedup
            SELECT 'a' || i::VARCHAR,
                   CASE WHEN i % 20 = 19 THEN 'a' || (i - 1)::VARCHAR END, NULL, NULL
            FROM range(?) t(i)
            """,
            [articles],
        )
        # Real-world events: a type, two countries, a day.
        con.execute(
            """
            CREATE TEMP TABLE gen AS
            SELECT i AS cluster_id,
                   ?[1 + (hash(i) % 16)::INTEGER] AS event,
                   ?[1 + (hash(i * 7 + 1) % 60)::INTEGER] AS a,
                   ?[1 + (hash(i * 13 + 5) % 60)::INTEGER] AS r,
                   DATE '2015-01-01' + (hash(i * 3) % 3650)::INTEGER AS day,
                   1 + (hash(i * 11) % 4)::INTEGER AS quad,
                   ((hash(i * 17) % 200)::DOUBLE / 10.0) - 10.0 AS goldstein,
                   1 + (hash(i * 19) % 3)::INTEGER AS reports
            FROM range(1, ? + 1) t(i)
            """,
            [TYPES, COUNTRIES, COUNTRIES, clusters],
        )
        con.execute(
            """
            CREATE TEMP TABLE mention AS
            SELECT g.*, n AS report, row_number() OVER () AS k
            FROM gen g, range(3) r(n) WHERE n < g.reports
            """
        )
        con.execute("DELETE FROM mention WHERE k > ?", [events])
        con.execute(
            """
            INSERT INTO events (id, article_id, seq, event, mode, context, cameo, quad_class,
                goldstein, "date", date_start, date_end, date_precision, date_source, actor,
                recipient, location, location_feature, evidence, modality, confidence, flags,
                countries, actor_countries, recipient_countries)
            SELECT 'e' || k::VARCHAR, 'a' || (hash(k) % ?)::VARCHAR, report, event, NULL, NULL,
                   '0' || quad::VARCHAR, quad, goldstein, day, day, day, 'day', 'expression',
                   json_array(json_object('text', a, 'name', a || ' government', 'country', a,
                       'sector', 'GOV', 'role', NULL, 'code', a || 'GOV')),
                   json_array(json_object('text', r, 'name', r || ' government', 'country', r,
                       'sector', 'GOV', 'role', NULL, 'code', r || 'GOV')),
                   NULL, NULL,
                   json_object('sentence', a || ' and ' || r || ' ' || lower(event) || ' talks',
                       'start', 0, 'end', 20, 'trigger_start', 0, 'trigger_end', 3),
                   '{"negated": false, "future": false, "hypothetical": false,
                     "reported_by": null}',
                   0.8, [], list_sort(list_distinct([a, r])), [a], [r]
            FROM mention
            """,
            [articles],
        )
        con.execute(
            "INSERT INTO event_cluster_members SELECT 'e' || k::VARCHAR, cluster_id FROM mention"
        )
        con.execute(
            """
            INSERT INTO event_clusters
            SELECT cluster_id, event, [a], [r], [a || 'GOV'], [r || 'GOV'], 'asserted', day, day,
                   NULL, NULL, NULL, NULL,
                   'e' || min(k)::VARCHAR, NULL, NULL, '0' || quad::VARCHAR, quad, goldstein,
                   count(*), count(*), count(*), 0
            FROM mention GROUP BY ALL
            """
        )
        con.execute("CHECKPOINT")


def median_ms(call: Callable[[], Any], runs: int) -> tuple[float, Any]:
    result = call()  # warm-up: the first call pays for reading the file into memory
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/herald-bench.duckdb")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    path = Path(args.db)
    if path.exists():
        with Store.open(path) as store:
            if store.counts()["events"] != args.events:
                path.unlink()
    if not path.exists():
        started = time.perf_counter()
        build(path, args.events)
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    with Store.open(path) as store:
        counts = store.counts()
        clusters = store._rows("SELECT count(*) FROM event_clusters")[0][0]
        print(
            f"store: {counts['events']:,} events, {clusters:,} event clusters, "
            f"{counts['articles']:,} articles"
        )
        checks: list[tuple[str, Callable[[], Any]]] = [
            (
                "dyad timeline NER-RUS (Store.dyad_timeline)",
                lambda: store.dyad_timeline("NER", "RUS"),
            ),
            (
                "filtered events: actor=NER type=CONSULT 2019-2021, no copies, newest 100",
                lambda: store.events(
                    actor="NER",
                    type="CONSULT",
                    since=date(2019, 1, 1),
                    until=date(2021, 12, 31),
                    duplicates=False,
                    sort="-date",
                    limit=100,
                ),
            ),
            (
                "same filter as a DataFrame (Store.events_frame)",
                lambda: store.events_frame(
                    actor="NER",
                    type="CONSULT",
                    since=date(2019, 1, 1),
                    until=date(2021, 12, 31),
                    duplicates=False,
                ),
            ),
            (
                "text search 'ner and rus' in evidence, first 100",
                lambda: store.events(text="ner and rus", limit=100),
            ),
        ]
        for name, call in checks:
            ms, result = median_ms(call, args.runs)
            print(f"{ms:8.1f} ms median  {name}  ({len(result)} rows)")


if __name__ == "__main__":
    main()
