"""Checks that a download wrote a hostile text as text, for the tests of every export."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

HYPERLINK = '=HYPERLINK("http://evil.example","click")'
NEUTRALISED = "'" + HYPERLINK


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def assert_csv_neutralised(data: bytes) -> None:
    """The hostile text is there, behind an apostrophe, and nowhere bare."""
    cells = csv_cells(data)
    assert NEUTRALISED in cells
    assert HYPERLINK not in cells


def assert_xlsx_neutralised(data: bytes) -> None:
    """The hostile text is there as quoted text, and no cell anywhere is a formula."""
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    hostile = [cell for cell in cells if cell.value == HYPERLINK]
    assert hostile
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)
    assert not [cell for cell in cells if cell.data_type == "f"]
