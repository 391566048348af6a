"""Concurrent page reads on SQLite: two servers side by side, compared as a ratio.

Start two servers on one demo database (e.g. the code before and after a change, the first
with ``PYTHONPATH`` pointing at the other checkout's ``src``), then::

    .venv/bin/python benchmarks/sqlite_reads.py http://127.0.0.1:8801 http://127.0.0.1:8802

Each round sends the same GETs to both (in turn, so both see the same machine load) and
prints requests per second, p50 and p95; the last lines are the ratios of the medians.
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PATHS = (
    "/en/countries/",
    "/en/directory/",
    "/en/rounds/",
    "/en/practices/",
    "/en/software/",
    "/api/v1/institutions/",
)


def _get(url: str) -> float:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url}: HTTP {error.code}") from None
    return time.perf_counter() - started


def _load(base: str, requests: int, concurrency: int) -> tuple[float, float, float]:
    urls = [base + PATHS[i % len(PATHS)] for i in range(requests)]
    for url in urls[: len(PATHS)]:
        _get(url)  # warm the server's caches
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = sorted(pool.map(_get, urls))
    rate = requests / (time.perf_counter() - started)
    return rate, statistics.median(latencies), latencies[int(len(latencies) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, list[tuple[float, float, float]]] = {args.first: [], args.second: []}
    for _ in range(args.rounds):
        for base in figures:
            rate, p50, p95 = _load(base, args.requests, args.concurrency)
            figures[base].append((rate, p50, p95))
            print(f"{base}: {rate:.1f} req/s, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    first, second = (list(zip(*figures[base], strict=True)) for base in figures)
    for name, index in (("req/s", 0), ("p50", 1), ("p95", 2)):
        ratio = statistics.median(second[index]) / statistics.median(first[index])
        print(f"second / first, median {name}: {ratio:.2f}")


if __name__ == "__main__":
    main()
