"""Property tests: ranges, monotonicity, invariance to unit order, ranks consistent with scores."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gealc.index import build

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
