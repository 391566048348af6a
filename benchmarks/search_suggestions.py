"""Time "did you mean" on the knowledge_search benchmark's data (10,000 entries of each kind).

    .venv/bin/python benchmarks/search_suggestions.py [--size 10000] [--queries 300]

Reuses benchmarks/knowledge_search.py's set-up and fill (same database, same rows), then times:
- the cold vocabulary build (cache cleared), several times;
- the suggestion alone (cached vocabulary), for typo queries: the benchmark's queries with one
  letter dropped from one word of 5+ letters;
- selectors.search for those typo queries (public), which includes the suggestion when nothing
  matched, against the same queries without a typo.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

import knowledge_search as bench  # noqa: E402


def _typo(query: str, rng: random.Random) -> str:
    from gealc.network.models import normalise_for_search

    words = query.split()
    long_words = [i for i, w in enumerate(words) if len(normalise_for_search(w)) >= 5]
    if not long_words:
        return query
    i = rng.choice(long_words)
    word = words[i]
    cut = rng.randrange(1, len(word) - 1)
    words[i] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def _ms(samples: list[float]) -> str:
    figures = bench._percentiles(samples)
    return " | ".join(f"{figures[k]:.1f}" for k in ("p50", "p95", "max", "mean"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    bench._setup(os.environ.get("DATABASE_URL", bench.DEFAULT_URL))
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache import cache
    from django.db import connection

    from gealc.knowledge import selectors, suggestions

    fill = bench._fill(args.size)
    if fill:
        print("filled (s): " + ", ".join(f"{k} {v:.1f}" for k, v in fill.items()))
    print(f"database: {connection.vendor}; machine: {bench._machine()}")
    builds = []
    for _ in range(3):
        cache.clear()
        start = time.perf_counter()
        vocabulary = selectors.search_vocabulary()
        builds.append((time.perf_counter() - start) * 1000)
    words = sum(len(w) for w in vocabulary.values())
    print(f"vocabulary: {words} words; cold build ms: " + ", ".join(f"{b:.0f}" for b in builds))
    rng = random.Random(3)
    plain = bench._queries(args.queries)
    typos = [(_typo(q, rng), c) for q, c in plain]

    def suggest(query: str, _code: str) -> object:
        return suggestions.suggestion(query, selectors.search_vocabulary())

    samples, _cpu = bench._time(suggest, typos)
    corrected = sum(1 for q, _ in typos if suggest(q, "") is not None)
    print(f"{len(typos)} typo queries; {corrected} get a suggestion (ms per query)")
    print("| case | p50 | p95 | max | mean |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| suggestion alone (cached vocabulary) | {_ms(samples)} |")
    anyone = AnonymousUser()
    found_nothing = [(q, c) for q, c in typos if not selectors.search(q, viewer=anyone).total]
    print(f"(typo queries that find nothing: {len(found_nothing)})")
    searched, _cpu = bench._time(
        lambda q, c: selectors.search(q, viewer=anyone, language=c), found_nothing
    )
    print(f"| selectors.search, public, typo finding nothing (with suggestion) | {_ms(searched)} |")
    untouched, _cpu = bench._time(
        lambda q, c: selectors.search(q, viewer=anyone, language=c), plain
    )
    print(f"| selectors.search, public, the queries without typo | {_ms(untouched)} |")
    print(f"load average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
