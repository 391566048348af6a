"""Conformance with COINr on its ASEM example, and reproducibility of the build."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gealc.index import VERSION, DataError, Spec, build, load_data, parse_spec

from .conftest import ASEM_DATA, ASEM_FULL, ASEM_SIMPLE, EXAMPLES

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


# --- cases a statistician tries on a new index ------------------------------------------------


def _yes_no_spec(**normalise: object) -> dict[str, object]:
    """Four yes/no indicators (goalposts [0, 1]) in two dimensions: a law, a portal, ..."""
    return {
        "steps": {
            "normalise": normalise or {"method": "minmax", "range": [0, 100]},
            "aggregate": {"method": "arithmetic"},
        },
        "nodes": [
            *(
                {"code": f"q{j}", "parent": "D1" if j < 2 else "D2", "goalposts": [0, 1]}
                for j in range(4)
            ),
            {"code": "D1", "level": 2, "parent": "I"},
            {"code": "D2", "level": 2, "parent": "I"},
            {"code": "I", "level": 3},
        ],
    }


def _answers(rows: dict[str, list[float]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[f"q{j}" for j in range(4)])
    return frame.rename_axis("unit").reset_index()


def test_a_framework_of_only_yes_no_indicators() -> None:
    answers = _answers({"URY": [1, 1, 1, 1], "CHL": [1, 1, 0, 1], "BOL": [1, 0, 0, 0]})
    result = build(_yes_no_spec(), answers)  # q0 is "yes" everywhere: constant, still scored
    assert result.scores["I"].to_dict() == {"URY": 100.0, "CHL": 75.0, "BOL": 25.0}
    assert result.ranks["I"].tolist() == [1, 2, 3]
    assert result.datasets["normalise"]["q0"].tolist() == [100.0] * 3


def test_one_unit_only() -> None:
    result = build(_yes_no_spec(), _answers({"URY": [1, 0, 1, 1]}))
    assert result.scores["I"].tolist() == [75.0]  # (0.5 + 1) / 2 on 0-100
    assert result.ranks["I"].tolist() == [1]
    data_driven = _yes_no_spec()
    for node in data_driven["nodes"]:  # type: ignore[attr-defined]
        node.pop("goalposts", None)
    with pytest.raises(DataError) as info:
        build(data_driven, _answers({"URY": [1, 0, 1, 1]}))
    assert info.value.code == "constant_indicator"  # one value has no min-max scale
    assert "goalposts" in str(info.value)


def test_two_units_tied_everywhere() -> None:
    answers = _answers({"ARG": [1, 0, 1, 0], "BRA": [1, 0, 1, 0]})
    for normalise in (
        {"method": "minmax", "range": [0, 100]},
        {"method": "percentile_rank", "scale": 100},
    ):
        result = build(_yes_no_spec(**normalise), answers)
        assert result.scores.loc["ARG"].tolist() == result.scores.loc["BRA"].tolist()
        assert result.ranks["I"].tolist() == [1, 1]


def test_an_indicator_missing_for_every_unit_is_named() -> None:
    answers = _answers({"URY": [1, 1, np.nan, 1], "CHL": [0, 1, np.nan, 1]})
    for spec in (_yes_no_spec(), {**_yes_no_spec(), "steps": {}}):
        with pytest.raises(DataError) as info:
            build(spec, answers)
        assert (info.value.code, info.value.params) == (
            "all_missing_indicator",
            {"indicator": "q2"},
        )


def test_data_the_framework_does_not_know_is_refused() -> None:
    answers = _answers({"URY": [1, 1, 1, 1], "CHL": [1, 0, 0, 1]})
    with pytest.raises(DataError) as info:
        build(_yes_no_spec(), answers.assign(q9=[1, 0]))
    assert (info.value.code, info.value.column) == ("unknown_column", "q9")
    known = load_data(answers.assign(q9=[1, 0]), _with_extra_indicator())
    with pytest.raises(DataError) as info:
        build(_yes_no_spec(), known)
    assert (info.value.code, info.value.params) == (
        "dataset_mismatch",
        {"missing": [], "extra": ["q9"]},
    )


def _with_extra_indicator() -> Spec:
    spec = _yes_no_spec()
    spec["nodes"].insert(4, {"code": "q9", "parent": "D2"})  # type: ignore[attr-defined]
    return parse_spec(spec)


def test_the_goalposts_example_by_hand() -> None:
    """examples/goalposts: yes/no and percentage indicators on their natural scales, Namibia's
    "NA" as a unit and a region, ".." and an empty cell missing and imputed by region."""
    result = build(EXAMPLES / "goalposts" / "spec.yaml", EXAMPLES / "goalposts" / "data.csv")
    normalised = result.datasets["normalise"]
    assert normalised["law"].tolist() == [100.0] * 5  # "yes" everywhere: no error
    assert normalised.loc["CL", "online_share"] == (88 + 41) / 2  # imputed in LAC, 0-100 scale
    assert normalised.loc["BO", "services_pc"] == pytest.approx(((9.8 + 7.5) / 2 - 2.1) / 7.7 * 100)
    index = result.scores["Index"]
    assert index["NA"] == pytest.approx(((100 + 0) / 2 + (100 + 35 + 0) / 3) / 2)
    assert index["UY"] == pytest.approx((100 + (100 + 88 + 100) / 3) / 2)
    assert result.ranks["Index"].to_dict() == {"NA": 5, "ZA": 3, "UY": 1, "CL": 2, "BO": 4}
