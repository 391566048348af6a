"""Benchmarks of the composite-index engine (gealc.index); figures go to benchmarks/README.md.

    .venv/bin/python benchmarks/index_engine.py            # every case
    .venv/bin/python benchmarks/index_engine.py --case uncertainty_asem

Each case runs in its own subprocess so that its peak memory (``ru_maxrss``, which includes
the interpreter and the imported libraries) is its own. Times are wall-clock seconds of the
analysis call (spec and data validation included), the best of ``--repeat`` runs.
Performance is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
ASEM = ROOT / "examples" / "asem"
COINR_SECONDS_PER_RUN = 0.23  # COINr get_sensitivity, same analysis, 100 runs in ~23 s here


def _build_full() -> dict[str, Any]:
    from gealc.index import build

    build(ASEM / "full.yaml", ASEM / "ASEM_iData.csv")
    return {}


def _uncertainty_asem() -> dict[str, Any]:
    from gealc.index import uncertainty

    result = uncertainty(ASEM / "uncertainty.yaml", ASEM / "ASEM_iData.csv", runs=10_000, seed=1)
    return {"runs": result.runs}


def _uncertainty_targets() -> dict[str, Any]:
    """Every aggregate of ASEM: one call per aggregate (the observatory's old way) vs one call
    with every aggregate as a target, in the same process, 1,000 runs each."""
    from gealc.index import load_spec, uncertainty

    spec = load_spec(ASEM / "uncertainty.yaml")
    data = ASEM / "ASEM_iData.csv"
    codes = [n.code for n in spec.aggregates]
    start = time.perf_counter()
    for code in codes:
        uncertainty(spec, data, runs=1000, seed=1, targets=[code])
    separate = time.perf_counter() - start
    start = time.perf_counter()
    uncertainty(spec, data, runs=1000, seed=1, targets=codes)
    together = time.perf_counter() - start
    return {"targets": len(codes), "separate": separate, "together": together}


def _sensitivity_asem() -> dict[str, Any]:
    from gealc.index import sensitivity

    result = sensitivity(
        ASEM / "uncertainty.yaml", ASEM / "ASEM_iData.csv", base_samples=1000, seed=1
    )
    return {"runs": result.runs}


def synthetic(
    n_units: int, n_indicators: int, per_pillar: int = 10, seed: int = 0
) -> tuple[dict[str, Any], pd.DataFrame]:
    """A random index: indicators -> pillars of ``per_pillar`` -> 4 sub-indices -> index."""
    rng = np.random.default_rng(seed)
    n_pillars = n_indicators // per_pillar
    nodes: list[dict[str, Any]] = [
        {"code": f"i{j}", "parent": f"p{j // per_pillar}", "direction": 1 if j % 5 else -1}
        for j in range(n_indicators)
    ]
    nodes += [{"code": f"p{k}", "level": 2, "parent": f"s{k % 4}"} for k in range(n_pillars)]
    nodes += [{"code": f"s{k}", "level": 3, "parent": "Index"} for k in range(4)]
    nodes.append({"code": "Index", "level": 4})
    spec = {
        "name": "synthetic",
        "nodes": nodes,
        "steps": {
            "normalise": {"method": "minmax", "range": [1, 100]},
            "aggregate": {"method": "arithmetic"},
        },
        "uncertainty": {
            "alternatives": [
                {
                    "path": "steps.normalise",
                    "values": [{"method": "minmax", "range": [1, 100]}, {"method": "rank"}],
                },
                {"path": "steps.aggregate.method", "values": ["arithmetic", "geometric"]},
            ],
            "weight_noise": [{"level": 2, "factor": 0.25}, {"level": 3, "factor": 0.25}],
        },
    }
    values = rng.lognormal(size=(n_units, n_indicators))
    values[rng.random(values.shape) < 0.02] = np.nan  # 2 % missing: exercises re-normalisation
    frame = pd.DataFrame(values, columns=[f"i{j}" for j in range(n_indicators)])
    frame.insert(0, "unit", [f"u{i:05d}" for i in range(n_units)])
    return spec, frame


def _uncertainty_large() -> dict[str, Any]:
    from gealc.index import uncertainty

    spec, frame = synthetic(10_000, 200)
    result = uncertainty(spec, frame, runs=1000, seed=1)
    return {"runs": result.runs, "units": 10_000, "indicators": 200}


def _build_large() -> dict[str, Any]:
    from gealc.index import build

    spec, frame = synthetic(10_000, 200)
    build(spec, frame)
    return {"units": 10_000, "indicators": 200}


CASES: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "build_full": ("ASEM full pipeline build (51 units, 49 indicators)", _build_full),
    "uncertainty_asem": ("ASEM uncertainty, 10,000 runs", _uncertainty_asem),
    "uncertainty_targets": (
        "ASEM uncertainty of every aggregate, 1,000 runs: N calls vs one call",
        _uncertainty_targets,
    ),
    "sensitivity_asem": ("ASEM sensitivity, 1,000 base samples", _sensitivity_asem),
    "build_large": ("build, 10,000 units x 200 indicators", _build_large),
    "uncertainty_large": (
        "uncertainty, 10,000 units x 200 indicators x 1,000 runs",
        _uncertainty_large,
    ),
}


def run_case(name: str, repeat: int) -> dict[str, Any]:
    """Inside the subprocess: time the case; report its peak resident memory."""
    _, function = CASES[name]
    times, extras = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        extras.append(function())
        times.append(time.perf_counter() - start)
    # timings a case reports itself are the best of the repeats too
    extra = {
        key: min(e[key] for e in extras) if isinstance(value, float) else value
        for key, value in extras[-1].items()
    }
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"case": name, "seconds": min(times), "peak_mb": peak_mb, **extra}


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{mem_kb / 1024**2:.1f} GiB"
    except OSError:
        memory = "unknown"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        print(json.dumps(run_case(args.case[0], args.repeat)))
        return 0
    info = machine()
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    print("| case | seconds | peak memory (MB) | notes |")
    print("| --- | ---: | ---: | --- |")
    for name in args.case or list(CASES):
        repeat = 1 if name.endswith("large") else args.repeat
        output = subprocess.run(
            [sys.executable, __file__, "--inner", "--case", name, "--repeat", str(repeat)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        notes = CASES[name][0]
        if "targets" in row:
            notes += (
                f"; {row['targets']} separate calls {row['separate']:.3f} s, one call with"
                f" {row['targets']} targets {row['together']:.3f} s,"
                f" ratio {row['separate'] / row['together']:.1f}x (each the best of {repeat})"
            )
        if "runs" in row:
            per_run = row["seconds"] / row["runs"]
            notes += f"; {per_run * 1e3:.3f} ms/run"
            if name.endswith("asem"):
                notes += f", COINr/ours per run = {COINR_SECONDS_PER_RUN / per_run:,.0f}x"
        print(f"| {name} | {row['seconds']:.3f} | {row['peak_mb']:.0f} | {notes} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
