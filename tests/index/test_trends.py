"""Trends over a panel: per-year builds, changes, least-squares slopes, errors and the CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gealc.index import DataError, SpecError, TrendResult, build, load_spec, trends
from gealc.index.cli import main

from .conftest import EGDI_DATA, EGDI_SPEC

YEARS = (2014, 2016, 2018, 2020, 2022, 2024)


@pytest.fixture(scope="module")
def egdi() -> TrendResult:
    return trends(EGDI_SPEC, EGDI_DATA)


def _row(result: TrendResult, unit: str, node: str = "EGDI") -> pd.Series:
    summary = result.summary
    return summary[(summary["unit"] == unit) & (summary["node"] == node)].iloc[0]


def test_layout(egdi: TrendResult) -> None:
    assert egdi.years == YEARS
    assert egdi.scores.columns.names == ["node", "year"]
    assert list(egdi.scores.columns.get_level_values("node").unique()) == [
        "osi",
        "hci",
        "tii",
        "EGDI",
    ]
    assert egdi.scores.shape == egdi.ranks.shape == (193, 4 * len(YEARS))
    assert egdi.ranks.dtypes.eq("Int64").all()
    assert len(egdi.summary) == 193 * 4
    assert list(egdi.summary.columns)[:2] == ["unit", "node"]


@pytest.mark.parametrize("year", [2014, 2020, 2024])
def test_each_year_equals_build(egdi: TrendResult, year: int) -> None:
    built = build(load_spec(EGDI_SPEC).with_values({"year": year}), EGDI_DATA)
    pd.testing.assert_series_equal(
        egdi.scores[("EGDI", year)].reindex(built.scores.index),
        built.scores["EGDI"],
        check_names=False,
    )
    pd.testing.assert_series_equal(
        egdi.ranks[("EGDI", year)].reindex(built.ranks.index),
        built.ranks["EGDI"],
        check_names=False,
    )


def test_change_is_last_minus_first(egdi: TrendResult) -> None:
    rows = egdi.summary[egdi.summary["node"] == "EGDI"].set_index("unit")
    first, last = egdi.scores[("EGDI", 2014)], egdi.scores[("EGDI", 2024)]
    np.testing.assert_allclose(rows["score_change"], (last - first).reindex(rows.index))
    rank_first, rank_last = egdi.ranks[("EGDI", 2014)], egdi.ranks[("EGDI", 2024)]
    assert (rows["rank_change"] == (rank_last - rank_first).reindex(rows.index)).all()
    assert (rows["first_year"] == 2014).all()
    assert (rows["last_year"] == 2024).all()


@pytest.mark.parametrize("unit", ["AFG", "DNK", "URY", "KOR"])
@pytest.mark.parametrize("node", ["EGDI", "osi"])
def test_slope_equals_polyfit(egdi: TrendResult, unit: str, node: str) -> None:
    values = egdi.scores.loc[unit, node].to_numpy(dtype=float)
    expected = np.polyfit(np.array(YEARS, dtype=float), values, 1)[0]
    assert _row(egdi, unit, node)["slope_per_year"] == pytest.approx(expected, rel=1e-9)


def test_unit_missing_years_uses_the_years_present() -> None:
    data = pd.read_csv(EGDI_DATA)
    data = data[~((data["iso3"] == "DNK") & data["year"].isin([2014, 2020]))]
    data = data[~((data["iso3"] == "AFG") & (data["year"] != 2018))]
    result = trends(EGDI_SPEC, data)
    assert len(result.scores) == 193
    dnk = result.scores.loc["DNK", "EGDI"]
    assert dnk[[2014, 2020]].isna().all()
    assert dnk.notna().sum() == 4
    assert result.ranks.loc["DNK", ("EGDI", 2014)] is pd.NA
    row = _row(result, "DNK")
    assert (row["first_year"], row["last_year"]) == (2016, 2024)
    assert row["score_change"] == pytest.approx(dnk[2024] - dnk[2016])
    present = dnk.dropna()
    expected = np.polyfit(present.index.to_numpy(dtype=float), present.to_numpy(), 1)[0]
    assert row["slope_per_year"] == pytest.approx(expected, rel=1e-9)
    lone = _row(result, "AFG")  # one year: no change and no slope
    assert (lone["first_year"], lone["last_year"]) == (2018, 2018)
    assert np.isnan(lone["score_change"])
    assert np.isnan(lone["slope_per_year"])
    assert lone["rank_change"] is pd.NA


def test_years_subset(egdi: TrendResult) -> None:
    result = trends(EGDI_SPEC, EGDI_DATA, years=[2024, 2014])
    assert result.years == (2014, 2024)
    rows = result.summary.set_index(["unit", "node"])
    np.testing.assert_allclose(
        rows["score_change"], egdi.summary.set_index(["unit", "node"])["score_change"]
    )


def test_spec_without_year_column() -> None:
    spec = load_spec(EGDI_SPEC).to_dict()
    del spec["columns"]["year"]
    spec["columns"]["ignore"].append("year")
    data = pd.read_csv(EGDI_DATA).query("year == 2024")
    with pytest.raises(SpecError) as info:
        trends(spec, data)
    assert info.value.path == "columns.year"


@pytest.mark.parametrize("years", [None, [2024], [2014, 2015]])
def test_fewer_than_two_years(years: list[int] | None) -> None:
    data = pd.read_csv(EGDI_DATA)
    if years is None:
        data = data.query("year == 2024")
    with pytest.raises(DataError) as info:
        trends(EGDI_SPEC, data, years=years)
    assert info.value.column == "year"


def test_cli_writes_three_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["trends", str(EGDI_SPEC), str(EGDI_DATA), "--out", str(out), "--years", "2014,2024"]
    assert main(args) == 0
    scores = pd.read_csv(out / "trend_scores.csv", index_col="unit")
    ranks = pd.read_csv(out / "trend_ranks.csv", index_col="unit")
    summary = pd.read_csv(out / "trend_summary.csv")
    assert list(scores.columns) == [
        f"{n}_{y}" for n in ("osi", "hci", "tii", "EGDI") for y in (2014, 2024)
    ]
    assert scores.shape == ranks.shape == (193, 8)
    assert list(summary.columns) == [
        "unit",
        "node",
        "first_year",
        "last_year",
        "score_first",
        "score_last",
        "score_change",
        "rank_first",
        "rank_last",
        "rank_change",
        "slope_per_year",
    ]
    assert len(summary) == 193 * 4
    printed = capsys.readouterr().out
    assert "risers" in printed
    assert "fallers" in printed


def test_cli_bad_input_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["trends", str(EGDI_SPEC), str(EGDI_DATA), "--out", str(tmp_path), "--years", "2014"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == "error: column 'year': trends need at least two years, got 2014\n"


def test_years_must_be_integers() -> None:
    with pytest.raises(SpecError) as info:
        trends(EGDI_SPEC, EGDI_DATA, years=["2014", "2024"])  # type: ignore[list-item]
    assert info.value.path == "years"
    assert trends(EGDI_SPEC, EGDI_DATA, years=np.array([2014, 2024])).years == (2014, 2024)
