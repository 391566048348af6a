"""Whole-process timing of the engine's command line; figures go to benchmarks/README.md.

    .venv/bin/python benchmarks/index_cli.py                    # 7 repetitions, median
    .venv/bin/python benchmarks/index_cli.py --repeat 11
    .venv/bin/python benchmarks/index_cli.py --before /tmp/engine_base   # side by side

``--before`` names another checkout (its ``src/`` and ``examples/``), e.g. made with
``git archive <commit> src/gealc/__init__.py src/gealc/index examples/asem | tar -x -C DIR``.

It runs ``python -m gealc.index uncertainty examples/asem/uncertainty.yaml
examples/asem/ASEM_iData.csv --runs 10000 --seed 1 --out DIR`` as a new process each time
(interpreter start, imports, reading, the analysis, writing), alternating with the ``--before``
checkout when given, and prints the median and range of the wall-clock times; then the same
analysis in-process (imports excluded), and a ``python -X importtime`` breakdown of the
process's heavy packages (numpy, pandas, scipy, yaml, tqdm; each where first imported).
Performance is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _args(root: Path) -> list[str]:
    asem = root / "examples" / "asem"
    inputs = [str(asem / "uncertainty.yaml"), str(asem / "ASEM_iData.csv")]
    return ["uncertainty", *inputs, "--runs", "10000", "--seed", "1", "--no-progress"]


IN_PROCESS = """
import time, sys
from gealc.index import uncertainty
start = time.perf_counter()
uncertainty(sys.argv[1], sys.argv[2], runs=10_000, seed=1)
print(time.perf_counter() - start)
"""


def whole_process(root: Path, out: Path) -> float:
    """Seconds of one ``python -m gealc.index uncertainty ...`` process, start to exit."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "gealc.index", *_args(root), "--out", str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def in_process(root: Path) -> float:
    """Seconds of the analysis alone, after the imports, in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, *_args(root)[1:3]],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return float(done.stdout.strip())


# scipy.stats' own line is missing from -X importtime (scipy imports it lazily):
# its bulk, scipy.stats._stats_py, stands for it
WATCHED = ("gealc.index", "numpy", "pandas", "scipy", "scipy.stats._stats_py", "yaml", "tqdm")


def import_breakdown(root: Path, out: Path) -> dict[str, float]:
    """Cumulative import milliseconds of the heavy packages (absent: not imported at all)."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gealc.index", *_args(root), "--out", str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| *(\S+)$", line)
        if match and match.group(2) in WATCHED:
            totals[match.group(2)] = int(match.group(1)) / 1e3
    return totals


def _summary(times: list[float]) -> str:
    return f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    trees = {"now": ROOT}
    if args.before is not None:
        trees = {"before": args.before, **trees}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for root in trees.values():
            whole_process(root, out)  # warm the file cache and the bytecode
        times: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.repeat):
            for name, root in trees.items():
                times[name].append(whole_process(root, out))
        print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the end")
        for name, root in trees.items():
            print(f"[{name}] whole process, {args.repeat} runs: {_summary(times[name])}")
            print(f"[{name}] the analysis in-process (imports excluded): {in_process(root):.3f} s")
            found = import_breakdown(root, out)
            listed = ", ".join(
                f"{m} {found[m]:.0f} ms" if m in found else f"{m} -" for m in WATCHED
            )
            print(f"[{name}] imports (cumulative; - not imported): {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
