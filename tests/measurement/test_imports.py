"""Reading a filled-in template: every problem found, each with its sheet, row and column.

The first half checks the parser on its own (no database); the second half imports into a
real submission through measurement-core's services (round-trip, dry run, all or nothing).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from gealc.core.files import MAX_EXPANDED_BYTES, check_zip_expansion
from gealc.measurement import exports, imports, selectors, services, spreadsheets
from gealc.measurement.imports import ImportReport, parse_file
from gealc.measurement.models import Submission, Value
from tests.measurement.io_helpers import (
    STATUSES,
    VARIABLES,
    csv_file,
    edit_xlsx,
    english,  # noqa: F401  (autouse)
    template_rows,
    xlsx_file,
)


def _parse(data: bytes) -> imports.ImportReport:
    return parse_file(data, VARIABLES, STATUSES)


def _where(report: imports.ImportReport) -> list[tuple[str | None, int | None, str | None]]:
    return [(p.sheet, p.row, p.column) for p in report.problems]


# --- the parser ---------------------------------------------------------------------------


def test_a_correct_csv_gives_one_row_per_line() -> None:
    report = _parse(
        csv_file(
            ["share_online", "12.5", "reported", "https://example.org/a", "from the survey"],
            ["procedures_total", "40", "", "", ""],
            ["has_portal", "", "not_available", "", ""],
        )
    )
    assert report.ok, report.problems
    assert [(r.variable, r.value, r.status) for r in report.rows] == [
        ("share_online", Decimal("12.5"), "reported"),
        ("procedures_total", Decimal("40"), "reported"),
        ("has_portal", None, "not_available"),
    ]
    assert report.rows[0].evidence_url == "https://example.org/a"


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        (["unknown_code", "1", "", "", ""], "variable", "is not a variable"),
        (["share_online", "abc", "", "", ""], "value", "is not a number"),
        (["share_online", "101", "", "", ""], "value", "outside the allowed range"),
        (["share_online", "-1", "", "", ""], "value", "outside the allowed range"),
        (["procedures_total", "2.5", "", "", ""], "value", "whole number"),
        (["share_online", "1", "done", "", ""], "status", "is not a status"),
        (["share_online", "5", "not_available", "", ""], "value", "Leave the value empty"),
        (["share_online", "", "reported", "", ""], "value", "needs a number"),
        (["share_online", "=1+1", "", "", ""], "value", "Formulas are not accepted"),
        (["share_online", "NaN", "", "", ""], "value", "finite"),
        (["share_online", "1e30", "", "", ""], "value", "too large"),
        (["share_online", "1", "", "ftp://x", ""], "evidence_url", "https://"),
        (["share_online", "1", "", "", "x" * 10_001], "comment", "longer than"),
    ],
)
def test_each_kind_of_problem_names_its_row_and_column(
    line: list[str], column: str, fragment: str
) -> None:
    report = _parse(csv_file(["has_portal", "1", "", "", ""], line))
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("CSV", 3, column)
    assert fragment in problem.message
    assert report.rows == []  # all or nothing: the good line is not kept either


def test_every_problem_is_reported_not_only_the_first() -> None:
    report = _parse(
        csv_file(
            ["share_online", "x", "", "", ""],
            ["share_online", "2", "", "", ""],
            ["nope", "1", "", "", ""],
            ["has_portal", "1", "maybe", "", ""],
        )
    )
    assert _where(report) == [
        ("CSV", 2, "value"),
        ("CSV", 3, "variable"),  # duplicate of row 2
        ("CSV", 4, "variable"),
        ("CSV", 5, "status"),
    ]
    assert "already appears on row 2" in report.problems[1].message


def test_empty_rows_change_nothing_and_an_empty_file_is_reported() -> None:
    report = _parse(csv_file(["share_online", "", "", "", ""], ["", "", "", "", ""]))
    assert report.rows == []
    assert [p.message for p in report.problems] == ["The file has no values to import."]


def test_missing_and_unknown_columns_are_reported_on_the_header_row() -> None:
    report = _parse(csv_file(["share_online", "1"], header=["variable", "valeur"]))
    assert ("CSV", 1, "valeur") in _where(report)
    assert ("CSV", 1, "value") in _where(report)
    assert ("CSV", 1, "status") in _where(report)


def test_semicolons_and_decimal_commas_of_latin_locales_are_read() -> None:
    data = b"variable;value;status\nshare_online;12,5;\n"
    report = _parse(data)
    assert report.ok
    assert report.rows[0].value == Decimal("12.5")


def test_text_that_is_not_utf8_is_refused_with_its_line() -> None:
    data = "variable,value,status,evidence_url,comment\nshare_online,1,,,Perú\n".encode("latin-1")
    report = _parse(data)
    assert len(report.problems) == 1
    assert report.problems[0].row == 2
    assert "not UTF-8" in report.problems[0].message


def test_utf8_with_and_without_bom_are_both_read() -> None:
    body = "variable,value,status,evidence_url,comment\nshare_online,1,,,São Tomé\n"
    for data in (body.encode("utf-8"), body.encode("utf-8-sig")):
        report = _parse(data)
        assert report.ok
        assert report.rows[0].comment == "São Tomé"


def test_our_own_neutralised_csv_text_comes_back_unchanged() -> None:
    report = _parse(csv_file(["share_online", "1", "", "", "'-5 % since 2023"]))
    assert report.rows[0].comment == "-5 % since 2023"


def test_template_round_trip_through_xlsx() -> None:
    template = spreadsheets.template_xlsx(template_rows(), title="T", language="en")

    def fill(sheet: object) -> None:
        sheet["E2"] = 55.5
        sheet["F2"] = "reported"
        sheet["G2"] = "https://example.org/evidence.pdf"
        sheet["E3"] = 120
        sheet["F4"] = "not_applicable"

    report = _parse(edit_xlsx(template, fill))
    assert report.ok, report.problems
    assert {r.variable: (r.value, r.status) for r in report.rows} == {
        "share_online": (Decimal("55.5"), "reported"),
        "procedures_total": (Decimal("120"), "reported"),
        "has_portal": (None, "not_applicable"),
    }


def test_xlsx_problems_name_the_cell() -> None:
    template = spreadsheets.template_xlsx(template_rows(), title="T", language="en")

    def fill(sheet: object) -> None:
        sheet["E2"] = "=40+2"
        sheet["E3"] = "many"
        sheet["F4"] = "yes"

    report = _parse(edit_xlsx(template, fill))
    cells = [(p.sheet, p.row, p.cell) for p in report.problems]
    assert cells == [("Values", 2, "E2"), ("Values", 3, "E3"), ("Values", 4, "F4")]
    assert "Formulas" in report.problems[0].message


def test_a_formula_is_refused_even_in_an_informational_column() -> None:
    report = _parse(
        xlsx_file([["share_online", 1, "", "", "", "=A1"]], header=[*imports.DATA_COLUMNS, "name"])
    )
    assert [p.cell for p in report.problems] == ["F2"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted workbook or an old"),
        (_zip({"hello.txt": b"hi"}), "not an Excel workbook"),
        (
            _zip(
                {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"", "xl/vbaProject.bin": b""}
            ),
            "macros",
        ),
        (
            _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<broken"}),
            "could not be read",
        ),
        (b"\x00\x01\x02binary", "NUL"),
    ],
)
def test_files_that_are_not_plain_spreadsheets_are_refused(data: bytes, fragment: str) -> None:
    report = _parse(data)
    assert len(report.problems) == 1
    assert fragment in report.problems[0].message
    assert report.rows == []


SHEET = "xl/worksheets/sheet1.xml"


def _padded_workbook(megabytes: int) -> bytes:
    """A valid workbook whose sheet carries ``megabytes`` MB of blanks: a zip bomb of about
    a thousandth of that size, built in memory."""
    legit = xlsx_file([["share_online", "12", "", "", ""]])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(legit)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for member in source.infolist():
            body = source.read(member.filename)
            if member.filename != SHEET:
                bomb.writestr(member.filename, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with bomb.open(SHEET, "w") as sheet:
                sheet.write(head)
                for _megabyte in range(megabytes):
                    sheet.write(b" " * (1 << 20))
                sheet.write(b"</sheetData>" + tail)
    return buffer.getvalue()


def test_a_workbook_that_unpacks_past_the_limit_is_refused_naming_it() -> None:
    bomb = _padded_workbook(65)
    assert len(bomb) < 200_000
    report = _parse(bomb)
    assert [p.message for p in report.problems] == [
        "The file unpacks to 65.0 MB, more than the limit of 64.0 MB. It is refused as a "
        "possible zip bomb: remove unused sheets, rows or images, or upload it as CSV."
    ]


def test_a_part_compressed_like_a_bomb_is_refused_under_the_size_limit() -> None:
    report = _parse(_padded_workbook(3))
    (problem,) = report.problems
    assert f"part {SHEET} is compressed" in problem.message
    assert "limit of 200 times" in problem.message


def test_a_part_that_lies_about_its_size_is_never_inflated_past_it() -> None:
    """zipfile stops at the declared size, so the declared sizes bound what is read."""
    bomb = bytearray(_padded_workbook(20))
    with zipfile.ZipFile(io.BytesIO(bytes(bomb))) as archive:
        real = archive.getinfo(SHEET).file_size
    declared = (5000).to_bytes(4, "little")
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := bomb.find(signature, start)) >= 0:
            if bomb[start + offset : start + offset + 4] == real.to_bytes(4, "little"):
                bomb[start + offset : start + offset + 4] = declared
            start += 4
    report = _parse(bytes(bomb))
    (problem,) = report.problems
    assert "could not be read as an Excel workbook" in problem.message


def test_a_workbook_of_the_most_rows_allowed_is_under_the_limits() -> None:
    data = xlsx_file(
        [f"variable_{n}", n * 1.5, "reported", f"https://example.org/{n}.pdf", "checked"]
        for n in range(imports.DEFAULT_MAX_ROWS)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    assert sum(m.file_size for m in members) < MAX_EXPANDED_BYTES
    check_zip_expansion(members)  # raises ZipBomb if refused


def test_more_rows_than_allowed_are_refused(settings: object) -> None:
    settings.GEALC_MAX_IMPORT_ROWS = 2  # type: ignore[attr-defined]
    lines = [["share_online", "1", "", "", ""]] * 3
    assert "more than 2 rows" in _parse(csv_file(*lines)).problems[0].message
    assert "more than 2 rows" in _parse(xlsx_file(lines)).problems[0].message


def test_uploads_over_the_size_limit_are_refused(settings: object) -> None:
    settings.GEALC_MAX_UPLOAD_BYTES = 10  # type: ignore[attr-defined]
    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_upload(b"x" * 11)
    assert "larger than" in refused.value.problem.message


# --- into a submission --------------------------------------------------------------------

EVIDENCE = "https://evidence.example.org/law.pdf"


def _stored(submission: Submission) -> dict[str, tuple[object, ...]]:
    return {
        value.variable.code: (value.value, value.status, value.evidence_url, value.comment)
        for value in Value.objects.filter(submission=submission).select_related("variable")
    }


def _import(
    submission: Submission, actor: User, data: bytes, dry_run: bool = False
) -> ImportReport:
    submission.refresh_from_db()
    return services.values_import(
        actor=actor,
        submission=submission,
        upload=data,
        expected_version=submission.lock_version,
        dry_run=dry_run,
    )


def _filled_template(submission: Submission) -> bytes:
    def fill(sheet: object) -> None:
        rows = {sheet.cell(row=n, column=1).value: n for n in range(2, sheet.max_row + 1)}
        sheet[f"E{rows['procedures_total']}"] = 120
        sheet[f"E{rows['procedures_transactional']}"] = 60
        sheet[f"E{rows['satisfaction_score']}"] = 75.5
        sheet[f"E{rows['signature_law']}"] = 1
        sheet[f"G{rows['signature_law']}"] = EVIDENCE
        sheet[f"H{rows['satisfaction_score']}"] = "National survey, n = 2,000"

    return edit_xlsx(spreadsheets.submission_template_xlsx(submission, language="en"), fill)


def test_template_filled_in_and_imported_stores_every_value(
    submission_ury: Submission, member_ury: User
) -> None:
    report = _import(submission_ury, member_ury, _filled_template(submission_ury))
    assert report.ok, report.problems
    assert report.saved
    assert _stored(submission_ury) == {
        "procedures_total": (Decimal("120"), "reported", "", ""),
        "procedures_transactional": (Decimal("60"), "reported", "", ""),
        "satisfaction_score": (Decimal("75.5"), "reported", "", "National survey, n = 2,000"),
        "signature_law": (Decimal("1"), "reported", EVIDENCE, ""),
    }
    submission_ury.refresh_from_db()
    assert submission_ury.lock_version == 2  # one save, one step of the lock
    assert not selectors.submission_validation_report(submission_ury).errors


def test_the_template_shows_stored_values_and_the_export_imports_back(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    before = _stored(submission_ury)
    sheet = load_workbook(io.BytesIO(spreadsheets.submission_template_xlsx(submission_ury)))
    rows = {row[0]: row for row in sheet["Values"].iter_rows(min_row=2, values_only=True)}
    assert rows["procedures_total"][4] == 120
    for data in (exports.submission_csv(submission_ury), exports.submission_xlsx(submission_ury)):
        report = _import(submission_ury, member_ury, data, dry_run=True)
        assert report.ok, report.problems
        assert report.changes == []  # exporting and importing again changes nothing
    assert _stored(submission_ury) == before


def test_a_dry_run_reports_the_changes_and_writes_nothing(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    version = Submission.objects.get(pk=submission_ury.pk).lock_version
    data = csv_file(
        ["procedures_total", "130", "", "", ""], ["satisfaction_score", "75.5", "", "", ""]
    )
    report = _import(submission_ury, member_ury, data, dry_run=True)
    assert report.ok
    assert not report.saved
    assert [c.as_dict() for c in report.changes] == [
        {
            "variable": "procedures_total",
            "row": 2,
            "changes": {"value": {"before": "120", "after": "130"}},
        }
    ]
    assert Submission.objects.get(pk=submission_ury.pk).lock_version == version
    assert _stored(submission_ury)["procedures_total"][0] == Decimal("120")


def test_one_bad_row_means_nothing_is_stored(submission_ury: Submission, member_ury: User) -> None:
    data = csv_file(
        ["procedures_total", "120", "", "", ""],
        ["procedures_transactional", "sixty", "", "", ""],
    )
    report = _import(submission_ury, member_ury, data)
    assert not report.saved
    assert [(p.row, p.column) for p in report.problems] == [(3, "value")]
    assert _stored(submission_ury) == {}


def test_a_stale_lock_version_is_a_conflict_with_both_values(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    opened_at = submission_ury.lock_version
    fill(submission_ury, procedures_total=125)  # someone else saves first
    report = services.values_import(
        actor=member_ury,
        submission=submission_ury,
        upload=csv_file(["procedures_total", "130", "", "", ""]),
        expected_version=opened_at,
        dry_run=False,
    )
    assert not report.saved
    assert report.conflict is not None
    assert report.conflict["conflicts"] == [
        {
            "variable": "procedures_total",
            "theirs": "125",
            "theirs_by": "administrator",
            "mine": "130",
        }
    ]
    assert _stored(submission_ury)["procedures_total"][0] == Decimal("125")


def test_another_country_cannot_import(submission_ury: Submission, member_bra: User) -> None:
    with pytest.raises(PermissionDenied):
        _import(submission_ury, member_bra, csv_file(["procedures_total", "1", "", "", ""]))
    assert _stored(submission_ury) == {}


def test_a_submitted_submission_cannot_be_changed_by_import(
    submitted_ury: Submission, member_ury: User
) -> None:
    before = _stored(submitted_ury)
    with pytest.raises(PermissionDenied):
        _import(submitted_ury, member_ury, csv_file(["procedures_total", "1", "", "", ""]))
    assert _stored(submitted_ury) == before


def test_a_zip_bomb_named_xlsx_is_refused_through_the_api_and_changes_nothing(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    fill(submission_ury)
    version = Submission.objects.get(pk=submission_ury.pk).lock_version
    client = APIClient()
    client.force_authenticate(member_ury)
    upload = SimpleUploadedFile("values.xlsx", _padded_workbook(100))
    response = client.post(
        f"/api/v1/rounds/{submission_ury.round_id}/submissions/URY/import/?dry_run=1",
        {"file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    (problem,) = response.json()["problems"]
    assert "unpacks to 100.0 MB, more than the limit of 64.0 MB" in problem["message"]
    assert Submission.objects.get(pk=submission_ury.pk).lock_version == version
