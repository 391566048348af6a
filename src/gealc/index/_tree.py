"""The framework tree in array form: node positions and each aggregate's children."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._spec import Spec

IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Parent:
    """An aggregate node; ``children`` are positions in :attr:`Tree.codes`."""

    code: str
    level: int
    position: int
    children: IntArray


@dataclass(frozen=True)
class Tree:
    """Nodes in column order: indicators (spec order), then aggregates level by level.

    An aggregate at position ``p`` is row ``p - n_indicators`` of the aggregate arrays.
    """

    codes: tuple[str, ...]
    n_indicators: int
    parents: tuple[Parent, ...]

    @property
    def n_nodes(self) -> int:
        return len(self.codes)

    def levels(self) -> list[int]:
        return sorted({p.level for p in self.parents})


def make_tree(spec: Spec) -> Tree:
    indicators = [n.code for n in spec.indicators]
    aggregates = [n.code for n in sorted(spec.aggregates, key=lambda n: n.level)]
    codes = tuple(indicators + aggregates)
    position = {code: i for i, code in enumerate(codes)}
    parents = []
    for code in aggregates:
        node = spec.node(code)
        children = np.array([position[c.code] for c in spec.children(code)], dtype=np.intp)
        parents.append(Parent(code, node.level, position[code], children))
    return Tree(codes, len(indicators), tuple(parents))
