"""Ranks: 1 is best, ties share the lowest rank (1, 2, 2, 4), missing scores get no rank."""

from __future__ import annotations

import numpy as np
from scipy import stats

from ._data import FloatArray


def rank_scores(scores: FloatArray, axis: int = 0, decimals: int | None = None) -> FloatArray:
    """Rank ``scores`` along ``axis`` (the units axis), highest score first.

    ``decimals`` ranks the scores rounded as published (the UN ranks the rounded EGDI).
    Returns floats so that a missing score can have a ``nan`` rank.
    """
    rounded = np.round(scores, decimals) if decimals is not None else scores
    ranks = stats.rankdata(-rounded, method="min", axis=axis, nan_policy="omit")
    return np.asarray(ranks, dtype=np.float64)
