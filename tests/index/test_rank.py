"""Ranks: descending, ties share the lowest rank, missing scores unranked; any axis."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from gealc.index._rank import rank_scores

scores = arrays(
    np.float64,
    st.tuples(st.integers(1, 6), st.integers(1, 9)),
    elements=st.sampled_from([np.nan, 0.0, 1.0, 1.5, 2.0, -3.0]),
)


@settings(max_examples=60, deadline=None)
@given(scores)
def test_ranks_equal_scipy_min_method(values: np.ndarray) -> None:
    got = rank_scores(values, axis=1)
    expected = stats.rankdata(-values, method="min", axis=1, nan_policy="omit")
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(rank_scores(values.T, axis=0), got.T)


def test_rounding_makes_near_ties_share_a_rank() -> None:
    values = np.array([0.71550001, 0.7155, 0.9])
    assert rank_scores(values).tolist() == [2, 3, 1]
    assert rank_scores(values, decimals=4).tolist() == [2, 2, 1]
