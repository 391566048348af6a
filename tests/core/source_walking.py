"""Reading our source for a kind of node, each found with the function it is in: the walk
shared by the tests that fail on a pattern where it does not belong (a write outside the
services, a state compared outside the rules)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

# (line, the innermost function around it or "<module>", its source cut to 80 characters)
Found = tuple[int, str, str]
Matches = Callable[[ast.AST], bool]


def _walk(node: ast.AST, function: str, matches: Matches) -> Iterator[Found]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _walk(child, child.name, matches)
            continue
        if matches(child):
            yield child.lineno, function, ast.unparse(child)[:80]  # type: ignore[attr-defined]
        yield from _walk(child, function, matches)


def find_in_source(source: str, matches: Matches) -> list[Found]:
    return list(_walk(ast.parse(source), "<module>", matches))


def find_in_file(path: Path, matches: Matches) -> list[Found]:
    return find_in_source(path.read_text(encoding="utf-8"), matches)
