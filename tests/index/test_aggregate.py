"""Aggregation methods against direct formulas, COINr's outranking matrix, and batching."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gealc.index import DataError, build, parse_spec
from gealc.index._aggregate import aggregate_runs
from gealc.index._steps_spec import Aggregate
from gealc.index._tree import make_tree

from .conftest import small_spec_dict

X = np.array([[1.0, 4.0], [2.0, 2.0], [9.0, 1.0], [3.0, 3.0]])
W = np.array([1.0, 3.0])


def _flat(method: str, x: np.ndarray = X, w: np.ndarray = W, p: float = 1.0) -> np.ndarray:
    """One aggregate ``I`` of two indicators; returns its scores for one run."""
    spec = parse_spec(
        {
            "nodes": [
                {"code": "a", "parent": "I"},
                {"code": "b", "parent": "I"},
                {"code": "I", "level": 2},
            ],
        }
    )
    weights = np.concatenate([w, [1.0]])[None, :]
    step = Aggregate(method=method, p=p)
    units = tuple(f"u{i}" for i in range(x.shape[0]))
    return aggregate_runs(x, weights, make_tree(spec), step, units)[0, :, 0]


def test_means_match_their_formulas() -> None:
    share = W / W.sum()
    np.testing.assert_allclose(_flat("arithmetic"), X @ share)
    np.testing.assert_allclose(_flat("geometric"), np.exp(np.log(X) @ share))
    np.testing.assert_allclose(_flat("harmonic"), 1 / ((1 / X) @ share))
    np.testing.assert_allclose(_flat("generalised", p=2), np.sqrt((X**2) @ share))
    mean = X @ share
    sd2 = (X**2) @ share - mean**2
    np.testing.assert_allclose(_flat("mazziotta_pareto"), mean - sd2 / mean)


def test_copeland_equals_coinr_outranking_row_sums() -> None:
    share = W / W.sum()
    n = X.shape[0]
    expected = np.zeros(n)
    for i in range(n):
        for j in range(n):
            if i != j:
                expected[i] += share[X[i] > X[j]].sum() + share[X[i] == X[j]].sum() / 2
    np.testing.assert_allclose(_flat("copeland"), expected)


def test_missing_value_drops_out_and_weights_renormalise() -> None:
    x = X.copy()
    x[0, 1] = np.nan
    got = _flat("arithmetic", x)
    assert got[0] == pytest.approx(1.0)  # only a is present: its weight becomes 1
    np.testing.assert_allclose(got[1:], (X @ (W / W.sum()))[1:])
    x[0, 0] = np.nan
    assert np.isnan(_flat("arithmetic", x)[0])


def test_geometric_mean_of_zero_is_an_error() -> None:
    x = X.copy()
    x[2, 1] = 0.0
    with pytest.raises(DataError, match="geometric mean") as info:
        _flat("geometric", x)
    assert (info.value.column, info.value.row) == ("b", "u2")


def test_build_rejects_geometric_mean_of_min_max_zeroes(small_data: pd.DataFrame) -> None:
    spec = small_spec_dict(normalise={"method": "minmax"}, aggregate={"method": "geometric"})
    with pytest.raises(DataError, match="needs positive values"):
        build(spec, small_data)
    spec["steps"]["normalise"] = {"method": "minmax", "range": [1, 100]}
    assert build(spec, small_data).scores["I"].notna().all()


def test_batched_runs_equal_one_run_at_a_time(small_data: pd.DataFrame) -> None:
    spec = parse_spec(
        small_spec_dict(aggregate={"method": "geometric", "by_level": {3: "harmonic"}})
    )
    tree = make_tree(spec)
    x = np.random.default_rng(0).uniform(1, 10, (5, 4))
    x[1, 2] = np.nan
    weights = np.random.default_rng(1).uniform(0.5, 2, (7, tree.n_nodes))
    units = tuple(small_data["unit"])
    batched = aggregate_runs(x, weights, tree, spec.steps.aggregate, units)
    for r in range(7):
        single = aggregate_runs(x, weights[r : r + 1], tree, spec.steps.aggregate, units)
        np.testing.assert_allclose(batched[:, :, r], single[:, :, 0], rtol=1e-12)


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "mazziotta_pareto", "copeland"])
def test_aggregates_that_do_not_vary_between_runs_give_what_each_run_alone_gives(
    small_data: pd.DataFrame, method: str
) -> None:
    """Only the top level's weights vary: the level-2 aggregates are computed once and join
    the top's product as plain columns; every run must equal that run computed alone."""
    spec = parse_spec(small_spec_dict(aggregate={"method": method}))
    tree = make_tree(spec)
    x = np.random.default_rng(0).uniform(1, 10, (5, 4))
    x[1, 2] = np.nan
    weights = np.ones((6, tree.n_nodes))
    top_children = [tree.codes.index(code) for code in ("P1", "P2")]
    weights[:, top_children] = np.random.default_rng(1).uniform(0.5, 2, (6, 2))
    units = tuple(small_data["unit"])
    batched = aggregate_runs(x, weights, tree, spec.steps.aggregate, units)
    for r in range(6):
        single = aggregate_runs(x, weights[r : r + 1], tree, spec.steps.aggregate, units)
        np.testing.assert_allclose(batched[:, :, r], single[:, :, 0], rtol=1e-12)
    assert not np.allclose(batched[-1, :, 0], batched[-1, :, 1])  # the top does vary


def test_equal_and_pca_weights(small_data: pd.DataFrame) -> None:
    equal = build(small_spec_dict(normalise=True, weights={"method": "equal"}), small_data)
    n = equal.datasets["normalise"]
    p1 = (n["a"] + n["b"]) / 2
    p2 = (n["c"] + n["d"]) / 2
    np.testing.assert_allclose(equal.scores["I"], (p1 + p2) / 2)
    pca = build(small_spec_dict(normalise=True, weights={"method": "pca"}), small_data)
    assert pca.weights["a"] == pytest.approx(0.5)  # two children: equal absolute loadings
    assert sum(pca.weights[c] for c in "abcd") == pytest.approx(2.0)


def test_mazziotta_pareto_of_all_zero_children_is_zero_by_convention() -> None:
    x = np.array([[0.0, 0.0], [2.0, 2.0], [0.0, 4.0]])
    scores = _flat("mazziotta_pareto", x)
    assert scores[0] == 0.0  # M = 0 and S = 0: the limit, not nan
    assert scores[1] == 2.0
    mean = x[2] @ (W / W.sum())
    assert scores[2] == pytest.approx(mean - ((x[2] ** 2) @ (W / W.sum()) - mean**2) / mean)


def test_mazziotta_pareto_with_a_zero_mean_of_differing_children_is_undefined() -> None:
    x = np.array([[-3.0, 1.0], [2.0, 2.0]])  # weights 1 and 3: mean 0, spread > 0
    with pytest.raises(DataError) as info:
        _flat("mazziotta_pareto", x)
    assert info.value.code == "undefined_aggregate"
    assert info.value.params == {
        "node": "I",
        "unit": "u0",
        "method": "mazziotta_pareto",
        "reason": "zero_mean",
    }


def test_geometric_mean_of_a_zero_names_node_unit_and_child() -> None:
    x = np.array([[1.0, 3.0], [2.0, 0.0]])
    with pytest.raises(DataError, match="geometric mean of 'I' needs positive") as info:
        _flat("geometric", x)
    assert (info.value.code, info.value.row, info.value.column) == (
        "undefined_aggregate",
        "u1",
        "b",
    )


def test_a_unit_with_every_child_missing_has_no_score_and_no_warning() -> None:
    x = np.array([[np.nan, np.nan], [2.0, 2.0]])
    for method in ("arithmetic", "geometric", "harmonic", "mazziotta_pareto"):
        scores = _flat(method, x)
        assert np.isnan(scores[0])
        assert scores[1] == pytest.approx(2.0)
