"""Time the server-side chart rendering and measure the member map's SVG.

    .venv/bin/python benchmarks/chart_rendering.py

Prints the first render in a fresh process (includes reading the TopoJSON files), an
uncached render in a warm process, a cached render, and the SVG size (raw and gzip).
"""

import csv
import gzip
import os
import secrets
import time
from pathlib import Path

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # the settings need one
    django.setup()
    from django.core.cache import cache
    from django.utils import translation

    from gealc.charts import MapCountry, bar_chart, member_map

    translation.activate("en")
    cache.clear()
    countries_csv = Path(__file__).parent.parent / "src/gealc/network/data/countries.csv"
    with countries_csv.open(encoding="utf-8") as handle:
        countries = [
            MapCountry(row["iso_numeric"], row["name_en"], row["membership"].title())
            for row in csv.DictReader(handle)
        ]

    timings = {}
    started = time.perf_counter()
    chart = member_map(countries)
    timings["member map, first render in a fresh process"] = time.perf_counter() - started
    started = time.perf_counter()
    member_map(countries, title="Another title, so not cached")
    timings["member map, uncached render in a warm process"] = time.perf_counter() - started
    started = time.perf_counter()
    member_map(countries)
    timings["member map, from the cache"] = time.perf_counter() - started
    scores = [(c.name, float(len(c.name))) for c in countries]
    started = time.perf_counter()
    bar_chart(title="Bars", data=scores, category_title="Country", value_title="Value")
    timings[f"bar chart of {len(scores)} bars, uncached"] = time.perf_counter() - started

    for label, seconds in timings.items():
        print(f"{label:50s} {seconds * 1000:9.1f} ms")
    svg = chart.raw_svg.encode()
    print(f"{'member map SVG':50s} {len(svg) / 1024:9.1f} KiB")
    print(f"{'member map SVG, gzip':50s} {len(gzip.compress(svg)) / 1024:9.1f} KiB")


if __name__ == "__main__":
    main()
