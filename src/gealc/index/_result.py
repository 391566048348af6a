"""The result of a build: plain, typed, and reproducible to the byte."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ._log import LogEntry
from ._spec import Spec


@dataclass(frozen=True, eq=False)
class Result:
    """Everything a build produced.

    Attributes
    ----------
    datasets : mapping of step name to DataFrame
        ``raw``, then one data set per step that ran, by step name (``denominate``,
        ``impute``, ``screen``, ``treat``, ``normalise``, ``aggregate``); units as the index.
    scores : DataFrame, shape (n_units, n_nodes)
        Indicators as they entered aggregation, then every aggregate, level by level.
    ranks : DataFrame, shape (n_units, n_nodes)
        Ranks of ``scores`` (1 best, ties share the lowest rank; ``<NA>`` when missing).
    weights : mapping of node code to weight
        The nominal weight of every node (explicit, equal or PCA).
    log : tuple of LogEntry
    data_hash : str
        SHA-256 of the validated input data.
    version : str
        Engine version.
    """

    spec: Spec
    datasets: Mapping[str, pd.DataFrame]
    scores: pd.DataFrame
    ranks: pd.DataFrame
    weights: Mapping[str, float]
    log: tuple[LogEntry, ...]
    data_hash: str
    version: str

    @property
    def index(self) -> pd.Series:
        """Scores of the top node."""
        return self.scores[self.spec.root.code]

    def summary(self) -> dict[str, Any]:
        """Spec, data hash, version and seed as JSON-compatible data."""
        return {
            "engine": "gealc.index",
            "version": self.version,
            "data_hash": self.data_hash,
            "seed": self.spec.seed,
            "spec": self.spec.to_dict(),
            "weights": dict(self.weights),
        }
