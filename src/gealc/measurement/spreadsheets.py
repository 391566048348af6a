"""Spreadsheet templates of a submission: an XLSX workbook and a CSV file to fill in offline.

Both formats share one column vocabulary, so a file exported from the site, a generated
template and a hand-made CSV are read by the same import (``gealc.measurement.imports``):

``variable, value, status, evidence_url, comment`` (required: variable and value or status)

The XLSX "Values" sheet adds three informational columns (``name``, ``unit``, ``range``) that
the import ignores. Header cells hold these machine keys, not translated labels, so a file
filled in Portuguese imports the same as one filled in French; the "Instructions" sheet and
each header's input message explain them in the user's language.

Both are written by ``gealc.core.tabular`` (text that looks like a formula is neutralised).
CSV files are written as UTF-8 *with* a byte-order mark: without it Excel (the tool most
focal points use) opens accented names (Perú, São Paulo, Haïti) as mojibake. The import
accepts UTF-8 with or without the mark and refuses anything else with the line of the first
byte that is not UTF-8, rather than guessing an encoding.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gealc.core.tabular import csv_bytes, set_text, workbook_bytes

VALUES_SHEET = "Values"
INSTRUCTIONS_SHEET = "Instructions"
CSV_SHEET = "CSV"

VARIABLE = "variable"
VALUE = "value"
STATUS = "status"
EVIDENCE_URL = "evidence_url"
COMMENT = "comment"
#: The columns of a CSV file, in order; also every column the import reads.
DATA_COLUMNS = (VARIABLE, VALUE, STATUS, EVIDENCE_URL, COMMENT)
#: Shown in the XLSX template to help whoever fills it in; ignored by the import.
INFO_COLUMNS = ("name", "unit", "range")
XLSX_COLUMNS = (VARIABLE, "name", "unit", "range", VALUE, STATUS, EVIDENCE_URL, COMMENT)
#: Columns a focal point edits in the XLSX template; every other cell is protected.
EDITABLE_COLUMNS = (VALUE, STATUS, EVIDENCE_URL, COMMENT)


@dataclass(frozen=True)
class TemplateRow:
    """One variable of a submission as a template or an export shows it."""

    code: str
    name: str
    unit: str
    minimum: Decimal | None
    maximum: Decimal | None
    integer: bool
    value: Decimal | None
    status: str
    evidence_url: str
    comment: str


def range_label(row: TemplateRow) -> str:
    if row.minimum is None and row.maximum is None:
        return ""
    low = "" if row.minimum is None else format_number(row.minimum)
    high = "" if row.maximum is None else format_number(row.maximum)
    return f"[{low}, {high}]"


def format_number(number: Decimal | None) -> str:
    """A decimal without exponent or trailing zeros: ``12.50`` → ``12.5``, ``1E+2`` → ``100``."""
    if number is None:
        return ""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def status_labels() -> dict[str, str]:
    """Status key → label in the active language (the measurement model's choices)."""
    from gealc.measurement.models import Value

    return {str(key): str(label) for key, label in Value.Status.choices}


# --- CSV ---------------------------------------------------------------------------------


def template_csv(rows: Iterable[TemplateRow]) -> bytes:
    """The five data columns, one line per variable, current values pre-filled."""
    return csv_bytes(
        ((r.code, format_number(r.value), r.status, r.evidence_url, r.comment) for r in rows),
        DATA_COLUMNS,
    )


# --- XLSX --------------------------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_FONT = Font(bold=True)
COLUMN_WIDTHS = {
    VARIABLE: 30,
    "name": 50,
    "unit": 14,
    "range": 16,
    VALUE: 16,
    STATUS: 18,
    EVIDENCE_URL: 40,
    COMMENT: 50,
}


def column_letter(key: str) -> str:
    return chr(ord("A") + XLSX_COLUMNS.index(key))


def column_help() -> dict[str, str]:
    return {
        VARIABLE: _("Code of the variable. Do not change it."),
        "name": _("Name of the variable (for reference only)."),
        "unit": _("Unit in which the value is reported."),
        "range": _("Values allowed for the variable."),
        VALUE: _("The number for the reference year. Leave empty if not available."),
        STATUS: _("reported, not_available, not_applicable or confidential."),
        EVIDENCE_URL: _("Link to the source that supports the value."),
        COMMENT: _("Anything the reviewers should know about the value."),
    }


def _instructions(sheet: Worksheet, title: str, statuses: dict[str, str]) -> None:
    lines = [
        title,
        "",
        _("How to fill in this workbook"),
        _("1. Go to the sheet “Values”. There is one row per variable."),
        _(
            "2. Type the number in the column “value”, with a dot or your spreadsheet's decimal "
            "separator. Do not type formulas: they are refused."
        ),
        _("3. Choose the status from the list in the column “status”."),
        _(
            "4. Give a link to the evidence in “evidence_url” (a document can also be uploaded "
            "on the submission's page) and explain anything unusual in “comment”."
        ),
        _(
            "5. Upload the workbook on the submission's page. Use “Check the file” first: "
            "nothing is saved unless the whole file is correct, and every problem is listed "
            "with its row and column."
        ),
        _("Rows left completely empty are not changed."),
        "",
        _("Statuses"),
        *(f"{key}: {label}" for key, label in statuses.items()),
        "",
        _("Columns"),
        *(f"{key}: {text}" for key, text in column_help().items()),
    ]
    for number, line in enumerate(lines, start=1):
        set_text(sheet.cell(row=number, column=1), line)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
    sheet.protection.sheet = True


def _header(sheet: Worksheet) -> None:
    helps = column_help()
    for index, key in enumerate(XLSX_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        set_text(cell, key)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = COLUMN_WIDTHS[key]
        prompt = DataValidation(showInputMessage=True, promptTitle=key[:32], prompt=helps[key])
        sheet.add_data_validation(prompt)
        prompt.add(cell.coordinate)
    sheet.freeze_panes = "A2"


def _validations(sheet: Worksheet, rows: Sequence[TemplateRow], statuses: Sequence[str]) -> None:
    """A status list for the whole column and numeric bounds grouped by identical range."""
    last = len(rows) + 1
    if not rows:
        return
    status_column = column_letter(STATUS)
    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Status"),
        error=_("Choose a status from the list."),
    )
    sheet.add_data_validation(status_list)
    status_list.add(f"{status_column}2:{status_column}{last}")
    value_column = column_letter(VALUE)
    rows_by_rule: dict[tuple[str, str, str], list[int]] = {}
    for number, row in enumerate(rows, start=2):
        kind = "whole" if row.integer else "decimal"
        low = format_number(row.minimum) if row.minimum is not None else "-1E+15"
        high = format_number(row.maximum) if row.maximum is not None else "1E+15"
        rows_by_rule.setdefault((kind, low, high), []).append(number)
    for (kind, low, high), numbers in rows_by_rule.items():
        bounds = DataValidation(
            type=kind,
            operator="between",
            formula1=low,
            formula2=high,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Value"),
            error=_("Enter a number between %(low)s and %(high)s.") % {"low": low, "high": high},
        )
        # One sqref for all the runs: adding them one by one is quadratic in openpyxl.
        runs = _runs(numbers)
        bounds.sqref = MultiCellRange(
            " ".join(f"{value_column}{first}:{value_column}{last}" for first, last in runs)
        )
        sheet.add_data_validation(bounds)


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as contiguous (first, last) runs: a short sqref for big sheets."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


class _Styles:
    """Each column's cell style, worked out once and copied to every row.

    Assigning a fill or a protection makes openpyxl hash and look up the style for every
    cell; copying the finished style array is what makes a 100,000-row template quick.
    """

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, bool], Any] = {}

    def apply(self, cell: Cell, key: str, integer: bool) -> None:
        style = self.by_key.get((key, integer))
        if style is not None:
            cell._style = copy.copy(style)
            return
        if key == VALUE:
            cell.number_format = "0" if integer else "General"
        if key in EDITABLE_COLUMNS:
            cell.protection = Protection(locked=False)
        else:
            cell.fill = LOCKED_FILL
        self.by_key[(key, integer)] = copy.copy(cell._style)


def _row(sheet: Worksheet, number: int, row: TemplateRow, styles: _Styles) -> None:
    texts = {
        VARIABLE: row.code,
        "name": row.name,
        "unit": row.unit,
        "range": range_label(row),
        STATUS: row.status,
        EVIDENCE_URL: row.evidence_url,
        COMMENT: row.comment,
    }
    for index, key in enumerate(XLSX_COLUMNS, start=1):
        cell = sheet.cell(row=number, column=index)
        # The column's style first: set_text adds the quote prefix of a formula-like text.
        styles.apply(cell, key, row.integer)
        if key == VALUE:
            cell.value = row.value
        else:
            set_text(cell, texts[key])


def template_workbook(
    rows: Sequence[TemplateRow], *, title: str, language: str | None = None
) -> Workbook:
    """Instructions sheet + protected "Values" sheet, one row per variable."""
    with translation.override(language or translation.get_language()):
        statuses = status_labels()
        workbook = Workbook()
        instructions = workbook.active
        instructions.title = INSTRUCTIONS_SHEET
        _instructions(instructions, title, statuses)
        values = workbook.create_sheet(VALUES_SHEET)
        _header(values)
        styles = _Styles()
        for number, row in enumerate(rows, start=2):
            _row(values, number, row, styles)
        _validations(values, rows, list(statuses))
        # Sheet protection keeps codes and headers intact; editable cells are unlocked above.
        # No password: it prevents accidents, it is not a security boundary (the import
        # checks everything again).
        values.protection.sheet = True
        values.protection.formatCells = False
        values.protection.formatColumns = False
        values.protection.autoFilter = False
        values.protection.sort = True
        workbook.active = workbook.index(values)
    return workbook


def template_xlsx(rows: Sequence[TemplateRow], *, title: str, language: str | None = None) -> bytes:
    return workbook_bytes(template_workbook(rows, title=title, language=language))


# --- from the database -------------------------------------------------------------------


def variable_bounds(variable: Any) -> tuple[Decimal | None, Decimal | None]:
    """The allowed range of a Variable, narrowed to [0, 100] for percentages, [0, 1] for yes/no."""
    from gealc.measurement.models import Variable

    low = None if variable.min_value is None else Decimal(str(variable.min_value))
    high = None if variable.max_value is None else Decimal(str(variable.max_value))
    fixed = {
        Variable.ValueType.PERCENTAGE: (Decimal(0), Decimal(100)),
        Variable.ValueType.BOOLEAN: (Decimal(0), Decimal(1)),
    }.get(variable.value_type)
    if fixed is not None:
        low = fixed[0] if low is None else max(low, fixed[0])
        high = fixed[1] if high is None else min(high, fixed[1])
    return low, high


def is_integer(variable: Any) -> bool:
    from gealc.measurement.models import Variable

    return variable.value_type in (Variable.ValueType.INTEGER, Variable.ValueType.BOOLEAN)


def submission_rows(submission: Any) -> list[TemplateRow]:
    """One row per variable of the round's framework version, with the current values.

    A variable nobody has answered yet gets an empty status, so that the template does not
    claim "reported" for an empty cell.
    """
    from gealc.measurement.models import Value, Variable

    variables = Variable.objects.filter(framework_id=submission.round.framework_version_id)
    values = {value.variable_id: value for value in Value.objects.filter(submission=submission)}
    rows = []
    for variable in variables.order_by("order", "code"):
        value = values.get(variable.pk)
        low, high = variable_bounds(variable)
        answered = value is not None and (
            value.value is not None
            or value.status != Value.Status.REPORTED
            or value.evidence_url
            or value.comment
        )
        rows.append(
            TemplateRow(
                code=variable.code,
                name=variable.name,
                unit=variable.unit,
                minimum=low,
                maximum=high,
                integer=is_integer(variable),
                value=value.value if value is not None else None,
                status=value.status if answered and value is not None else "",
                evidence_url=value.evidence_url if value is not None else "",
                comment=value.comment if value is not None else "",
            )
        )
    return rows


def submission_title(submission: Any) -> str:
    return _("%(country)s — round %(year)s, %(framework)s") % {
        "country": submission.country.name,
        "year": submission.round.reference_year,
        "framework": submission.round.framework_version,
    }


def submission_filename(submission: Any, stem: str, extension: str) -> str:
    """``ury-2025-template.xlsx``: ASCII only, safe in a Content-Disposition header."""
    return f"{submission.country.iso3.lower()}-{submission.round.reference_year}-{stem}.{extension}"


def submission_template_xlsx(submission: Any, *, language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language()):
        title = submission_title(submission)
        return template_xlsx(submission_rows(submission), title=title, language=language)


def submission_template_csv(submission: Any) -> bytes:
    return template_csv(submission_rows(submission))
