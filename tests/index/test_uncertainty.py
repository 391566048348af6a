"""Uncertainty analysis: vectorised runs equal one build per run; seeds reproduce."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from gealc.index import DataError, SpecError, build, load_spec, uncertainty

from .conftest import ASEM_DATA, ASEM_SIMPLE, ASEM_UNCERTAINTY, small_spec_dict


def test_each_run_equals_a_build_of_its_spec() -> None:
    spec = load_spec(ASEM_UNCERTAINTY).with_values({"uncertainty.weight_noise": []})
    result = uncertainty(spec, ASEM_DATA, runs=12, seed=5)
    units = list(result.rank_stats.index)
    for run in range(12):
        chosen = {
            a.path: a.values[_index(a.values, result.choices.iloc[run][a.path])]
            for a in spec.uncertainty.alternatives
        }  # type: ignore[union-attr]
        expected = build(spec.with_values(chosen), ASEM_DATA).scores["Index"].reindex(units)
        np.testing.assert_allclose(result.scores[run], expected.to_numpy(), rtol=1e-12)


def _index(values: tuple[object, ...], label: str) -> int:
    from gealc.index._uncertainty import _label

    return [_label(v) for v in values].index(label)


def test_weight_noise_stays_within_its_factor() -> None:
    from gealc.index._uncertainty import draw_plan

    spec = load_spec(ASEM_UNCERTAINTY)
    plan = draw_plan(spec, np.random.default_rng(0), 500)
    levels = [
        spec.node(code).level
        for code in [n.code for n in spec.indicators]
        + [n.code for n in sorted(spec.aggregates, key=lambda n: n.level)]
    ]
    noisy = np.isin(levels, [2, 3])
    assert np.all(plan.multipliers[:, ~noisy] == 1.0)
    assert plan.multipliers[:, noisy].min() >= 0.75
    assert plan.multipliers[:, noisy].max() <= 1.25
    assert plan.multipliers[:, noisy].std() > 0.1


def test_statistics_and_reproducibility() -> None:
    one = uncertainty(ASEM_UNCERTAINTY, ASEM_DATA, runs=300, seed=7)
    two = uncertainty(ASEM_UNCERTAINTY, ASEM_DATA, runs=300, seed=7)
    other = uncertainty(ASEM_UNCERTAINTY, ASEM_DATA, runs=300, seed=8)
    pd.testing.assert_frame_equal(one.rank_stats, two.rank_stats)
    assert not one.rank_stats.equals(other.rank_stats)
    stats = one.rank_stats
    assert list(stats.columns) == ["nominal", "mean", "median", "q05", "q95"]
    assert (stats["q05"] <= stats["median"]).all()
    assert (stats["median"] <= stats["q95"]).all()
    np.testing.assert_allclose(stats["mean"], one.ranks.mean(axis=0))
    nominal = build(ASEM_UNCERTAINTY, ASEM_DATA)
    assert stats["nominal"].tolist() == nominal.ranks["Index"].tolist()
    assert one.ranks.shape == (300, 51)
    # every run's ranks are a ranking of its scores
    assert np.all(np.sort(one.ranks, axis=1)[:, 0] == 1)


def test_spec_without_uncertainty_is_rejected() -> None:
    with pytest.raises(SpecError, match="uncertainty"):
        uncertainty(ASEM_SIMPLE, ASEM_DATA, runs=10)


def test_one_pass_for_every_aggregate_equals_one_pass_per_aggregate() -> None:
    spec = load_spec(ASEM_UNCERTAINTY)
    aggregates = [n.code for n in spec.aggregates]
    together = uncertainty(spec, ASEM_DATA, runs=60, seed=3, targets=aggregates)
    assert together.targets == tuple(aggregates)
    assert together.target == aggregates[0]
    assert set(together.rank_stats_by_node) == set(aggregates)
    for code in (aggregates[0], "Conn", "Index"):
        alone = uncertainty(spec, ASEM_DATA, runs=60, seed=3, targets=[code])
        pd.testing.assert_frame_equal(together.rank_stats_by_node[code], alone.rank_stats)
        pd.testing.assert_frame_equal(together.score_stats_by_node[code], alone.score_stats)
    pd.testing.assert_frame_equal(together.rank_stats, together.rank_stats_by_node[aggregates[0]])


def test_default_target_is_the_index_and_is_in_the_per_node_results() -> None:
    result = uncertainty(ASEM_UNCERTAINTY, ASEM_DATA, runs=20, seed=1)
    assert result.targets == ("Index",)
    pd.testing.assert_frame_equal(result.rank_stats_by_node["Index"], result.rank_stats)


def test_unknown_targets_are_refused_with_their_position() -> None:
    with pytest.raises(SpecError) as info:
        uncertainty(ASEM_UNCERTAINTY, ASEM_DATA, runs=10, targets=["Index", "Sust2"])
    assert (info.value.path, info.value.code) == ("targets[1]", "unknown_reference")


def _screened(small_data: pd.DataFrame) -> tuple[dict[str, Any], pd.DataFrame]:
    spec = small_spec_dict(
        screen={"min_availability": 0.9}, normalise={"method": "minmax", "range": [1, 100]}
    )
    spec["uncertainty"] = {
        "alternatives": [{"path": "steps.screen.min_availability", "values": [0.5, 0.9]}]
    }
    small_data.loc[0, ["a", "b"]] = np.nan  # U1 has half its values: out at 0.9, in at 0.5
    return spec, small_data


def test_alternatives_on_screening_score_the_units_each_run_keeps(small_data: pd.DataFrame) -> None:
    spec, data = _screened(small_data)
    result = uncertainty(spec, data, runs=40, seed=2)
    assert list(result.rank_stats.index) == ["U1", "U2", "U3", "U4", "U5"]
    assert result.rank_stats["nominal"].isna().tolist() == [True, False, False, False, False]
    kept = result.choices["steps.screen.min_availability"] == "0.5"
    assert np.isnan(result.scores[~kept.to_numpy(), 0]).all()
    assert not np.isnan(result.scores[kept.to_numpy(), 0]).any()
    for run in (int(np.flatnonzero(kept)[0]), int(np.flatnonzero(~kept)[0])):
        value = 0.5 if kept[run] else 0.9
        one = build(
            {**spec, "steps": {**spec["steps"], "screen": {"min_availability": value}}}, data
        )
        got = pd.Series(result.scores[run], index=result.rank_stats.index).dropna()
        pd.testing.assert_series_equal(got, one.scores["I"], check_names=False, rtol=1e-12)


def test_alternatives_on_imputation(small_data: pd.DataFrame) -> None:
    spec = small_spec_dict(
        impute={"method": "mean"}, normalise={"method": "minmax", "range": [1, 100]}
    )
    spec["uncertainty"] = {
        "alternatives": [
            {
                "path": "steps.impute",
                "values": [{"method": "median"}, {"method": "group_mean", "group": "region"}],
            }
        ]
    }
    small_data.loc[2, "a"] = np.nan
    result = uncertainty(spec, small_data, runs=20, seed=1)
    assert set(result.choices["steps.impute"]) == {
        "method=median",
        "method=group_mean,group=region",
    }
    assert not np.isnan(result.scores).any()


def test_an_error_in_one_variant_says_which(small_data: pd.DataFrame) -> None:
    spec = small_spec_dict(normalise={"method": "minmax"})
    spec["uncertainty"] = {
        "alternatives": [{"path": "steps.denominate", "values": [False, {"scale": 1}]}]
    }
    small_data.loc[3, "pop"] = 0.0
    with pytest.raises(DataError) as info:
        uncertainty(spec, small_data, runs=10, seed=1)
    assert info.value.code == "zero_denominator"
    assert info.value.params["variant"] == 'steps.denominate={"scale": 1}'
    assert str(info.value).startswith(
        "column 'pop', row 'U4': in the runs with steps.denominate={\"scale\": 1}"
    )
