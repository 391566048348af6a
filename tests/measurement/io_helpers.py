"""Helpers shared by the spreadsheet, import, export and API tests (not fixtures)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from gealc.measurement.imports import VariableSpec
from gealc.measurement.spreadsheets import DATA_COLUMNS, TemplateRow

STATUSES = ["reported", "not_available", "not_applicable", "confidential"]

#: A small framework for the parser: a percentage, a count and a yes/no.
VARIABLES = {
    "share_online": VariableSpec("share_online", Decimal(0), Decimal(100)),
    "procedures_total": VariableSpec("procedures_total", Decimal(0), None, integer=True),
    "has_portal": VariableSpec("has_portal", Decimal(0), Decimal(1), integer=True),
}


def template_rows() -> list[TemplateRow]:
    return [
        TemplateRow(
            code=spec.code,
            name=f"Name of {spec.code}",
            unit="%",
            minimum=spec.minimum,
            maximum=spec.maximum,
            integer=spec.integer,
            value=None,
            status="",
            evidence_url="",
            comment="",
        )
        for spec in VARIABLES.values()
    ]


def csv_file(*lines: Sequence[Any], header: Sequence[str] = DATA_COLUMNS) -> bytes:
    text = "\n".join(",".join(str(cell) for cell in line) for line in [header, *lines])
    return (text + "\n").encode("utf-8")


def edit_xlsx(data: bytes, edit: Callable[[Any], None], sheet: str = "Values") -> bytes:
    """Open a workbook, let ``edit`` change the sheet, and save it again."""
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook[sheet])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows: Sequence[Sequence[Any]], header: Sequence[str] = DATA_COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Values"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English, whatever the site's default language and compiled catalogues.

    Import it into a test module (``from tests.measurement.io_helpers import english``) and
    pytest uses it for every test of that module.
    """
    with translation.override("en"):
        yield
