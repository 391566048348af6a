"""The open data downloads page on its first load after a publication, and what it costs the
downloads it lists.

    DEBUG=1 GEALC_HOME=DIR .venv/bin/python benchmarks/downloads_page.py [--repeat 5]
        [--before CHECKOUT]

Needs a database with the demo loaded (``GEALC_HOME=DIR gealc demo --no-serve``: four
published years). Each measurement is a fresh interpreter (so a fresh local-memory cache, as
after a publication or a restart) that asks, through Django's test client as an anonymous
browser does:

1. ``/fr/observatory/downloads/`` (the first load: the page lists every file with its size);
2. the same page again (served from the cache);
3. ``/es/observatory/downloads/`` (the page is cached per language: another language's first
   load);
4. ``/data/values/<newest round>.xlsx``, one of the files the page listed.

It prints each request's milliseconds and database queries. With ``--before`` it runs
another checkout's code (``git archive <commit> src | tar -x -C CHECKOUT``) on the same
database, alternating run by run so that both see the same load, and prints the medians side
by side.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("first load (fr)", "again (fr)", "first load (es)", "a listed file (xlsx)")

MEASURE = """
import json, os, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
import gealc.site.urls  # the URLconf's imports are not the page's
from gealc.observatory import selectors

newest = selectors.rounds_with_published_values().last()
paths = ["/fr/observatory/downloads/", "/fr/observatory/downloads/",
         "/es/observatory/downloads/", f"/data/values/{newest.pk}.xlsx"]
client = Client(HTTP_HOST="localhost")
results = []
for path in paths:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, response.status_code)
    results.append([elapsed * 1000, len(queries)])
print(json.dumps(results))
"""


def measure(root: Path) -> list[list[float]]:
    """[milliseconds, queries] of each step, in a fresh interpreter running ``root``'s code."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], check=True, env=env, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    trees = {"now": ROOT}
    if args.before is not None:
        trees = {"before": args.before, **trees}
    runs: dict[str, list[list[list[float]]]] = {name: [] for name in trees}
    for attempt in range(args.repeat):
        for name, root in trees.items():
            result = measure(root)
            runs[name].append(result)
            figures = ", ".join(f"{ms:,.0f} ms/{int(q)} q" for ms, q in result)
            print(f"[{name}] run {attempt + 1}: {figures}", flush=True)
    print(f"\nMachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
    print("| step | " + " | ".join(f"{name} ms (min-max) | queries" for name in trees) + " |")
    print("| --- |" + " ---: | ---: |" * len(trees))
    for index, step in enumerate(STEPS):
        cells = []
        for name in trees:
            times = [run[index][0] for run in runs[name]]
            queries = runs[name][0][index][1]
            cells.append(
                f"{statistics.median(times):,.0f} ({min(times):,.0f}-{max(times):,.0f}) "
                f"| {int(queries)}"
            )
        print(f"| {step} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
