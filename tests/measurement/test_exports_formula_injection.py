"""A submission's CSV and XLSX write a hostile text as text (``gealc.core.tabular``); a
round's published values are the observatory's (tests/observatory)."""

from __future__ import annotations

from collections.abc import Callable

from gealc.measurement import exports
from gealc.measurement.models import Submission, Value
from tests.core.formula_checks import (
    HYPERLINK,
    assert_csv_neutralised,
    assert_xlsx_neutralised,
)


def test_a_submissions_files(submission_ury: Submission, fill: Callable[..., list[Value]]) -> None:
    fill(submission_ury)
    Value.objects.filter(submission=submission_ury).update(comment=HYPERLINK)

    assert_csv_neutralised(exports.submission_csv(submission_ury))
    assert_xlsx_neutralised(exports.submission_xlsx(submission_ury, language="en"))
