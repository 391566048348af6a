"""Typed readers for one field of a spec mapping; each failure names the field's path."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ._errors import SpecError

T = TypeVar("T")
_MISSING: Any = object()


def join(path: str, key: str | int) -> str:
    """Path of a child field: ``join("nodes", 3) == "nodes[3]"``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise SpecError(path, f"expected a mapping, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise SpecError(path, f"keys must be strings, got {key!r}")
    return value


def sequence(value: object, path: str) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise SpecError(path, f"expected a list, got {type(value).__name__}")
    return value


def no_extra_keys(section: Mapping[str, Any], allowed: set[str], path: str) -> None:
    """Reject typos: an unknown key is an error, never silently ignored."""
    for key in section:
        if key not in allowed:
            raise SpecError(
                join(path, key), f"unknown field (allowed: {', '.join(sorted(allowed))})"
            )


def text(section: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> Any:
    value = section.get(key, default)
    if value is _MISSING:
        raise SpecError(join(path, key), "required field is missing")
    if value is not None and value is not default and not isinstance(value, str):
        raise SpecError(join(path, key), f"expected text, got {value!r}")
    if isinstance(value, str) and not value.strip():
        raise SpecError(join(path, key), "must not be empty")
    return value


def number(
    section: Mapping[str, Any],
    key: str,
    path: str,
    default: Any = _MISSING,
    *,
    low: float | None = None,
    high: float | None = None,
) -> Any:
    value = section.get(key, default)
    if value is _MISSING:
        raise SpecError(join(path, key), "required field is missing")
    if value is None or value is default:
        return value
    return checked_number(value, join(path, key), low=low, high=high)


def checked_number(
    value: object, path: str, *, low: float | None = None, high: float | None = None
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SpecError(path, f"expected a number, got {value!r}")
    if not math.isfinite(value):
        raise SpecError(path, f"must be finite, got {value!r}")
    if low is not None and value < low:
        raise SpecError(path, f"must be >= {low}, got {value!r}")
    if high is not None and value > high:
        raise SpecError(path, f"must be <= {high}, got {value!r}")
    return float(value)


def integer(
    section: Mapping[str, Any], key: str, path: str, default: Any = _MISSING, *, low: int = 0
) -> Any:
    value = section.get(key, default)
    if value is _MISSING:
        raise SpecError(join(path, key), "required field is missing")
    if value is None or value is default:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(join(path, key), f"expected an integer, got {value!r}")
    if value < low:
        raise SpecError(join(path, key), f"must be >= {low}, got {value!r}")
    return value


def choice(
    section: Mapping[str, Any], key: str, path: str, options: Sequence[str], default: Any = _MISSING
) -> Any:
    value = text(section, key, path, default)
    if value is not None and value not in options:
        raise SpecError(
            join(path, key), f"unknown value {value!r} (choose from {', '.join(options)})"
        )
    return value


def boolean(section: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
    value = section.get(key, default)
    if not isinstance(value, bool):
        raise SpecError(join(path, key), f"expected true or false, got {value!r}")
    return value


def text_list(section: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
    items = sequence(section.get(key, []), join(path, key))
    out: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item:
            raise SpecError(join(join(path, key), i), f"expected a column name, got {item!r}")
        if item in out:
            raise SpecError(join(join(path, key), i), f"duplicate name {item!r}")
        out.append(item)
    return tuple(out)


def mapping_any(value: object, path: str) -> Mapping[Any, Any]:
    """A mapping whose keys may be numbers (YAML reads ``4: geometric`` with an int key)."""
    if not isinstance(value, Mapping):
        raise SpecError(path, f"expected a mapping, got {type(value).__name__}")
    return value
