"""Property tests of the import: whatever the file, a clear report and never a partial write.

Random bytes, random CSV text in random encodings, random cell contents (formulas, huge
strings, wrong types) and files over the size limit: the import always answers with a report
(or its own ``ImportRefused``), never another exception, and a file with a problem stores
nothing. ``max_examples`` stays modest so the module runs in well under 30 s.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gealc.core.files import ZipBomb, check_zip_expansion
from gealc.measurement import imports, services
from gealc.measurement.models import Submission, Value
from tests.measurement.io_helpers import (
    STATUSES,
    VARIABLES,
    english,  # noqa: F401  (autouse)
    xlsx_file,
)

FAST = settings(max_examples=60, deadline=None)
DB = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

codes = st.sampled_from([*VARIABLES, "unknown", "", "SHARE_ONLINE"])
numbers = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)
texts = st.one_of(
    st.text(max_size=30),
    st.just("=1+1"),
    st.just('=HYPERLINK("http://x")'),
    st.just("@SUM(A1)"),
    st.just("x" * 40_000),
    st.sampled_from(["", " ", "12,5", "1e400", "NaN", "-0", "true"]),
)
cells = st.one_of(numbers, texts, st.sampled_from(STATUSES))
rows = st.lists(
    st.tuples(
        codes, st.one_of(numbers, texts), st.one_of(st.sampled_from(STATUSES), texts), texts, texts
    ),
    max_size=8,
)


def _check(report: imports.ImportReport) -> None:
    assert isinstance(report, imports.ImportReport)
    for problem in report.problems:
        assert problem.message
        assert len(problem.message) < 2000
    if report.problems:
        assert report.rows == []


def _csv(lines: list[tuple[Any, ...]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(imports.DATA_COLUMNS)
    writer.writerows(lines)
    return buffer.getvalue().encode(encoding, errors="replace")


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes_give_a_report(data: bytes) -> None:
    _check(imports.parse_file(data, VARIABLES, STATUSES))


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_behind_a_zip_header_give_a_report(data: bytes) -> None:
    _check(imports.parse_file(imports.ZIP_MAGIC + data, VARIABLES, STATUSES))


@FAST
@given(rows, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252", "shift_jis"]))
def test_random_csv_in_random_encodings_gives_a_report(
    lines: list[tuple[Any, ...]], encoding: str
) -> None:
    data = _csv(lines, encoding)
    report = imports.parse_file(data, VARIABLES, STATUSES)
    _check(report)
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        assert len(report.problems) == 1
        assert "not UTF-8" in report.problems[0].message


def _zip_refusal(workbook: bytes) -> str:
    try:
        check_zip_expansion(zipfile.ZipFile(io.BytesIO(workbook)).infolist())
    except ZipBomb as bomb:
        return str(bomb)
    return ""


@FAST
@given(st.lists(st.lists(cells, max_size=6), max_size=6))
@example([["=1+1", *["x" * 32_000] * 5]])  # a part of 160 kB compressed 246 times: still read
@example([["=1+1", *["x" * 32_000] * 5], *[["x" * 32_000] * 6] * 5])  # 1 MB at 600 times: not
def test_random_workbook_cells_give_a_report(sheet_rows: list[list[Any]]) -> None:
    sheet_rows = [
        [cell[:32_000] if isinstance(cell, str) else cell for cell in row] for row in sheet_rows
    ]
    # openpyxl refuses control characters in cells; a spreadsheet could not hold them either.
    sheet_rows = [
        ["".join(c for c in cell if c >= " ") if isinstance(cell, str) else cell for cell in row]
        for row in sheet_rows
    ]
    workbook = xlsx_file(sheet_rows)
    report = imports.parse_file(workbook, VARIABLES, STATUSES)
    _check(report)
    formulas = any(
        isinstance(c, str) and c.startswith("=") and len(c) > 1 for r in sheet_rows for c in r
    )
    refusal = _zip_refusal(workbook)
    if refusal:  # cells of one repeated character, by the megabyte
        assert any(refusal in p.message for p in report.problems)
    elif formulas:
        assert any("Formulas" in p.message for p in report.problems)


@FAST
@given(st.integers(min_value=1, max_value=5000))
def test_files_over_the_limit_are_refused_with_the_limit(size: int) -> None:
    limit = 1000
    with override_settings(GEALC_MAX_UPLOAD_BYTES=limit):
        if size <= limit:
            assert imports.read_upload(b"a" * size) == b"a" * size
            return
        with pytest.raises(imports.ImportRefused, match="larger than"):
            imports.read_upload(b"a" * size)


def _stored(submission: Submission) -> list[tuple[Any, ...]]:
    return list(
        Value.objects.filter(submission=submission)
        .order_by("variable__code")
        .values_list("variable__code", "value", "status", "evidence_url", "comment", "version")
    )


@pytest.mark.django_db
@DB
@given(
    lines=st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "procedures_total",
                    "procedures_transactional",
                    "satisfaction_score",
                    "signature_law",
                    "nope",
                ]
            ),
            st.one_of(st.integers(-5, 200).map(str), texts),
            st.sampled_from(["", *STATUSES, "bad"]),
            st.sampled_from(["", "https://example.org/e.pdf", "not a link"]),
            st.text(max_size=20),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_an_import_stores_everything_or_nothing(
    lines: list[tuple[Any, ...]],
    submission_ury: Submission,
    member_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    submission_ury.refresh_from_db()
    before = _stored(submission_ury)
    version = submission_ury.lock_version
    report = services.values_import(
        actor=member_ury,
        submission=submission_ury,
        upload=_csv(lines, "utf-8"),
        expected_version=version,
        dry_run=False,
    )
    _check(report)
    submission_ury.refresh_from_db()
    if report.saved and report.changes:
        assert submission_ury.lock_version == version + 1
        stored = {row[0]: row for row in _stored(submission_ury)}
        for row in report.rows:
            assert stored[row.variable][1:3] == (row.value, row.status)
    else:
        assert _stored(submission_ury) == before
        assert submission_ury.lock_version == version
