"""Outlier treatment: COINr-style iterative winsorisation with a log fallback.

For each indicator that fails the test "|skew| < skew threshold OR kurtosis < kurtosis
threshold" (bias-corrected sample skewness and excess kurtosis, as Excel and e1071 type 2), the
most extreme point of the tail given by the sign of the skew is set to the next value, one step
at a time, until the test passes or ``winmax`` points have been winsorised. If it still fails,
the ORIGINAL values are log-transformed instead: ``log(x - min + 0.01 * (max - min))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .._data import FloatArray
from .._log import LogEntry
from .._steps_spec import Treat


@dataclass(frozen=True)
class _Moments:
    skew: float
    kurtosis: float

    def passes(self, step: Treat) -> bool:
        return abs(self.skew) < step.skew or self.kurtosis < step.kurtosis


def moments(x: FloatArray) -> _Moments:
    """Bias-corrected skewness and excess kurtosis of the non-missing values of ``x``.

    The same estimators as ``scipy.stats.skew``/``kurtosis`` with ``bias=False`` (Excel's
    SKEW and KURT, e1071 type 2), written out because this runs inside the winsorisation loop
    and scipy's per-call overhead would dominate.
    """
    present = x[~np.isnan(x)]
    n = present.size
    if n < 4 or np.ptp(present) == 0:
        return _Moments(0.0, 0.0)  # too few or constant values: nothing to treat
    deviation = present - present.mean()
    m2 = np.mean(deviation**2)
    m3 = np.mean(deviation**3)
    m4 = np.mean(deviation**4)
    skew = np.sqrt(n * (n - 1)) / (n - 2) * m3 / m2**1.5
    kurtosis = ((n**2 - 1) * m4 / m2**2 - 3 * (n - 1) ** 2) / ((n - 2) * (n - 3))
    return _Moments(float(skew), float(kurtosis))


def treat(
    values: FloatArray, units: tuple[str, ...], indicators: tuple[str, ...], step: Treat
) -> tuple[FloatArray, LogEntry]:
    """Treat each column of ``values``, shape (n_units, n_indicators); log every change."""
    out = values.copy()
    records = []
    for j, code in enumerate(indicators):  # the winsorisation loop is sequential by nature
        out[:, j], record = _treat_column(values[:, j], units, step)
        if record:
            records.append({"indicator": code, **record})
    n_log = sum(1 for r in records if r["log"])
    message = f"treated {len(records)} indicators ({n_log} by log transform)"
    details = {
        "winmax": step.winmax,
        "skew": step.skew,
        "kurtosis": step.kurtosis,
        "treated": records,
    }
    return out, LogEntry("treat", message, details)


def _treat_column(
    x: FloatArray, units: tuple[str, ...], step: Treat
) -> tuple[FloatArray, dict[str, Any]]:
    before = moments(x)
    if before.passes(step):
        return x, {}
    winsorised, high, low = winsorise(x, step)
    after = moments(winsorised)
    record: dict[str, Any] = {
        "skew_before": round(before.skew, 10),
        "kurtosis_before": round(before.kurtosis, 10),
        "winsorised_high": [units[i] for i in high],
        "winsorised_low": [units[i] for i in low],
        "log": False,
    }
    result = winsorised
    if not after.passes(step) and step.fallback == "log":
        result = log_transform(x)
        after = moments(result)
        record.update(log=True, winsorised_high=[], winsorised_low=[])
    record.update(
        skew_after=round(after.skew, 10),
        kurtosis_after=round(after.kurtosis, 10),
        passes=after.passes(step),
    )
    return result, record


def winsorise(x: FloatArray, step: Treat) -> tuple[FloatArray, list[int], list[int]]:
    """Winsorise one point (or tied points) at a time; return the values and treated rows.

    As in COINr, the count of treated points is the number of rows now sharing the winsorised
    high value plus those sharing the low value, and the loop stops once it reaches ``winmax``.
    """
    x = x.copy()
    high: npt.NDArray[np.intp] = np.empty(0, dtype=np.intp)
    low: npt.NDArray[np.intp] = np.empty(0, dtype=np.intp)
    current = moments(x)
    while not current.passes(step) and high.size + low.size < step.winmax:
        if current.skew >= 0:
            high = np.flatnonzero(x == np.nanmax(x))
            x[high] = np.nanmax(np.delete(x, high))
        else:
            low = np.flatnonzero(x == np.nanmin(x))
            x[low] = np.nanmin(np.delete(x, low))
        current = moments(x)
    return x, high.tolist(), low.tolist()


def log_transform(x: FloatArray) -> FloatArray:
    """``log(x - min + 0.01 * (max - min))``: defined for every non-constant column."""
    low, high = np.nanmin(x), np.nanmax(x)
    return np.asarray(np.log(x - low + 0.01 * (high - low)), dtype=np.float64)
