"""Imputation of missing values: by column, by group, or over time for panel data."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from .._data import FloatArray
from .._errors import DataError
from .._log import LogEntry
from .._steps_spec import Impute


def impute(
    values: FloatArray,
    units: tuple[str, ...],
    indicators: tuple[str, ...],
    step: Impute,
    groups: Mapping[str, npt.NDArray[np.object_]],
    years: npt.NDArray[np.int64] | None,
) -> tuple[FloatArray, LogEntry]:
    """Fill missing values (``nan``) of ``values``, shape (n_rows, n_indicators).

    Values that cannot be imputed (a whole group or a unit's whole series missing) stay
    ``nan`` and are listed in the log; aggregation then drops them and re-normalises weights.
    """
    missing = np.isnan(values)
    if step.method in ("mean", "median"):
        filled = _fill_by_column(values, step.method)
    elif step.method in ("group_mean", "group_median"):
        assert step.group is not None
        labels = groups[step.group]
        _check_group_labels(labels, missing, units, step.group)
        filled = _fill_by_group(values, labels, step.method.removeprefix("group_"))
    else:
        if years is None:
            raise DataError(
                f"imputation {step.method!r} needs panel data (set columns.year)",
                code="panel_required",
                params={"method": step.method},
            )
        filled = _fill_over_time(values, units, years, linear=step.method == "panel_linear")
    still = np.isnan(filled)
    imputed = missing & ~still
    details = {
        "method": step.method,
        "group": step.group,
        "imputed": _cells(imputed, units, indicators),
        "not_imputed": _cells(still, units, indicators),
    }
    message = (
        f"imputed {int(imputed.sum())} values by {step.method}; {int(still.sum())} left missing"
    )
    return filled, LogEntry("impute", message, details)


def _fill_by_column(values: FloatArray, how: str) -> FloatArray:
    """Each column's missing values get its mean or median; an all-missing column stays so."""
    centre = np.full(values.shape[1], np.nan)
    known = ~np.isnan(values).all(axis=0)
    if known.any():
        present = values[:, known]
        centre[known] = (
            np.nanmean(present, axis=0) if how == "mean" else np.nanmedian(present, axis=0)
        )
    return np.where(np.isnan(values), centre[None, :], values)


def _check_group_labels(
    labels: npt.NDArray[np.object_],
    missing: npt.NDArray[np.bool_],
    units: tuple[str, ...],
    column: str,
) -> None:
    for i, label in enumerate(labels):
        if label is None and missing[i].any():
            raise DataError(
                "empty group: a unit with missing values has no group",
                column=column,
                row=units[i],
                code="missing_group",
                params={"column": column, "row": units[i]},
            )


def _fill_by_group(values: FloatArray, labels: npt.NDArray[np.object_], how: str) -> FloatArray:
    filled = values.copy()
    for label in sorted({lab for lab in labels if lab is not None}):
        rows = labels == label
        filled[rows] = _fill_by_column(values[rows], how)
    return filled


def _fill_over_time(
    values: FloatArray, units: tuple[str, ...], years: npt.NDArray[np.int64], *, linear: bool
) -> FloatArray:
    """Per unit: carry the latest earlier value forward, or interpolate linearly in time.

    Linear interpolation holds the first/last observed value constant outside the observed
    years (as R's ``approx(rule = 2)``).
    """
    filled = values.copy()
    unit_array = np.array(units, dtype=object)
    for unit in dict.fromkeys(units):
        rows = np.flatnonzero(unit_array == unit)
        rows = rows[np.argsort(years[rows], kind="stable")]
        block = values[rows]
        if linear:
            filled[rows] = _interpolate(block, years[rows].astype(np.float64))
        else:
            filled[rows] = _forward_fill(block)
    return filled


def _forward_fill(block: FloatArray) -> FloatArray:
    index = np.where(~np.isnan(block), np.arange(block.shape[0])[:, None], 0)
    np.maximum.accumulate(index, axis=0, out=index)
    filled = block[index, np.arange(block.shape[1])[None, :]]
    return np.asarray(filled, dtype=np.float64)


def _interpolate(block: FloatArray, years: FloatArray) -> FloatArray:
    out = block.copy()
    for j in range(block.shape[1]):  # one series per indicator of a single unit
        known = ~np.isnan(block[:, j])
        if known.any():
            out[:, j] = np.interp(years, years[known], block[known, j])
    return out


def _cells(
    mask: npt.NDArray[np.bool_], units: tuple[str, ...], indicators: tuple[str, ...]
) -> list[list[str]]:
    rows, cols = np.nonzero(mask)
    return [[units[i], indicators[j]] for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]
