"""The observatory's compute of the demo round: one uncertainty pass per aggregate (before)
against one pass for every aggregate (now), side by side in one process.

It loads the demo into a fresh SQLite database in a temporary GEALC_HOME (or uses
``--home DIR`` if it already holds one), then, alternating the two, times

* ``uncertainty``: the Monte Carlo part alone — ``engine.uncertainty`` once per aggregate (the
  index and each dimension, as ``_analyse`` did) against once with ``targets=[every
  aggregate]``;
* ``analyse``: the whole analysis the observatory stores (build, uncertainty of every
  aggregate, coherence, sensitivity) — the old loop against ``services._analyse``;

and prints the best of ``--repeat`` times of each and the ratio. Both give the same
statistics, which the script checks before timing. Usage::

    .venv/bin/python benchmarks/observatory_compute.py [--runs 10000] [--repeat 3] [--year 2024]
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import secrets
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from typing import Any


def _setup(home: str) -> None:
    os.environ["GEALC_HOME"] = home
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throwaway database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gealc.site.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gealc.measurement.models import Round

    if not Round.objects.filter(is_demo=True).exists():
        from gealc.core.demo_loading import load_all

        load_all()


def _per_aggregate(spec: dict[str, Any], frame: Any, runs: int, aggregates: list[str]) -> dict:
    """Before: one Monte Carlo pass per aggregate (the RuntimeWarnings silenced, as it was)."""
    from gealc import index as engine

    stats = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for code in aggregates:
            target_spec = copy.deepcopy(spec)
            target_spec["uncertainty"]["target"] = code
            stats[code] = engine.uncertainty(target_spec, frame, runs=runs).rank_stats
    return stats


def _one_pass(spec: dict[str, Any], frame: Any, runs: int, aggregates: list[str]) -> dict:
    from gealc import index as engine

    return engine.uncertainty(spec, frame, runs=runs, targets=aggregates).rank_stats_by_node


def _old_analyse(spec: dict[str, Any], frame: Any, runs: int, aggregates: list[str]) -> None:
    from gealc import index as engine

    result = engine.build(spec, frame)
    _per_aggregate(spec, frame, runs, aggregates)
    engine.coherence(result)
    engine.sensitivity(spec, frame)


def _best(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--home", help="a GEALC_HOME holding the demo (default: a new one)")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="gealc-bench-")
    os.makedirs(home, exist_ok=True)
    started = time.perf_counter()
    _setup(home)
    print(f"demo ready in {home} ({time.perf_counter() - started:.0f} s)")

    import pandas as pd

    from gealc import index as engine
    from gealc.measurement.models import Round
    from gealc.observatory import services

    measurement_round = Round.objects.get(is_demo=True, reference_year=args.year)
    frame = services.run_data(measurement_round).frame
    spec = services.run_spec(measurement_round, args.runs, 2024)
    aggregates = [n.code for n in engine.parse_spec(spec).nodes if n.level > 1]
    before = _per_aggregate(spec, frame, args.runs, aggregates)
    now = _one_pass(spec, frame, args.runs, aggregates)
    for code in aggregates:
        pd.testing.assert_frame_equal(before[code], now[code])
    print(
        f"round {args.year}: {len(frame)} countries, {frame.shape[1] - 2} indicators, "
        f"{len(aggregates)} aggregates, {args.runs} runs; the same statistics both ways"
    )
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.platform()}")

    cases = {
        "uncertainty": (
            lambda: _per_aggregate(spec, frame, args.runs, aggregates),
            lambda: _one_pass(spec, frame, args.runs, aggregates),
        ),
        "analyse": (
            lambda: _old_analyse(spec, frame, args.runs, aggregates),
            lambda: services._analyse(spec, frame, args.runs, measurement_round=measurement_round),
        ),
    }
    print(f"{'case':<12} {'per aggregate (s)':>18} {'one pass (s)':>13} {'ratio':>6}")
    for name, (old, new) in cases.items():
        old_time, new_time = float("inf"), float("inf")
        for _ in range(args.repeat):  # alternate, so both see the same machine load
            old_time = min(old_time, _best(old, 1))
            new_time = min(new_time, _best(new, 1))
        print(f"{name:<12} {old_time:>18.3f} {new_time:>13.3f} {old_time / new_time:>5.1f}x")


if __name__ == "__main__":
    sys.exit(main())
