"""Conformance with COINr on its ASEM example, and reproducibility of the build."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gealc.index import VERSION, build

from .conftest import ASEM_DATA, ASEM_FULL, ASEM_SIMPLE

# COINr's published result (JOSS paper): min-max [0, 100], arithmetic means up four levels.
PUBLISHED = {"DEU": 75.23, "GBR": 68.94, "FRA": 65.92, "CHE": 62.61, "NLD": 61.24, "SWE": 60.59}


def test_asem_simple_matches_coinr_published_index() -> None:
    result = build(ASEM_SIMPLE, ASEM_DATA)
    top = result.scores["Index"].sort_values(ascending=False).head(6)
    assert list(top.index) == list(PUBLISHED)
    for unit, score in PUBLISHED.items():
        assert round(result.scores.loc[unit, "Index"], 2) == score
    assert result.ranks.loc["DEU", "Index"] == 1


def test_asem_simple_levels_are_arithmetic_means_of_children() -> None:
    result = build(ASEM_SIMPLE, ASEM_DATA)
    spec = result.spec
    for parent in spec.aggregates:
        children = [c.code for c in spec.children(parent.code)]
        expected = result.scores[children].mean(axis=1, skipna=True)
        np.testing.assert_allclose(result.scores[parent.code], expected, rtol=1e-12)
    normalised = result.datasets["normalise"]
    assert normalised.min().min() == 0.0
    assert normalised.max().max() == 100.0


def test_asem_full_pipeline_runs_every_step() -> None:
    result = build(ASEM_FULL, ASEM_DATA)
    assert list(result.datasets) == [
        "raw",
        "denominate",
        "impute",
        "screen",
        "treat",
        "normalise",
        "aggregate",
    ]
    raw, denominated = result.datasets["raw"], result.datasets["denominate"]
    np.testing.assert_allclose(
        denominated["Flights"],
        raw["Flights"] / pd.read_csv(ASEM_DATA, index_col="uCode")["Population"],
    )
    assert result.datasets["impute"].notna().all().all()  # EurAsia group means fill every gap
    treated = {r["indicator"]: r for r in result.log[3].details["treated"]}
    assert treated["Flights"]["winsorised_high"] == ["MLT"]
    assert all(r["passes"] for r in treated.values())
    assert result.datasets["normalise"].max().max() == pytest.approx(100)


def test_asem_full_group_mean_imputation_uses_eurasia_groups() -> None:
    result = build(ASEM_FULL, ASEM_DATA)
    raw = pd.read_csv(ASEM_DATA, index_col="uCode")
    denominated = result.datasets["denominate"]
    imputed = result.datasets["impute"]
    for code in ("Renew", "CostImpEx"):
        for unit in raw.index[raw[code].isna()]:
            group = raw["EurAsia_group"] == raw.loc[unit, "EurAsia_group"]
            assert imputed.loc[unit, code] == pytest.approx(denominated.loc[group, code].mean())


def test_ties_share_the_lowest_rank() -> None:
    frame = pd.DataFrame(
        {"unit": list("ABCD"), "x": [3.0, 2.0, 2.0, 1.0], "y": [3.0, 2.0, 2.0, 1.0]}
    )
    spec = {
        "nodes": [
            {"code": "x", "parent": "I"},
            {"code": "y", "parent": "I"},
            {"code": "I", "level": 2},
        ]
    }
    assert build(spec, frame).ranks["I"].tolist() == [1, 2, 2, 4]


def test_result_carries_spec_hash_and_version() -> None:
    one, two = build(ASEM_FULL, ASEM_DATA), build(ASEM_FULL, ASEM_DATA)
    assert one.version == VERSION
    assert len(one.data_hash) == 64
    assert one.data_hash == two.data_hash
    assert one.summary() == two.summary()
    assert one.summary()["spec"]["steps"]["treat"]["winmax"] == 5
    pd.testing.assert_frame_equal(one.scores, two.scores)
