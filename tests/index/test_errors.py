"""Machine-readable errors: every refusal carries a stable code and its params."""

from __future__ import annotations

import pickle
from typing import Any

import pandas as pd
import pytest

from gealc.index import DataError, SpecError, build, load_data, load_spec, parse_spec, uncertainty

from .conftest import EGDI_DATA, EGDI_SPEC, small_spec, small_spec_dict


def test_constant_indicator_names_it_and_the_method(small_data: pd.DataFrame) -> None:
    small_data["d"] = 1.0
    with pytest.raises(DataError) as info:
        build(small_spec_dict(normalise={"method": "zscore"}), small_data)
    assert info.value.code == "constant_indicator"
    assert info.value.params == {"indicator": "d", "method": "zscore"}
    assert "goalposts" in str(info.value)


def test_all_missing_indicator(small_data: pd.DataFrame) -> None:
    small_data["c"] = None
    with pytest.raises(DataError) as info:
        build(small_spec_dict(normalise={"method": "rank"}), small_data)
    assert (info.value.code, info.value.params) == ("all_missing_indicator", {"indicator": "c"})


@pytest.mark.parametrize(
    ("edit", "path", "params"),
    [
        (
            lambda s: s["steps"].update(aggregate={"by_level": {4: "geometric"}}),
            "steps.aggregate.by_level.4",
            {"name": 4, "kind": "level"},
        ),
        (
            lambda s: s.update(uncertainty={"target": "Nope"}),
            "uncertainty.target",
            {"name": "Nope", "kind": "node"},
        ),
        (
            lambda s: s["nodes"][0].update(parent="Sust2"),
            "nodes[0].parent",
            {"name": "Sust2", "kind": "node"},
        ),
        (
            lambda s: s["steps"].update(impute={"method": "group_mean", "group": "income"}),
            "steps.impute.group",
            {"name": "income", "kind": "column"},
        ),
        (
            lambda s: s.update(uncertainty={"weight_noise": [{"level": 7, "factor": 0.2}]}),
            "uncertainty.weight_noise[0].level",
            {"name": 7, "kind": "level"},
        ),
    ],
)
def test_unknown_references_are_refused_when_parsed(
    edit: Any, path: str, params: dict[str, object]
) -> None:
    data = small_spec_dict()
    edit(data)
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    assert info.value.code == "unknown_reference"
    assert info.value.path == path
    assert dict(info.value.params) == {"path": path, **params}


def test_data_errors_locate_the_cell(small_data: pd.DataFrame) -> None:
    small_data["a"] = small_data["a"].astype(object)
    small_data.loc[2, "a"] = "n/d"
    with pytest.raises(DataError) as info:
        load_data(small_data, small_spec())
    assert info.value.code == "non_numeric_value"
    assert info.value.params == {"column": "a", "row": "U3", "value": "n/d"}
    assert str(info.value).startswith("column 'a', row 'U3': non-numeric value 'n/d'")


def test_duplicate_unit(small_data: pd.DataFrame) -> None:
    small_data.loc[4, "unit"] = "U1"
    with pytest.raises(DataError) as info:
        load_data(small_data, small_spec())
    assert (info.value.code, info.value.params) == ("duplicate_unit", {"unit": "U1", "year": None})


def test_generic_errors_carry_their_reason() -> None:
    with pytest.raises(SpecError) as info:
        parse_spec({**small_spec_dict(), "colour": "red"})
    assert info.value.code == "invalid_spec"
    assert info.value.params["path"] == "colour"
    assert info.value.params["reason"] == info.value.reason


def test_errors_survive_pickling(small_data: pd.DataFrame) -> None:
    """A worker process may send the error back: nothing of it may be lost on the way."""
    errors: list[SpecError | DataError] = [
        SpecError("nodes[0].parent", "unknown node 'x'", code="unknown_reference", params={}),
        DataError("infinite value", column="a", row="U1", code="infinite_value", params={"x": 1}),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), copy.code, copy.params, copy.reason) == (
            type(error),
            str(error),
            error.code,
            error.params,
            error.reason,
        )


def test_a_dataset_of_another_spec_is_refused(small_data: pd.DataFrame) -> None:
    other = small_spec_dict()
    other["nodes"][3]["code"] = "e"
    dataset = load_data(small_data.rename(columns={"d": "e"}), parse_spec(other))
    with pytest.raises(DataError) as info:
        build(small_spec(), dataset)
    assert info.value.code == "dataset_mismatch"
    assert info.value.params == {"missing": ["d"], "extra": ["e"]}


def test_a_dataset_in_another_order_is_realigned_by_code(small_data: pd.DataFrame) -> None:
    reordered = small_spec_dict()
    reordered["nodes"][:4] = reordered["nodes"][3::-1]
    dataset = load_data(small_data, parse_spec(reordered))
    assert dataset.indicators == ("d", "c", "b", "a")
    expected = build(small_spec(), small_data)
    got = build(small_spec(), dataset)
    pd.testing.assert_frame_equal(got.scores, expected.scores)


def test_uncertainty_refuses_a_mismatched_dataset(small_data: pd.DataFrame) -> None:
    spec = small_spec_dict()
    spec["uncertainty"] = {"weight_noise": [{"level": 2, "factor": 0.2}]}
    other = small_spec_dict()
    other["nodes"][0]["code"] = "z"
    dataset = load_data(small_data.rename(columns={"a": "z"}), parse_spec(other))
    with pytest.raises(DataError, match="another spec"):
        uncertainty(spec, dataset, runs=10, seed=1)


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"runs": 10**12}, "uncertainty.runs"),
        ({"runs": 1}, "uncertainty.runs"),
        ({"runs": 10, "seed": -1}, "seed"),
    ],
)
def test_analysis_arguments_are_checked_before_any_work(
    small_data: pd.DataFrame, arguments: dict[str, int], path: str
) -> None:
    spec = small_spec_dict()
    spec["uncertainty"] = {"weight_noise": [{"level": 2, "factor": 0.2}]}
    with pytest.raises(SpecError) as info:
        uncertainty(spec, small_data, **arguments)
    assert info.value.path == path


def test_a_spec_asking_for_too_many_runs_is_refused_when_parsed() -> None:
    spec = small_spec_dict()
    spec["uncertainty"] = {"runs": 5_000_000}
    with pytest.raises(SpecError, match="at most 1,000,000") as info:
        parse_spec(spec)
    assert info.value.path == "uncertainty.runs"


def test_a_data_frame_with_number_column_names(small_data: pd.DataFrame) -> None:
    spec = small_spec_dict()
    spec["nodes"][0]["code"] = "5"
    frame = small_data.rename(columns={"a": 5})
    assert (
        build(spec, frame).scores["5"].tolist()
        == build(small_spec(), small_data).scores["a"].tolist()
    )


def test_a_panel_dataset_for_a_spec_without_years_is_refused() -> None:
    panel = parse_spec(load_spec(EGDI_SPEC).to_dict())
    dataset = load_data(EGDI_DATA, panel)
    flat = panel.to_dict()
    flat["columns"] = {k: v for k, v in flat["columns"].items() if k != "year"}
    with pytest.raises(DataError) as info:
        build(flat, dataset)
    assert (info.value.code, info.value.params) == (
        "dataset_mismatch",
        {"missing": [], "extra": ["year"]},
    )
