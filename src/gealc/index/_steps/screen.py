"""Unit screening by data availability."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .._data import FloatArray
from .._errors import DataError
from .._log import LogEntry
from .._steps_spec import Screen


def screen(
    values: FloatArray, units: tuple[str, ...], step: Screen
) -> tuple[npt.NDArray[np.bool_], LogEntry]:
    """Keep units whose share of available values is at least ``step.min_availability``.

    Availability is measured on the data entering this step (after imputation when it runs,
    as COINr's example pipeline does).

    Returns
    -------
    keep : ndarray of bool, shape (n_units,)
    """
    availability = np.mean(~np.isnan(values), axis=1)
    keep = availability >= step.min_availability
    if not keep.any():
        raise DataError(
            f"screening at {step.min_availability:.0%} availability removes every unit",
            code="too_few_units",
            params={"count": 0, "minimum": 1},
        )
    dropped = {units[i]: round(float(availability[i]), 6) for i in np.flatnonzero(~keep)}
    threshold = f"{step.min_availability:.0%}"
    message = f"removed {len(dropped)} of {len(units)} units below {threshold} availability"
    details = {"min_availability": step.min_availability, "removed": dropped}
    return keep, LogEntry("screen", message, details)
