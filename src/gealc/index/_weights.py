"""Nominal weights of every node: explicit, equal, or from the first principal component."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._aggregate import aggregate_runs
from ._data import FloatArray
from ._errors import DataError
from ._spec import Spec
from ._tree import Tree


def nominal_weights(spec: Spec, tree: Tree, x: FloatArray, units: Sequence[str]) -> FloatArray:
    """Weights in ``tree.codes`` order, shape (n_nodes,).

    ``pca`` weights the children of each aggregate by the absolute loadings of the first
    principal component of their (standardised) values, re-scaled to sum to 1; levels are
    done bottom-up because an aggregate's PCA needs its children's aggregated values.
    """
    method = spec.steps.weights.method
    if method == "equal":
        return np.ones(tree.n_nodes)
    weights = np.array([spec.node(code).weight for code in tree.codes], dtype=np.float64)
    if method == "explicit":
        return weights
    for level in tree.levels():
        aggregated = aggregate_runs(x, weights[None, :], tree, spec.steps.aggregate, units)[:, :, 0]
        columns = np.concatenate([x, aggregated.T], axis=1)
        for parent in (p for p in tree.parents if p.level == level):
            weights[parent.children] = pca_weights(columns[:, parent.children], parent.code)
    return weights


def pca_weights(values: FloatArray, code: str) -> FloatArray:
    """Absolute first-component loadings of ``values``, shape (n_units, n_children)."""
    if values.shape[1] == 1:
        return np.ones(1)
    complete = values[~np.isnan(values).any(axis=1)]
    spread = complete.std(axis=0, ddof=1) if complete.shape[0] > 2 else np.zeros(values.shape[1])
    if complete.shape[0] <= values.shape[1] or not np.all(spread > 0):
        raise DataError(
            f"PCA weights for {code!r} need more complete, non-constant data",
            code="pca_undefined",
            params={"node": code},
        )
    standard = (complete - complete.mean(axis=0)) / spread
    _, vectors = np.linalg.eigh(np.corrcoef(standard, rowvar=False))
    loadings = np.abs(vectors[:, -1])  # eigh sorts eigenvalues ascending
    return np.asarray(loadings / loadings.sum(), dtype=np.float64)
