"""Errors raised at the engine's entry points.

Both carry the location of the problem so that a user can fix the input without reading a
traceback: a spec path such as ``nodes[12].parent`` or a data location (column and row).
"""

from __future__ import annotations


class SpecError(ValueError):
    """An invalid spec; ``path`` names the offending field, e.g. ``nodes[12].parent``."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


class DataError(ValueError):
    """Invalid input data; ``column`` and ``row`` (a unit code) locate it when known."""

    def __init__(self, message: str, *, column: str | None = None, row: str | None = None) -> None:
        self.column = column
        self.row = row
        where = []
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)
