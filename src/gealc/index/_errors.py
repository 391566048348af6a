"""Errors raised at the engine's entry points.

Both carry the location of the problem so that a user can fix the input without reading a
traceback: a spec path such as ``nodes[12].parent`` or a data location (column and row). Both
also carry a stable, machine-readable ``code`` and its ``params`` so that an application can
say the same thing in the user's language; ``str(error)`` stays the English sentence (for the
command line and the logs) and ``reason`` the sentence without its location.

Codes and their params (stable: an application may translate them by code)
---------------------------------------------------------------------------

===========================  ===========  ==================================================
code                         raised as    params
===========================  ===========  ==================================================
``invalid_spec``             SpecError    ``path``, ``reason`` (the generic fallback)
``unreadable_spec``          SpecError    ``file``
``unknown_reference``        SpecError    ``path``, ``name``, ``kind`` (``node``, ``level``,
                             DataError    ``column``, ``step``, ``unit``, ``field``): a name
                                          the spec uses but does not declare, or a reference
                                          unit absent from the data
``missing_goalposts``        SpecError    ``indicator`` (a goalposts/target method without
                                          the indicator's goalposts/target)
``goalposts_not_supported``  SpecError    ``method``, ``indicators`` (indicators with
                                          goalposts under z-score, rank, Borda or reference)
``invalid_data``             DataError    ``reason`` (the generic fallback)
``unreadable_data``          DataError    ``file``
``duplicate_column``         DataError    ``column``
``missing_column``           DataError    ``column``
``unknown_column``           DataError    ``column``
``missing_unit_code``        DataError    ``column``, ``line`` (1 is the header)
``duplicate_unit``           DataError    ``unit``, ``year`` (``None`` without panel data)
``non_numeric_value``        DataError    ``column``, ``row``, ``value``
``infinite_value``           DataError    ``column``, ``row``
``invalid_year``             DataError    ``column``, ``row``, ``value``
``no_rows_for_year``         DataError    ``year``
``too_few_years``            DataError    ``years`` (list of the years found)
``dataset_mismatch``         DataError    ``missing``, ``extra`` (lists of codes and columns)
``missing_group``            DataError    ``column``, ``row``
``panel_required``           DataError    ``method``
``zero_denominator``         DataError    ``indicator``, ``column``, ``row``
``all_missing_indicator``    DataError    ``indicator``
``constant_indicator``       DataError    ``indicator``, ``method`` (declare goalposts)
``target_not_above_worst``   DataError    ``indicator``
``unusable_reference``       DataError    ``indicator``, ``unit``
``too_few_units``            DataError    ``count``, ``minimum``
``pca_undefined``            DataError    ``node``
``undefined_aggregate``      DataError    ``node``, ``unit``, ``method``, ``reason`` (one of
                                          ``non_positive``, ``negative``, ``zero_mean``) and,
                                          when one child is the cause, ``child``
===========================  ===========  ==================================================
"""

from __future__ import annotations

from collections.abc import Mapping


class SpecError(ValueError):
    """An invalid spec; ``path`` names the offending field, e.g. ``nodes[12].parent``."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        code: str = "invalid_spec",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.path = path
        self.reason = message
        self.code = code
        defaults: dict[str, object] = {"path": path}
        if code == "invalid_spec":
            defaults["reason"] = message
        self.params: Mapping[str, object] = {**defaults, **(params or {})}
        super().__init__(f"{path}: {message}" if path else message)

    def __reduce__(self) -> tuple[object, ...]:  # picklable, e.g. to cross a worker boundary
        keywords = {"code": self.code, "params": dict(self.params)}
        return (_rebuild, (SpecError, (self.path, self.reason), keywords))


class DataError(ValueError):
    """Invalid input data; ``column`` and ``row`` (a unit code) locate it when known."""

    def __init__(
        self,
        message: str,
        *,
        column: str | None = None,
        row: str | None = None,
        code: str = "invalid_data",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.column = column
        self.row = row
        self.reason = message
        self.code = code
        defaults: dict[str, object] = {"reason": message} if code == "invalid_data" else {}
        self.params: Mapping[str, object] = {**defaults, **(params or {})}
        where = []
        if column is not None:
            where.append(f"column {column!r}")
        if row is not None:
            where.append(f"row {row!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)

    def __reduce__(self) -> tuple[object, ...]:
        keywords = {"column": self.column, "row": self.row, "code": self.code}
        return (_rebuild, (DataError, (self.reason,), {**keywords, "params": dict(self.params)}))


def _rebuild(
    cls: type[SpecError | DataError], args: tuple[str, ...], keywords: dict[str, object]
) -> SpecError | DataError:
    return cls(*args, **keywords)  # type: ignore[arg-type]
