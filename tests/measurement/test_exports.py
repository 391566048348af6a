"""A submission's export (CSV, XLSX). A round's published values: tests/observatory."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import translation
from openpyxl import load_workbook

from gealc.measurement import exports
from gealc.measurement.models import Submission, Value
from tests.measurement.io_helpers import english  # noqa: F401  (autouse)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for spreadsheets
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_submission_csv_has_every_variable_and_its_value(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, satisfaction_score="75.5")
    with translation.override("en"):
        data = exports.submission_csv(submission_ury)
    rows = {row["variable"]: row for row in _csv_rows(data)}
    assert set(rows) == {
        "procedures_total",
        "procedures_transactional",
        "satisfaction_score",
        "signature_law",
    }
    assert rows["satisfaction_score"]["value"] == "75.5"
    assert rows["satisfaction_score"]["status"] == "reported"
    assert rows["signature_law"]["evidence_url"].startswith("https://")
    assert rows["procedures_total"]["name"] == "National procedures"


def test_submission_xlsx_has_a_summary_and_the_values(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    workbook = load_workbook(io.BytesIO(exports.submission_xlsx(submission_ury, language="en")))
    assert workbook.sheetnames == ["Submission", "Values"]
    summary = {row[0]: row[1] for row in workbook["Submission"].iter_rows(values_only=True)}
    assert summary["State"] == "Draft"
    assert summary["Lock version"] == Submission.objects.get(pk=submission_ury.pk).lock_version
    values = {row[0]: row for row in workbook["Values"].iter_rows(min_row=2, values_only=True)}
    assert values["procedures_total"][4] == 120


def test_text_never_becomes_a_formula_in_exports(
    submission_ury: Submission, fill: Callable[..., list[Value]], administrator: User
) -> None:
    fill(submission_ury)
    value = Value.objects.get(submission=submission_ury, variable__code="procedures_total")
    Value.objects.filter(pk=value.pk).update(comment='=HYPERLINK("http://evil.example")')
    rows = {row["variable"]: row for row in _csv_rows(exports.submission_csv(submission_ury))}
    assert rows["procedures_total"]["comment"].startswith("'=")
    sheet = load_workbook(io.BytesIO(exports.submission_xlsx(submission_ury)))["Values"]
    comments = [row[7].data_type for row in sheet.iter_rows(min_row=2)]
    assert "f" not in comments
