"""The workflow services: rounds, values with optimistic locking, transitions, comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from gealc.measurement import selectors, services
from gealc.measurement.models import FrameworkVersion, Round, Submission, Transition, Value

pytestmark = pytest.mark.django_db


def test_open_round_creates_draft_submissions_and_freezes_framework(
    open_round: Round, framework: FrameworkVersion
) -> None:
    assert open_round.submissions.count() == 3
    assert set(open_round.submissions.values_list("state", flat=True)) == {"draft"}
    framework.refresh_from_db()
    assert framework.is_frozen
    assert Transition.objects.filter(submission__round=open_round, to_state="draft").count() == 3


def test_full_workflow(
    submission_ury: Submission,
    member_ury: User,
    reviewer: User,
    secretariat: User,
    fill: Callable[..., list[Value]],
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        fill(submission_ury, actor=member_ury)
        services.reviewer_assign(actor=secretariat, submission=submission_ury, reviewer=reviewer)
        services.submission_submit(actor=member_ury, submission=submission_ury)
        services.submission_return(actor=reviewer, submission=submission_ury, reason="Check it")
        services.submission_submit(actor=member_ury, submission=submission_ury)
        services.submission_validate(actor=reviewer, submission=submission_ury)
        services.submission_publish(actor=secretariat, submission=submission_ury)
    states = list(submission_ury.transitions.values_list("to_state", flat=True))
    assert states == ["draft", "submitted", "returned", "submitted", "validated", "published"]
    assert submission_ury.transitions.get(to_state="returned").reason == "Check it"
    # One e-mail per recipient: each submission to the secretariat and the reviewer, each
    # other step to the country.
    assert sorted(address for message in mailoutbox for address in message.to) == [
        *["member_ury@example.org"] * 3,
        *["reviewer@example.org"] * 2,
        *["secretariat@example.org"] * 2,
    ]
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_values_must_be_valid_before_submitting(
    submission_ury: Submission, member_ury: User, fill: Callable[..., list[Value]]
) -> None:
    fill(submission_ury, actor=member_ury, procedures_transactional=500)
    with pytest.raises(ValidationError) as error:
        services.submission_submit(actor=member_ury, submission=submission_ury)
    assert "values.procedures_transactional" in error.value.message_dict
    submission_ury.refresh_from_db()
    assert submission_ury.state == "draft"


def test_other_country_cannot_save_or_submit(
    submission_ury: Submission, member_bra: User, fill: Callable[..., list[Value]]
) -> None:
    with pytest.raises(PermissionDenied):
        fill(submission_ury, actor=member_bra)
    with pytest.raises(PermissionDenied):
        services.submission_submit(actor=member_bra, submission=submission_ury)
    assert not submission_ury.values.exists()


def test_stale_version_is_a_conflict_with_both_values(
    submission_ury: Submission, member_ury: User, administrator: User
) -> None:
    opened = submission_ury.lock_version
    services.value_save(
        actor=administrator,
        submission=submission_ury,
        variable_code="procedures_total",
        value=100,
        expected_version=opened,
    )
    with pytest.raises(services.ConflictError) as error:
        services.value_save(
            actor=member_ury,
            submission=submission_ury,
            variable_code="procedures_total",
            value=130,
            expected_version=opened,
        )
    conflict = error.value.conflicts[0]
    assert (conflict.current, conflict.attempted) == ("100", "130")
    assert error.value.current_version == opened + 1
    assert submission_ury.values.get().value == 100


def test_save_many_is_all_or_nothing(submission_ury: Submission, member_ury: User) -> None:
    rows = [
        {"variable_code": "procedures_total", "value": "12"},
        {"variable_code": "satisfaction_score", "value": "lots"},
        {"variable_code": "nope", "value": "1"},
    ]
    with pytest.raises(ValidationError) as error:
        services.values_save_many(
            actor=member_ury, submission=submission_ury, rows=rows, expected_version=1
        )
    assert set(error.value.message_dict) == {"satisfaction_score.value", "rows.2"}
    assert not submission_ury.values.exists()
    submission_ury.refresh_from_db()
    assert submission_ury.lock_version == 1


def test_warning_needs_justification(
    previous_round: Round,
    submission_ury: Submission,
    member_ury: User,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury, actor=member_ury, procedures_total=400)
    report = selectors.submission_validation_report(submission_ury)
    assert [issue.rule for issue in report.warnings] == ["procedures_total_yoy"]
    with pytest.raises(ValidationError) as error:
        services.submission_submit(actor=member_ury, submission=submission_ury)
    assert "justifications.procedures_total_yoy" in error.value.message_dict
    services.submission_submit(
        actor=member_ury,
        submission=submission_ury,
        justifications={"procedures_total_yoy": "A new portal counts every procedure."},
    )
    assert submission_ury.state == "submitted"
    assert submission_ury.justifications.get().text.startswith("A new portal")


def test_reviewer_never_of_own_country(
    submission_chl: Submission, secretariat: User, make_user: Callable[..., User], chile: Any
) -> None:
    from gealc.network import services as network_services
    from gealc.network.models import Institution

    chilean = make_user("chilean-reviewer", "reviewer")
    authority = network_services.institution_create(
        actor=secretariat, country=chile, name="Gobierno Digital", is_national_authority=True
    )
    person = network_services.person_create(
        actor=secretariat, given_name="Carla", family_name="Chilena", user=chilean
    )
    network_services.appointment_start(
        actor=secretariat,
        person=person,
        institution=authority,
        role="focal_point",
        start=submission_chl.round.opens_on,
        working_line="measurement",
    )
    assert Institution.objects.filter(country=chile).exists()
    with pytest.raises(ValidationError) as error:
        services.reviewer_assign(actor=secretariat, submission=submission_chl, reviewer=chilean)
    assert "reviewer" in error.value.message_dict


def test_round_close_and_reopen_with_reason(open_round: Round, secretariat: User) -> None:
    services.round_close(actor=secretariat, round=open_round, reason="Deadline")
    assert open_round.status == "closed"
    with pytest.raises(ValidationError):
        services.round_reopen(actor=secretariat, round=open_round, reason=" ")
    services.round_reopen(actor=secretariat, round=open_round, reason="Late data from two")
    assert open_round.status == "open"
    assert open_round.history.first().history_change_reason == "Late data from two"


def test_frozen_framework_cannot_change(open_round: Round, framework: FrameworkVersion) -> None:
    framework.refresh_from_db()
    framework.changelog = "sneaky"
    with pytest.raises(ValidationError):
        framework.save()
    variable = framework.variables.first()
    variable.unit = "changed"
    with pytest.raises(ValidationError):
        variable.save()


def test_nothing_is_deleted(submitted_ury: Submission) -> None:
    with pytest.raises(ValidationError):
        submitted_ury.delete()
    with pytest.raises(ValidationError):
        submitted_ury.values.first().delete()
