"""Convert COINr's indicator metadata table (``iMeta``) to the nodes of a spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ._errors import DataError

_REQUIRED = ("Level", "iCode", "Weight", "Parent", "Type")


def nodes_from_coinr_meta(source: str | Path | pd.DataFrame) -> dict[str, Any]:
    """Read a COINr ``iMeta`` table and return spec fields ``nodes`` and ``columns``.

    Rows of ``Type`` Indicator/Aggregate become nodes (with level, parent, weight, direction,
    unit, target and denominator); Group rows become ``columns.groups`` and Denominator rows
    ``columns.denominators``. Merge the result with ``steps`` to obtain a full spec.
    """
    meta = source if isinstance(source, pd.DataFrame) else pd.read_csv(source)
    for column in _REQUIRED:
        if column not in meta.columns:
            raise DataError(
                "missing column in COINr metadata",
                column=column,
                code="missing_column",
                params={"column": column},
            )
    nodes = [_node(row) for _, row in meta.iterrows() if row["Type"] in ("Indicator", "Aggregate")]
    groups = [str(r["iCode"]) for _, r in meta.iterrows() if r["Type"] == "Group"]
    denominators = [str(r["iCode"]) for _, r in meta.iterrows() if r["Type"] == "Denominator"]
    return {"columns": {"groups": groups, "denominators": denominators}, "nodes": nodes}


def _node(row: pd.Series) -> dict[str, Any]:
    node: dict[str, Any] = {"code": str(row["iCode"]), "level": int(row["Level"])}
    if pd.notna(row["Parent"]):
        node["parent"] = str(row["Parent"])
    node["weight"] = float(row["Weight"])
    optional = {"iName": "name", "Unit": "unit", "Denominator": "denominator"}
    for column, key in optional.items():
        if column in row and pd.notna(row[column]):
            node[key] = str(row[column])
    if row["Type"] == "Indicator":
        if "Direction" in row and pd.notna(row["Direction"]):
            node["direction"] = int(row["Direction"])
        if "Target" in row and pd.notna(row["Target"]):
            node["target"] = float(row["Target"])
    return node
