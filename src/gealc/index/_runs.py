"""Evaluate many variants of a spec at once: the engine of uncertainty and sensitivity analysis.

A run is a choice of one value per alternative plus a multiplier per node weight. Runs that
share their upstream choices (everything but aggregation) share one prepared data set, computed
once; the runs of a group are then aggregated together as matrix arithmetic.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._aggregate import aggregate_runs
from ._data import Dataset, FloatArray
from ._errors import DataError, SpecError
from ._prepare import prepare
from ._spec import MAX_RUNS, Alternative, Spec, parse_spec
from ._tree import Tree, make_tree
from ._weights import nominal_weights

Progress = Callable[[int], None]
_ANALYSES = ("uncertainty", "sensitivity")
IntMatrix = npt.NDArray[np.int64]


@dataclass(frozen=True)
class RunPlan:
    """Inputs of ``n_runs`` runs.

    Attributes
    ----------
    choices : ndarray of int, shape (n_runs, n_alternatives)
        Index into each alternative's values.
    multipliers : ndarray, shape (n_runs, n_nodes)
        Factor applied to each node's nominal weight (1 where weights do not vary).
    """

    choices: IntMatrix
    multipliers: FloatArray


def evaluate(
    spec: Spec,
    data: Dataset,
    plan: RunPlan,
    units: tuple[str, ...],
    targets: Sequence[str],
    progress: Progress | None = None,
) -> FloatArray:
    """Scores of every target for every run, shape (len(targets), n_runs, len(units)).

    All targets come from the same runs (one pass); ``nan`` where a unit was screened out.
    """
    assert spec.uncertainty is not None
    alternatives = spec.uncertainty.alternatives
    late = np.array([a.path.startswith("steps.aggregate") for a in alternatives], dtype=bool)
    tree = make_tree(spec)
    positions = [tree.codes.index(target) for target in targets]
    scores = np.full((len(positions), plan.choices.shape[0], len(units)), np.nan)
    upstream, group_of_run = _unique_rows(plan.choices[:, ~late])
    # the variants need no analysis sections (re-validating them per variant is wasted work)
    column_of = {unit: i for i, unit in enumerate(units)}
    plain = parse_spec({k: v for k, v in spec.source.items() if k not in _ANALYSES})
    for g, combination in enumerate(upstream):
        choices = _values(alternatives, ~late, combination)
        group_spec = plain.with_values(choices)
        rows = np.flatnonzero(group_of_run == g)
        with _naming_the_variant(choices):
            prepared = prepare(group_spec, data)
            base = nominal_weights(group_spec, tree, prepared.values, prepared.units)
            columns = np.array([column_of[u] for u in prepared.units], dtype=np.intp)
            _aggregate_group(
                group_spec,
                alternatives,
                tree,
                plan,
                rows,
                late,
                base,
                prepared.values,
                prepared.units,
                positions,
                scores,
                columns,
            )
        if progress is not None:
            progress(len(rows))
    return scores


def _aggregate_group(
    spec: Spec,
    alternatives: tuple[Alternative, ...],
    tree: Tree,
    plan: RunPlan,
    rows: npt.NDArray[np.intp],
    late: npt.NDArray[np.bool_],
    base: FloatArray,
    x: FloatArray,
    units: tuple[str, ...],
    positions: Sequence[int],
    scores: FloatArray,
    columns: npt.NDArray[np.intp],
) -> None:
    """Aggregate all runs of one upstream group, split by their aggregation choices."""
    downstream, sub_of_row = _unique_rows(plan.choices[rows][:, late])
    inner = [i for i, p in enumerate(positions) if p >= tree.n_indicators]
    for s, combination in enumerate(downstream):
        sub_rows = rows[sub_of_row == s]
        for i, position in enumerate(positions):
            if position < tree.n_indicators:  # an indicator is the same in every run
                scores[i][np.ix_(sub_rows, columns)] = x[:, position][None, :]
        if not inner:
            continue
        step = spec.with_values(_values(alternatives, late, combination)).steps.aggregate
        weights = base[None, :] * plan.multipliers[sub_rows]
        keep = [positions[i] for i in inner]
        values = aggregate_runs(x, weights, tree, step, units, keep=keep)
        for i, aggregated in zip(inner, values, strict=True):
            scores[i][np.ix_(sub_rows, columns)] = aggregated.T


def checked_count(value: object, path: str, low: int, high: int = MAX_RUNS) -> int:
    """A number of runs or samples given as an argument, checked as a spec field would be."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(path, f"expected an integer, got {value!r}")
    if not low <= value <= high:
        raise SpecError(path, f"must be between {low} and {high:,}, got {value:,}")
    return value


def checked_seed(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SpecError("seed", f"expected a non-negative integer, got {value!r}")
    return value


def analysis_units(data: Dataset) -> tuple[str, ...]:
    """Every unit a run may score, in data order (a run may screen fewer or more units out)."""
    return tuple(dict.fromkeys(data.units))


@contextmanager
def _naming_the_variant(choices: Mapping[str, object]) -> Iterator[None]:
    """A data error in one variant of the spec says which variant (the nominal may be fine)."""
    try:
        yield
    except DataError as exc:
        if not choices:
            raise
        variant = ", ".join(
            f"{path}={json.dumps(value, default=str)}" for path, value in choices.items()
        )
        raise DataError(
            f"in the runs with {variant}: {exc.reason}",
            column=exc.column,
            row=exc.row,
            code=exc.code,
            params={**exc.params, "variant": variant},
        ) from None


def _unique_rows(matrix: IntMatrix) -> tuple[IntMatrix, npt.NDArray[np.intp]]:
    if matrix.shape[1] == 0:
        return np.zeros((1, 0), dtype=np.int64), np.zeros(matrix.shape[0], dtype=np.intp)
    unique, inverse = np.unique(matrix, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1)


def _values(
    alternatives: tuple[Alternative, ...], selected: npt.NDArray[np.bool_], combination: IntMatrix
) -> dict[str, object]:
    chosen = [a for a, keep in zip(alternatives, selected, strict=True) if keep]
    return {a.path: a.values[int(i)] for a, i in zip(chosen, combination, strict=True)}


def noise_columns(spec: Spec, tree: Tree, level: int) -> npt.NDArray[np.intp]:
    """Positions (in ``tree.codes``) of the nodes whose weight a level's noise perturbs."""
    return np.array(
        [i for i, code in enumerate(tree.codes) if spec.node(code).level == level], dtype=np.intp
    )
