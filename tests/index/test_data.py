"""Data validation: every bad cell or column is named; missing values are allowed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gealc.index import DataError, build, load_data

from .conftest import small_spec


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
    small_data.to_csv(path, index=False, na_rep="NA")
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
