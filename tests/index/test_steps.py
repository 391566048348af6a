"""The data steps one by one, on values small enough to check by hand (and COINr's cases)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from gealc.index import DataError, Spec, SpecError, build, parse_spec
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


def _posted(frame: pd.DataFrame, posts: dict[str, object], **normalise: object) -> pd.DataFrame:
    data = small_spec_dict(normalise=normalise)
    for node in data["nodes"]:
        if node["code"] in posts:
            node["goalposts"] = posts[node["code"]]
    return build(data, frame).datasets["normalise"]


def test_goalposts_follow_coinr_n_goalposts(small_data: pd.DataFrame) -> None:
    """COINr: n_goalposts(1, c(0, 10, 1)) = 0.1; with direction -1, 0.9; outside: truncated."""
    small_data["a"] = [1.0, 0.0, 10.0, 12.0, -3.0]
    small_data["b"] = [1.0, 0.0, 10.0, 12.0, -3.0]  # b has direction -1
    posts = {"a": [0, 10], "b": [0, 10], "c": [0, 100], "d": [0, 1]}
    normalised = _posted(small_data, posts, method="goalposts")
    assert normalised["a"].tolist() == pytest.approx([0.1, 0.0, 1.0, 1.0, 0.0])
    assert normalised["b"].tolist() == pytest.approx([0.9, 1.0, 0.0, 0.0, 1.0])
    unclipped = _posted(small_data, posts, method="goalposts", cap=False)
    assert unclipped["a"].tolist() == pytest.approx([0.1, 0.0, 1.0, 1.2, -0.3])


def test_a_node_may_declare_coinr_scale_and_truncation(small_data: pd.DataFrame) -> None:
    small_data["a"] = [1.0, 0.0, 10.0, 12.0, -3.0]
    posts = {"a": {"low": 0, "high": 10, "scale": 100, "clip": False}}
    normalised = _posted(small_data, posts, method="minmax", range=[0, 1])
    assert normalised["a"].tolist() == pytest.approx([10.0, 0.0, 100.0, 120.0, -30.0])
    assert normalised["d"].min() == 0
    assert normalised["d"].max() == 1


def test_mixed_framework_goalposts_and_min_max(small_data: pd.DataFrame) -> None:
    """Yes/no indicators answered "yes" by every unit and percentages on their natural scale
    beside min-max indicators: the constant ones score the top of the scale, no error."""
    small_data["a"] = 1.0  # yes/no, every unit "yes"
    small_data["d"] = [0.0, 1.0, 1.0, 0.0, 1.0]  # yes/no
    small_data["c"] = [0.0, 25.0, 50.0, 75.0, 100.0]  # a percentage
    posts = {"a": [0, 1], "d": [0, 1], "c": [0, 100]}
    result = build(_spec_with(posts, method="minmax", range=[0, 100]), small_data)
    normalised = result.datasets["normalise"]
    assert normalised["a"].tolist() == [100.0] * 5
    assert normalised["d"].tolist() == [0.0, 100.0, 100.0, 0.0, 100.0]
    assert normalised["c"].tolist() == pytest.approx(small_data["c"].tolist())
    assert normalised["b"].min() == 0
    assert normalised["b"].max() == 100
    entry = next(e for e in result.log if e.step == "normalise")
    assert entry.details["goalposts"] == ["a", "c", "d"]
    assert not result.scores["I"].isna().any()


def test_goalposts_on_the_scale_of_percentile_ranks(small_data: pd.DataFrame) -> None:
    small_data["a"] = 1.0
    normalised = _posted(small_data, {"a": [0, 2]}, method="percentile_rank", scale=100)
    assert normalised["a"].tolist() == [50.0] * 5
    assert normalised["d"].max() == 100


def test_a_constant_indicator_without_goalposts_is_named(small_data: pd.DataFrame) -> None:
    small_data["a"] = 1.0
    small_data["d"] = 1.0
    with pytest.raises(DataError) as info:
        _posted(small_data, {"a": [0, 1]}, method="minmax")
    assert info.value.code == "constant_indicator"
    assert info.value.params == {"indicator": "d", "method": "minmax"}


@pytest.mark.parametrize("method", ["zscore", "rank", "borda"])
def test_goalposts_cannot_mix_with_an_unbounded_method(method: str) -> None:
    with pytest.raises(SpecError) as info:
        _spec_with({"a": [0, 1]}, method=method)
    assert info.value.code == "goalposts_not_supported"
    assert info.value.path == "steps.normalise.method"


def test_an_alternative_to_an_unbounded_method_is_refused_when_parsed() -> None:
    data = small_spec_dict()
    data["nodes"][0]["goalposts"] = [0, 1]
    data["uncertainty"] = {
        "alternatives": [
            {"path": "steps.normalise", "values": [{"method": "minmax"}, {"method": "zscore"}]}
        ]
    }
    with pytest.raises(SpecError, match="goalposts") as info:
        parse_spec(data)
    assert info.value.path == "uncertainty.alternatives[0].values[1]"


def _spec_with(posts: dict[str, object], **normalise: object) -> Spec:
    data = small_spec_dict(normalise=normalise)
    for node in data["nodes"]:
        if node["code"] in posts:
            node["goalposts"] = posts[node["code"]]
    return parse_spec(data)
