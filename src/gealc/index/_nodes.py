"""Nodes of the framework tree: indicators (level 1) and the aggregates above them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import _fields as f
from ._errors import SpecError

_NODE_KEYS = {
    "code",
    "name",
    "level",
    "parent",
    "weight",
    "direction",
    "unit",
    "target",
    "goalposts",
    "denominator",
}


@dataclass(frozen=True)
class Node:
    """One node: an indicator (``level == 1``) or an aggregate of its children.

    ``goalposts`` is ``(low, high)`` in the indicator's own units (before direction);
    ``goalpost_scale`` and ``goalpost_clip`` are COINr's scale ``a`` and ``trunc2posts`` when
    the node declares them (``None``: the normalise step's scale and ``cap``).
    """

    code: str
    level: int
    parent: str | None
    weight: float = 1.0
    direction: int = 1
    name: str | None = None
    unit: str | None = None
    target: float | None = None
    goalposts: tuple[float, float] | None = None
    denominator: str | None = None
    goalpost_scale: float | None = None
    goalpost_clip: bool | None = None


def parse_nodes(data: object, path: str) -> tuple[Node, ...]:
    """Validate the node list: unique codes, known parents, a single root, a proper tree."""
    items = f.sequence(data, path)
    if not items:
        raise SpecError(path, "the spec needs at least one node")
    nodes = tuple(_parse_node(item, f.join(path, i)) for i, item in enumerate(items))
    index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if node.code in index:
            raise SpecError(f"{path}[{i}].code", f"duplicate node {node.code!r}")
        index[node.code] = i
    for i, node in enumerate(nodes):
        _check_parent(node, nodes, index, f"{path}[{i}]")
    _check_children(nodes, path)
    roots = [n.code for n in nodes if n.parent is None]
    if len(roots) != 1:
        raise SpecError(path, f"exactly one node must have no parent, found {len(roots)}: {roots}")
    return nodes


def _parse_node(item: object, path: str) -> Node:
    entry = f.mapping(item, path)
    f.no_extra_keys(entry, _NODE_KEYS, path)
    direction = entry.get("direction", 1)
    if direction not in (1, -1) or isinstance(direction, bool):
        raise SpecError(f.join(path, "direction"), f"must be 1 or -1, got {direction!r}")
    goalposts, scale, clip = _goalposts(entry.get("goalposts"), f.join(path, "goalposts"))
    return Node(
        code=f.text(entry, "code", path),
        level=f.integer(entry, "level", path, 1, low=1),
        parent=f.text(entry, "parent", path, None),
        weight=f.number(entry, "weight", path, 1.0, low=0.0),
        direction=int(direction),
        name=f.text(entry, "name", path, None),
        unit=f.text(entry, "unit", path, None),
        target=f.number(entry, "target", path, None),
        goalposts=goalposts,
        denominator=f.text(entry, "denominator", path, None),
        goalpost_scale=scale,
        goalpost_clip=clip,
    )


Goalposts = tuple[tuple[float, float] | None, float | None, bool | None]


def _goalposts(value: Any, path: str) -> Goalposts:
    """``[low, high]``, or ``{low, high, scale, clip}`` (COINr's ``gposts`` and ``trunc2posts``)."""
    if value is None:
        return None, None, None
    scale: float | None = None
    clip: bool | None = None
    if isinstance(value, Mapping):
        f.no_extra_keys(value, {"low", "high", "scale", "clip"}, path)
        low, high = f.number(value, "low", path), f.number(value, "high", path)
        scale = f.number(value, "scale", path, None, low=0.0)
        if scale == 0:
            raise SpecError(f.join(path, "scale"), "must be positive, got 0")
        clip = f.boolean(value, "clip", path, True) if "clip" in value else None
    else:
        pair = f.sequence(value, path)
        if len(pair) != 2:
            raise SpecError(path, "expected [low, high] or {low, high, scale, clip}")
        low = f.checked_number(pair[0], f.join(path, 0))
        high = f.checked_number(pair[1], f.join(path, 1))
    if not low < high:
        raise SpecError(path, f"low must be below high, got [{low}, {high}]")
    return (float(low), float(high)), scale, clip


def _check_parent(node: Node, nodes: tuple[Node, ...], index: dict[str, int], path: str) -> None:
    if node.parent is None:
        return
    if node.parent not in index:
        raise SpecError(
            f"{path}.parent",
            f"unknown node {node.parent!r}",
            code="unknown_reference",
            params={"name": node.parent, "kind": "node"},
        )
    parent = nodes[index[node.parent]]
    if parent.level <= node.level:
        raise SpecError(
            f"{path}.parent",
            f"parent {parent.code!r} is at level {parent.level}, not above level {node.level}",
        )


def _check_children(nodes: tuple[Node, ...], path: str) -> None:
    for i, node in enumerate(nodes):
        children = [n for n in nodes if n.parent == node.code]
        if node.level > 1 and not children:
            raise SpecError(f"{path}[{i}]", f"aggregate {node.code!r} has no children")
        if node.level == 1 and children:
            raise SpecError(
                f"{path}[{i}].level", f"{node.code!r} has children so cannot be level 1"
            )
        if children and sum(c.weight for c in children) <= 0:
            raise SpecError(
                f"{path}[{i}]", f"the weights of the children of {node.code!r} sum to zero"
            )
        if node.level == 1 and node.parent is None and len(nodes) > 1:
            raise SpecError(f"{path}[{i}].parent", f"indicator {node.code!r} needs a parent")
