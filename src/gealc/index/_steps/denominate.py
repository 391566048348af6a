"""Denomination: divide an indicator by a denominator column (e.g. GDP, population)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .._data import FloatArray
from .._errors import DataError
from .._log import LogEntry
from .._spec import Spec
from .._steps_spec import Denominate


def denominate(
    values: FloatArray,
    units: tuple[str, ...],
    denominators: Mapping[str, FloatArray],
    spec: Spec,
    step: Denominate,
) -> tuple[FloatArray, LogEntry]:
    """Divide each indicator with a ``denominator`` by that column, times ``step.scale``.

    Parameters
    ----------
    values : ndarray, shape (n_rows, n_indicators)
    denominators : mapping of name to ndarray, shape (n_rows,)

    Raises
    ------
    DataError
        When a denominator is zero where the indicator has a value (the ratio is undefined).
    """
    out = values.copy()
    divided: dict[str, str] = {}
    for j, node in enumerate(spec.indicators):
        if node.denominator is None:
            continue
        denominator = denominators[node.denominator]
        zero = (denominator == 0) & ~np.isnan(values[:, j])
        if zero.any():
            row = units[int(np.flatnonzero(zero)[0])]
            raise DataError(
                f"zero denominator for indicator {node.code!r}",
                column=node.denominator,
                row=row,
                code="zero_denominator",
                params={"indicator": node.code, "column": node.denominator, "row": row},
            )
        # A missing denominator makes the ratio missing, left to imputation (and logged).
        out[:, j] = values[:, j] / denominator * step.scale
        divided[node.code] = node.denominator
    message = f"divided {len(divided)} indicators by their denominators"
    return out, LogEntry("denominate", message, {"denominators": divided, "scale": step.scale})
