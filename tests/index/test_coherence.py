"""Coherence report: alpha, PCA share and flags on data with a known structure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gealc.index import build, coherence
from gealc.index._coherence import cronbach_alpha

from .conftest import ASEM_DATA, ASEM_FULL


def test_cronbach_alpha_formula() -> None:
    items = np.array([[1.0, 2, 3], [2, 3, 4], [3, 5, 4], [4, 4, 6]])
    k = 3
    expected = k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / items.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(items) == pytest.approx(expected)


def test_flags_negative_and_redundant_children() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=40)
    frame = pd.DataFrame(
        {
            "unit": [f"u{i}" for i in range(40)],
            "a": base,
            "b": base + rng.normal(scale=0.01, size=40),
            "c": -base + rng.normal(size=40),
        }
    )
    spec = {
        "steps": {"normalise": {"method": "minmax"}},
        "nodes": [{"code": c, "parent": "I"} for c in "abc"] + [{"code": "I", "level": 2}],
    }
    report = coherence(build(spec, frame))
    kinds = {(r.kind, r.a, r.b) for r in report.flags.itertuples()}
    assert ("redundant", "a", "b") in kinds
    assert ("negative", "a", "c") in kinds
    assert ("negative", "c", "I") in kinds
    assert report.pca.set_index("group").loc["I", "first_share"] > 0.6


def test_asem_report_covers_every_aggregate() -> None:
    report = coherence(build(ASEM_FULL, ASEM_DATA))
    assert set(report.alpha.index) == {
        "Physical",
        "ConEcFin",
        "Political",
        "Instit",
        "P2P",
        "Environ",
        "Social",
        "SusEcFin",
        "Conn",
        "Sust",
        "Index",
    }
    assert len(report.parent_correlations) == 59
    assert "alpha" in report.to_text()


def test_uncorrelated_yes_no_children_are_not_flagged_negative() -> None:
    """r is about -1e-17 by rounding for these two: no correlation, so no flag."""
    spec = {
        "steps": {"normalise": {"method": "minmax", "range": [0, 100]}},
        "nodes": [
            {"code": "q0", "parent": "I", "goalposts": [0, 1]},
            {"code": "q1", "parent": "I", "goalposts": [0, 1]},
            {"code": "I", "level": 2},
        ],
    }
    frame = pd.DataFrame({"unit": list("ABCD"), "q0": [0, 1, 1, 0], "q1": [1, 1, 0, 0]})
    report = coherence(build(spec, frame))
    assert report.group_correlations["r"].abs().max() < 1e-9
    assert report.flags.empty
