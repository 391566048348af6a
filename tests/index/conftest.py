"""Shared inputs of the engine's tests: the shipped examples and a small hand-made index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from gealc.index import Spec, parse_spec

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ASEM_DATA = EXAMPLES / "asem" / "ASEM_iData.csv"
ASEM_SIMPLE = EXAMPLES / "asem" / "simple.yaml"
ASEM_FULL = EXAMPLES / "asem" / "full.yaml"
ASEM_UNCERTAINTY = EXAMPLES / "asem" / "uncertainty.yaml"
EGDI_SPEC = EXAMPLES / "egdi" / "spec.yaml"
EGDI_DATA = EXAMPLES / "egdi" / "egdi_2014_2024.csv"


def small_spec_dict(**steps: Any) -> dict[str, Any]:
    """Two pillars of two indicators each, one index; ``steps`` replaces the method."""
    return {
        "name": "small",
        "columns": {"unit": "unit", "groups": ["region"], "denominators": ["pop"]},
        "steps": steps or {"normalise": {"method": "minmax", "range": [0, 100]}},
        "nodes": [
            {"code": "a", "parent": "P1", "weight": 1},
            {"code": "b", "parent": "P1", "weight": 3, "direction": -1},
            {"code": "c", "parent": "P2", "denominator": "pop"},
            {"code": "d", "parent": "P2"},
            {"code": "P1", "level": 2, "parent": "I"},
            {"code": "P2", "level": 2, "parent": "I", "weight": 2},
            {"code": "I", "level": 3},
        ],
    }


def small_spec(**steps: Any) -> Spec:
    return parse_spec(small_spec_dict(**steps))


@pytest.fixture
def small_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": ["U1", "U2", "U3", "U4", "U5"],
            "region": ["x", "x", "y", "y", "y"],
            "pop": [1.0, 2.0, 4.0, 5.0, 10.0],
            "a": [1.0, 2.0, 3.0, 4.0, 5.0],
            "b": [10.0, 8.0, 9.0, 1.0, 2.0],
            "c": [3.0, 4.0, 8.0, 20.0, 40.0],
            "d": [0.5, 0.1, 0.9, 0.3, 0.7],
        }
    )
