"""``build``: the whole pipeline for one spec, as a pure function."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._aggregate import aggregate_runs
from ._data import Dataset, FloatArray, align_dataset, load_data
from ._log import LogEntry
from ._prepare import prepare
from ._rank import rank_scores
from ._result import Result
from ._spec import Spec, load_spec
from ._tree import make_tree
from ._version import VERSION
from ._weights import nominal_weights

SpecLike = str | Path | dict[str, Any] | Spec
DataLike = str | Path | pd.DataFrame | Dataset


def resolve(spec: SpecLike, data: DataLike) -> tuple[Spec, Dataset]:
    """Validate the inputs of every entry point the same way."""
    checked = load_spec(spec)
    dataset = (
        align_dataset(data, checked) if isinstance(data, Dataset) else load_data(data, checked)
    )
    return checked, dataset


def build(spec: SpecLike, data: DataLike) -> Result:
    """Build the index: run every step of ``spec`` on ``data``.

    Parameters
    ----------
    spec : path to YAML, mapping or Spec
    data : path to CSV, DataFrame or Dataset
        Units x variables (``spec.columns`` names the unit, group, denominator and year
        columns).

    Returns
    -------
    Result
        Data sets by step, scores and ranks at every level, the log, the data hash.

    Raises
    ------
    SpecError, DataError
        For invalid input; never a silently wrong number.
    """
    spec, dataset = resolve(spec, data)
    prepared = prepare(spec, dataset)
    tree = make_tree(spec)
    x = prepared.values
    weights = nominal_weights(spec, tree, x, prepared.units)
    aggregated = aggregate_runs(x, weights[None, :], tree, spec.steps.aggregate, prepared.units)
    scores = np.concatenate([x, aggregated[:, :, 0].T], axis=1)
    ranks = rank_scores(scores, axis=0, decimals=spec.rank_decimals)
    datasets = {
        name: _frame(units, values, dataset.indicators)
        for name, (units, values) in prepared.datasets.items()
    }
    datasets["aggregate"] = _frame(prepared.units, scores, tree.codes)
    aggregate_entry = LogEntry(
        "aggregate",
        f"aggregated {len(tree.parents)} nodes over {len(tree.levels())} levels",
        {
            "methods": {
                str(level): spec.steps.aggregate.method_at(level) for level in tree.levels()
            },
            "weights": spec.steps.weights.method,
        },
    )
    return Result(
        spec=spec,
        datasets=datasets,
        scores=_frame(prepared.units, scores, tree.codes),
        ranks=_frame(prepared.units, ranks, tree.codes).astype("Int64"),
        weights={code: float(w) for code, w in zip(tree.codes, weights, strict=True)},
        log=(*prepared.log, aggregate_entry),
        data_hash=dataset.digest,
        version=VERSION,
    )


def _frame(units: tuple[str, ...], values: FloatArray, columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(values, index=pd.Index(units, name="unit"), columns=list(columns))
    return frame
