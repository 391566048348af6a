"""The training report as files, through the shared tabular writers (``gealc.core.tabular``,
one formula-injection policy for every export)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from gealc.core.tabular import append_row, csv_bytes, workbook_bytes
from gealc.groups.selectors import TrainedRow

TRAINED_COLUMNS = ("country", "year", "course", "working_line", "trained")


def _rows(rows: Sequence[TrainedRow]) -> list[list[object]]:
    return [[getattr(row, column) for column in TRAINED_COLUMNS] for row in rows]


def trained_csv(rows: Sequence[TrainedRow]) -> bytes:
    return csv_bytes(_rows(rows), TRAINED_COLUMNS)


def trained_xlsx(rows: Sequence[TrainedRow]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="officials_trained")
    append_row(sheet, TRAINED_COLUMNS)
    for row in _rows(rows):
        append_row(sheet, row)
    return workbook_bytes(workbook)
