"""Downloads of one submission's data (CSV, XLSX), for its country and the other insiders.

The export uses the template's columns, so the file a country downloads can be edited and
uploaded again; it holds every number, confidential ones too. Demo data says so in the
workbook. A round's published values are open data, defined once by the observatory
(``gealc.observatory.exports.value_rows``). Every file is written by ``gealc.core.tabular``:
text that looks like a formula never runs as one.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gealc.core.tabular import csv_bytes, workbook_bytes, write_rows
from gealc.measurement.spreadsheets import (
    DATA_COLUMNS,
    VALUES_SHEET,
    XLSX_COLUMNS,
    format_number,
    range_label,
    submission_rows,
    submission_title,
)

SUBMISSION_CSV_COLUMNS = (*DATA_COLUMNS, "name", "unit")
SUMMARY_SHEET = "Submission"


def submission_csv(submission: Any) -> bytes:
    return csv_bytes(
        (
            (
                row.code,
                format_number(row.value),
                row.status,
                row.evidence_url,
                row.comment,
                row.name,
                row.unit,
            )
            for row in submission_rows(submission)
        ),
        SUBMISSION_CSV_COLUMNS,
    )


def submission_xlsx(submission: Any, *, language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language()):
        workbook = Workbook()
        summary = workbook.active
        summary.title = SUMMARY_SHEET
        facts = [
            (_("Submission"), submission_title(submission)),
            (_("State"), str(submission.get_state_display())),
            (_("Lock version"), submission.lock_version),
            (_("Exported at"), timezone.now().strftime("%Y-%m-%d %H:%M UTC")),
        ]
        if submission.is_demo:
            facts.append((_("Demo data"), _("Generated for demonstration; not official.")))
        write_rows(summary, (_("Field"), _("Value")), facts)
        summary.column_dimensions["A"].width = 20
        summary.column_dimensions["B"].width = 80
        values = workbook.create_sheet(VALUES_SHEET)
        write_rows(
            values,
            XLSX_COLUMNS,
            (
                (
                    row.code,
                    row.name,
                    row.unit,
                    range_label(row),
                    row.value,
                    row.status,
                    row.evidence_url,
                    row.comment,
                )
                for row in submission_rows(submission)
            ),
        )
        workbook.active = workbook.index(values)
        return workbook_bytes(workbook)
