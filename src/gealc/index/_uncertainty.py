"""Uncertainty analysis: Monte Carlo runs over the spec's uncertain assumptions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._build import DataLike, SpecLike, build, resolve
from ._data import FloatArray
from ._errors import SpecError
from ._rank import rank_scores
from ._result import Result
from ._runs import (
    Progress,
    RunPlan,
    analysis_units,
    checked_count,
    checked_seed,
    evaluate,
    noise_columns,
)
from ._spec import Spec, Uncertainty
from ._tree import make_tree


@dataclass(frozen=True, eq=False)
class UncertaintyResult:
    """Distribution of scores and ranks of the targets over the runs.

    Attributes
    ----------
    target : str
        The main target: the first of ``targets``.
    targets : tuple of str
        Every node analysed, all from the same runs.
    rank_stats, score_stats : DataFrame, index unit
        Columns ``nominal, mean, median, q05, q95``, for the main target.
    rank_stats_by_node, score_stats_by_node : dict of node code to DataFrame
        The same statistics for every target (the main one included).
    scores, ranks : ndarray, shape (runs, n_units)
        Every run's scores and ranks of the main target (units in ``rank_stats.index`` order).
    choices : DataFrame, shape (runs, n_alternatives)
        The value chosen for each alternative in each run.
    """

    target: str
    runs: int
    seed: int
    rank_stats: pd.DataFrame
    score_stats: pd.DataFrame
    scores: FloatArray
    ranks: FloatArray
    choices: pd.DataFrame
    targets: tuple[str, ...] = ()
    rank_stats_by_node: dict[str, pd.DataFrame] = field(default_factory=dict)
    score_stats_by_node: dict[str, pd.DataFrame] = field(default_factory=dict)


def uncertainty(
    spec: SpecLike,
    data: DataLike,
    *,
    runs: int | None = None,
    seed: int | None = None,
    targets: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> UncertaintyResult:
    """Run the uncertainty analysis described by ``spec.uncertainty``.

    Each run draws one value of every alternative (uniformly) and multiplies each weight at a
    noisy level by ``1 + U(-factor, factor)``. ``runs`` and ``seed`` override the spec.
    ``targets`` lists the nodes to analyse, all from the same runs (default: the spec's
    ``uncertainty.target``, else the index); the first is the main target.
    """
    checked, dataset = resolve(spec, data)
    settings = _settings(checked)
    n_runs = runs if runs is not None else settings.runs
    n_runs = checked_count(n_runs, "uncertainty.runs", 2)
    seed = checked_seed(checked.seed if seed is None else seed)
    rng = np.random.default_rng(seed)
    plan = draw_plan(checked, rng, n_runs)
    nominal = build(checked, dataset)
    nodes = _targets(checked, targets)
    candidates = analysis_units(dataset)
    every = evaluate(checked, dataset, plan, candidates, nodes, progress)
    units, scores = _scored_units(nominal, candidates, every)
    ranks = rank_scores(scores, axis=2, decimals=checked.rank_decimals)
    choices = pd.DataFrame(
        {
            a.path: np.array([_label(v) for v in a.values], dtype=object)[plan.choices[:, j]]
            for j, a in enumerate(settings.alternatives)
        }
    )
    rank_stats, score_stats = {}, {}
    for i, node in enumerate(nodes):
        nominal_ranks = nominal.ranks[node].reindex(units).to_numpy(dtype=float, na_value=np.nan)
        rank_stats[node] = _stats(ranks[i], nominal_ranks, units)
        rank_stats[node]["nominal"] = rank_stats[node]["nominal"].astype("Int64")
        score_stats[node] = _stats(scores[i], nominal.scores[node].reindex(units).to_numpy(), units)
    return UncertaintyResult(
        target=nodes[0],
        runs=n_runs,
        seed=seed,
        rank_stats=rank_stats[nodes[0]],
        score_stats=score_stats[nodes[0]],
        scores=scores[0],
        ranks=ranks[0],
        choices=choices,
        targets=nodes,
        rank_stats_by_node=rank_stats,
        score_stats_by_node=score_stats,
    )


def _scored_units(
    nominal: Result, candidates: tuple[str, ...], scores: FloatArray
) -> tuple[tuple[str, ...], FloatArray]:
    """The nominal units, plus any unit a run kept that the nominal build screened out."""
    kept = set(nominal.scores.index)
    keep = np.array([u in kept for u in candidates]) | ~np.isnan(scores).all(axis=(0, 1))
    return tuple(u for u, k in zip(candidates, keep, strict=True) if k), scores[:, :, keep]


def _targets(spec: Spec, targets: Sequence[str] | None) -> tuple[str, ...]:
    """The nodes to analyse, checked against the spec."""
    if targets is None:
        assert spec.uncertainty is not None
        return (spec.uncertainty.target or spec.root.code,)
    if isinstance(targets, str) or not targets:
        raise SpecError("targets", "give a non-empty list of node codes")
    codes = {n.code for n in spec.nodes}
    for i, target in enumerate(targets):
        if target not in codes:
            raise SpecError(
                f"targets[{i}]",
                f"unknown node {target!r}",
                code="unknown_reference",
                params={"name": target, "kind": "node"},
            )
    return tuple(dict.fromkeys(targets))


def draw_plan(spec: Spec, rng: np.random.Generator, n_runs: int) -> RunPlan:
    """Random choices and weight multipliers for ``n_runs`` runs (uniform sampling)."""
    settings = _settings(spec)
    sizes = [len(a.values) for a in settings.alternatives]
    choices = (
        np.column_stack([rng.integers(0, k, n_runs) for k in sizes])
        if sizes
        else np.zeros((n_runs, 0), dtype=np.int64)
    )
    tree = make_tree(spec)
    multipliers = np.ones((n_runs, tree.n_nodes))
    for noise in settings.weight_noise:
        cols = noise_columns(spec, tree, noise.level)
        multipliers[:, cols] = 1.0 + rng.uniform(-noise.factor, noise.factor, (n_runs, len(cols)))
    return RunPlan(choices.astype(np.int64), multipliers)


def _settings(spec: Spec) -> Uncertainty:
    if spec.uncertainty is None:
        raise SpecError("uncertainty", "the spec has no uncertainty section")
    return spec.uncertainty


def _stats(values: FloatArray, nominal: FloatArray, units: tuple[str, ...]) -> pd.DataFrame:
    """Per unit (column of ``values``): nominal, mean, median, 5th and 95th percentiles.

    A unit without a value in any run (screened out every time) has ``nan`` statistics.
    """
    # nan-aware statistics are much slower: use them only when a unit was screened out
    missing = bool(np.isnan(values).any())
    mean, median = (np.nanmean, np.nanmedian) if missing else (np.mean, np.median)
    quantile = np.nanquantile if missing else np.quantile
    seen = ~np.isnan(values).all(axis=0)
    stats = np.full((4, values.shape[1]), np.nan)
    if seen.any():
        present = values[:, seen]
        stats[0, seen] = mean(present, axis=0)
        stats[1, seen] = median(present, axis=0)
        stats[2:, seen] = quantile(present, [0.05, 0.95], axis=0)
    return pd.DataFrame(
        {
            "nominal": nominal,
            "mean": stats[0],
            "median": stats[1],
            "q05": stats[2],
            "q95": stats[3],
        },
        index=pd.Index(units, name="unit"),
    )


def _label(value: object) -> str:
    if isinstance(value, dict):
        return ",".join(f"{k}={v}" for k, v in value.items())
    return str(value)
