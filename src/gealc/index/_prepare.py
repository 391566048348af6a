"""The data steps before weighting and aggregation: denominate, impute, screen, treat,
normalise. Their output is what an uncertainty analysis shares between runs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._data import Dataset, FloatArray
from ._errors import DataError
from ._log import LogEntry
from ._spec import Spec
from ._steps.denominate import denominate
from ._steps.impute import impute
from ._steps.normalise import check_not_all_missing, normalise
from ._steps.screen import screen
from ._steps.treat import treat


@dataclass(frozen=True)
class Prepared:
    """Indicator values ready to aggregate, shape (n_units, n_indicators), with history."""

    units: tuple[str, ...]
    values: FloatArray
    datasets: dict[str, tuple[tuple[str, ...], FloatArray]]
    log: tuple[LogEntry, ...]


class _Pipeline:
    """Mutable state of one preparation; only :func:`prepare` uses it."""

    def __init__(self, data: Dataset) -> None:
        self.rows = np.arange(len(data.units))
        self.units = data.units
        self.values = data.values.copy()
        self.datasets: dict[str, tuple[tuple[str, ...], FloatArray]] = {}
        self.log: list[LogEntry] = []

    def record(self, step: str, values: FloatArray, entry: LogEntry) -> None:
        self.values = values
        self.log.append(entry)
        self.datasets[step] = (self.units, values)

    def keep(self, mask: npt.NDArray[np.bool_]) -> None:
        self.rows = self.rows[mask]
        self.units = tuple(u for u, k in zip(self.units, mask, strict=True) if k)
        self.values = self.values[mask]


def prepare(spec: Spec, data: Dataset) -> Prepared:
    """Run the data steps of ``spec`` that are switched on, in their fixed order."""
    steps = spec.steps
    state = _Pipeline(data)
    if data.years is None:
        state.datasets["raw"] = (data.units, data.values)
    if steps.denominate is not None:
        state.record(
            "denominate",
            *denominate(state.values, state.units, data.denominators, spec, steps.denominate),
        )
    panel_impute = steps.impute is not None and steps.impute.method.startswith("panel_")
    if data.years is not None and not panel_impute:
        _select_year(state, spec, data)
    if steps.impute is not None:
        groups = {k: v[state.rows] for k, v in data.groups.items()}
        years = data.years[state.rows] if data.years is not None else None
        state.record(
            "impute",
            *impute(state.values, state.units, data.indicators, steps.impute, groups, years),
        )
    if data.years is not None and panel_impute:
        _select_year(state, spec, data)
    if steps.screen is not None:
        mask, entry = screen(state.values, state.units, steps.screen)
        state.keep(mask)
        state.record("screen", state.values, entry)
    check_not_all_missing(state.values, spec.indicators)  # after imputation could fill it
    if steps.treat is not None:
        state.record("treat", *treat(state.values, state.units, data.indicators, steps.treat))
    if steps.normalise is not None:
        state.record("normalise", *normalise(state.values, state.units, spec, steps.normalise))
    return Prepared(state.units, state.values, state.datasets, tuple(state.log))


def _select_year(state: _Pipeline, spec: Spec, data: Dataset) -> None:
    """Panel data: keep the rows of the spec's ``year`` (default: the latest year)."""
    assert data.years is not None
    years = data.years[state.rows]
    year = spec.year if spec.year is not None else int(years.max())
    mask = years == year
    if not mask.any():
        raise DataError(
            f"no rows for year {year}",
            column=spec.columns.year,
            code="no_rows_for_year",
            params={"year": year},
        )
    for step, (_, values) in state.datasets.items():  # panel steps so far saw every year
        state.datasets[step] = (tuple(np.array(state.units, dtype=object)[mask]), values[mask])
    state.keep(mask)
    state.datasets["raw"] = (state.units, data.values[state.rows])
    state.log.append(
        LogEntry("select_year", f"selected year {year}: {int(mask.sum())} units", {"year": year})
    )
