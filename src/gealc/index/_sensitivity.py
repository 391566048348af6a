"""Variance-based sensitivity analysis of the mean absolute rank shift.

The output of a run is the mean over units of ``|rank - nominal rank|`` of the target node.
Inputs are the spec's alternatives (one factor each) and the weights (one factor for all
noisy levels together: a quasi-random number picks one of ``weight_sets`` pre-drawn noisy
weight sets, as COINr's example does). The design is Saltelli's: matrices A and B of ``N``
quasi-random (scrambled Sobol) points and, per factor ``i``, A with column ``i`` from B:
``N * (d + 2)`` runs in all.
Estimators: first order ``S_i = mean(yB * (yABi - yA)) / V`` (Saltelli 2010) and total
``ST_i = mean((yA - yABi)^2) / (2 V)`` (Jansen), with ``V`` the variance of ``[yA, yB]``;
confidence intervals by bootstrap over the N base rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._build import DataLike, SpecLike, build, resolve
from ._data import FloatArray
from ._errors import SpecError
from ._rank import rank_scores
from ._runs import (
    Progress,
    RunPlan,
    analysis_units,
    checked_count,
    checked_seed,
    evaluate,
    noise_columns,
)
from ._spec import MAX_RUNS, Sensitivity, Spec
from ._tree import make_tree


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """Sobol indices per factor.

    Attributes
    ----------
    indices : DataFrame
        Columns ``factor, first, first_low, first_high, total, total_low, total_high``.
    runs : int
        Number of model runs, ``base_samples * (n_factors + 2)``.
    output : ndarray, shape (runs,)
        The mean absolute rank shift of every run.
    """

    target: str
    base_samples: int
    runs: int
    seed: int
    variance: float
    indices: pd.DataFrame
    output: FloatArray


def sensitivity(
    spec: SpecLike,
    data: DataLike,
    *,
    base_samples: int | None = None,
    seed: int | None = None,
    bootstrap: int | None = None,
    progress: Progress | None = None,
) -> SensitivityResult:
    """First-order and total Sobol indices of the mean absolute rank shift."""
    checked, dataset = resolve(spec, data)
    if checked.uncertainty is None:
        raise SpecError("uncertainty", "sensitivity analysis needs an uncertainty section")
    settings = checked.sensitivity or Sensitivity()
    n = base_samples if base_samples is not None else settings.base_samples
    factors = _factor_names(checked)
    n = checked_count(n, "sensitivity.base_samples", 4, MAX_RUNS // (len(factors) + 2))
    seed = checked_seed(checked.seed if seed is None else seed)
    rng = np.random.default_rng(seed)
    design = saltelli_design(n, len(factors), rng)
    plan = _plan(checked, design, rng, settings.weight_sets)
    nominal = build(checked, dataset)
    target = checked.uncertainty.target or checked.root.code
    units = analysis_units(dataset)
    scores = evaluate(checked, dataset, plan, units, [target], progress)[0]
    ranks = rank_scores(scores, axis=1, decimals=checked.rank_decimals)
    nominal_ranks = nominal.ranks[target].reindex(units).to_numpy(dtype=float, na_value=np.nan)
    # a unit the nominal build screened out has no nominal rank to shift from: it is left out
    shift = np.nanmean(np.abs(ranks - nominal_ranks[None, :]), axis=1)
    n_boot = settings.bootstrap if bootstrap is None else bootstrap
    indices, variance = sobol_indices(shift, n, len(factors), rng, n_boot, settings.confidence)
    indices.insert(0, "factor", factors)
    return SensitivityResult(target, n, len(shift), seed, variance, indices, shift)


def saltelli_design(n: int, d: int, rng: np.random.Generator) -> FloatArray:
    """Rows A, B, then AB_1 ... AB_d: shape (n * (d + 2), d), values in [0, 1)."""
    from scipy.stats import qmc  # imported here: scipy.stats takes ~1 s to import

    # the first n points of the sequence, drawn as a power of two (Sobol's balance properties
    # hold for 2^m points; qmc warns when asked for others): the same points as random(n)
    m = max(0, int(np.ceil(np.log2(n))))
    base = qmc.Sobol(d=2 * d, scramble=True, seed=rng).random_base2(m)[:n]
    a, b = base[:, :d], base[:, d:]
    mixed = []
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        mixed.append(ab)
    return np.concatenate([a, b, *mixed], axis=0)


def sobol_indices(
    y: FloatArray, n: int, d: int, rng: np.random.Generator, n_boot: int, confidence: float
) -> tuple[pd.DataFrame, float]:
    """Saltelli first-order and Jansen total indices with bootstrap intervals."""
    y_a, y_b = y[:n], y[n : 2 * n]
    y_ab = y[2 * n :].reshape(d, n)
    variance = float(np.var(np.concatenate([y_a, y_b]), ddof=1))
    first, total = _estimate(y_a[None, :], y_b[None, :], y_ab[None, :, :])
    frame = pd.DataFrame({"first": first[0], "total": total[0]})
    low_q, high_q = (1 - confidence) / 2, (1 + confidence) / 2
    if n_boot > 0:
        rows = rng.integers(0, n, (n_boot, n))
        first_b, total_b = _estimate(y_a[rows], y_b[rows], y_ab[:, rows].transpose(1, 0, 2))
        frame["first_low"], frame["first_high"] = _quantiles(first_b, low_q, high_q)
        frame["total_low"], frame["total_high"] = _quantiles(total_b, low_q, high_q)
    else:
        for column in ("first_low", "first_high", "total_low", "total_high"):
            frame[column] = np.nan
    columns = ["first", "first_low", "first_high", "total", "total_low", "total_high"]
    return frame[columns], variance


def _quantiles(samples: FloatArray, low: float, high: float) -> FloatArray:
    """Per column of ``samples``: its ``low`` and ``high`` quantiles; ``nan`` if it has none."""
    out = np.full((2, samples.shape[1]), np.nan)
    known = ~np.isnan(samples).all(axis=0)
    if known.any():
        out[:, known] = np.nanquantile(samples[:, known], [low, high], axis=0)
    return out


def _estimate(y_a: FloatArray, y_b: FloatArray, y_ab: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Shapes (k, n), (k, n), (k, d, n) -> first and total, each (k, d)."""
    variance = np.var(np.concatenate([y_a, y_b], axis=1), axis=1, ddof=1)[:, None]
    varies = np.broadcast_to(variance > 0, (y_a.shape[0], y_ab.shape[1]))
    first = np.full(varies.shape, np.nan)  # no variance in the output: the indices are undefined
    total = np.full(varies.shape, np.nan)
    np.divide(
        np.mean(y_b[:, None, :] * (y_ab - y_a[:, None, :]), axis=2),
        variance,
        out=first,
        where=varies,
    )
    np.divide(np.mean((y_a[:, None, :] - y_ab) ** 2, axis=2), 2 * variance, out=total, where=varies)
    return first, total


def _factor_names(spec: Spec) -> list[str]:
    assert spec.uncertainty is not None
    names = [a.path for a in spec.uncertainty.alternatives]
    if spec.uncertainty.weight_noise:
        names.append("weights")
    if not names:
        raise SpecError("uncertainty", "no uncertain factors: add alternatives or weight_noise")
    return names


def _plan(spec: Spec, design: FloatArray, rng: np.random.Generator, weight_sets: int) -> RunPlan:
    """Map the design's [0, 1) values to alternative indices and noisy weight sets."""
    assert spec.uncertainty is not None
    alternatives = spec.uncertainty.alternatives
    n_alt = len(alternatives)
    sizes = np.array([len(a.values) for a in alternatives], dtype=np.int64)
    choices = np.minimum((design[:, :n_alt] * sizes).astype(np.int64), sizes - 1)
    tree = make_tree(spec)
    multipliers = np.ones((design.shape[0], tree.n_nodes))
    if spec.uncertainty.weight_noise:
        pool = np.ones((weight_sets, tree.n_nodes))
        for noise in spec.uncertainty.weight_noise:
            cols = noise_columns(spec, tree, noise.level)
            pool[:, cols] = 1.0 + rng.uniform(-noise.factor, noise.factor, (weight_sets, len(cols)))
        pick = np.minimum((design[:, n_alt] * weight_sets).astype(np.int64), weight_sets - 1)
        multipliers = pool[pick]
    return RunPlan(choices, multipliers)
