"""Downloads of measurement data: one submission (CSV, XLSX) and a round's published values.

A submission's export uses the template's columns, so the file a country downloads can be
edited and uploaded again. A round's export is the open-data table of what has been
published: one line per country and variable; a confidential value is listed with its status
but never with its number. Demo data says so in a column, so that it is never mistaken for
official statistics once the file has left the site. Every file is written by
``gealc.core.tabular``: text that looks like a formula never runs as one.
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
ROUND_COLUMNS = (
    "reference_year",
    "framework",
    "version",
    "country",
    "country_name",
    "variable",
    "value",
    "status",
    "demo",
)
SUMMARY_SHEET = "Submission"
PUBLISHED_SHEET = "Published values"


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


def published_rows(round_: Any) -> list[tuple[Any, ...]]:
    """The round's published values, confidential numbers withheld."""
    from gealc.measurement.models import Submission, Value

    values = (
        Value.objects.filter(submission__round=round_, submission__state=Submission.State.PUBLISHED)
        .select_related("variable", "submission__country")
        .order_by("submission__country__iso3", "variable__order", "variable__code")
    )
    framework = round_.framework_version
    rows = []
    for value in values:
        shown = value.status == Value.Status.REPORTED and value.value is not None
        rows.append(
            (
                round_.reference_year,
                framework.code,
                framework.version,
                value.submission.country.iso3,
                value.submission.country.name,
                value.variable.code,
                format_number(value.value) if shown else "",
                value.status,
                "yes" if value.submission.is_demo or round_.is_demo else "no",
            )
        )
    return rows


def round_csv(round_: Any) -> bytes:
    return csv_bytes(published_rows(round_), ROUND_COLUMNS)


def round_xlsx(round_: Any) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = PUBLISHED_SHEET
    rows = [
        (*row[:6], float(row[6]) if row[6] != "" else None, *row[7:])
        for row in published_rows(round_)
    ]
    write_rows(sheet, ROUND_COLUMNS, rows)
    return workbook_bytes(workbook)


def round_filename(round_: Any, extension: str) -> str:
    return f"round-{round_.reference_year}-{round_.pk}-published.{extension}"
