"""Import a filled-in template (XLSX or CSV) into a submission: all or nothing.

Reading never stops at the first problem: every problem is collected with its sheet, row,
column and a message, so a focal point fixes the whole file in one go. Only a file with no
problem at all is saved, by ``services.values_import`` in one call to
``services.values_save_many`` (one transaction, with the lock version the user's page or API
client read). A dry run stops before saving and returns the report with the changes the
import would make. This module reads and checks; it writes nothing.

What is refused, and why:

- anything that is not a CSV or an XLSX workbook (detected from the bytes, not the name),
  legacy or encrypted workbooks (OLE containers), macro-enabled workbooks, zip bombs (by
  the limits every upload has, ``gealc.core.files.check_zip_expansion``: more than 1000
  parts, more than 64 MB unpacked, a part compressed more than 200 times), checked on the
  archive's directory before anything is inflated, files over
  ``settings.GEALC_MAX_UPLOAD_BYTES`` and more than ``max_import_rows()`` rows;
- CSV text that is not UTF-8 (with or without a byte-order mark): no encoding is guessed,
  because a wrong guess silently changes names and numbers;
- formula cells (``=…``): the workbook is read with ``data_only=False`` so a formula is seen
  as a formula, never as whatever value a spreadsheet last cached for it;
- unknown or duplicate variables, non-numeric values, values out of the variable's range,
  unknown statuses, a value together with "not available"/"not applicable", a reported
  status without a value, text longer than the database keeps.

A row whose data cells are all empty means "leave this variable as it is".
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from gealc.core.files import ZipBomb, check_zip_expansion
from gealc.core.tabular import is_formula_like
from gealc.measurement.spreadsheets import (
    COMMENT,
    CSV_SHEET,
    DATA_COLUMNS,
    EVIDENCE_URL,
    INFO_COLUMNS,
    STATUS,
    VALUE,
    VALUES_SHEET,
    VARIABLE,
    format_number,
)

FORMULA_TYPES = (ArrayFormula, DataTableFormula)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_MARKERS = ("vbaproject.bin", "macroenabled", "activex")
DEFAULT_MAX_ROWS = 100_000
MAX_PROBLEMS = 1000
# Value.value is DecimalField(max_digits=24, decimal_places=6); validation's bound is below.
MAX_ABS_VALUE = Decimal("1e17")
MAX_DECIMAL_PLACES = 6
MAX_EVIDENCE_URL = 500
MAX_COMMENT = 10_000
REQUIRED_COLUMNS = (VARIABLE, VALUE, STATUS)
NO_VALUE_STATUSES = ("not_available", "not_applicable")


#: Stands for a cell already reported as a problem (a formula, an error value).
REFUSED = type("Refused", (), {"__repr__": lambda self: "REFUSED"})()


class ImportRefused(Exception):
    """The file cannot be read at all; carries the problem to show."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file; ``None`` where it concerns the file as a whole."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "message": self.message,
        }


@dataclass(frozen=True)
class VariableSpec:
    """What the import checks for one variable."""

    code: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    integer: bool = False


@dataclass(frozen=True)
class ImportRow:
    """A valid row, ready for ``values_save_many``."""

    variable: str
    value: Decimal | None
    status: str
    evidence_url: str
    comment: str
    sheet: str
    row: int

    def as_service_row(self) -> dict[str, Any]:
        return {
            "variable_code": self.variable,
            "value": self.value,
            "status": self.status,
            "evidence_url": self.evidence_url,
            "comment": self.comment,
        }


@dataclass(frozen=True)
class Change:
    """What an import changes for one variable: field → (before, after)."""

    variable: str
    row: int
    fields: dict[str, tuple[str, str]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "row": self.row,
            "changes": {name: {"before": b, "after": a} for name, (b, a) in self.fields.items()},
        }


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = True
    saved: bool = False
    conflict: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.conflict is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "saved": self.saved,
            "rows": len(self.rows),
            "problems": [problem.as_dict() for problem in self.problems],
            "changes": [change.as_dict() for change in self.changes],
            "conflict": self.conflict,
        }


@dataclass
class Table:
    """The raw cells of the sheet that holds the values."""

    sheet: str
    header: list[Any]
    rows: list[tuple[int, list[Any]]]
    problems: list[Problem]
    cell_names: bool  # XLSX: problems name cells such as E7


def max_import_rows() -> int:
    return int(getattr(settings, "GEALC_MAX_IMPORT_ROWS", DEFAULT_MAX_ROWS))


def max_upload_bytes() -> int:
    return int(settings.GEALC_MAX_UPLOAD_BYTES)


# --- reading the file --------------------------------------------------------------------


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file (or bytes), refusing more than the upload limit."""
    limit = max_upload_bytes()
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limit:
            raise ImportRefused(_too_big(limit))
        upload.seek(0)
        data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(_too_big(limit))
    if not data:
        raise ImportRefused(Problem(_("The file is empty.")))
    return data


def _too_big(limit: int) -> Problem:
    megabytes = f"{limit / (1024 * 1024):.1f}"
    return Problem(_("The file is larger than %(size)s MB.") % {"size": megabytes})


def read_table(data: bytes) -> Table:
    """Detect the format from the bytes and read the sheet of values."""
    if data.startswith(OLE_MAGIC):
        raise ImportRefused(
            Problem(
                _(
                    "This is an encrypted workbook or an old Excel 97-2003 file. Save it as an "
                    "Excel workbook (.xlsx) without a password, or as CSV."
                )
            )
        )
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data)
    return read_csv(data)


def _check_archive(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    _check_expansion(members)  # first: reading even [Content_Types].xml inflates a part
    names = [member.filename.lower() for member in members]
    if "[content_types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportRefused(Problem(_("The file is not an Excel workbook (.xlsx).")))
    content_types = archive.read("[Content_Types].xml")[:200_000].lower()
    if any(marker in name for name in names for marker in MACRO_MARKERS) or (
        b"macroenabled" in content_types
    ):
        raise ImportRefused(
            Problem(_("Workbooks with macros are refused. Save it as an Excel workbook (.xlsx)."))
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ImportRefused(Problem(_("Encrypted files are refused.")))


def _check_expansion(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb by the limits every upload has (``gealc.core.files``), saying which."""
    try:
        check_zip_expansion(members)
    except ZipBomb as bomb:
        advice = _(
            "It is refused as a possible zip bomb: remove unused sheets, rows or images, or "
            "upload it as CSV."
        )
        raise ImportRefused(Problem(f"{bomb} {advice}")) from None


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _unreadable(error) from error
    try:
        return _xlsx_table(workbook)
    except ImportRefused:
        raise
    except Exception as error:
        raise _unreadable(error) from error
    finally:
        workbook.close()


def _unreadable(error: Exception) -> ImportRefused:
    message = _("The file could not be read as an Excel workbook (.xlsx).")
    return ImportRefused(Problem(f"{message} ({type(error).__name__})"))


def _xlsx_table(workbook: Any) -> Table:
    if VALUES_SHEET in workbook.sheetnames:
        sheet = workbook[VALUES_SHEET]
    elif len(workbook.sheetnames) == 1:
        sheet = workbook[workbook.sheetnames[0]]
    else:
        raise ImportRefused(
            Problem(_("The workbook has no sheet named “%(sheet)s”.") % {"sheet": VALUES_SHEET})
        )
    name = sheet.title
    table = Table(sheet=name, header=[], rows=[], problems=[], cell_names=True)
    limit = max_import_rows()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values = [_xlsx_cell(cell, name, number, table.problems) for cell in cells]
        if number == 1:
            table.header = values
            continue
        if number - 1 > limit:
            raise ImportRefused(_too_many_rows(limit))
        table.rows.append((number, values))
    return table


def _xlsx_cell(cell: Any, sheet: str, row: int, problems: list[Problem]) -> Any:
    value = getattr(cell, "value", None)
    data_type = getattr(cell, "data_type", None)
    if data_type == "n" or value is None:
        return value  # the common case first: a number or an empty cell
    # Text typed as text (data type "s") may start with "=": only real formulas are refused.
    if data_type == "f" or isinstance(value, FORMULA_TYPES):
        problems.append(
            Problem(
                _("Formulas are not accepted; type the value itself."),
                sheet=sheet,
                row=row,
                cell=_coordinate(cell, row),
            )
        )
        return REFUSED
    if data_type == "e":
        problems.append(
            Problem(
                _("The cell holds a spreadsheet error (%(error)s).") % {"error": str(value)[:20]},
                sheet=sheet,
                row=row,
                cell=_coordinate(cell, row),
            )
        )
        return REFUSED
    return value


def _coordinate(cell: Any, row: int) -> str | None:
    from openpyxl.utils import get_column_letter

    column = getattr(cell, "column", None)
    return f"{get_column_letter(column)}{row}" if isinstance(column, int) else None


def _too_many_rows(limit: int) -> Problem:
    return Problem(_("The file has more than %(limit)s rows.") % {"limit": limit})


def decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            Problem(
                _(
                    "The file is not UTF-8 text (first unreadable byte on line %(line)s). Save it "
                    "as “CSV UTF-8” or upload the Excel workbook."
                )
                % {"line": line},
                sheet=CSV_SHEET,
                row=line,
            )
        ) from error


def read_csv(data: bytes) -> Table:
    text = decode_csv(data)
    if "\x00" in text:
        raise ImportRefused(Problem(_("The file is not a CSV file (it contains NUL characters).")))
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in Spanish, Portuguese and French locales save CSV with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    table = Table(sheet=CSV_SHEET, header=[], rows=[], problems=[], cell_names=False)
    limit = max_import_rows()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for cells in reader:
            if not table.header:
                table.header = list(cells)
                continue
            if len(table.rows) >= limit:
                raise ImportRefused(_too_many_rows(limit))
            table.rows.append((reader.line_num, [_csv_cell(cell, delimiter) for cell in cells]))
    except csv.Error as error:
        raise ImportRefused(
            Problem(
                _("The CSV file is malformed: %(error)s.") % {"error": error},
                sheet=CSV_SHEET,
                row=reader.line_num,
            )
        ) from error
    return table


def _csv_cell(cell: str, delimiter: str) -> str:
    return cell.replace(",", ".", 1) if delimiter == ";" and _decimal_comma(cell) else cell


def _decimal_comma(cell: str) -> bool:
    text = cell.strip()
    return text.count(",") == 1 and "." not in text and text.replace(",", "").lstrip("-").isdigit()


# --- checking the rows -------------------------------------------------------------------


def column_map(table: Table) -> tuple[dict[str, int], list[Problem]]:
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(table.header):
        key = str(raw).strip().lower() if raw is not None else ""
        if not key or key in INFO_COLUMNS:
            continue
        if key not in DATA_COLUMNS:
            problems.append(
                Problem(
                    _("Unknown column “%(column)s”; the columns are: %(known)s.")
                    % {"column": str(raw)[:100], "known": ", ".join(DATA_COLUMNS)},
                    sheet=table.sheet,
                    row=1,
                    column=str(raw)[:100],
                )
            )
        elif key in columns:
            problems.append(
                Problem(_("The column appears twice."), sheet=table.sheet, row=1, column=key)
            )
        else:
            columns[key] = index
    for key in REQUIRED_COLUMNS:
        if key not in columns:
            problems.append(
                Problem(
                    _("The column “%(column)s” is missing from the first row.") % {"column": key},
                    sheet=table.sheet,
                    row=1,
                    column=key,
                )
            )
    return columns, problems


def parse_table(
    table: Table, variables: dict[str, VariableSpec], statuses: Sequence[str]
) -> tuple[list[ImportRow], list[Problem]]:
    """Every valid row, and every problem of the file (in file order)."""
    columns, problems = column_map(table)
    problems = [*table.problems, *problems]
    if any(key not in columns for key in REQUIRED_COLUMNS):
        return [], problems
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        checker = RowChecker(table, number, cells, columns)
        row = checker.check(variables, statuses, seen)
        problems.extend(checker.problems)
        if row is not None:
            rows.append(row)
    return rows, problems


class RowChecker:
    """Turns one row's cells into an ImportRow, noting each problem with its column."""

    def __init__(
        self, table: Table, number: int, cells: list[Any], columns: dict[str, int]
    ) -> None:
        self.table = table
        self.number = number
        self.cells = cells
        self.columns = columns
        self.problems: list[Problem] = []

    def raw(self, key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if value is None or value is REFUSED:
            return ""
        if isinstance(value, float | int | Decimal) and not isinstance(value, bool):
            return format_number(Decimal(str(value)))
        text = str(value).strip()
        if not self.table.cell_names and text[:1] == "'" and is_formula_like(text[1:]):
            return text[1:]  # undo tabular.neutralise() of our own CSV export
        return text

    def problem(self, key: str, message: str) -> None:
        cell = None
        if self.table.cell_names and key in self.columns:
            from openpyxl.utils import get_column_letter

            cell = f"{get_column_letter(self.columns[key] + 1)}{self.number}"
        self.problems.append(
            Problem(message, sheet=self.table.sheet, row=self.number, column=key, cell=cell)
        )

    def check(
        self, variables: dict[str, VariableSpec], statuses: Sequence[str], seen: dict[str, int]
    ) -> ImportRow | None:
        if any(cell is REFUSED for cell in self.cells):
            return None  # its problems are already reported, cell by cell
        code = self.text(VARIABLE)
        data = [self.text(key) for key in (VALUE, STATUS, EVIDENCE_URL, COMMENT)]
        if not any(data):
            if code and code not in variables:
                self.problem(VARIABLE, _unknown_variable(code))
            return None
        variable = self.variable(code, variables, seen)
        status = self.status(statuses)
        value = self.value(variable, status)
        evidence_url = self.evidence_url()
        comment = self.comment()
        if self.problems or variable is None or status is None:
            return None
        return ImportRow(
            variable=variable.code,
            value=value,
            status=status,
            evidence_url=evidence_url,
            comment=comment,
            sheet=self.table.sheet,
            row=self.number,
        )

    def variable(
        self, code: str, variables: dict[str, VariableSpec], seen: dict[str, int]
    ) -> VariableSpec | None:
        if not code:
            self.problem(VARIABLE, _("The variable code is missing."))
            return None
        variable = variables.get(code) or variables.get(code.lower())
        if variable is None:
            self.problem(VARIABLE, _unknown_variable(code))
            return None
        if variable.code in seen:
            self.problem(
                VARIABLE,
                _("“%(code)s” already appears on row %(row)s.")
                % {"code": variable.code, "row": seen[variable.code]},
            )
            return None
        seen[variable.code] = self.number
        return variable

    def status(self, statuses: Sequence[str]) -> str | None:
        text = self.text(STATUS)
        if not text:
            return "reported" if "reported" in statuses else statuses[0]
        key = text.lower().replace(" ", "_").replace("-", "_")
        if key not in statuses:
            self.problem(
                STATUS,
                _("“%(status)s” is not a status; use one of: %(statuses)s.")
                % {"status": text[:100], "statuses": ", ".join(statuses)},
            )
            return None
        return key

    def value(self, variable: VariableSpec | None, status: str | None) -> Decimal | None:
        raw = self.raw(VALUE)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if status == "reported":
                self.problem(VALUE, _("A reported value needs a number."))
            return None
        if status in NO_VALUE_STATUSES:
            self.problem(
                VALUE,
                _("Leave the value empty when the status is “%(status)s”.") % {"status": status},
            )
            return None
        number = self.number_of(raw)
        if number is None or variable is None:
            return None
        return self.in_range(number, variable)

    def number_of(self, raw: Any) -> Decimal | None:
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
            self.problem(VALUE, _("The value must be a number."))
            return None
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if text.startswith("="):
            self.problem(VALUE, _("Formulas are not accepted; type the value itself."))
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.problem(VALUE, _("“%(value)s” is not a number.") % {"value": str(raw)[:50]})
            return None
        if not number.is_finite():
            self.problem(VALUE, _("The value must be a finite number."))
            return None
        if abs(number) >= MAX_ABS_VALUE:
            self.problem(VALUE, _("The number is too large."))
            return None
        return number.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES))

    def in_range(self, number: Decimal, variable: VariableSpec) -> Decimal | None:
        if variable.integer and number != number.to_integral_value():
            self.problem(VALUE, _("The value must be a whole number."))
            return None
        too_low = variable.minimum is not None and number < variable.minimum
        too_high = variable.maximum is not None and number > variable.maximum
        if too_low or too_high:
            self.problem(
                VALUE,
                _("%(value)s is outside the allowed range [%(low)s, %(high)s].")
                % {
                    "value": format_number(number),
                    "low": format_number(variable.minimum) if variable.minimum is not None else "",
                    "high": format_number(variable.maximum) if variable.maximum is not None else "",
                },
            )
            return None
        return number

    def evidence_url(self) -> str:
        url = self.text(EVIDENCE_URL)
        if not url:
            return ""
        if len(url) > MAX_EVIDENCE_URL:
            self.problem(
                EVIDENCE_URL,
                _("The link is longer than %(limit)s characters.") % {"limit": MAX_EVIDENCE_URL},
            )
            return ""
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            self.problem(EVIDENCE_URL, _("Enter a link that starts with https:// or http://."))
            return ""
        return url

    def comment(self) -> str:
        text = self.text(COMMENT)
        if len(text) > MAX_COMMENT:
            self.problem(
                COMMENT,
                _("The comment is longer than %(limit)s characters.") % {"limit": MAX_COMMENT},
            )
            return ""
        return text


def _unknown_variable(code: str) -> str:
    return _("“%(code)s” is not a variable of this framework version.") % {"code": code[:100]}


def parse_file(
    data: bytes, variables: dict[str, VariableSpec], statuses: Sequence[str]
) -> ImportReport:
    """Read and check a whole file; never raises for a bad file (its problems are reported)."""
    try:
        table = read_table(data)
    except ImportRefused as refused:
        return ImportReport(problems=[refused.problem])
    rows, problems = parse_table(table, variables, statuses)
    if len(problems) > MAX_PROBLEMS:
        problems = [
            *problems[:MAX_PROBLEMS],
            Problem(_("… and %(count)s more problems.") % {"count": len(problems) - MAX_PROBLEMS}),
        ]
    if not rows and not problems:
        problems.append(Problem(_("The file has no values to import."), sheet=table.sheet))
    return ImportReport(problems=problems, rows=rows if not problems else [])


# --- into a submission -------------------------------------------------------------------


def variable_specs(framework_version: Any) -> dict[str, VariableSpec]:
    from gealc.measurement.models import Variable
    from gealc.measurement.spreadsheets import is_integer, variable_bounds

    specs = {}
    for variable in Variable.objects.filter(framework=framework_version):
        low, high = variable_bounds(variable)
        specs[variable.code] = VariableSpec(
            code=variable.code, minimum=low, maximum=high, integer=is_integer(variable)
        )
    return specs


def status_keys() -> list[str]:
    from gealc.measurement.models import Value

    return [str(key) for key in Value.Status.values]


def changes_of(submission: Any, rows: Sequence[ImportRow]) -> list[Change]:
    """What each row would change; rows identical to the stored value are left out."""
    from gealc.measurement.models import Value

    stored = {
        value.variable.code: value
        for value in Value.objects.filter(submission=submission).select_related("variable")
    }
    changes = []
    for row in rows:
        value = stored.get(row.variable)
        before = {
            "value": format_number(value.value) if value is not None else "",
            "status": value.status if value is not None else "",
            "evidence_url": value.evidence_url if value is not None else "",
            "comment": value.comment if value is not None else "",
        }
        after = {
            "value": format_number(row.value),
            "status": row.status,
            "evidence_url": row.evidence_url,
            "comment": row.comment,
        }
        differing = {key: (before[key], after[key]) for key in after if before[key] != after[key]}
        if differing:
            changes.append(Change(variable=row.variable, row=row.row, fields=differing))
    return changes


def conflict_details(conflict: Any, expected_version: int | None = None) -> dict[str, Any]:
    """A ``services.ConflictError`` as JSON: per variable, what is stored and what was sent."""
    return {
        "message": str(conflict.messages[0]) if conflict.messages else str(conflict),
        "expected_version": expected_version,
        "current_version": getattr(conflict, "current_version", None),
        "conflicts": [
            {
                "variable": item.variable,
                "theirs": item.current,
                "theirs_by": item.current_by,
                "mine": item.attempted,
            }
            for item in getattr(conflict, "conflicts", [])
        ],
    }


def service_problems(error: ValidationError, rows: dict[str, ImportRow]) -> list[Problem]:
    """The service's errors as problems, on the row of the variable when it names one."""
    if not hasattr(error, "error_dict"):
        return [Problem(str(message)) for message in error.messages]
    problems = []
    ordered = list(rows.values())
    for key, messages in error.message_dict.items():
        code, _dot, column = key.partition(".")
        row = rows.get(code)
        if code == "rows" and column.isdigit() and int(column) < len(ordered):
            row, column = ordered[int(column)], VARIABLE
        for message in messages:
            if row is not None:
                problems.append(
                    Problem(message, sheet=row.sheet, row=row.row, column=column or None)
                )
            else:
                problems.append(Problem(message, column=None if key == "__all__" else key))
    return problems
