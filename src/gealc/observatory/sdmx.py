"""SDMX-CSV 1.0 (the format of SDMX 2.1 REST ``format=csv``, files ``*.sdmx.csv``): the first
column names the dataflow, then one column per dimension, the observation value and the
attributes. SDMX-CSV 2.0 (files ``*.sdmx2.csv``) has the same columns after
``STRUCTURE,STRUCTURE_ID,ACTION`` (``dataflow``, the dataflow, ``I``). The structures that
define and code every column are published as SDMX-ML 2.1 (``sdmx_structures``).

Data structure (also in the data dictionary):

- scores: ``DATAFLOW = GEALC:DGI_INDEX(1.0)``; dimensions ``REF_AREA`` (ISO alpha-3),
  ``INDICATOR`` (node code), ``TIME_PERIOD`` (reference year), ``MEASURE`` (``SCORE``,
  ``RANK``, ``RANK_MEDIAN``, ``RANK_Q05``, ``RANK_Q95``, ``SCORE_Q05``, ``SCORE_Q95``);
  ``OBS_VALUE``; attributes ``UNIT_MEASURE`` (``INDEX_0_100`` or ``RANK``), ``OBS_STATUS`` and
  ``IS_DEMO``.
- values: ``DATAFLOW = GEALC:DGI_VALUES(1.0)``; the same dimensions with ``MEASURE = VALUE``
  and ``INDICATOR`` the variable or indicator code; ``UNIT_MEASURE`` the code of the
  framework's unit (``sdmx_structures.unit_code``: ``%`` is ``PC``).
- changes of a correction: ``DATAFLOW = GEALC:DGI_CHANGES(1.0)``; the dimensions of scores
  (``MEASURE`` a score measure, or ``VALUE`` for an input) and ``RUN_ID``: every changed
  observation twice, as it was in the corrected run and as it is in the correction (an input
  whose status changed carries each side's ``OBS_STATUS``).

``IS_DEMO`` (``true`` or ``false``, every dataflow) marks demo data, fictional and never
official statistics, so a file that has left the site says what it holds.

``OBS_STATUS`` follows the SDMX code list CL_OBS_STATUS: ``A`` normal, ``L`` missing (exists
but not collected: not available), ``M`` missing (cannot exist: not applicable, or no score),
and ``C`` for a confidential value (withheld).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from gealc.core import tabular
from gealc.observatory.sdmx_structures import unit_code

if TYPE_CHECKING:
    from gealc.observatory.selectors import RunChanges

SCORES_DATAFLOW = "GEALC:DGI_INDEX(1.0)"
VALUES_DATAFLOW = "GEALC:DGI_VALUES(1.0)"
CHANGES_DATAFLOW = "GEALC:DGI_CHANGES(1.0)"
HEADER = (
    "DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "MEASURE", "OBS_VALUE",
    "UNIT_MEASURE", "OBS_STATUS", "IS_DEMO",
)  # fmt: skip
SCORE_MEASURES = {
    "SCORE": ("score", "INDEX_0_100"),
    "RANK": ("rank", "RANK"),
    "RANK_MEDIAN": ("rank_median", "RANK"),
    "RANK_Q05": ("rank_q05", "RANK"),
    "RANK_Q95": ("rank_q95", "RANK"),
    "SCORE_Q05": ("score_q05", "INDEX_0_100"),
    "SCORE_Q95": ("score_q95", "INDEX_0_100"),
}
CHANGES_HEADER = (
    "DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "MEASURE", "RUN_ID", "OBS_VALUE",
    "UNIT_MEASURE", "OBS_STATUS", "IS_DEMO",
)  # fmt: skip
MEASURE_CODES = {column: (measure, unit) for measure, (column, unit) in SCORE_MEASURES.items()}
OBS_STATUS = {
    "reported": "A",
    "not_available": "L",
    "not_applicable": "M",
    "confidential": "C",
}


MEDIA_TYPES = {
    "sdmx.csv": "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8",
    "sdmx2.csv": "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8",
}
VERSIONS = {"sdmx.csv": "1.0", "sdmx2.csv": "2.0"}


def _write(
    rows: Iterable[tuple[Any, ...]], header: tuple[str, ...] = HEADER, version: str = "1.0"
) -> bytes:
    """Rows whose first item is the dataflow; in SDMX-CSV 2.0 it becomes ``STRUCTURE``,
    ``STRUCTURE_ID`` and ``ACTION`` (``I``: information, the observations as they are).
    Written by ``gealc.core.tabular`` (no byte-order mark), so no text runs as a formula."""
    if version == "2.0":
        header = ("STRUCTURE", "STRUCTURE_ID", "ACTION", *header[1:])
        rows = (("dataflow", row[0], "I", *row[1:]) for row in rows)
    return tabular.csv_bytes(rows, header, byte_order_mark=False)


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def scores_csv(rows: Iterable[dict[str, Any]], version: str = "1.0") -> bytes:
    """Score rows of ``exports.score_rows`` as SDMX-CSV, one observation per measure."""
    observations = (
        (
            SCORES_DATAFLOW,
            row["country_iso3"],
            row["node"],
            row["year"],
            measure,
            _number(row[column]),
            unit,
            "A" if row[column] is not None else "M",
            _flag(row["is_demo"]),
        )
        for row in rows
        for measure, (column, unit) in SCORE_MEASURES.items()
    )
    return _write(observations, version=version)


def values_csv(rows: Iterable[dict[str, Any]], version: str = "1.0") -> bytes:
    """Value rows of ``exports.value_rows`` as SDMX-CSV (``MEASURE = VALUE``)."""
    observations = (
        (
            VALUES_DATAFLOW,
            row["country_iso3"],
            row["code"],
            row["year"],
            "VALUE",
            _number(row["value"]),
            unit_code(row["unit"]),
            _value_status(row),
            _flag(row["is_demo"]),
        )
        for row in rows
    )
    return _write(observations, version=version)


def _flag(value: bool) -> str:
    """An SDMX (XML Schema) boolean."""
    return "true" if value else "false"


def _value_status(row: dict[str, Any]) -> str:
    """A reported indicator without a number (its formula could not be computed) is M."""
    if row["status"] == "reported" and row["value"] is None:
        return "M"
    return OBS_STATUS.get(row["status"], "M")


def changes_csv(
    changes: RunChanges | None,
    year: int,
    units: dict[str, str] | None = None,
    version: str = "1.0",
    *,
    is_demo: bool,
) -> bytes:
    """A correction's changes (``selectors.run_changes``) as SDMX-CSV: each changed
    observation as it was (``RUN_ID`` the corrected run) and as it is (the correction);
    ``units`` gives an input code's free-text unit, ``is_demo`` whether the correction is
    demo data."""
    observations = (
        ((*row, _flag(is_demo)) for row in _change_observations(changes, year, units or {}))
        if changes
        else ()
    )
    return _write(observations, CHANGES_HEADER, version)


def _change_observations(
    changes: RunChanges, year: int, units: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    runs = {"before": changes.corrects_id, "after": changes.run_id}
    for change in changes.scores:
        sides = {"before": change.before, "after": change.after}
        for column in change.changed:
            measure, unit = MEASURE_CODES[column]
            for side, values in sides.items():
                value = values[column]
                yield (
                    CHANGES_DATAFLOW, change.iso3, change.node, year, measure,
                    runs[side], _number(value), unit,
                    "A" if value is not None else "M",
                )  # fmt: skip
    for item in changes.inputs:
        inputs = {
            "before": (item.before_value, item.before_status),
            "after": (item.after_value, item.after_status),
        }
        for side, (value, status) in inputs.items():
            row = {"status": status or "not_applicable", "value": value}
            yield (
                CHANGES_DATAFLOW, item.iso3, item.code, year, "VALUE",
                runs[side], _number(value), unit_code(units.get(item.code)), _value_status(row),
            )  # fmt: skip
