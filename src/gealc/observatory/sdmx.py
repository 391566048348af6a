"""SDMX-CSV 1.0 (the format of SDMX 2.1 REST ``format=csv``): the first column names the
dataflow, then one column per dimension, the observation value and the attributes.

Data structure (also in the data dictionary):

- scores: ``DATAFLOW = GEALC:DGI_INDEX(1.0)``; dimensions ``REF_AREA`` (ISO alpha-3),
  ``INDICATOR`` (node code), ``TIME_PERIOD`` (reference year), ``MEASURE`` (``SCORE``,
  ``RANK``, ``RANK_MEDIAN``, ``RANK_Q05``, ``RANK_Q95``, ``SCORE_Q05``, ``SCORE_Q95``);
  ``OBS_VALUE``; attributes ``UNIT_MEASURE`` (``SCORE`` 0-100 or ``RANK``) and ``OBS_STATUS``.
- values: ``DATAFLOW = GEALC:DGI_VALUES(1.0)``; the same dimensions with ``MEASURE = VALUE``
  and ``INDICATOR`` the variable or indicator code; ``UNIT_MEASURE`` the framework's unit.

``OBS_STATUS`` follows the SDMX code list CL_OBS_STATUS: ``A`` normal, ``L`` missing (exists
but not collected: not available), ``M`` missing (cannot exist: not applicable, or no score),
and ``C`` for a confidential value (withheld).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

SCORES_DATAFLOW = "GEALC:DGI_INDEX(1.0)"
VALUES_DATAFLOW = "GEALC:DGI_VALUES(1.0)"
HEADER = (
    "DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "MEASURE", "OBS_VALUE",
    "UNIT_MEASURE", "OBS_STATUS",
)  # fmt: skip
SCORE_MEASURES = {
    "SCORE": ("score", "SCORE"),
    "RANK": ("rank", "RANK"),
    "RANK_MEDIAN": ("rank_median", "RANK"),
    "RANK_Q05": ("rank_q05", "RANK"),
    "RANK_Q95": ("rank_q95", "RANK"),
    "SCORE_Q05": ("score_q05", "SCORE"),
    "SCORE_Q95": ("score_q95", "SCORE"),
}
OBS_STATUS = {
    "reported": "A",
    "not_available": "L",
    "not_applicable": "M",
    "confidential": "C",
}


def _write(rows: Iterable[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def scores_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """Score rows of ``exports.score_rows`` as SDMX-CSV, one observation per measure."""
    return _write(
        (
            SCORES_DATAFLOW,
            row["country_iso3"],
            row["node"],
            row["year"],
            measure,
            _number(row[column]),
            unit,
            "A" if row[column] is not None else "M",
        )
        for row in rows
        for measure, (column, unit) in SCORE_MEASURES.items()
    )


def values_csv(rows: Iterable[dict[str, Any]]) -> bytes:
    """Value rows of ``exports.value_rows`` as SDMX-CSV (``MEASURE = VALUE``)."""
    return _write(
        (
            VALUES_DATAFLOW,
            row["country_iso3"],
            row["code"],
            row["year"],
            "VALUE",
            _number(row["value"]),
            row["unit"],
            _value_status(row),
        )
        for row in rows
    )


def _value_status(row: dict[str, Any]) -> str:
    """A reported indicator without a number (its formula could not be computed) is M."""
    if row["status"] == "reported" and row["value"] is None:
        return "M"
    return OBS_STATUS.get(row["status"], "M")
