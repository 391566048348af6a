"""Model constraints: one submission per country and round, one value per variable, rounds
that close after they open, history kept for every change."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gealc.measurement import services
from gealc.measurement.models import Round, Submission, Value

pytestmark = pytest.mark.django_db


def test_one_submission_per_country(submission_ury: Submission) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(round=submission_ury.round, country=submission_ury.country)


def test_one_value_per_variable(
    submission_ury: Submission, fill: Callable[..., list[Value]]
) -> None:
    value = fill(submission_ury)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Value.objects.create(submission=submission_ury, variable=value.variable)


def test_round_dates_and_year(
    secretariat: User, open_round: Round, uruguay: object, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        services.round_open(
            actor=secretariat,
            framework_version=open_round.framework_version,
            reference_year=2026,
            opens_on=datetime.date(2027, 5, 1),
            closes_on=datetime.date(2027, 1, 1),
            countries=[uruguay],
        )
    assert "The round cannot close before it opens." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.round_open(
            actor=secretariat,
            framework_version=open_round.framework_version,
            reference_year=2025,
            opens_on=datetime.date(2026, 1, 1),
            closes_on=datetime.date(2026, 5, 1),
            countries=[uruguay],
        )
    assert "reference_year" in error.value.message_dict


def test_every_value_change_is_in_the_history(
    submission_ury: Submission, fill: Callable[..., list[Value]], member_ury: User
) -> None:
    fill(submission_ury, actor=member_ury, procedures_total=100)
    fill(submission_ury, actor=member_ury, procedures_total=110)
    history = Value.history.filter(
        submission_id=submission_ury.pk, variable__code="procedures_total"
    ).order_by("history_date")
    assert [int(h.value) for h in history] == [100, 110]
    assert {h.history_user for h in history} == {member_ury}
    assert history.last().version == 2
