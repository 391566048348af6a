"""The data steps one by one, on values small enough to check by hand (and COINr's cases)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gealc.index import DataError, build
from gealc.index._steps.treat import log_transform, moments
from gealc.index._steps.treat import treat as treat_step
from gealc.index._steps_spec import Treat

from .conftest import small_spec_dict

NAN = np.nan


def _build(frame: pd.DataFrame, **steps: object) -> pd.DataFrame:
    return build(small_spec_dict(**steps), frame).datasets


def test_denominate_divides_by_the_named_column(small_data: pd.DataFrame) -> None:
    sets = _build(small_data, denominate={"scale": 10})
    np.testing.assert_allclose(sets["denominate"]["c"], small_data["c"] / small_data["pop"] * 10)
    np.testing.assert_array_equal(sets["denominate"]["a"], small_data["a"])


def test_denominate_by_zero_is_an_error(small_data: pd.DataFrame) -> None:
    small_data.loc[2, "pop"] = 0.0
    with pytest.raises(DataError, match="zero denominator") as info:
        _build(small_data, denominate=True)
    assert (info.value.column, info.value.row) == ("pop", "U3")


@pytest.mark.parametrize(
    ("method", "expected"),
    [("mean", 4.5), ("median", 3.5), ("group_mean", 2.0), ("group_median", 2.0)],
)
def test_impute_by_column_and_group(small_data: pd.DataFrame, method: str, expected: float) -> None:
    small_data.loc[1, "a"] = NAN  # U2 is in region x with U1 (a = 1)
    small_data.loc[0, "a"] = 2.0
    small_data.loc[4, "a"] = 9.0  # a = 2, -, 3, 4, 9: mean 4.5, median 3.5, region x: 2
    step = {"method": method, "group": "region"} if "group" in method else {"method": method}
    imputed = _build(small_data, impute=step)["impute"]
    assert imputed.loc["U2", "a"] == pytest.approx(expected)


def test_group_without_label_is_an_empty_group_error(small_data: pd.DataFrame) -> None:
    small_data.loc[1, "a"] = NAN
    small_data.loc[1, "region"] = NAN
    with pytest.raises(DataError, match="empty group"):
        _build(small_data, impute={"method": "group_mean", "group": "region"})


def test_impute_over_time(small_data: pd.DataFrame) -> None:
    data = small_spec_dict(impute={"method": "panel_latest"})
    data["columns"]["year"] = "year"
    years = [small_data.assign(year=y, a=small_data["a"] + y - 2000) for y in (2000, 2001, 2002)]
    panel = pd.concat(years, ignore_index=True)
    panel.loc[(panel.unit == "U1") & (panel.year == 2002), "a"] = NAN
    panel.loc[(panel.unit == "U2") & (panel.year == 2001), "a"] = NAN
    latest = build(data, panel).datasets["impute"]
    assert latest.loc["U1", "a"] == 2.0  # carried forward from 2001
    data["steps"]["impute"] = {"method": "panel_linear"}
    data["year"] = 2001
    linear = build(data, panel).datasets["impute"]
    assert linear.loc["U2", "a"] == 3.0  # midway between 2.0 (2000) and 4.0 (2002)


def test_screen_drops_units_below_availability(small_data: pd.DataFrame) -> None:
    small_data.loc[3, ["a", "b"]] = NAN
    result = build(small_spec_dict(screen={"min_availability": 0.75}, normalise=True), small_data)
    assert list(result.scores.index) == ["U1", "U2", "U3", "U5"]
    assert result.log[0].details["removed"] == {"U4": 0.5}


@pytest.mark.parametrize("seed", range(5))
def test_moments_equal_scipy_bias_corrected(seed: int) -> None:
    x = np.random.default_rng(seed).lognormal(size=30)
    x[3] = np.nan
    m = moments(x)
    present = x[~np.isnan(x)]
    assert m.skew == pytest.approx(stats.skew(present, bias=False), rel=1e-12)
    assert m.kurtosis == pytest.approx(stats.kurtosis(present, bias=False), rel=1e-12)


def test_treat_winsorises_coinr_case() -> None:
    # COINr's test: c(1:10, 100) with winmax 5 -> the outlier becomes 10, nothing else changes.
    x = np.array([[*range(1, 11), 100.0]]).T
    treated, entry = treat_step(x, tuple(f"u{i}" for i in range(11)), ("x",), Treat(winmax=5))
    assert treated[10, 0] == 10.0
    np.testing.assert_array_equal(treated[:10, 0], x[:10, 0])
    assert entry.details["treated"][0]["winsorised_high"] == ["u10"]
    assert moments(treated[:, 0]).passes(Treat())


def test_treat_falls_back_to_log_of_the_original_values() -> None:
    # COINr's test: c(1:20, 100, 200) with winmax 1 cannot pass, so the log is taken instead.
    x = np.array([[*range(1, 21), 100.0, 200.0]]).T
    treated, entry = treat_step(x, tuple(str(i) for i in range(22)), ("x",), Treat(winmax=1))
    np.testing.assert_allclose(treated[:, 0], np.log(x[:, 0] - 1 + 0.01 * 199))
    assert entry.details["treated"][0]["log"] is True
    np.testing.assert_allclose(log_transform(x[:, 0]), treated[:, 0])


def test_treat_winsorises_low_tail_for_negative_skew() -> None:
    x = np.array([[*range(1, 11), -100.0]]).T
    treated, entry = treat_step(x, tuple(str(i) for i in range(11)), ("x",), Treat(winmax=5))
    assert treated[10, 0] == 1.0
    assert entry.details["treated"][0]["winsorised_low"] == ["10"]


def test_normalise_methods(small_data: pd.DataFrame) -> None:
    def norm(**step: object) -> pd.DataFrame:
        return _build(small_data, normalise=step)["normalise"]

    minmax = norm(method="minmax", range=[1, 100])
    assert minmax["a"].tolist() == pytest.approx([1, 25.75, 50.5, 75.25, 100])
    assert minmax["b"].tolist() == pytest.approx([1, 23, 12, 100, 89])  # direction -1 first
    z = norm(method="zscore", mean=10, sd=2)
    assert z["a"].mean() == pytest.approx(10)
    assert z["a"].std(ddof=1) == pytest.approx(2)
    assert norm(method="rank")["b"].tolist() == [1, 3, 2, 5, 4]
    assert norm(method="borda")["a"].tolist() == [0, 1, 2, 3, 4]
    assert norm(method="percentile_rank")["a"].tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert norm(method="percentile_rank", scale=100)["a"].tolist() == [0, 25, 50, 75, 100]
    assert norm(method="max")["a"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1])
    reference = norm(method="reference", reference="U2")
    assert reference["a"].tolist() == pytest.approx([0.5, 1, 1.5, 2, 2.5])
    assert reference.loc["U1", "b"] == pytest.approx(0.8)  # 8 / 10 for a lower-is-better one


def test_goalposts_and_target(small_data: pd.DataFrame) -> None:
    data = small_spec_dict(normalise={"method": "goalposts", "scale": 100})
    posts = {"a": [2, 4], "b": [0, 10], "c": [0, 100], "d": [0, 1]}
    for node in data["nodes"][:4]:
        node["goalposts"] = posts[node["code"]]
        node["target"] = {"a": 4, "b": 1, "c": 50, "d": 1}[node["code"]]
    normalised = build(data, small_data).datasets["normalise"]
    assert normalised["a"].tolist() == pytest.approx([0, 0, 50, 100, 100])  # capped
    assert normalised["b"].tolist() == pytest.approx([0, 20, 10, 90, 80])
    data["steps"]["normalise"] = {"method": "target"}
    target = build(data, small_data).datasets["normalise"]
    assert target["a"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 1, 1])
    assert target["b"].tolist() == pytest.approx([0, 2 / 9, 1 / 9, 1, 8 / 9])


def test_constant_indicator_cannot_be_min_maxed(small_data: pd.DataFrame) -> None:
    small_data["d"] = 1.0
    with pytest.raises(DataError, match="constant") as info:
        _build(small_data, normalise={"method": "minmax"})
    assert info.value.column == "d"
