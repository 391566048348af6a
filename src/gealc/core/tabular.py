"""Every tabular download (CSV, XLSX, SDMX-CSV) is written here, with one formula-injection
policy.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula ("CSV injection": ``=HYPERLINK(...)`` in a name sends a reader elsewhere,
``=cmd|...`` runs a program). What countries and users type reaches these files, so:

- numbers (``int``, ``float``, ``Decimal``) are written as numbers, and so is text that is a
  plain number (``-12.5``): they stay numeric;
- any other text that starts with one of those characters is *formula-like*
  (:func:`is_formula_like`): in CSV it gets a leading apostrophe (OWASP's advice; spreadsheets
  show the text after it, and our imports take it off again); in XLSX every text is a string
  cell, never a formula, and a formula-like one is also marked as quoted text (Excel's own
  "quote prefix", invisible), so the value comes back exactly as it was.

CSV is UTF-8 with a byte-order mark by default, so spreadsheets read accents right
(SDMX-CSV asks for none) and lines end in CRLF (RFC 4180).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

#: Leading characters that make a spreadsheet treat text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_ENCODING = "utf-8-sig"
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def is_formula_like(text: str) -> bool:
    """Text a spreadsheet would run as a formula (a plain number such as ``-3.5`` is not)."""
    return text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """The CSV form of a text: an apostrophe before a formula-like one."""
    return f"'{text}" if is_formula_like(text) else text


# CSV ----------------------------------------------------------------------------------------


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: nothing is empty, text is neutralised, numbers stay numbers."""
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def csv_bytes(
    rows: Iterable[Sequence[Any]], header: Sequence[str], *, byte_order_mark: bool = True
) -> bytes:
    """A header and rows as CSV (every cell through :func:`csv_cell`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode(CSV_ENCODING if byte_order_mark else "utf-8")


def dict_rows(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterable[list[Any]]:
    """Rows of dictionaries as rows of the given columns (a missing key is empty)."""
    return ([row.get(column) for column in columns] for row in rows)


# XLSX ---------------------------------------------------------------------------------------


def set_text(cell: Cell, text: str) -> None:
    """Write text that is never a formula (openpyxl makes one of ``=…``), quoted if it looks
    like one."""
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


def set_value(cell: Cell, value: Any) -> None:
    """A text through :func:`set_text`; numbers, dates and empties as they are."""
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value


def write_rows(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header and rows into a worksheet, every cell through :func:`set_value`."""
    for number, row in enumerate([header, *rows], start=1):
        for column, value in enumerate(row, start=1):
            set_value(sheet.cell(row=number, column=column), value)


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """One row at the end of a sheet of a write-only workbook (large downloads)."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet)
        set_value(cell, value)
        cells.append(cell)
    sheet.append(cells)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
