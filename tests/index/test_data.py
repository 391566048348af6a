"""Data validation: every bad cell or column is named; missing values are allowed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gealc.index import DataError, Spec, build, load_data, parse_spec

from .conftest import small_spec, small_spec_dict


def _error(frame: pd.DataFrame) -> DataError:
    with pytest.raises(DataError) as info:
        load_data(frame, small_spec())
    return info.value


def test_valid_frame_loads_with_missing_values(small_data: pd.DataFrame) -> None:
    small_data.loc[2, "a"] = np.nan
    data = load_data(small_data, small_spec())
    assert data.units == ("U1", "U2", "U3", "U4", "U5")
    assert data.values.shape == (5, 4)
    assert np.isnan(data.values[2, 0])
    assert list(data.groups["region"]) == ["x", "x", "y", "y", "y"]


def test_non_numeric_cell_names_column_and_row(small_data: pd.DataFrame) -> None:
    small_data["c"] = small_data["c"].astype(object)
    small_data.loc[3, "c"] = "n/a?"
    error = _error(small_data)
    assert (error.column, error.row) == ("c", "U4")
    assert "non-numeric value 'n/a?'" in str(error)


def test_infinite_value_is_an_error(small_data: pd.DataFrame) -> None:
    small_data.loc[1, "d"] = np.inf
    error = _error(small_data)
    assert (error.column, error.row) == ("d", "U2")


def test_unknown_missing_and_duplicate_columns(small_data: pd.DataFrame) -> None:
    assert _error(small_data.assign(extra=1)).column == "extra"
    assert _error(small_data.drop(columns="b")).column == "b"
    doubled = pd.concat([small_data, small_data[["a"]]], axis=1)
    assert "duplicate column" in str(_error(doubled))


def test_duplicate_unit_codes(small_data: pd.DataFrame) -> None:
    small_data.loc[4, "unit"] = "U1"
    error = _error(small_data)
    assert error.row == "U1"
    assert "duplicate unit" in str(error)


def test_csv_duplicate_header_and_bad_cell(tmp_path: Path, small_data: pd.DataFrame) -> None:
    path = tmp_path / "data.csv"
    small_data.to_csv(path, index=False)
    text = path.read_text().splitlines()
    text[0] = text[0] + ",a"
    text[1:] = [line + ",1" for line in text[1:]]
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(DataError, match="column 'a': duplicate column"):
        load_data(path, small_spec())
    small_data.loc[0, "b"] = np.nan
    small_data.to_csv(path, index=False, na_rep="")
    assert np.isnan(load_data(path, small_spec()).values[0, 1])


def test_hash_ignores_file_formatting(tmp_path: Path, small_data: pd.DataFrame) -> None:
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    small_data.to_csv(one, index=False)
    small_data.to_csv(two, index=False, float_format="%.6f")
    spec = small_spec()
    assert load_data(one, spec).digest == load_data(two, spec).digest
    changed = small_data.assign(a=small_data["a"] + 1e-9)
    assert load_data(changed, spec).digest != load_data(one, spec).digest


def test_panel_rows_are_unique_per_year(small_data: pd.DataFrame) -> None:
    spec_data = small_spec().to_dict()
    spec_data["columns"]["year"] = "year"
    panel = pd.concat([small_data.assign(year=2020), small_data.assign(year=2021)])
    result = build(spec_data, panel)
    assert len(result.scores) == 5
    with pytest.raises(DataError, match="duplicate unit code in 2020"):
        build(spec_data, pd.concat([panel, small_data.head(1).assign(year=2020)]))


def _declaring(missing: list[str]) -> Spec:
    data = small_spec_dict()
    data["columns"]["missing_values"] = missing
    return parse_spec(data)


def test_codes_that_look_missing_are_codes(tmp_path: Path, small_data: pd.DataFrame) -> None:
    """Namibia is "NA"; a region may be "NA" (North America) too: neither is missing."""
    small_data.loc[0, "unit"] = "NA"
    small_data.loc[1, "region"] = "NA"
    small_data.loc[2, "region"] = "N/A"
    path = tmp_path / "data.csv"
    small_data.to_csv(path, index=False)
    dataset = load_data(path, small_spec())
    assert dataset.units[0] == "NA"
    assert list(dataset.groups["region"][:3]) == ["x", "NA", "N/A"]
    assert build(small_spec(), path).scores.index[0] == "NA"


def test_missing_is_an_empty_cell_or_a_declared_text(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    rows = ["unit,region,pop,a,b,c,d", "U1,x,1,NA,1,1,1", "U2,,2, ,2,2,2", "U3,y,3,..,3,3,3"]
    path.write_text("\n".join([*rows, "U4,y,4,4,4,4,4"]) + "\n")
    with pytest.raises(DataError) as info:
        load_data(path, small_spec())
    assert (info.value.code, info.value.row, info.value.params["value"]) == (
        "non_numeric_value",
        "U1",
        "NA",
    )
    assert "missing_values" in str(info.value)
    dataset = load_data(path, _declaring(["NA", ".."]))
    assert np.isnan(dataset.values[:3, 0]).all()
    assert dataset.values[3, 0] == 4
    assert dataset.groups["region"][1] is None  # an empty group cell is no group


def test_nan_written_as_text_is_not_silently_missing(small_data: pd.DataFrame) -> None:
    small_data["a"] = small_data["a"].astype(object)
    small_data.loc[1, "a"] = "nan"
    with pytest.raises(DataError, match="non-numeric value 'nan'"):
        load_data(small_data, small_spec())
    small_data.loc[1, "a"] = None  # a DataFrame's own missing marker
    assert np.isnan(load_data(small_data, small_spec()).values[1, 0])
