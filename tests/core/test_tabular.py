"""One formula-injection policy for every CSV and XLSX download (``gealc.core.tabular``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from gealc.core import tabular

HYPERLINK = '=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize(
    "text", [HYPERLINK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "- no data"]
)
def test_formula_like_text_gets_an_apostrophe_in_csv(text: str) -> None:
    assert tabular.is_formula_like(text)
    assert tabular.neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["-12.5", "+3", "-1E+5", ".5", "Perú", "a=b", "", "'=x"])
def test_plain_numbers_and_ordinary_text_are_left_alone(text: str) -> None:
    assert not tabular.is_formula_like(text)
    assert tabular.neutralise(text) == text


def test_csv_keeps_numbers_numeric_and_neutralises_text() -> None:
    data = tabular.csv_bytes(
        [[HYPERLINK, -5, Decimal("-1.5"), None, "-7"]], ["a", "b", "c", "d", "e"]
    )

    assert data.startswith(b"\xef\xbb\xbf")
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert row == {"a": "'" + HYPERLINK, "b": "-5", "c": "-1.5", "d": "", "e": "-7"}


def test_csv_without_a_byte_order_mark_for_formats_that_want_none() -> None:
    assert tabular.csv_bytes([["x"]], ["a"], byte_order_mark=False) == b"a\r\nx\r\n"


def _reread(workbook: Workbook):
    return load_workbook(io.BytesIO(tabular.workbook_bytes(workbook)))


def test_xlsx_text_is_never_a_formula_and_comes_back_exactly() -> None:
    workbook = Workbook()
    tabular.write_rows(workbook.active, ["name", "value"], [[HYPERLINK, -2.5], ["Perú", 3]])

    sheet = _reread(workbook).active
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == (
        HYPERLINK,
        "s",
        True,
    )
    assert not sheet["A3"].quotePrefix
    assert (sheet["B2"].value, sheet["B2"].data_type) == (-2.5, "n")


def test_write_only_xlsx_follows_the_same_policy() -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    tabular.append_row(sheet, ["name", "value"])
    tabular.append_row(sheet, [HYPERLINK, 4])

    reread = _reread(workbook)["data"]
    assert (reread["A2"].value, reread["A2"].data_type, reread["A2"].quotePrefix) == (
        HYPERLINK,
        "s",
        True,
    )
    assert reread["B2"].value == 4
