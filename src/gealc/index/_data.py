"""Input data: a units x variables table (CSV or DataFrame), validated against a spec."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from ._errors import DataError
from ._spec import Spec

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Dataset:
    """Validated input data.

    Attributes
    ----------
    units : tuple of str, length n_rows
        Unit code of each row (repeated across years for panel data).
    indicators : tuple of str, length n_indicators
    values : ndarray, shape (n_rows, n_indicators)
        Indicator values; ``nan`` marks a missing value.
    years : ndarray of int, shape (n_rows,), or None
        The year of each row for panel data.
    groups, denominators : mapping of column name to ndarray, shape (n_rows,)
    names : tuple of str or None
    digest : str
        SHA-256 of the validated table, identical for identical data.
    """

    units: tuple[str, ...]
    indicators: tuple[str, ...]
    values: FloatArray
    years: npt.NDArray[np.int64] | None
    groups: Mapping[str, npt.NDArray[np.object_]] = field(default_factory=dict)
    denominators: Mapping[str, FloatArray] = field(default_factory=dict)
    names: tuple[str, ...] | None = None
    digest: str = ""


def load_data(source: str | Path | pd.DataFrame, spec: Spec) -> Dataset:
    """Read and validate a data table against ``spec``.

    Missing values are allowed and left to the imputation step: an empty cell (or, in a
    DataFrame, ``None``/``nan``), or a text the spec declares in ``columns.missing_values``.
    Nothing else is missing: ``NA`` is Namibia's code in a unit or group column, and a
    non-numeric text in a numeric column is an error unless declared. Infinite values,
    unknown or duplicate columns and duplicate units are errors.

    Raises
    ------
    DataError
        Naming the column and, for a cell, the row (unit code).
    """
    frame = _read(source)
    _check_columns(frame, spec)
    unit_col = spec.columns.unit
    units = _unit_codes(frame, unit_col)
    if not units:
        raise DataError(
            "the data has no rows: give at least one unit",
            code="too_few_units",
            params={"count": 0, "minimum": 1},
        )
    years = _years(frame, spec, units)
    _check_unique(units, years)
    indicators = tuple(n.code for n in spec.indicators)
    missing = spec.columns.missing_values
    values = np.column_stack([_numeric(frame, code, units, missing) for code in indicators])
    denominators = {
        name: _numeric(frame, name, units, missing) for name in spec.columns.denominators
    }
    groups = {name: _labels(frame[name]) for name in spec.columns.groups}
    names = None
    if spec.columns.name is not None:
        names = tuple(label or "" for label in _labels(frame[spec.columns.name]))
    return Dataset(
        units=units,
        indicators=indicators,
        values=values,
        years=years,
        groups=groups,
        denominators=denominators,
        names=names,
        digest=_digest(units, years, indicators, values, groups, denominators),
    )


def align_dataset(dataset: Dataset, spec: Spec) -> Dataset:
    """``dataset`` with its indicator columns in ``spec``'s order, or a ``dataset_mismatch``.

    A Dataset loaded for another spec must never be used with this one by position: its
    columns are matched by code, and a spec indicator, group or denominator column the data
    lacks (or an indicator the spec does not know) is an error.
    """
    wanted = tuple(n.code for n in spec.indicators)
    if dataset.indicators == wanted and _has_columns(dataset, spec):
        return dataset
    missing = [code for code in wanted if code not in dataset.indicators]
    missing += [name for name in spec.columns.groups if name not in dataset.groups]
    missing += [name for name in spec.columns.denominators if name not in dataset.denominators]
    if spec.columns.year is not None and dataset.years is None:
        missing.append(spec.columns.year)
    extra = [code for code in dataset.indicators if code not in wanted]
    if spec.columns.year is None and dataset.years is not None:
        extra.append("year")  # panel data for a spec without years: which year is meant?
    if missing or extra:
        raise DataError(
            "the data set was loaded for another spec: "
            f"missing {', '.join(missing) or 'nothing'}; "
            f"not in the spec {', '.join(extra) or 'nothing'} (load the data again with this spec)",
            code="dataset_mismatch",
            params={"missing": missing, "extra": extra},
        )
    order = [dataset.indicators.index(code) for code in wanted]
    return replace(dataset, indicators=wanted, values=dataset.values[:, order])


def _has_columns(dataset: Dataset, spec: Spec) -> bool:
    return (
        set(spec.columns.groups) <= set(dataset.groups)
        and set(spec.columns.denominators) <= set(dataset.denominators)
        and (spec.columns.year is None) == (dataset.years is None)
    )


def _read(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame):
        source = source.rename(columns=str)  # a column named 5 is the node "5"
        duplicated = source.columns[source.columns.duplicated()]
        if len(duplicated):
            name = str(duplicated[0])
            raise DataError(
                "duplicate column", column=name, code="duplicate_column", params={"column": name}
            )
        return source.reset_index(drop=True)
    path = Path(source)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
    except OSError as exc:
        raise _unreadable(path, f"cannot read data file {str(path)!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise _unreadable(path, f"data file {str(path)!r} is not UTF-8 text") from None
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(
                "duplicate column", column=name, code="duplicate_column", params={"column": name}
            )
        seen.add(name)
    if not header:
        raise _unreadable(path, f"data file {str(path)!r} is empty")
    try:
        # every cell as its text: which texts mean "missing" is the spec's decision
        return pd.read_csv(path, dtype=str, na_filter=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, ValueError) as exc:
        raise _unreadable(path, f"data file {str(path)!r} is not valid CSV: {exc}") from None


def _unreadable(path: Path, message: str) -> DataError:
    return DataError(message, code="unreadable_data", params={"file": str(path)})


def _check_columns(frame: pd.DataFrame, spec: Spec) -> None:
    cols = spec.columns
    required = [cols.unit, *(n.code for n in spec.indicators), *cols.groups, *cols.denominators]
    required += [c for c in (cols.name, cols.year) if c is not None]
    present = {str(c) for c in frame.columns}
    for name in required:
        if name not in present:
            raise DataError(
                "missing column (the spec needs it)",
                column=name,
                code="missing_column",
                params={"column": name},
            )
    known = set(required) | set(cols.ignore)
    for name in frame.columns:
        if str(name) not in known:
            raise DataError(
                "unknown column (add it to the spec, or to columns.ignore)",
                column=str(name),
                code="unknown_column",
                params={"column": str(name)},
            )


def _unit_codes(frame: pd.DataFrame, column: str) -> tuple[str, ...]:
    codes = []
    for i, value in enumerate(frame[column]):
        if _blank(value):
            raise DataError(
                f"missing unit code on data line {i + 2}",
                column=column,
                code="missing_unit_code",
                params={"column": column, "line": i + 2},
            )
        codes.append(str(value).strip())
    return tuple(codes)


def _years(frame: pd.DataFrame, spec: Spec, units: tuple[str, ...]) -> npt.NDArray[np.int64] | None:
    if spec.columns.year is None:
        return None
    raw = _numeric(frame, spec.columns.year, units, ())
    for unit, year in zip(units, raw, strict=True):
        if np.isnan(year) or year != np.floor(year):
            raise DataError(
                f"year must be an integer, got {year}",
                column=spec.columns.year,
                row=unit,
                code="invalid_year",
                params={"column": spec.columns.year, "row": unit, "value": str(year)},
            )
    return raw.astype(np.int64)


def _check_unique(units: tuple[str, ...], years: npt.NDArray[np.int64] | None) -> None:
    seen: set[tuple[str, int]] = set()
    for i, unit in enumerate(units):
        key = (unit, int(years[i]) if years is not None else 0)
        if key in seen:
            where = f" in {key[1]}" if years is not None else ""
            raise DataError(
                f"duplicate unit code{where}",
                row=unit,
                code="duplicate_unit",
                params={"unit": unit, "year": key[1] if years is not None else None},
            )
        seen.add(key)


def _blank(value: object) -> bool:
    """An empty cell: ``None``/``nan`` in a DataFrame, or an empty (or blank) text."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def _numeric(
    frame: pd.DataFrame, column: str, units: tuple[str, ...], missing: tuple[str, ...]
) -> FloatArray:
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        converted = pd.Series(raw.to_numpy(dtype=np.float64, na_value=np.nan))
        absent = converted.isna().to_numpy()
    else:
        texts = raw.map(lambda v: v.strip() if isinstance(v, str) else v)
        absent = np.array([_blank(v) or v in missing for v in texts], dtype=bool)
        converted = pd.to_numeric(texts.where(~absent, None), errors="coerce")
    # "nan" or "NaN" written in a cell is text like any other: missing only if declared
    bad = converted.isna().to_numpy() & ~absent
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = str(raw.iloc[row])
        hint = " (a missing value is an empty cell, or a text declared in columns.missing_values)"
        raise DataError(
            f"non-numeric value {value!r}{hint}",
            column=column,
            row=units[row],
            code="non_numeric_value",
            params={"column": column, "row": units[row], "value": value},
        )
    values = converted.to_numpy(dtype=np.float64)
    infinite = np.isinf(values)
    if infinite.any():
        row = int(np.flatnonzero(infinite)[0])
        raise DataError(
            "infinite value",
            column=column,
            row=units[row],
            code="infinite_value",
            params={"column": column, "row": units[row]},
        )
    return values


def _labels(column: pd.Series) -> npt.NDArray[np.object_]:
    """Codes as text (``NA`` is a code); an empty cell is no label."""
    return np.array([None if _blank(v) else str(v).strip() for v in column], dtype=object)


def _digest(
    units: tuple[str, ...],
    years: npt.NDArray[np.int64] | None,
    indicators: tuple[str, ...],
    values: FloatArray,
    groups: Mapping[str, npt.NDArray[np.object_]],
    denominators: Mapping[str, FloatArray],
) -> str:
    """Hash of the validated content, independent of the file's formatting."""
    h = hashlib.sha256()
    h.update("\x1f".join(units).encode())
    if years is not None:
        h.update(np.ascontiguousarray(years, dtype="<i8").tobytes())
    h.update("\x1f".join(indicators).encode())
    h.update(np.ascontiguousarray(values, dtype="<f8").tobytes())
    for name in sorted(groups):
        h.update(name.encode() + b"\x1e" + "\x1f".join(str(v) for v in groups[name]).encode())
    for name in sorted(denominators):
        h.update(
            name.encode()
            + b"\x1e"
            + np.ascontiguousarray(denominators[name], dtype="<f8").tobytes()
        )
    return h.hexdigest()
