"""Load on the web API: 30 s of events queries over loopback against a real `herald serve`.

    python bench/web_load.py [--events 100000] [--seconds 30] [--clients 8] [--db PATH]

Builds (once; reused when it holds the same number of events) a store with ``bench/queries.py``'s
generator, starts ``herald serve`` on 127.0.0.1 with a free port, and runs ``--clients``
concurrent keep-alive clients (httpx, asyncio) for ``--seconds``, each cycling through four
``/api/events`` queries: the newest page, one actor, one dyad, and actor + type + three years
sorted newest first. Prints one JSON line (requests per second, p50/p99 latency in ms, errors)
and writes it to bench/results/web_load.json. Client and server share the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import httpx

# The store generator of bench/queries.py, and the tests' way of starting and stopping a server.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from queries import build

from herald.store import Store
from web.conftest import start_server, stop_server

RESULTS = Path(__file__).resolve().parent / "results" / "web_load.json"
QUERIES = (
    "/api/events?limit=50&sort=-date",
    "/api/events?actor=NER&limit=50",
    "/api/events?dyad=NER,RUS&limit=50",
    "/api/events?actor=NER&type=CONSULT&since=2019-01-01&until=2021-12-31&sort=-date&limit=50",
)


def ensure_store(path: Path, events: int) -> None:
    """Build the generated store unless ``path`` already holds ``events`` events."""
    if path.exists():
        with Store.open(path) as store:
            if store.counts()["events"] == events:
                return
        path.unlink()
    started = time.perf_counter()
    build(path, events)
    print(f"built {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)


async def drive(base: str, seconds: float, clients: int) -> tuple[list[float], int, float]:
    """Latencies (ms) of successful requests, the error count, and the elapsed wall time."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        # One warm-up round: the first queries read the file into DuckDB's buffers.
        for query in QUERIES:
            (await client.get(query)).raise_for_status()
        started = time.perf_counter()
        deadline = started + seconds

        async def worker(offset: int) -> None:
            nonlocal errors
            n = offset
            while time.perf_counter() < deadline:
                query = QUERIES[n % len(QUERIES)]
                n += 1
                sent = time.perf_counter()
                try:
                    answer = await client.get(query)
                except httpx.HTTPError:
                    errors += 1
                    continue
                if answer.status_code == 200:
                    latencies.append((time.perf_counter() - sent) * 1000)
                else:
                    errors += 1

        await asyncio.gather(*(worker(i) for i in range(clients)))
        return latencies, errors, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--db", default="/tmp/herald-web-load.duckdb")
    args = parser.parse_args()
    path = Path(args.db)
    ensure_store(path, args.events)
    process, base = start_server(path)
    try:
        latencies, errors, elapsed = asyncio.run(drive(base, args.seconds, args.clients))
    finally:
        stop_server(process)
    cuts = statistics.quantiles(latencies, n=100)
    result = {
        "endpoint": "/api/events",
        "events_in_store": args.events,
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(cuts[98], 1),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    line = json.dumps(result)
    print(line)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(line + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
