"""The generated templates: protection, validations, one row per variable, CSV encoding."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from gealc.measurement import spreadsheets
from gealc.measurement.spreadsheets import TemplateRow
from tests.measurement.io_helpers import (
    english,  # noqa: F401  (autouse)
    template_rows,
)


def _workbook(rows: list[TemplateRow] | None = None, language: str = "en") -> object:
    data = spreadsheets.template_xlsx(rows or template_rows(), title="Test", language=language)
    return load_workbook(io.BytesIO(data))


def test_workbook_has_instructions_and_values_sheets() -> None:
    workbook = _workbook()
    assert workbook.sheetnames == ["Instructions", "Values"]
    assert workbook.active.title == "Values"


def test_values_sheet_has_one_row_per_variable_under_a_header_of_keys() -> None:
    sheet = _workbook()["Values"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(spreadsheets.XLSX_COLUMNS)
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == [row.code for row in template_rows()]


def test_sheet_is_protected_and_only_data_cells_are_editable() -> None:
    sheet = _workbook()["Values"]
    assert sheet.protection.sheet is True
    editable = {spreadsheets.column_letter(key) for key in spreadsheets.EDITABLE_COLUMNS}
    for cell in sheet[2]:
        assert cell.protection.locked is (cell.column_letter not in editable)
    assert all(cell.protection.locked for cell in sheet[1])  # header row


def test_status_list_and_numeric_bounds_are_validated() -> None:
    sheet = _workbook()["Values"]
    validations = sheet.data_validations.dataValidation
    status = [v for v in validations if v.type == "list"]
    assert len(status) == 1
    assert status[0].formula1 == '"reported,not_available,not_applicable,confidential"'
    assert str(status[0].sqref) == "F2:F4"
    numeric = {
        str(v.sqref): (v.type, v.formula1, v.formula2)
        for v in validations
        if v.type in ("decimal", "whole")
    }
    assert numeric["E2"] == ("decimal", "0", "100")
    assert numeric["E3"][0:2] == ("whole", "0")
    assert numeric["E4"] == ("whole", "0", "1")


def test_instructions_follow_the_language() -> None:
    heading = _workbook(language="en")["Instructions"]["A3"].value
    assert heading == "How to fill in this workbook"
    assert _workbook(language="es")["Instructions"].protection.sheet is True


def test_text_that_looks_like_a_formula_stays_text() -> None:
    row = TemplateRow(
        "x",
        '=HYPERLINK("http://evil")',
        "",
        None,
        None,
        False,
        Decimal("1.5"),
        "reported",
        "",
        "=1+1",
    )
    sheet = _workbook([row])["Values"]
    assert sheet["B2"].data_type == "s"
    assert sheet["H2"].data_type == "s"
    assert sheet["E2"].value == 1.5


def test_csv_template_is_utf8_with_bom_and_neutralises_formulas() -> None:
    row = TemplateRow(
        "x",
        "Perú",
        "",
        None,
        None,
        False,
        Decimal("12.500000"),
        "reported",
        "",
        "=cmd|' /C calc'!A0",
    )
    data = spreadsheets.template_csv([row])
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "variable,value,status,evidence_url,comment"
    assert lines[1].startswith("x,12.5,reported,,'=cmd")


def test_format_number_has_no_exponent_nor_trailing_zeros() -> None:
    assert spreadsheets.format_number(Decimal("1E+2")) == "100"
    assert spreadsheets.format_number(Decimal("12.500000")) == "12.5"
    assert spreadsheets.format_number(Decimal("0.000000")) == "0"
    assert spreadsheets.format_number(None) == ""
