"""``trends``: the index built for every year of a panel, with changes and slopes over time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral

import numpy as np
import pandas as pd

from ._build import DataLike, SpecLike, build, resolve
from ._data import Dataset, FloatArray
from ._errors import DataError, SpecError
from ._result import Result
from ._spec import Spec

SUMMARY_COLUMNS = (
    "unit",
    "node",
    "first_year",
    "last_year",
    "score_first",
    "score_last",
    "score_change",
    "rank_first",
    "rank_last",
    "rank_change",
    "slope_per_year",
)


@dataclass(frozen=True, eq=False)
class TrendResult:
    """The index of every selected year of a panel, and how each unit moved.

    Attributes
    ----------
    years : tuple of int, length n_years
        The years built, ascending.
    scores : DataFrame, shape (n_units, n_nodes * n_years)
        Scores indexed by unit (every unit present in any year, sorted), columns a
        MultiIndex ``(node, year)``: ``scores["EGDI"]`` is a units x years table.
        ``nan`` where the unit is absent (or its score missing) in that year.
    ranks : DataFrame, shape (n_units, n_nodes * n_years)
        Ranks within each year, laid out as ``scores`` (``Int64``, ``<NA>`` when absent).
    summary : DataFrame, shape (n_units * n_nodes, 11)
        One row per unit and node (units sorted, nodes in the order of ``scores``), columns
        ``unit, node, first_year, last_year, score_first, score_last, score_change,
        rank_first, rank_last, rank_change, slope_per_year``. First and last are the first
        and last selected years in which that unit has a score for that node; changes are
        last - first (a negative ``rank_change`` is a climb) and ``nan``/``<NA>`` with fewer
        than two such years. ``slope_per_year`` is the least-squares slope of the score on
        the year over those years (score units per year).
    results : mapping of year to Result
        The build of each year.
    """

    spec: Spec
    years: tuple[int, ...]
    scores: pd.DataFrame
    ranks: pd.DataFrame
    summary: pd.DataFrame
    results: Mapping[int, Result]


def trends(spec: SpecLike, data: DataLike, *, years: Iterable[int] | None = None) -> TrendResult:
    """Build the index for each year of panel data and summarise the change over time.

    Each year is an ordinary :func:`build` with the spec's ``year`` set to it (any ``year``
    in the spec is overridden), so panel imputation still sees every year of the data.

    Parameters
    ----------
    spec : path to YAML, mapping or Spec
        Must name the year column (``columns.year``).
    data : path to CSV, DataFrame or Dataset
        Panel data: one row per unit and year.
    years : iterable of int, optional
        The years to build (at least two, each present in the data); default: every year.

    Returns
    -------
    TrendResult
        Scores and ranks per unit, node and year, and the per-unit summary of changes.

    Raises
    ------
    SpecError
        ``columns.year`` is not set.
    DataError
        The data has fewer than two years, or a requested year is not in it.
    """
    checked, dataset = resolve(spec, data)
    selected = _select_years(checked, dataset, years)
    results = {year: build(checked.with_values({"year": year}), dataset) for year in selected}
    codes = list(results[selected[0]].scores.columns)
    scores = _panel({y: r.scores for y, r in results.items()}, codes, selected)
    ranks = _panel({y: r.ranks for y, r in results.items()}, codes, selected).astype("Int64")
    return TrendResult(
        spec=checked,
        years=selected,
        scores=scores,
        ranks=ranks,
        summary=_summary(scores, ranks, codes, selected),
        results=results,
    )


def _select_years(spec: Spec, dataset: Dataset, years: Iterable[int] | None) -> tuple[int, ...]:
    column = spec.columns.year
    if column is None:
        raise SpecError("columns.year", "trends need panel data: name the year column")
    if dataset.years is None:
        raise DataError("trends need a year for every row", column=column)
    present = sorted({int(y) for y in dataset.years})
    if years is None:
        selected = present
    else:
        given = list(years)
        if any(isinstance(y, bool) or not isinstance(y, Integral) for y in given):
            raise SpecError("years", f"expected a list of integer years, got {given!r}")
        selected = sorted({int(y) for y in given})
        missing = [y for y in selected if y not in present]
        if missing:
            raise DataError(
                f"no rows for year {missing[0]}",
                column=column,
                code="no_rows_for_year",
                params={"year": missing[0]},
            )
    if len(selected) < 2:
        found = ", ".join(str(y) for y in selected) or "none"
        raise DataError(
            f"trends need at least two years, got {found}",
            column=column,
            code="too_few_years",
            params={"years": selected},
        )
    return tuple(selected)


def _panel(
    frames: Mapping[int, pd.DataFrame], codes: list[str], years: tuple[int, ...]
) -> pd.DataFrame:
    """Year frames (units x nodes) side by side as units x (node, year)."""
    wide = pd.concat(frames, axis=1, names=["year", "node"]).swaplevel(axis=1)
    columns = pd.MultiIndex.from_product([codes, list(years)], names=["node", "year"])
    return wide.reindex(columns=columns).sort_index()


def _summary(
    scores: pd.DataFrame, ranks: pd.DataFrame, codes: list[str], years: tuple[int, ...]
) -> pd.DataFrame:
    n_units, n_nodes, n_years = len(scores), len(codes), len(years)

    def cube(frame: pd.DataFrame) -> FloatArray:  # (n_units * n_nodes, n_years)
        values = frame.to_numpy(dtype=np.float64, na_value=np.nan)
        return values.reshape(n_units * n_nodes, n_years)

    y, r = cube(scores), cube(ranks)
    t = np.asarray(years, dtype=np.float64)
    present = ~np.isnan(y)
    count = present.sum(axis=1)
    first = np.argmax(present, axis=1)
    last = n_years - 1 - np.argmax(present[:, ::-1], axis=1)
    enough = count >= 2

    def at(values: FloatArray, index: np.ndarray) -> FloatArray:
        picked = np.take_along_axis(values, index[:, None], axis=1)[:, 0]
        return np.where(count > 0, picked, np.nan)

    score_first, score_last = at(y, first), at(y, last)
    rank_first, rank_last = at(r, first), at(r, last)
    summary = pd.DataFrame(
        {
            "unit": np.repeat(scores.index.to_numpy(dtype=object), n_nodes),
            "node": np.tile(np.asarray(codes, dtype=object), n_units),
            "first_year": _ints(np.where(count > 0, t[first], np.nan)),
            "last_year": _ints(np.where(count > 0, t[last], np.nan)),
            "score_first": score_first,
            "score_last": score_last,
            "score_change": np.where(enough, score_last - score_first, np.nan),
            "rank_first": _ints(rank_first),
            "rank_last": _ints(rank_last),
            "rank_change": _ints(np.where(enough, rank_last - rank_first, np.nan)),
            "slope_per_year": np.where(enough, _slopes(y, t, present, count), np.nan),
        },
        columns=list(SUMMARY_COLUMNS),
    )
    return summary


def _slopes(y: FloatArray, t: FloatArray, present: np.ndarray, count: np.ndarray) -> FloatArray:
    """Least-squares slope of each row of ``y`` on ``t`` over its non-missing entries."""
    weight = present.astype(np.float64)
    n = np.maximum(count, 1)
    t_mean = (weight * t).sum(axis=1) / n
    y_mean = np.where(present, y, 0.0).sum(axis=1) / n
    dt = (t[None, :] - t_mean[:, None]) * weight
    dy = np.where(present, y - y_mean[:, None], 0.0)
    sxx = (dt * dt).sum(axis=1)
    slope = np.full(sxx.shape, np.nan)  # fewer than two years: no slope
    np.divide((dt * dy).sum(axis=1), sxx, out=slope, where=sxx > 0)
    return slope


def _ints(values: FloatArray) -> pd.Series:
    return pd.Series(values).round().astype("Int64")
