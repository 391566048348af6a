"""Configuration of the build steps (the ``steps`` section of a spec)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import _fields as f
from ._errors import SpecError
from ._nodes import Node

STEP_ORDER = ("denominate", "impute", "screen", "treat", "normalise", "weights", "aggregate")
IMPUTE_METHODS = ("mean", "median", "group_mean", "group_median", "panel_latest", "panel_linear")
NORMALISE_METHODS = (
    "minmax",
    "zscore",
    "rank",
    "percentile_rank",
    "borda",
    "goalposts",
    "target",
    "max",
    "reference",
)
WEIGHT_METHODS = ("explicit", "equal", "pca")
AGGREGATE_METHODS = (
    "arithmetic",
    "geometric",
    "harmonic",
    "generalised",
    "mazziotta_pareto",
    "copeland",
)


@dataclass(frozen=True)
class Denominate:
    """Divide each indicator that names a denominator by that column, times ``scale``."""

    scale: float = 1.0


@dataclass(frozen=True)
class Impute:
    method: str = "mean"
    group: str | None = None


@dataclass(frozen=True)
class Screen:
    """Drop units whose share of available indicator values is below ``min_availability``."""

    min_availability: float = 0.9


@dataclass(frozen=True)
class Treat:
    """Iterative winsorisation bounded by skew and kurtosis, then an optional log fallback."""

    winmax: int = 5
    skew: float = 2.0
    kurtosis: float = 3.5
    fallback: str = "log"


@dataclass(frozen=True)
class Normalise:
    method: str = "minmax"
    low: float = 0.0
    high: float = 100.0
    mean: float = 0.0
    sd: float = 1.0
    reference: str | None = None
    cap: bool = True
    scale: float = 1.0


@dataclass(frozen=True)
class Weights:
    method: str = "explicit"


@dataclass(frozen=True)
class Aggregate:
    """Aggregation up every level; ``by_level`` overrides ``method`` for some levels."""

    method: str = "arithmetic"
    p: float = 1.0
    by_level: tuple[tuple[int, str], ...] = ()

    def method_at(self, level: int) -> str:
        return dict(self.by_level).get(level, self.method)


@dataclass(frozen=True)
class Steps:
    denominate: Denominate | None = None
    impute: Impute | None = None
    screen: Screen | None = None
    treat: Treat | None = None
    normalise: Normalise | None = None
    weights: Weights = Weights()
    aggregate: Aggregate = Aggregate()


def parse_steps(data: object, path: str, groups: tuple[str, ...], nodes: tuple[Node, ...]) -> Steps:
    section = f.mapping(data if data is not None else {}, path)
    f.no_extra_keys(section, set(STEP_ORDER), path)
    parsed: dict[str, Any] = {}
    for name in STEP_ORDER:
        raw = section.get(name)
        if raw is None or raw is False:
            continue
        where = f.join(path, name)
        body = f.mapping({} if raw is True else raw, where)
        parsed[name] = _PARSERS[name](body, where)
    steps = Steps(**parsed)
    _cross_check(steps, path, groups, nodes)
    return steps


def _denominate(body: Mapping[str, Any], path: str) -> Denominate:
    f.no_extra_keys(body, {"scale"}, path)
    scale = f.number(body, "scale", path, 1.0)
    if scale == 0:
        raise SpecError(f.join(path, "scale"), "must not be zero")
    return Denominate(scale)


def _impute(body: Mapping[str, Any], path: str) -> Impute:
    f.no_extra_keys(body, {"method", "group"}, path)
    step = Impute(
        f.choice(body, "method", path, IMPUTE_METHODS, "mean"), f.text(body, "group", path, None)
    )
    if step.method.startswith("group_") and step.group is None:
        raise SpecError(f.join(path, "group"), f"method {step.method!r} needs a group column")
    return step


def _screen(body: Mapping[str, Any], path: str) -> Screen:
    f.no_extra_keys(body, {"min_availability"}, path)
    return Screen(f.number(body, "min_availability", path, 0.9, low=0.0, high=1.0))


def _treat(body: Mapping[str, Any], path: str) -> Treat:
    f.no_extra_keys(body, {"winmax", "skew", "kurtosis", "fallback"}, path)
    return Treat(
        winmax=f.integer(body, "winmax", path, 5),
        skew=f.number(body, "skew", path, 2.0, low=0.0),
        kurtosis=f.number(body, "kurtosis", path, 3.5),
        fallback=f.choice(body, "fallback", path, ("log", "none"), "log"),
    )


def _normalise(body: Mapping[str, Any], path: str) -> Normalise:
    keys = {"method", "range", "mean", "sd", "reference", "cap", "scale"}
    f.no_extra_keys(body, keys, path)
    low, high = 0.0, 100.0
    if "range" in body:
        pair = f.sequence(body["range"], f.join(path, "range"))
        if len(pair) != 2:
            raise SpecError(f.join(path, "range"), "expected [low, high]")
        low = f.checked_number(pair[0], f.join(path, "range[0]"))
        high = f.checked_number(pair[1], f.join(path, "range[1]"))
        if not low < high:
            raise SpecError(f.join(path, "range"), f"low must be below high, got [{low}, {high}]")
    step = Normalise(
        method=f.choice(body, "method", path, NORMALISE_METHODS, "minmax"),
        low=low,
        high=high,
        mean=f.number(body, "mean", path, 0.0),
        sd=f.number(body, "sd", path, 1.0),
        reference=f.text(body, "reference", path, None),
        cap=f.boolean(body, "cap", path, True),
        scale=f.number(body, "scale", path, 1.0),
    )
    if step.sd <= 0:
        raise SpecError(f.join(path, "sd"), "must be positive")
    if step.method == "reference" and step.reference is None:
        raise SpecError(f.join(path, "reference"), "method 'reference' needs a reference unit")
    return step


def _weights(body: Mapping[str, Any], path: str) -> Weights:
    f.no_extra_keys(body, {"method"}, path)
    return Weights(f.choice(body, "method", path, WEIGHT_METHODS, "explicit"))


def _aggregate(body: Mapping[str, Any], path: str) -> Aggregate:
    f.no_extra_keys(body, {"method", "p", "by_level"}, path)
    by_level = []
    levels = f.mapping(
        {
            str(k): v
            for k, v in f.mapping_any(body.get("by_level", {}), f.join(path, "by_level")).items()
        },
        path,
    )
    for key, value in levels.items():
        where = f.join(f.join(path, "by_level"), key)
        if not key.isdigit():
            raise SpecError(where, "levels are numbered 2, 3, ...")
        if value not in AGGREGATE_METHODS:
            raise SpecError(
                where, f"unknown method {value!r} (choose from {', '.join(AGGREGATE_METHODS)})"
            )
        by_level.append((int(key), str(value)))
    step = Aggregate(
        method=f.choice(body, "method", path, AGGREGATE_METHODS, "arithmetic"),
        p=f.number(body, "p", path, 1.0),
        by_level=tuple(sorted(by_level)),
    )
    if step.p == 0:
        raise SpecError(f.join(path, "p"), "p = 0 is the geometric mean: use method 'geometric'")
    return step


_PARSERS: dict[str, Any] = {
    "denominate": _denominate,
    "impute": _impute,
    "screen": _screen,
    "treat": _treat,
    "normalise": _normalise,
    "weights": _weights,
    "aggregate": _aggregate,
}


def _check_levels(step: Aggregate, path: str, nodes: tuple[Node, ...]) -> None:
    """``by_level`` may only name levels that have aggregates (2 up to the top level)."""
    depth = max(n.level for n in nodes)
    for level, _ in step.by_level:
        if not 2 <= level <= depth:
            raise SpecError(
                f"{path}.{level}",
                f"no aggregate level {level} (the spec's aggregates are at levels 2 to {depth})",
                code="unknown_reference",
                params={"name": level, "kind": "level"},
            )


UNBOUNDED_METHODS = ("zscore", "rank", "borda", "reference")


def _check_goalposts_fit(step: Normalise, path: str, nodes: tuple[Node, ...]) -> None:
    """Goalposts give a bounded scale: they cannot share a framework with an unbounded one."""
    posted = [n.code for n in nodes if n.level == 1 and n.goalposts is not None]
    if step.method in UNBOUNDED_METHODS and posted:
        raise SpecError(
            path,
            f"{step.method!r} normalisation has no bounded scale to put indicators with"
            f" goalposts on ({', '.join(posted[:3])}{', ...' if len(posted) > 3 else ''});"
            " use minmax, percentile_rank, max or goalposts",
            code="goalposts_not_supported",
            params={"method": step.method, "indicators": posted},
        )


def _cross_check(steps: Steps, path: str, groups: tuple[str, ...], nodes: tuple[Node, ...]) -> None:
    """Checks that need more than one section: levels, group columns, goalposts, targets."""
    _check_levels(steps.aggregate, f"{path}.aggregate.by_level", nodes)
    if (
        steps.impute is not None
        and steps.impute.group is not None
        and steps.impute.group not in groups
    ):
        raise SpecError(
            f"{path}.impute.group",
            f"unknown group column {steps.impute.group!r} (declare it in columns.groups)",
            code="unknown_reference",
            params={"name": steps.impute.group, "kind": "column"},
        )
    if steps.normalise is None:
        return
    _check_goalposts_fit(steps.normalise, f"{path}.normalise.method", nodes)
    for i, node in enumerate(nodes):
        if node.level != 1:
            continue
        if steps.normalise.method == "goalposts" and node.goalposts is None:
            raise SpecError(
                f"nodes[{i}].goalposts",
                f"normalisation by goalposts needs goalposts for {node.code!r}",
                code="missing_goalposts",
                params={"indicator": node.code},
            )
        if steps.normalise.method == "target" and node.target is None:
            raise SpecError(
                f"nodes[{i}].target",
                f"normalisation by target needs a target for {node.code!r}",
                code="missing_goalposts",
                params={"indicator": node.code},
            )
