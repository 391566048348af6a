"""Normalisation of indicators to a common scale; the direction is applied first.

Goalposts follow COINr's ``n_goalposts``: an indicator with goalposts ``[low, high]`` (in its
own units) becomes ``y = (x - low) / (high - low)``, or ``(high - x) / (high - low)`` for
direction -1, clipped to [0, 1] (COINr's ``trunc2posts``; ``clip: false`` on the node, or the
step's ``cap: false``, keeps values outside the posts) and then scaled: by the node's own
``scale`` when it declares one (COINr's ``a`` in ``gposts = c(l, u, a)``), else onto the step's
scale (``range`` for min-max, ``scale`` for the other methods). So in one framework yes/no
indicators (goalposts [0, 1]) and percentages ([0, 100]) are scored against their natural
bounds and the rest by the step's method from the data (min-max, percentile rank or distance to
the maximum); a constant or binary indicator with goalposts is never an error. Methods whose
scale is not bounded (z-score, rank, Borda, reference) cannot be mixed with goalposts: the spec
is refused when parsed; the target method uses each indicator's target.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .._data import FloatArray
from .._errors import DataError
from .._log import LogEntry
from .._nodes import Node
from .._spec import Spec
from .._steps_spec import Normalise


def normalise(
    values: FloatArray, units: tuple[str, ...], spec: Spec, step: Normalise
) -> tuple[FloatArray, LogEntry]:
    """Normalise every column of ``values``, shape (n_units, n_indicators).

    Each indicator is multiplied by its direction (+1/-1) first, so that higher is better
    afterwards for every method. Indicators with goalposts are normalised by them (see the
    module's docstring), the others by ``step.method``.

    Raises
    ------
    DataError
        For a constant indicator without goalposts under min-max, z-score or distance to the
        maximum (the scale is undefined), or a reference unit without a usable value.
    """
    indicators = spec.indicators
    directions = np.array([n.direction for n in indicators], dtype=np.float64)
    signed = values * directions[None, :]
    posted = _uses_goalposts(indicators, step)
    out = np.empty_like(signed)
    if posted.any():
        chosen = tuple(n for n, p in zip(indicators, posted, strict=True) if p)
        out[:, posted] = _by_goalposts(signed[:, posted], step, chosen)
    if not posted.all():
        rest = tuple(n for n, p in zip(indicators, posted, strict=True) if not p)
        out[:, ~posted] = _METHODS[step.method](signed[:, ~posted], step, rest, units)
    by_posts = [n.code for n, p in zip(indicators, posted, strict=True) if p]
    message = f"normalised {len(indicators)} indicators by {step.method}"
    if by_posts and step.method != "goalposts":
        message += f" ({len(by_posts)} of them by their goalposts)"
    details = {"method": step.method, "directions": directions.tolist(), "goalposts": by_posts}
    return out, LogEntry("normalise", message, details)


def _uses_goalposts(indicators: tuple[Node, ...], step: Normalise) -> npt.NDArray[np.bool_]:
    """Per indicator: normalised by its goalposts (not under the target method)."""
    if step.method == "target":
        return np.zeros(len(indicators), dtype=bool)
    return np.array([n.goalposts is not None for n in indicators], dtype=bool)


def _by_goalposts(signed: FloatArray, step: Normalise, indicators: tuple[Node, ...]) -> FloatArray:
    """COINr's ``n_goalposts`` per column, then the scale of the step (or of the node)."""
    posts = np.array([n.goalposts for n in indicators], dtype=np.float64)
    directions = np.array([n.direction for n in indicators], dtype=np.float64)
    signed_posts = posts * directions[:, None]
    low, high = signed_posts.min(axis=1), signed_posts.max(axis=1)
    share = (signed - low) / (high - low)
    clip = np.array([step.cap if n.goalpost_clip is None else n.goalpost_clip for n in indicators])
    share = np.where(clip[None, :], np.clip(share, 0.0, 1.0), share)
    bottom, top = (step.low, step.high) if step.method == "minmax" else (0.0, step.scale)
    own = np.array([np.nan if n.goalpost_scale is None else n.goalpost_scale for n in indicators])
    scaled = np.where(np.isnan(own)[None, :], bottom + share * (top - bottom), share * own)
    return np.asarray(scaled, dtype=np.float64)


def check_not_all_missing(values: FloatArray, indicators: tuple[Node, ...]) -> None:
    """An indicator with no value for any unit cannot be scored: say so, never drop it."""
    empty = np.isnan(values).all(axis=0)
    if empty.any():
        code = indicators[int(np.flatnonzero(empty)[0])].code
        raise DataError(
            f"indicator {code!r} is missing for every unit: it cannot be scored"
            " (collect at least one value, or remove it from the framework)",
            column=code,
            code="all_missing_indicator",
            params={"indicator": code},
        )


def _spread(
    signed: FloatArray, indicators: tuple[Node, ...], method: str
) -> tuple[FloatArray, FloatArray]:
    """Lowest and highest value of each column; a constant column has no scale."""
    low, high = np.nanmin(signed, axis=0), np.nanmax(signed, axis=0)
    flat = ~(high > low)
    if flat.any():
        code = indicators[int(np.flatnonzero(flat)[0])].code
        raise DataError(
            f"indicator {code!r} is constant (the same value for every unit), so {method}"
            " normalisation has no scale; declare goalposts for it (its natural bounds,"
            " e.g. [0, 1] for a yes/no indicator or [0, 100] for a percentage)",
            column=code,
            code="constant_indicator",
            params={"indicator": code, "method": method},
        )
    return low, high


def _minmax(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    low, high = _spread(signed, indicators, step.method)
    scaled = (signed - low) / (high - low) * (step.high - step.low) + step.low
    return np.asarray(scaled, dtype=np.float64)


def _zscore(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    _spread(signed, indicators, step.method)
    mean = np.nanmean(signed, axis=0)
    sd = np.nanstd(signed, axis=0, ddof=1)  # sample sd, as R's sd()
    return np.asarray((signed - mean) / sd * step.sd + step.mean, dtype=np.float64)


def _ranks(signed: FloatArray, method: str) -> FloatArray:
    from scipy import stats  # imported here: scipy.stats takes ~1 s to import (CLI start-up)

    ranked = stats.rankdata(signed, method=method, axis=0, nan_policy="omit")
    return np.asarray(ranked, dtype=np.float64)


def _rank(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    return _ranks(signed, "average")


def _percentile_rank(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    """Share of the other units ranked below, in [0, 1] times ``scale`` (so that, with scale
    100, it can stand in for a min-max 0-100 normalisation on the same scale)."""
    counts = np.sum(~np.isnan(signed), axis=0)
    shares = (_ranks(signed, "average") - 1) / np.maximum(counts - 1, 1)
    return np.asarray(shares * step.scale, dtype=np.float64)


def _borda(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    return _ranks(signed, "min") - 1  # the number of units strictly below


def _target(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    directions = np.array([n.direction for n in indicators], dtype=np.float64)
    target = np.array([n.target for n in indicators], dtype=np.float64) * directions
    low = np.nanmin(signed, axis=0)
    reached = ~(target > low)
    if reached.any():
        code = indicators[int(np.flatnonzero(reached)[0])].code
        raise DataError(
            "the target is not above the worst value: distance undefined",
            column=code,
            code="target_not_above_worst",
            params={"indicator": code},
        )
    return _cap((signed - low) / (target - low), step) * step.scale


def _distance_to_max(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    low, high = _spread(signed, indicators, step.method)
    return (1 - (high - signed) / (high - low)) * step.scale


def _reference(
    signed: FloatArray, step: Normalise, indicators: tuple[Node, ...], units: tuple[str, ...]
) -> FloatArray:
    """Ratio to the reference unit, inverted for negative-direction indicators."""
    if step.reference not in units:
        raise DataError(
            f"reference unit {step.reference!r} is not in the data",
            code="unknown_reference",
            params={"path": "steps.normalise.reference", "name": step.reference, "kind": "unit"},
        )
    directions = np.array([n.direction for n in indicators], dtype=np.float64)
    raw = signed * directions
    reference = raw[units.index(step.reference)]
    bad = np.isnan(reference) | (reference == 0)
    if bad.any():
        code = indicators[int(np.flatnonzero(bad)[0])].code
        raise DataError(
            "reference unit has a missing or zero value",
            column=code,
            row=step.reference,
            code="unusable_reference",
            params={"indicator": code, "unit": step.reference},
        )
    inverted = (directions < 0)[None, :]
    if np.any(inverted & (raw == 0)):
        code = indicators[int(np.flatnonzero(np.any(inverted & (raw == 0), axis=0))[0])].code
        raise DataError(
            "zero value of a negative-direction indicator: ratio undefined",
            column=code,
            code="unusable_reference",
            params={"indicator": code, "unit": step.reference},
        )
    ratio = raw / reference  # the reference's values are checked non-zero above
    flipped = np.broadcast_to(inverted, raw.shape) & ~np.isnan(raw)  # raw != 0 there (checked)
    np.divide(np.broadcast_to(reference, raw.shape), raw, out=ratio, where=flipped)
    return np.asarray(ratio * step.scale, dtype=np.float64)


def _cap(scaled: FloatArray, step: Normalise) -> FloatArray:
    return np.clip(scaled, 0.0, 1.0) if step.cap else scaled


_METHODS = {
    "minmax": _minmax,
    "zscore": _zscore,
    "rank": _rank,
    "percentile_rank": _percentile_rank,
    "borda": _borda,
    "target": _target,
    "max": _distance_to_max,
    "reference": _reference,
}
