"""Property tests: ranges, monotonicity, invariance to unit order, ranks consistent with scores;
missing data, constant columns, ties, tiny and huge values; and the uncertainty analysis
(reproducible to the byte, equal to ``build`` without variation, complete, coherent)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gealc.index import DataError, build, uncertainty

N_UNITS, N_IND = 8, 4
RAMP = np.arange(N_UNITS, dtype=np.float64)[:, None] * 0.37  # keeps most columns non-constant
values = arrays(np.float64, (N_UNITS, N_IND), elements=st.floats(-1e3, 1e3, allow_nan=False)).map(
    lambda x: x + RAMP
)
methods = st.sampled_from(
    ["arithmetic", "geometric", "harmonic", "generalised", "copeland", "mazziotta_pareto"]
)


def _spec(method: str, directions: list[int] | None = None) -> dict[str, Any]:
    directions = directions or [1] * N_IND
    return {
        "steps": {
            "normalise": {"method": "minmax", "range": [1, 100]},
            "aggregate": {"method": method, "p": 2},
        },
        "nodes": [
            {
                "code": f"i{j}",
                "parent": "P1" if j < 2 else "P2",
                "weight": j + 1,
                "direction": directions[j],
            }
            for j in range(N_IND)
        ]
        + [
            {"code": "P1", "level": 2, "parent": "I"},
            {"code": "P2", "level": 2, "parent": "I"},
            {"code": "I", "level": 3},
        ],
    }


def _frame(x: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(x, columns=[f"i{j}" for j in range(N_IND)])
    frame.insert(0, "unit", [f"u{i}" for i in range(N_UNITS)])
    return frame


def _spread(x: np.ndarray) -> bool:
    return bool(np.all(np.ptp(x, axis=0) > 1e-6))


@settings(max_examples=40, deadline=None)
@given(values, methods)
def test_normalised_in_range_and_ranks_consistent(x: np.ndarray, method: str) -> None:
    assume(_spread(x))
    result = build(_spec(method), _frame(x))
    normalised = result.datasets["normalise"].to_numpy()
    assert normalised.min() >= 1 - 1e-9
    assert normalised.max() <= 100 + 1e-9
    scores, ranks = result.scores["I"], result.ranks["I"]
    for a in scores.index:
        higher = (scores > scores[a]).sum()
        assert ranks[a] == higher + 1


@settings(max_examples=40, deadline=None)
@given(
    values,
    st.integers(0, N_UNITS - 1),
    st.integers(0, N_IND - 1),
    st.floats(0.1, 100),
    st.sampled_from(["arithmetic", "geometric", "generalised"]),
)
def test_monotone_in_each_positive_indicator(
    x: np.ndarray, unit: int, indicator: int, bump: float, method: str
) -> None:
    assume(_spread(x))
    # raising a value that is not the column's max or min keeps the normalisation scale fixed
    column = x[:, indicator]
    room = column.max() - column[unit]
    assume(column[unit] > column.min() and room > 1e-6)
    higher = x.copy()
    higher[unit, indicator] += min(bump, room)
    before = build(_spec(method), _frame(x)).scores["I"].iloc[unit]
    after = build(_spec(method), _frame(higher)).scores["I"].iloc[unit]
    assert after >= before - 1e-9


@settings(max_examples=30, deadline=None)
@given(values, st.permutations(list(range(N_UNITS))), methods)
def test_invariant_to_the_order_of_units(x: np.ndarray, order: list[int], method: str) -> None:
    assume(_spread(x))
    frame = _frame(x)
    one = build(_spec(method, [1, -1, 1, -1]), frame)
    two = build(_spec(method, [1, -1, 1, -1]), frame.iloc[order])
    pd.testing.assert_frame_equal(one.scores, two.scores.loc[one.scores.index], rtol=1e-9)
    pd.testing.assert_frame_equal(one.ranks, two.ranks.loc[one.ranks.index])


# --- missing data, constant columns, ties, tiny and huge values -------------------------------

with_gaps = arrays(
    np.float64, (N_UNITS, N_IND), elements=st.floats(-1e3, 1e3, allow_nan=False)
).map(lambda x: x + RAMP)
gaps = arrays(np.bool_, (N_UNITS, N_IND), elements=st.booleans())


@settings(max_examples=30, deadline=None)
@given(with_gaps, gaps, st.sampled_from(["arithmetic", "geometric", "mazziotta_pareto"]))
def test_missing_values_drop_out_and_never_corrupt_ranks(
    x: np.ndarray, holes: np.ndarray, method: str
) -> None:
    holed = np.where(holes, np.nan, x)
    present = ~np.isnan(holed)
    assume(
        all(np.ptp(holed[present[:, j], j]) > 1e-6 for j in range(N_IND) if present[:, j].sum() > 1)
    )
    assume(present.sum(axis=0).min() >= 2)
    result = build(_spec(method), _frame(holed))
    scores, ranks = result.scores, result.ranks
    for pillar, children in (("P1", [0, 1]), ("P2", [2, 3])):
        none = ~present[:, children].any(axis=1)
        assert scores[pillar].isna().to_numpy().tolist() == none.tolist()
    scored = scores["I"].dropna()
    assert ranks["I"].isna().sum() == scores["I"].isna().sum()
    for a in scored.index:
        assert ranks["I"][a] == (scored > scored[a]).sum() + 1


@settings(max_examples=25, deadline=None)
@given(values, st.integers(0, N_IND - 1), st.floats(-1e3, 1e3))
def test_a_constant_column_needs_goalposts_and_is_fine_with_them(
    x: np.ndarray, column: int, value: float
) -> None:
    assume(_spread(x))
    flat = x.copy()
    flat[:, column] = value
    with pytest.raises(DataError) as info:
        build(_spec("arithmetic"), _frame(flat))
    assert info.value.code == "constant_indicator"
    assert info.value.params["indicator"] == f"i{column}"
    spec = _spec("arithmetic")
    spec["nodes"][column]["goalposts"] = [-1e3 - 1, 1e3 + 1]
    result = build(spec, _frame(flat))
    normalised = result.datasets["normalise"][f"i{column}"]
    assert normalised.nunique() == 1
    assert 1 <= normalised.iloc[0] <= 100


@settings(max_examples=25, deadline=None)
@given(values, st.integers(0, N_UNITS - 1), st.integers(0, N_UNITS - 1), methods)
def test_tied_units_get_the_same_score_and_rank(
    x: np.ndarray, one: int, other: int, method: str
) -> None:
    assume(one != other)
    tied = x.copy()
    tied[other] = tied[one]
    assume(_spread(tied))
    result = build(_spec(method), _frame(tied))
    a, b = f"u{one}", f"u{other}"
    assert result.scores.loc[a].tolist() == result.scores.loc[b].tolist()
    assert result.ranks.loc[a].tolist() == result.ranks.loc[b].tolist()


@settings(max_examples=25, deadline=None)
@given(values, st.sampled_from([1e-150, 1e-30, 1e30, 1e150]), methods)
def test_tiny_and_huge_values_give_the_same_index(
    x: np.ndarray, factor: float, method: str
) -> None:
    """Min-max is scale free: the units of measurement must not change any score or rank."""
    assume(_spread(x))
    plain = build(_spec(method), _frame(x))
    scaled = build(_spec(method), _frame(x * factor))
    pd.testing.assert_frame_equal(plain.scores, scaled.scores, rtol=1e-6, atol=1e-9)
    assert (plain.ranks["I"] - scaled.ranks["I"]).abs().max() <= _near_ties(plain.scores["I"])


def _near_ties(scores: pd.Series) -> int:
    """Ranks may swap only between scores equal to rounding (1e-9 apart)."""
    ordered = np.sort(scores.to_numpy())
    return int(np.sum(np.diff(ordered) < 1e-9))


# --- the analyses -------------------------------------------------------------------------------


def _analysed(method: str, factor: float, same: bool = False) -> dict[str, Any]:
    spec = _spec(method)
    choices = [{"method": "minmax", "range": [1, 100]}]
    choices.append(choices[0] if same else {"method": "minmax", "range": [10, 100]})
    spec["uncertainty"] = {
        "alternatives": [{"path": "steps.normalise", "values": choices}],
        "weight_noise": [{"level": 2, "factor": factor}],
    }
    return spec


analysed_methods = st.sampled_from(["arithmetic", "geometric", "copeland", "mazziotta_pareto"])


@settings(max_examples=10, deadline=None)
@given(values, analysed_methods, st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_bytes(x: np.ndarray, method: str, seed: int) -> None:
    assume(_spread(x))
    spec = _analysed(method, 0.3)
    one = uncertainty(spec, _frame(x), runs=30, seed=seed, targets=["I", "P1"])
    two = uncertainty(spec, _frame(x), runs=30, seed=seed, targets=["I", "P1"])
    assert one.scores.tobytes() == two.scores.tobytes()
    for node in ("I", "P1"):
        assert one.rank_stats_by_node[node].to_csv() == two.rank_stats_by_node[node].to_csv()
        assert one.score_stats_by_node[node].to_csv() == two.score_stats_by_node[node].to_csv()


@settings(max_examples=10, deadline=None)
@given(values, analysed_methods)
def test_runs_without_variation_equal_build(x: np.ndarray, method: str) -> None:
    assume(_spread(x))
    spec = _analysed(method, 0.0, same=True)
    nominal = build(spec, _frame(x))
    result = uncertainty(spec, _frame(x), runs=5, seed=1, targets=["I", "P2"])
    for run in range(5):
        np.testing.assert_allclose(result.scores[run], nominal.scores["I"].to_numpy(), rtol=1e-12)
    for node in ("I", "P2"):
        stats = result.score_stats_by_node[node]
        np.testing.assert_allclose(stats["median"], nominal.scores[node], rtol=1e-12)
        ranks = result.rank_stats_by_node[node]
        assert ranks["median"].tolist() == nominal.ranks[node].astype(float).tolist()


@settings(max_examples=10, deadline=None)
@given(values, analysed_methods, st.integers(0, 1000))
def test_every_nominal_rank_is_reported_and_intervals_hold_the_median(
    x: np.ndarray, method: str, seed: int
) -> None:
    assume(_spread(x))
    spec = _analysed(method, 0.5)
    nominal = build(spec, _frame(x))
    result = uncertainty(spec, _frame(x), runs=40, seed=seed, targets=["I", "P1", "P2"])
    for node in ("I", "P1", "P2"):
        ranks = result.rank_stats_by_node[node]
        assert ranks.index.tolist() == nominal.ranks.index.tolist()
        assert ranks["nominal"].tolist() == nominal.ranks[node].tolist()
        for stats in (ranks, result.score_stats_by_node[node]):
            assert (stats["q05"] <= stats["median"]).all()
            assert (stats["median"] <= stats["q95"]).all()
            assert not stats.isna().any().any()
