"""The measurement downloads write a hostile text as text (``gealc.core.tabular``): a
submission's CSV and XLSX, and a round's published values."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User

from gealc.measurement import exports, services
from gealc.measurement.models import Round, Submission, Value
from gealc.network.models import Country
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


def test_a_rounds_published_values(
    open_round: Round, submitted_ury: Submission, secretariat: User
) -> None:
    services.submission_validate(actor=secretariat, submission=submitted_ury)
    services.submission_publish(actor=secretariat, submission=submitted_ury)
    Country.objects.filter(iso3="URY").update(
        **{f"name_{code}": HYPERLINK for code in ("es", "pt", "en", "fr")}
    )

    assert_csv_neutralised(exports.round_csv(open_round))
    assert_xlsx_neutralised(exports.round_xlsx(open_round))
