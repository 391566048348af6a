"""Spec validation: every invalid field is reported with its path, never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from gealc.index import SpecError, load_spec, parse_spec

from .conftest import ASEM_FULL, ASEM_UNCERTAINTY, small_spec_dict


def _error(data: dict[str, Any]) -> SpecError:
    with pytest.raises(SpecError) as info:
        parse_spec(data)
    return info.value


def test_small_spec_is_typed() -> None:
    spec = parse_spec(small_spec_dict())
    assert [n.code for n in spec.indicators] == ["a", "b", "c", "d"]
    assert spec.root.code == "I"
    assert spec.n_levels == 3
    assert spec.node("b").direction == -1
    assert spec.steps.normalise is not None
    assert spec.steps.normalise.high == 100.0
    assert spec.steps.impute is None


def test_unknown_parent_names_node_index_and_value() -> None:
    data = load_spec(ASEM_FULL).to_dict()
    data["nodes"][12]["parent"] = "Sust2"
    assert str(_error(data)) == "nodes[12].parent: unknown node 'Sust2'"


@pytest.mark.parametrize(
    ("edit", "path", "reason"),
    [
        (lambda d: d["nodes"].append({"code": "a", "parent": "P1"}), "nodes[7].code", "duplicate"),
        (lambda d: d["nodes"][1].update(direction=2), "nodes[1].direction", "1 or -1"),
        (lambda d: d["nodes"][0].update(weight=-1), "nodes[0].weight", ">= 0"),
        (lambda d: d["nodes"][0].update(colour="red"), "nodes[0].colour", "unknown field"),
        (
            lambda d: d["nodes"].append({"code": "P3", "level": 2, "parent": "I"}),
            "nodes[7]",
            "no children",
        ),
        (lambda d: [n.update(weight=0) for n in d["nodes"][:2]], "nodes[4]", "sum to zero"),
        (lambda d: d["nodes"][4].update(level=1), "nodes[0].parent", "not above"),
        (lambda d: d["nodes"][2].update(denominator="gdp"), "nodes[2].denominator", "gdp"),
        (
            lambda d: d["steps"].update(normalise={"method": "cube"}),
            "steps.normalise.method",
            "cube",
        ),
        (
            lambda d: d["steps"].update(normalise={"range": [5, 1]}),
            "steps.normalise.range",
            "below",
        ),
        (
            lambda d: d["steps"].update(impute={"method": "group_mean"}),
            "steps.impute.group",
            "group",
        ),
        (
            lambda d: d["steps"].update(impute={"method": "group_mean", "group": "zone"}),
            "steps.impute.group",
            "zone",
        ),
        (lambda d: d["steps"].update(normalise={"method": "goalposts"}), "nodes[0].goalposts", ""),
        (lambda d: d["steps"].update(treat={"winmax": -1}), "steps.treat.winmax", ">= 0"),
        (
            lambda d: d["steps"].update(aggregate={"method": "generalised", "p": 0}),
            "steps.aggregate.p",
            "",
        ),
        (lambda d: d.update(colour=1), "colour", "unknown field"),
        (lambda d: d["columns"].update(groups=["a"]), "columns.groups", "node code"),
        (lambda d: d.update(levels=["x"]), "levels", "3 levels"),
        (lambda d: d["nodes"][0].update(goalposts=[1, 0]), "nodes[0].goalposts", "below"),
        (lambda d: d["nodes"][0].update(goalposts=[0]), "nodes[0].goalposts", "[low, high]"),
        (
            lambda d: d["nodes"][0].update(goalposts={"low": 0, "high": 1, "scale": 0}),
            "nodes[0].goalposts.scale",
            "positive",
        ),
        (
            lambda d: d["nodes"][0].update(goalposts={"low": 0, "high": 1, "trunc": True}),
            "nodes[0].goalposts.trunc",
            "unknown field",
        ),
        (
            lambda d: d["nodes"][0].update(goalposts={"low": 0}),
            "nodes[0].goalposts.high",
            "required",
        ),
        (
            lambda d: d["columns"].update(missing_values=["NA", ""]),
            "columns.missing_values[1]",
            "non-empty",
        ),
    ],
)
def test_invalid_fields_are_reported_with_their_path(edit: Any, path: str, reason: str) -> None:
    data = small_spec_dict()
    edit(data)
    error = _error(data)
    assert error.path == path
    assert reason in str(error)


def test_two_roots_are_rejected() -> None:
    data = small_spec_dict()
    data["nodes"].append({"code": "J", "level": 3})
    data["nodes"].append({"code": "e", "parent": "J"})
    data["nodes"][-2], data["nodes"][-1] = data["nodes"][-1], data["nodes"][-2]
    assert "exactly one node" in str(_error(data))


def test_an_invalid_alternative_is_caught_up_front() -> None:
    data = small_spec_dict()
    data["uncertainty"] = {
        "alternatives": [{"path": "steps.normalise.method", "values": ["minmax", "cube"]}]
    }
    error = _error(data)
    assert error.path == "uncertainty.alternatives[0].values[1]"


def test_alternatives_outside_steps_are_rejected() -> None:
    data = small_spec_dict()
    data["uncertainty"] = {"alternatives": [{"path": "name", "values": ["x", "y"]}]}
    assert _error(data).path == "uncertainty.alternatives[0].path"


def test_with_values_changes_a_copy() -> None:
    spec = load_spec(ASEM_UNCERTAINTY)
    changed = spec.with_values({"steps.treat.winmax": 2, "steps.aggregate.method": "geometric"})
    assert changed.steps.treat is not None
    assert changed.steps.treat.winmax == 2
    assert changed.steps.aggregate.method == "geometric"
    assert spec.steps.treat is not None
    assert spec.steps.treat.winmax == 5


def test_to_dict_round_trips() -> None:
    spec = load_spec(ASEM_UNCERTAINTY)
    again = parse_spec(copy.deepcopy(spec.to_dict()))
    assert again == spec


def test_unreadable_and_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="cannot read spec"):
        load_spec(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("nodes: [\n  - code: a\n", encoding="utf-8")
    with pytest.raises(SpecError, match="not valid YAML"):
        load_spec(bad)
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("42\n", encoding="utf-8")
    with pytest.raises(SpecError, match="expected a mapping"):
        load_spec(scalar)


def test_a_key_given_twice_is_refused_not_overwritten(tmp_path: Path) -> None:
    twice = tmp_path / "twice.yaml"
    twice.write_text(
        "nodes:\n- {code: a, parent: I}\n- {code: I, level: 2}\n"
        "steps: {normalise: {method: zscore}}\nsteps: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError, match="at line 5: duplicate key 'steps'") as info:
        load_spec(twice)
    assert info.value.code == "unreadable_spec"
    nested = tmp_path / "nested.yaml"
    nested.write_text("nodes:\n- {code: a, code: b}\n", encoding="utf-8")
    with pytest.raises(SpecError, match="duplicate key 'code'"):
        load_spec(nested)


def test_a_spec_in_another_encoding_is_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: índice\nnodes: [{code: a}]\n".encode("latin-1"))
    with pytest.raises(SpecError, match="not UTF-8") as info:
        load_spec(latin)
    assert info.value.code == "unreadable_spec"
