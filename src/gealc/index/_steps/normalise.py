"""Normalisation of indicators to a common scale; the direction is applied first."""

from __future__ import annotations

import numpy as np
from scipy import stats

from .._data import FloatArray
from .._errors import DataError
from .._log import LogEntry
from .._spec import Spec
from .._steps_spec import Normalise


def normalise(
    values: FloatArray, units: tuple[str, ...], spec: Spec, step: Normalise
) -> tuple[FloatArray, LogEntry]:
    """Normalise every column of ``values``, shape (n_units, n_indicators).

    Each indicator is multiplied by its direction (+1/-1) first, so that higher is better
    afterwards for every method.

    Raises
    ------
    DataError
        For a constant indicator under min-max/z-score/max (the scale is undefined) or a
        reference unit without a usable value.
    """
    indicators = spec.indicators
    directions = np.array([n.direction for n in indicators], dtype=np.float64)
    signed = values * directions[None, :]
    _check_not_all_missing(signed, spec)
    out = _METHODS[step.method](signed, step, spec, units)
    message = f"normalised {len(indicators)} indicators by {step.method}"
    return out, LogEntry(
        "normalise", message, {"method": step.method, "directions": directions.tolist()}
    )


def _check_not_all_missing(signed: FloatArray, spec: Spec) -> None:
    empty = np.isnan(signed).all(axis=0)
    if empty.any():
        code = spec.indicators[int(np.flatnonzero(empty)[0])].code
        raise DataError(
            f"indicator {code!r} is missing for every unit: it cannot be normalised"
            " (collect at least one value, or remove it from the framework)",
            column=code,
            code="all_missing_indicator",
            params={"indicator": code},
        )


def _spread(signed: FloatArray, spec: Spec, method: str) -> tuple[FloatArray, FloatArray]:
    """Lowest and highest value of each column; a constant column has no scale."""
    low, high = np.nanmin(signed, axis=0), np.nanmax(signed, axis=0)
    flat = ~(high > low)
    if flat.any():
        code = spec.indicators[int(np.flatnonzero(flat)[0])].code
        raise DataError(
            f"indicator {code!r} is constant (the same value for every unit), so {method}"
            " normalisation has no scale; declare goalposts for it (its natural bounds,"
            " e.g. [0, 1] for a yes/no indicator or [0, 100] for a percentage)",
            column=code,
            code="constant_indicator",
            params={"indicator": code, "method": method},
        )
    return low, high


def _minmax(signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]) -> FloatArray:
    low, high = _spread(signed, spec, step.method)
    scaled = (signed - low) / (high - low) * (step.high - step.low) + step.low
    return np.asarray(scaled, dtype=np.float64)


def _zscore(signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]) -> FloatArray:
    _spread(signed, spec, step.method)
    mean = np.nanmean(signed, axis=0)
    sd = np.nanstd(signed, axis=0, ddof=1)  # sample sd, as R's sd()
    return np.asarray((signed - mean) / sd * step.sd + step.mean, dtype=np.float64)


def _ranks(signed: FloatArray, method: str) -> FloatArray:
    ranked = stats.rankdata(signed, method=method, axis=0, nan_policy="omit")
    return np.asarray(ranked, dtype=np.float64)


def _rank(signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]) -> FloatArray:
    return _ranks(signed, "average")


def _percentile_rank(
    signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]
) -> FloatArray:
    """Share of the other units ranked below, in [0, 1] times ``scale`` (so that, with scale
    100, it can stand in for a min-max 0-100 normalisation on the same scale)."""
    counts = np.sum(~np.isnan(signed), axis=0)
    shares = (_ranks(signed, "average") - 1) / np.maximum(counts - 1, 1)
    return np.asarray(shares * step.scale, dtype=np.float64)


def _borda(signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]) -> FloatArray:
    return _ranks(signed, "min") - 1  # the number of units strictly below


def _goalposts(
    signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]
) -> FloatArray:
    posts = np.array([n.goalposts for n in spec.indicators], dtype=np.float64)
    directions = np.array([n.direction for n in spec.indicators], dtype=np.float64)
    signed_posts = posts * directions[:, None]
    low, high = signed_posts.min(axis=1), signed_posts.max(axis=1)
    scaled = (signed - low) / (high - low)
    return _cap(scaled, step) * step.scale


def _target(signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]) -> FloatArray:
    directions = np.array([n.direction for n in spec.indicators], dtype=np.float64)
    target = np.array([n.target for n in spec.indicators], dtype=np.float64) * directions
    low = np.nanmin(signed, axis=0)
    reached = ~(target > low)
    if reached.any():
        code = spec.indicators[int(np.flatnonzero(reached)[0])].code
        raise DataError(
            "the target is not above the worst value: distance undefined",
            column=code,
            code="target_not_above_worst",
            params={"indicator": code},
        )
    return _cap((signed - low) / (target - low), step) * step.scale


def _distance_to_max(
    signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]
) -> FloatArray:
    low, high = _spread(signed, spec, step.method)
    return (1 - (high - signed) / (high - low)) * step.scale


def _reference(
    signed: FloatArray, step: Normalise, spec: Spec, units: tuple[str, ...]
) -> FloatArray:
    """Ratio to the reference unit, inverted for negative-direction indicators."""
    if step.reference not in units:
        raise DataError(
            f"reference unit {step.reference!r} is not in the data",
            code="unknown_reference",
            params={"path": "steps.normalise.reference", "name": step.reference, "kind": "unit"},
        )
    directions = np.array([n.direction for n in spec.indicators], dtype=np.float64)
    raw = signed * directions
    reference = raw[units.index(step.reference)]
    bad = np.isnan(reference) | (reference == 0)
    if bad.any():
        code = spec.indicators[int(np.flatnonzero(bad)[0])].code
        raise DataError(
            "reference unit has a missing or zero value",
            column=code,
            row=step.reference,
            code="unusable_reference",
            params={"indicator": code, "unit": step.reference},
        )
    inverted = (directions < 0)[None, :]
    if np.any(inverted & (raw == 0)):
        code = spec.indicators[int(np.flatnonzero(np.any(inverted & (raw == 0), axis=0))[0])].code
        raise DataError(
            "zero value of a negative-direction indicator: ratio undefined",
            column=code,
            code="unusable_reference",
            params={"indicator": code, "unit": step.reference},
        )
    with np.errstate(divide="ignore"):
        ratio = np.where(inverted, reference / raw, raw / reference)
    return np.asarray(ratio * step.scale, dtype=np.float64)


def _cap(scaled: FloatArray, step: Normalise) -> FloatArray:
    return np.clip(scaled, 0.0, 1.0) if step.cap else scaled


_METHODS = {
    "minmax": _minmax,
    "zscore": _zscore,
    "rank": _rank,
    "percentile_rank": _percentile_rank,
    "borda": _borda,
    "goalposts": _goalposts,
    "target": _target,
    "max": _distance_to_max,
    "reference": _reference,
}
