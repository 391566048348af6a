"""Validation: types and ranges, cross rules, year-on-year warnings, evidence, indicators."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gealc.measurement import selectors
from gealc.measurement.models import Round, Submission, Value
from gealc.measurement.validation import parse_number

pytestmark = pytest.mark.django_db


def _rules(report: object, kind: str) -> set[str]:
    return {issue.rule for issue in getattr(report, kind)}


def test_valid_values_have_no_issue(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury)
    report = selectors.submission_validation_report(submission_ury)
    assert report.is_valid
    assert report.warnings == []


def test_missing_range_cross_evidence_and_indicator(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(
        submission_ury,
        procedures_total=10,
        procedures_transactional=20,
        satisfaction_score="120",
        signature_law=None,
    )
    report = selectors.submission_validation_report(submission_ury)
    assert _rules(report, "errors") == {
        "transactional_le_total",
        "range:satisfaction_score",
        "missing:signature_law",
    }  # the share's plausible range is not checked: the cross rule already says why
    cross = next(i for i in report.errors if i.rule == "transactional_le_total")
    assert cross.values == {"procedures_total": 10.0, "procedures_transactional": 20.0}
    assert cross.variable == "procedures_transactional"


def test_division_by_zero_in_an_indicator_is_an_error(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, procedures_total=0, procedures_transactional=0)
    report = selectors.submission_validation_report(submission_ury)
    assert "indicator:transactional_share" in _rules(report, "errors")


def test_not_available_is_not_missing(
    submission_ury: Submission, fill: Callable[..., list[Value]], administrator: object
) -> None:
    from gealc.measurement import services

    fill(submission_ury, satisfaction_score=None)
    submission_ury.refresh_from_db()
    services.value_save(
        actor=administrator,
        submission=submission_ury,
        variable_code="satisfaction_score",
        value=None,
        status="not_available",
        comment="No survey this year.",
        expected_version=submission_ury.lock_version,
    )
    assert selectors.submission_validation_report(submission_ury).is_valid


def test_year_on_year_warning_against_published_previous_round(
    previous_round: Round, submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, procedures_total=149)
    assert selectors.submission_validation_report(submission_ury).warnings == []
    fill(submission_ury, procedures_total=151)
    report = selectors.submission_validation_report(submission_ury)
    assert [w.rule for w in report.warnings] == ["procedures_total_yoy"]
    assert report.warnings[0].values == {"previous": 100.0, "current": 151.0}
    assert selectors.round_validation_reports(submission_ury.round)["URY"] == report


@pytest.mark.parametrize("raw", ["abc", "1,5", "nan", "inf", "1e30", True, [1]])
def test_parse_number_refuses(raw: object) -> None:
    with pytest.raises(ValidationError):
        parse_number(raw)


def test_parse_number_accepts() -> None:
    assert parse_number(" 12.5 ") == Decimal("12.500000")
    assert parse_number(3) == Decimal(3)
    assert parse_number("") is None


def test_types_are_checked_when_saving(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    with pytest.raises(ValidationError) as error:
        fill(submission_ury, procedures_total="12.5", signature_law=2)
    assert set(error.value.message_dict) == {"procedures_total.value", "signature_law.value"}
