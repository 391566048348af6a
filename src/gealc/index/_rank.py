"""Ranks: 1 is best, ties share the lowest rank (1, 2, 2, 4), missing scores get no rank."""

from __future__ import annotations

import numpy as np

from ._data import FloatArray


def rank_scores(scores: FloatArray, axis: int = 0, decimals: int | None = None) -> FloatArray:
    """Rank ``scores`` along ``axis`` (the units axis), highest score first.

    ``decimals`` ranks the scores rounded as published (the UN ranks the rounded EGDI).
    Returns floats so that a missing score can have a ``nan`` rank.
    """
    rounded = np.round(scores, decimals) if decimals is not None else scores
    values = np.moveaxis(-rounded, axis, -1)
    missing = np.isnan(values)
    # sort each row (missing last), then give each run of equal values its first position
    order = np.argsort(np.where(missing, np.inf, values), axis=-1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=-1)
    position = np.arange(values.shape[-1])
    starts = np.ones(values.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=-1)
    ranks = np.empty(values.shape)
    np.put_along_axis(ranks, order, first + 1.0, axis=-1)
    ranks[missing] = np.nan
    return np.moveaxis(ranks, -1, axis)
