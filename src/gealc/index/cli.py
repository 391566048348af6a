"""Command line of the index engine: ``gealc index <command>`` or ``python -m gealc.index``.

Commands: ``build``, ``uncertainty``, ``sensitivity``, ``trends`` and ``check``; run with
``--help``. ``uncertainty --targets A,B`` analyses several nodes from the same runs and also
writes ``stats_by_node.csv`` (one row per node and unit: ``rank_nominal``, ``rank_mean``, ...,
``score_q95``). ``trends`` writes ``trend_scores.csv`` and ``trend_ranks.csv`` (one row per unit,
one column per node and year named ``<node>_<year>``, e.g. ``EGDI_2024``) and
``trend_summary.csv`` (one row per unit and node, see :class:`gealc.index.TrendResult`).
On invalid input the exit code is 2 and stderr holds a one-line reason, never a traceback;
an unexpected failure (a bug) is also one line, with exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import DataError, SpecError
from ._spec import load_spec

if TYPE_CHECKING:
    import pandas as pd

    from ._result import Result
    from ._runs import Progress
    from ._trends import TrendResult
    from ._uncertainty import UncertaintyResult

# Each command imports what it needs when it runs (numpy, pandas, the analyses): ``check SPEC``
# and ``--help`` start in a fraction of the time (see benchmarks/index_cli.py).

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
TOP = 10


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code (0 on success)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        handler: Callable[[argparse.Namespace], None] = args.handler
        handler(args)
    except (SpecError, DataError) as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: {_one_line(f'{exc.strerror}: {exc.filename}')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a bug of ours, not the input's: still one line, no traceback
        message = f"unexpected {type(exc).__name__}: {exc} (please report it with the inputs)"
        print(f"error: {_one_line(message)}", file=sys.stderr)
        return EXIT_INTERNAL
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gealc index", description="Composite-index engine.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the index and write every result")
    _inputs(build_cmd)
    build_cmd.add_argument("--out", type=Path, required=True, help="output directory")
    build_cmd.set_defaults(handler=_build)
    for name, runs_help, handler in (
        ("uncertainty", "number of Monte Carlo runs", _uncertainty),
        ("sensitivity", "base samples N (runs = N x (factors + 2))", _sensitivity),
    ):
        cmd = commands.add_parser(name, help=f"{name} analysis")
        _inputs(cmd)
        cmd.add_argument("--runs", type=_positive, help=f"{runs_help} (default: from the spec)")
        cmd.add_argument("--seed", type=int, help="random seed (default: the spec's)")
        cmd.add_argument("--out", type=Path, required=True, help="output directory")
        cmd.add_argument("--no-progress", action="store_true", help="no progress bar")
        cmd.set_defaults(handler=handler)
    commands.choices["uncertainty"].add_argument(
        "--targets",
        type=_codes,
        help="comma-separated nodes to analyse from the same runs, e.g. Index,Conn,Sust"
        " (default: the spec's target, else the index); writes stats_by_node.csv",
    )
    trends_cmd = commands.add_parser("trends", help="build every year of panel data; changes")
    _inputs(trends_cmd)
    trends_cmd.add_argument("--out", type=Path, required=True, help="output directory")
    trends_cmd.add_argument(
        "--years", type=_years, help="comma-separated years, e.g. 2014,2024 (default: all)"
    )
    trends_cmd.set_defaults(handler=_trends)
    check = commands.add_parser("check", help="validate a spec (and data); print coherence")
    check.add_argument("spec", help="spec file (YAML)")
    check.add_argument("data", nargs="?", help="data file (CSV)")
    check.set_defaults(handler=_check)
    return parser


def _inputs(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("spec", help="spec file (YAML)")
    cmd.add_argument("data", help="data file (CSV)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 2:
        raise argparse.ArgumentTypeError(f"must be at least 2, got {value}")
    return value


def _codes(text: str) -> tuple[str, ...]:
    codes = tuple(part.strip() for part in text.split(",") if part.strip())
    if not codes:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of node codes: {text!r}")
    return codes


def _years(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of years: {text!r}") from None


def _build(args: argparse.Namespace) -> None:
    from ._build import build

    result = build(args.spec, args.data)
    out: Path = args.out
    (out / "datasets").mkdir(parents=True, exist_ok=True)
    _write_csv(result.scores, out / "scores.csv")
    _write_csv(result.ranks, out / "ranks.csv")
    for name, frame in result.datasets.items():
        _write_csv(frame, out / "datasets" / f"{name}.csv")
    _write_json([entry.to_dict() for entry in result.log], out / "log.json")
    _write_json(result.summary(), out / "result.json")
    print(_ranking(result))


def _uncertainty(args: argparse.Namespace) -> None:
    from ._uncertainty import uncertainty

    with _progress(args, "uncertainty") as progress:
        result = uncertainty(
            args.spec,
            args.data,
            runs=args.runs,
            seed=args.seed,
            targets=args.targets,
            progress=progress,
        )
    args.out.mkdir(parents=True, exist_ok=True)
    _write_csv(result.rank_stats, args.out / "rank_stats.csv")
    _write_csv(result.score_stats, args.out / "score_stats.csv")
    if args.targets is not None:
        _stats_by_node(result).to_csv(
            args.out / "stats_by_node.csv", index=False, lineterminator="\n"
        )
    print(f"{result.runs} runs of {result.target!r}, seed {result.seed}; rank statistics:")
    print(result.rank_stats.sort_values("nominal").head(TOP).to_string())


def _stats_by_node(result: UncertaintyResult) -> pd.DataFrame:
    """One row per target and unit: node, unit, then ``rank_`` and ``score_`` statistics."""
    import pandas as pd

    frames = []
    for node in result.targets:
        ranks = result.rank_stats_by_node[node].add_prefix("rank_")
        scores = result.score_stats_by_node[node].add_prefix("score_")
        frame = ranks.join(scores).reset_index()
        frame.insert(0, "node", node)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _sensitivity(args: argparse.Namespace) -> None:
    from ._sensitivity import sensitivity

    with _progress(args, "sensitivity") as progress:
        result = sensitivity(
            args.spec, args.data, base_samples=args.runs, seed=args.seed, progress=progress
        )
    args.out.mkdir(parents=True, exist_ok=True)
    result.indices.to_csv(args.out / "sobol.csv", index=False, lineterminator="\n")
    print(f"{result.runs} runs ({result.base_samples} base samples), seed {result.seed}:")
    print(result.indices.to_string(index=False))


def _trends(args: argparse.Namespace) -> None:
    from ._trends import trends

    result = trends(args.spec, args.data, years=args.years)
    args.out.mkdir(parents=True, exist_ok=True)
    _write_csv(_flat(result.scores), args.out / "trend_scores.csv")
    _write_csv(_flat(result.ranks), args.out / "trend_ranks.csv")
    result.summary.to_csv(args.out / "trend_summary.csv", index=False, lineterminator="\n")
    print(_movers(result))


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns ``(node, year)`` as ``node_year``."""
    nodes, years = frame.columns.get_level_values("node"), frame.columns.get_level_values("year")
    return frame.set_axis([f"{n}_{y}" for n, y in zip(nodes, years, strict=True)], axis=1)


def _movers(result: TrendResult) -> str:
    root = result.spec.root.code
    table = result.summary[result.summary["node"] == root].dropna(subset=["score_change"])
    table = table.set_index("unit")[["score_first", "score_last", "score_change", "rank_change"]]
    first, last = result.years[0], result.years[-1]
    lines = [f"{root} {first}-{last}, {len(result.years)} years, {len(table)} units"]
    for label, ascending in (("risers", False), ("fallers", True)):
        top = table.sort_values(["score_change"], ascending=ascending, kind="stable").head(TOP)
        lines += [f"Top {len(top)} {label} by score change:", top.to_string()]
    return "\n".join(lines)


def _check(args: argparse.Namespace) -> None:
    spec = load_spec(args.spec)
    print(
        f"spec {spec.name!r} is valid: {len(spec.indicators)} indicators, "
        f"{len(spec.aggregates)} aggregates, {spec.n_levels} levels"
    )
    if args.data is not None:
        from ._build import build
        from ._coherence import coherence

        print(coherence(build(spec, args.data)).to_text())


@contextmanager
def _progress(args: argparse.Namespace, label: str) -> Iterator[Progress]:
    """A tqdm bar on stderr that the analysis advances by the runs it has finished."""
    if args.no_progress:
        yield _no_progress
        return
    from tqdm import tqdm  # imported here: only a run that shows progress needs it

    bar = tqdm(desc=label, unit="run", file=sys.stderr, disable=args.no_progress or None)

    def advance(runs: int) -> None:
        bar.update(runs)

    try:
        yield advance
    finally:
        bar.close()


def _no_progress(runs: int) -> None:
    """Progress that is not shown."""


def _ranking(result: Result) -> str:
    import pandas as pd

    root = result.spec.root.code
    table = pd.DataFrame({"rank": result.ranks[root], "score": result.scores[root]})
    table = table.sort_values(["rank", "score"], ascending=[True, False]).head(TOP)
    return f"Top {len(table)} of {len(result.scores)} by {root}:\n{table.to_string()}"


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index_label="unit", lineterminator="\n")


def _write_json(data: Any, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
