"""Aggregation up every level, for one or many weight sets at once.

All methods are a weighted mean of transformed children values: ``phi^-1(sum w phi(x) / sum
w)`` over the children present (a missing child drops out and the weights of the others are
re-normalised): arithmetic (phi = x), geometric (log), harmonic (1/x), generalised mean (x^p),
Copeland (phi = average rank among units - 1, which equals COINr's outranking-matrix row sum),
and Mazziotta-Pareto (weighted mean minus the penalty ``S * cv = S^2 / M``, where ``S`` is the
weighted standard deviation of the unit's children values).

Domains, checked before computing (a clear ``undefined_aggregate`` error naming the node, the
unit and the child, never a silent ``nan``): geometric and harmonic means and generalised means
with ``p < 0`` need positive values, other generalised means non-negative ones.
Mazziotta-Pareto takes any values (and may itself be negative) but divides by the mean ``M``:
a unit whose children's mean is 0 while they differ (``S > 0``) is an ``undefined_aggregate``
error; by convention a unit whose present children are all 0 (``M = S = 0``) scores 0, the
limit of ``M - S^2 / M`` (between ``M - max`` and ``M`` for non-negative values) as they go to
0. A unit with every child missing has no score (``nan``, hence no rank).

Runs are the last axis: indicator values are shared by all runs and multiplied by the runs'
weights as one matrix product per aggregate; aggregates of aggregates use ``einsum``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ._data import FloatArray
from ._errors import DataError
from ._steps_spec import Aggregate
from ._tree import IntArray, Parent, Tree

_CHUNK_BYTES = 192 * 2**20  # bound on the per-chunk aggregate array, to bound peak memory
_NEEDS_POSITIVE = {"geometric": "geometric mean", "harmonic": "harmonic mean"}


def aggregate_runs(
    x: FloatArray,
    weights: FloatArray,
    tree: Tree,
    step: Aggregate,
    units: Sequence[str],
    keep: Sequence[int] | None = None,
) -> FloatArray:
    """Aggregate indicator values for every weight set.

    Parameters
    ----------
    x : ndarray, shape (n_units, n_indicators)
        Normalised indicator values, ``nan`` for missing.
    weights : ndarray, shape (n_runs, n_nodes)
        One weight per node (in ``tree.codes`` order) and run.
    keep : sequence of int, optional
        Aggregate positions (in ``tree.codes``) to return; default all aggregates.

    Returns
    -------
    ndarray, shape (len(keep), n_units, n_runs)
    """
    n_agg = tree.n_nodes - tree.n_indicators
    keep_rows = np.arange(n_agg) if keep is None else np.asarray(keep) - tree.n_indicators
    n_units, n_runs = x.shape[0], weights.shape[0]
    out = np.empty((len(keep_rows), n_units, n_runs))
    chunk = max(1, int(_CHUNK_BYTES // max(1, 8 * n_agg * n_units)))
    leaves = _Leaves(x, step.p)
    for start in range(0, n_runs, chunk):
        stop = min(n_runs, start + chunk)
        values = _aggregate_chunk(leaves, weights[start:stop], tree, step, units)
        out[:, :, start:stop] = values[keep_rows]
    return out


class _Leaves:
    """Indicator values with their transforms, computed once for all chunks of runs."""

    def __init__(self, x: FloatArray, p: float) -> None:
        self.x = x
        self.present = (~np.isnan(x)).astype(np.float64)
        self.p = p
        self._filled: dict[str, FloatArray] = {}

    def filled(self, method: str, columns: IntArray) -> FloatArray:
        """``phi(x)`` with missing values as 0, for ``columns``; cached per method."""
        if method not in self._filled:
            self._filled[method] = _missing_as_zero(_transform(self.x, method, self.p, 0))
        return self._filled[method][:, columns]


def _aggregate_chunk(
    leaves: _Leaves, weights: FloatArray, tree: Tree, step: Aggregate, units: Sequence[str]
) -> FloatArray:
    """Every aggregate for every run of the chunk, shape (n_agg, n_units, n_runs).

    An aggregate whose children's weights do not vary between runs, and whose children do not
    either, is the same in every run (typically the pillars when only upper levels' weights are
    perturbed): it is computed for the first run and broadcast to the others.
    """
    n_agg = tree.n_nodes - tree.n_indicators
    values = np.empty((n_agg, leaves.x.shape[0], weights.shape[0]))  # each row assigned below
    fixed = np.all(weights == weights[:1], axis=0)  # per node: the same weight in every run
    invariant = np.zeros(n_agg, dtype=bool)
    for parent in tree.parents:
        row = parent.position - tree.n_indicators
        inner = parent.children[parent.children >= tree.n_indicators] - tree.n_indicators
        invariant[row] = bool(fixed[parent.children].all() and invariant[inner].all())
        runs = slice(0, 1) if invariant[row] else slice(None)
        method = step.method_at(parent.level)
        values[row] = _combine(
            parent,
            method,
            step.p,
            leaves,
            values[:, :, runs],
            invariant,
            weights[runs],
            tree,
            units,
        )
    return values


def _combine(
    parent: Parent,
    method: str,
    p: float,
    leaves: _Leaves,
    values: FloatArray,
    invariant: npt.NDArray[np.bool_],
    weights: FloatArray,
    tree: Tree,
    units: Sequence[str],
) -> FloatArray:
    """One aggregate for all runs: shape (n_units, n_runs).

    Children that are the same in every run (indicators, invariant aggregates) are plain
    columns of one matrix product; only the others need the per-run ``einsum``.
    """
    n = tree.n_indicators
    inner = parent.children[parent.children >= n]
    steady, varying = inner[invariant[inner - n]], inner[~invariant[inner - n]]
    leaf = parent.children[parent.children < n]
    columns = np.concatenate([leaf, steady])
    x_steady = values[steady - n, :, 0].T  # (n_units, n_steady)
    x_columns = np.hstack([leaves.x[:, leaf], x_steady])
    x_varying = values[varying - n]  # (n_varying, n_units, n_runs)
    _check_domain(parent, method, p, (columns, x_columns), (varying, x_varying), tree, units)
    phi_columns = np.hstack(
        [leaves.filled(method, leaf), _missing_as_zero(_transform(x_steady, method, p, 0))]
    )
    present_columns = np.hstack([leaves.present[:, leaf], ~np.isnan(x_steady)]).astype(np.float64)
    phi_varying = _transform(x_varying, method, p, unit_axis=1)
    w_columns, w_varying = weights[:, columns], weights[:, varying]
    total = _weighted_sum(phi_columns, phi_varying, w_columns, w_varying)
    present = _weighted_sum(
        present_columns, (~np.isnan(x_varying)).astype(np.float64), w_columns, w_varying
    )
    mean = _divide(total, present, where=present > 0)  # nan where every child is missing
    if method == "mazziotta_pareto":
        square = _weighted_sum(phi_columns**2, phi_varying**2, w_columns, w_varying)
        variance = _divide(square, present, where=present > 0) - mean**2
        _check_mean_not_zero(parent, mean, variance, units)
        penalty = _divide(variance, mean, where=mean != 0, fill=0.0)  # M = 0: every child 0
        return np.asarray(mean - penalty, dtype=np.float64)
    return _inverse(mean, method, p)


def _check_mean_not_zero(
    parent: Parent, mean: FloatArray, variance: FloatArray, units: Sequence[str]
) -> None:
    """Mazziotta-Pareto's penalty ``S^2 / M`` is undefined where ``M = 0 < S``."""
    # relative to the spread, so that rounding in M's sum does not hide (or invent) a zero
    undefined = (np.abs(mean) <= 1e-12 * np.sqrt(np.abs(variance))) & (variance > 0)
    if not undefined.any():
        return
    unit = units[int(np.argwhere(undefined)[0][0])]
    raise DataError(
        f"the Mazziotta-Pareto index of {parent.code!r} is undefined for {unit!r}: the mean of"
        " its children is 0 while they differ (normalise to a positive range, e.g. min-max"
        " [1, 100])",
        row=unit,
        code="undefined_aggregate",
        params={
            "node": parent.code,
            "unit": unit,
            "method": "mazziotta_pareto",
            "reason": "zero_mean",
        },
    )


def _divide(
    top: FloatArray, bottom: FloatArray, *, where: npt.NDArray[np.bool_], fill: float = np.nan
) -> FloatArray:
    """``top / bottom`` where ``where`` holds, ``fill`` elsewhere (no division by zero)."""
    out = np.full(np.broadcast_shapes(top.shape, bottom.shape), fill)
    np.divide(top, bottom, out=out, where=where)
    return out


def _missing_as_zero(phi: FloatArray) -> FloatArray:
    return np.nan_to_num(phi, nan=0.0, posinf=0.0, neginf=0.0)


def _weighted_sum(
    leaf: FloatArray, inner: FloatArray, w_leaf: FloatArray, w_inner: FloatArray
) -> FloatArray:
    """sum_c w[r, c] * v[u, c] over present children, as (n_units, n_runs).

    ``leaf`` has its missing values as 0 already (see :class:`_Leaves`).
    """
    total = leaf @ w_leaf.T
    if inner.shape[0]:
        total += np.einsum("cur,rc->ur", np.nan_to_num(inner, nan=0.0), w_inner)
    return np.asarray(total, dtype=np.float64)


def _transform(v: FloatArray, method: str, p: float, unit_axis: int) -> FloatArray:
    if method == "geometric":
        return np.log(v)
    if method == "harmonic":
        return 1.0 / v
    if method == "generalised":
        return np.asarray(v**p, dtype=np.float64)
    if method == "copeland":
        from scipy import stats  # imported here: scipy.stats takes ~1 s to import (CLI start-up)

        ranks = stats.rankdata(v, method="average", axis=unit_axis, nan_policy="omit")
        return np.asarray(ranks, dtype=np.float64) - 1.0
    return v


def _inverse(mean: FloatArray, method: str, p: float) -> FloatArray:
    if method == "geometric":
        return np.exp(mean)
    if method == "harmonic":
        return 1.0 / mean
    if method == "generalised":
        return np.asarray(mean ** (1.0 / p), dtype=np.float64)
    return mean


def _check_domain(
    parent: Parent,
    method: str,
    p: float,
    columns: tuple[IntArray, FloatArray],
    varying: tuple[IntArray, FloatArray],
    tree: Tree,
    units: Sequence[str],
) -> None:
    """Geometric/harmonic means need positive values; a generalised mean non-negative ones.

    ``columns`` are the run-invariant children (positions, values (n_units, n)), ``varying``
    the others (positions, values (n, n_units, n_runs)).
    """
    (column_positions, x_columns), (varying_positions, x_varying) = columns, varying
    if method in _NEEDS_POSITIVE or (method == "generalised" and p < 0):
        name, bound = _NEEDS_POSITIVE.get(method, "generalised mean with p < 0"), "positive"
        bad_columns, bad_varying = x_columns <= 0, x_varying <= 0
    elif method == "generalised":
        name, bound = "generalised mean", "non-negative"
        bad_columns, bad_varying = x_columns < 0, x_varying < 0
    else:
        return
    if bad_columns.any():
        unit, child = np.argwhere(bad_columns)[0]
        code = tree.codes[column_positions[child]]
        value = x_columns[unit, child]
    elif bad_varying.any():
        child, unit, _ = np.argwhere(bad_varying)[0]
        code = tree.codes[varying_positions[child]]
        value = x_varying[child, unit].min()
    else:
        return
    raise DataError(
        f"the {name} of {parent.code!r} needs {bound} values, got {value:g}"
        " (normalise to a positive range, e.g. min-max [1, 100])",
        column=code,
        row=units[int(unit)],
        code="undefined_aggregate",
        params={
            "node": parent.code,
            "unit": units[int(unit)],
            "method": method,
            "reason": "non_positive" if bound == "positive" else "negative",
            "child": code,
        },
    )
