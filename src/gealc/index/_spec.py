"""The spec: a validated, typed description of an index's structure and method.

A spec is data (a mapping, usually read from YAML). :func:`parse_spec` validates every field and
returns a frozen :class:`Spec`; an invalid field raises :class:`SpecError` with its path.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import _fields as f
from ._errors import SpecError
from ._nodes import Node, parse_nodes
from ._steps_spec import Steps, parse_steps

MAX_RUNS = 1_000_000  # scores and ranks of 100 units then take 1.6 GB: beyond, memory runs out

_TOP_LEVEL = {
    "name",
    "seed",
    "columns",
    "year",
    "levels",
    "nodes",
    "steps",
    "ranking",
    "uncertainty",
    "sensitivity",
}


@dataclass(frozen=True)
class Columns:
    """Roles of the data columns besides the indicators.

    ``missing_values`` lists the texts that mean "missing" in numeric cells (indicators,
    denominators), besides an empty cell, e.g. ``["NA", ".."]``; nothing else is missing, so a
    unit or group code such as Namibia's ``NA`` is a code.
    """

    unit: str = "unit"
    name: str | None = None
    year: str | None = None
    groups: tuple[str, ...] = ()
    denominators: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    missing_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeightNoise:
    """Weights of every node at ``level`` become ``w * (1 + U(-factor, factor))``."""

    level: int
    factor: float


@dataclass(frozen=True)
class Alternative:
    """A spec field (dotted ``path``) that takes one of ``values`` with equal probability."""

    path: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Uncertainty:
    runs: int = 1000
    alternatives: tuple[Alternative, ...] = ()
    weight_noise: tuple[WeightNoise, ...] = ()
    target: str | None = None


@dataclass(frozen=True)
class Sensitivity:
    base_samples: int = 256
    bootstrap: int = 200
    weight_sets: int = 100
    confidence: float = 0.90


@dataclass(frozen=True)
class Spec:
    """A validated index spec.

    Attributes
    ----------
    nodes : tuple of Node
        Every node of the framework, indicators (level 1) first, in spec order.
    steps : Steps
        The method: each step is ``None`` when it does not run.
    source : dict
        The validated input mapping; :meth:`with_values` edits a copy of it.
    """

    name: str
    seed: int
    columns: Columns
    year: int | None
    level_names: tuple[str, ...]
    nodes: tuple[Node, ...]
    steps: Steps
    rank_decimals: int | None
    uncertainty: Uncertainty | None
    sensitivity: Sensitivity | None
    source: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def indicators(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.level == 1)

    @property
    def aggregates(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.level > 1)

    @property
    def n_levels(self) -> int:
        return max(n.level for n in self.nodes)

    @property
    def root(self) -> Node:
        return next(n for n in self.nodes if n.parent is None and n.level == self.n_levels)

    def node(self, code: str) -> Node:
        for candidate in self.nodes:
            if candidate.code == code:
                return candidate
        raise KeyError(code)

    def children(self, code: str) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.parent == code)

    def with_values(self, values: Mapping[str, Any]) -> Spec:
        """A new spec with dotted paths (``"steps.treat.winmax"``) set to new values."""
        data = dict(self.source)  # set_path copies what it edits; the rest is never mutated
        for path, value in values.items():
            set_path(data, path, copy.deepcopy(value))
        return _parse(data, owned=True)

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain JSON-compatible data (round-trips through :func:`parse_spec`)."""
        data: dict[str, Any] = json.loads(
            json.dumps(self.source, sort_keys=True, default=_jsonable)
        )
        return data


def _jsonable(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"not serialisable: {value!r}")


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``data["a"]["b"] = value`` for ``path == "a.b"``, creating mappings on the way.

    The mappings on the path are copied, never edited in place, so ``data`` may share the
    rest of its content with another spec.
    """
    keys = path.split(".")
    target = data
    for key in keys[:-1]:
        child = target.get(key)
        if child is None or child is True:
            child = {}
        if not isinstance(child, Mapping):
            raise SpecError(path, f"cannot set a field inside {key!r}")
        child = dict(child)
        target[key] = child
        target = child
    target[keys[-1]] = value


def load_spec(source: str | Path | Mapping[str, Any] | Spec) -> Spec:
    """Read a spec from a YAML/JSON file path, a mapping or an existing :class:`Spec`."""
    if isinstance(source, Spec):
        return source
    if isinstance(source, Mapping):
        return parse_spec(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(
            "",
            f"cannot read spec {str(path)!r}: {exc.strerror}",
            code="unreadable_spec",
            params={"file": str(path)},
        ) from None
    except UnicodeDecodeError:
        raise SpecError(
            "",
            f"spec {str(path)!r} is not UTF-8 text",
            code="unreadable_spec",
            params={"file": str(path)},
        ) from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a safe loader, see below
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or ""
        detail = f": {problem}" if problem.startswith("duplicate key") else ""
        raise SpecError(
            "",
            f"spec {str(path)!r} is not valid YAML{where}{detail}",
            code="unreadable_spec",
            params={"file": str(path)},
        ) from None
    return parse_spec(data)


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when installed (several times faster, the same data), refusing a
    key given twice in one mapping: YAML would keep the last silently (two ``steps:``)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def parse_spec(data: object) -> Spec:
    """Validate a spec mapping and return a typed :class:`Spec`.

    Raises
    ------
    SpecError
        With the path of the first offending field.
    """
    return _parse(data, owned=False)


def _parse(data: object, *, owned: bool) -> Spec:
    """``owned``: ``data`` belongs to the engine (no caller can mutate it), so the spec may keep
    it as its source without a deep copy (a variant shares its parent's unchanged fields)."""
    root = f.mapping(data, "")
    f.no_extra_keys(root, _TOP_LEVEL, "")
    nodes = parse_nodes(root.get("nodes"), "nodes")
    columns = _parse_columns(root.get("columns", {}), nodes)
    steps = parse_steps(root.get("steps", {}), "steps", columns.groups, nodes)
    levels = f.text_list(root, "levels", "")
    depth = max(n.level for n in nodes)
    if levels and len(levels) != depth:
        raise SpecError("levels", f"{len(levels)} names for {depth} levels")
    ranking = f.mapping(root.get("ranking", {}), "ranking")
    f.no_extra_keys(ranking, {"decimals"}, "ranking")
    year = root.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise SpecError("year", f"expected an integer year, got {year!r}")
    spec = Spec(
        name=f.text(root, "name", "", "index"),
        seed=f.integer(root, "seed", "", 0),
        columns=columns,
        year=year,
        level_names=levels or tuple(f"Level {i}" for i in range(1, depth + 1)),
        nodes=nodes,
        steps=steps,
        rank_decimals=f.integer(ranking, "decimals", "ranking", None),
        uncertainty=_parse_uncertainty(root.get("uncertainty"), nodes),
        sensitivity=_parse_sensitivity(root.get("sensitivity")),
        source=dict(root) if owned else copy.deepcopy(dict(root)),
    )
    if spec.uncertainty is not None:
        _check_alternatives(spec)
    return spec


def _parse_columns(data: object, nodes: tuple[Node, ...]) -> Columns:
    path = "columns"
    section = f.mapping(data, path)
    f.no_extra_keys(
        section,
        {"unit", "name", "year", "groups", "denominators", "ignore", "missing_values"},
        path,
    )
    columns = Columns(
        unit=f.text(section, "unit", path, "unit"),
        name=f.text(section, "name", path, None),
        year=f.text(section, "year", path, None),
        groups=f.text_list(section, "groups", path),
        denominators=f.text_list(section, "denominators", path),
        ignore=f.text_list(section, "ignore", path),
        missing_values=_missing_values(section, f.join(path, "missing_values")),
    )
    codes = {n.code for n in nodes}
    seen: dict[str, str] = {}
    roles = [
        ("unit", (columns.unit,)),
        ("name", (columns.name,)),
        ("year", (columns.year,)),
        ("groups", columns.groups),
        ("denominators", columns.denominators),
        ("ignore", columns.ignore),
    ]
    for role, names in roles:
        for name in names:
            if name is None:
                continue
            if name in codes:
                raise SpecError(f.join(path, role), f"{name!r} is also a node code")
            if name in seen:
                raise SpecError(f.join(path, role), f"{name!r} is already the {seen[name]} column")
            seen[name] = role
    for i, node in enumerate(nodes):
        if node.denominator is not None and node.denominator not in columns.denominators:
            raise SpecError(
                f"nodes[{i}].denominator",
                f"unknown denominator {node.denominator!r} (declare it in columns.denominators)",
                code="unknown_reference",
                params={"name": node.denominator, "kind": "column"},
            )
    return columns


def _missing_values(section: Mapping[str, Any], path: str) -> tuple[str, ...]:
    items = f.sequence(section.get("missing_values", []), path)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise SpecError(f.join(path, i), f"expected a non-empty text, got {item!r}")
    return tuple(item.strip() for item in items)


def _parse_uncertainty(data: object, nodes: tuple[Node, ...]) -> Uncertainty | None:
    if data is None:
        return None
    depth = max(n.level for n in nodes)
    path = "uncertainty"
    section = f.mapping(data, path)
    f.no_extra_keys(section, {"runs", "alternatives", "weight_noise", "target"}, path)
    alternatives: list[Alternative] = []
    for i, item in enumerate(
        f.sequence(section.get("alternatives", []), f.join(path, "alternatives"))
    ):
        where = f.join(f.join(path, "alternatives"), i)
        entry = f.mapping(item, where)
        f.no_extra_keys(entry, {"path", "values"}, where)
        values = tuple(f.sequence(entry.get("values"), f.join(where, "values")))
        if len(values) < 2:
            raise SpecError(f.join(where, "values"), "give at least two alternatives")
        alternatives.append(Alternative(f.text(entry, "path", where), values))
    noise: list[WeightNoise] = []
    for i, item in enumerate(
        f.sequence(section.get("weight_noise", []), f.join(path, "weight_noise"))
    ):
        where = f.join(f.join(path, "weight_noise"), i)
        entry = f.mapping(item, where)
        f.no_extra_keys(entry, {"level", "factor"}, where)
        level = f.integer(entry, "level", where, low=1)
        if level > depth:
            raise SpecError(
                f.join(where, "level"),
                f"no level {level} (the spec has {depth})",
                code="unknown_reference",
                params={"name": level, "kind": "level"},
            )
        if any(n.level == level for n in noise):
            raise SpecError(f.join(where, "level"), f"level {level} is listed twice")
        noise.append(WeightNoise(level, f.number(entry, "factor", where, low=0.0, high=1.0)))
    return Uncertainty(
        runs=_runs(section, path),
        alternatives=tuple(alternatives),
        weight_noise=tuple(noise),
        target=_target(section, path, nodes),
    )


def _runs(section: Mapping[str, Any], path: str) -> int:
    runs: int = f.integer(section, "runs", path, 1000, low=2)
    if runs > MAX_RUNS:
        raise SpecError(f.join(path, "runs"), f"must be at most {MAX_RUNS:,}, got {runs:,}")
    return runs


def _target(section: Mapping[str, Any], path: str, nodes: tuple[Node, ...]) -> str | None:
    target: str | None = f.text(section, "target", path, None)
    if target is not None and target not in {n.code for n in nodes}:
        raise SpecError(
            f.join(path, "target"),
            f"unknown node {target!r}",
            code="unknown_reference",
            params={"name": target, "kind": "node"},
        )
    return target


def _parse_sensitivity(data: object) -> Sensitivity | None:
    if data is None:
        return None
    path = "sensitivity"
    section = f.mapping(data, path)
    f.no_extra_keys(section, {"base_samples", "bootstrap", "weight_sets", "confidence"}, path)
    return Sensitivity(
        base_samples=f.integer(section, "base_samples", path, 256, low=4),
        bootstrap=f.integer(section, "bootstrap", path, 200, low=0),
        weight_sets=f.integer(section, "weight_sets", path, 100, low=2),
        confidence=f.number(section, "confidence", path, 0.90, low=0.5, high=0.999),
    )


def _check_alternatives(spec: Spec) -> None:
    """Every alternative must give a valid spec: check each value once, up front."""
    assert spec.uncertainty is not None
    for i, alternative in enumerate(spec.uncertainty.alternatives):
        if alternative.path.split(".")[0] not in {"steps"}:
            raise SpecError(
                f"uncertainty.alternatives[{i}].path",
                f"{alternative.path!r}: only fields under steps may vary",
            )
        for j, value in enumerate(alternative.values):
            data = copy.deepcopy(dict(spec.source))
            data.pop("uncertainty", None)
            try:
                set_path(data, alternative.path, value)
                parse_spec(data)
            except SpecError as exc:
                raise SpecError(
                    f"uncertainty.alternatives[{i}].values[{j}]",
                    f"gives an invalid spec: {exc}",
                ) from None
