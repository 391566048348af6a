"""The permission matrix of measurement: roles by actions on Uruguay's submission."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError

from gealc.measurement.models import Submission, Value

pytestmark = pytest.mark.django_db

ROLES = ["public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat",
         "administrator"]  # fmt: skip


def _allowed(users: dict[str, User | AnonymousUser], permission: str, obj: object) -> set[str]:
    return {role for role in ROLES if users[role].has_perm(permission, obj)}


def test_draft(submission_ury: Submission, users_by_role: dict) -> None:
    assert _allowed(users_by_role, "measurement.view_submission", submission_ury) == {
        "member_own", "secretariat", "administrator"
    }  # fmt: skip
    assert _allowed(users_by_role, "measurement.change_submission", submission_ury) == {
        "member_own", "administrator"
    }  # fmt: skip
    # Django gives superusers every permission; the services check the state for them too.
    assert _allowed(users_by_role, "measurement.return_submission", submission_ury) == {
        "administrator"
    }


def test_submitted(submitted_ury: Submission, users_by_role: dict) -> None:
    assert _allowed(users_by_role, "measurement.view_submission", submitted_ury) == {
        "member_own", "reviewer", "secretariat", "administrator"
    }  # fmt: skip
    assert _allowed(users_by_role, "measurement.change_submission", submitted_ury) == {
        "administrator"
    }
    assert _allowed(users_by_role, "measurement.validate_submission", submitted_ury) == {
        "reviewer", "secretariat", "administrator"
    }  # fmt: skip
    assert _allowed(users_by_role, "measurement.comment_submission", submitted_ury) == {
        "member_own", "reviewer", "secretariat", "administrator"
    }  # fmt: skip


def test_published_is_public(
    submitted_ury: Submission, users_by_role: dict, reviewer: User, secretariat: User
) -> None:
    from gealc.measurement import services

    services.submission_validate(actor=reviewer, submission=submitted_ury)
    assert _allowed(users_by_role, "measurement.publish_submission", submitted_ury) == {
        "secretariat", "administrator"
    }  # fmt: skip
    services.submission_publish(actor=secretariat, submission=submitted_ury)
    assert _allowed(users_by_role, "measurement.view_submission", submitted_ury) == set(ROLES)
    assert _allowed(users_by_role, "measurement.change_submission", submitted_ury) == {
        "administrator"
    }
    with pytest.raises(ValidationError):
        services.value_save(
            actor=users_by_role["administrator"],
            submission=submitted_ury,
            variable_code="procedures_total",
            value=1,
            expected_version=submitted_ury.lock_version,
        )


def test_reviewer_never_reads_own_country_draft_or_submission(
    submission_chl: Submission,
    make_user: Callable[..., User],
    secretariat: User,
    chile: object,
    fill: Callable[..., list[Value]],
) -> None:
    from gealc.measurement import services
    from gealc.network import services as network_services

    chilean = make_user("chilean", "reviewer")
    authority = network_services.institution_create(
        actor=secretariat, country=chile, name="Autoridad", is_national_authority=True
    )
    person = network_services.person_create(
        actor=secretariat, given_name="Ana", family_name="Chile", user=chilean
    )
    network_services.appointment_start(
        actor=secretariat, person=person, institution=authority, role="delegate",
        start=submission_chl.round.opens_on,
    )  # fmt: skip
    fill(submission_chl, actor=chilean)
    services.submission_submit(actor=chilean, submission=submission_chl)
    assert chilean.has_perm("measurement.view_submission", submission_chl)  # as its country
    assert not chilean.has_perm("measurement.validate_submission", submission_chl)
