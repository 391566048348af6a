"""One rule in one place: "may this submission change now" (draft or returned, in an open
round) answers alike in permissions, pages, API, imports and services; one comment service
refuses a reply to a comment of another thread the same way on the page and in the API;
services say whether they created or updated."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from gealc.measurement import rules as measurement_rules
from gealc.measurement import services
from gealc.measurement.models import Comment, FrameworkVersion, Round, Submission, Value
from tests.measurement.io_helpers import (
    csv_file,
    english,  # noqa: F401  (autouse)
)

from .test_views import client_for, submission_url


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _api_url(submission: Submission, tail: str) -> str:
    return f"/api/v1/rounds/{submission.round_id}/submissions/{submission.country.iso3}/{tail}"


@pytest.fixture
def closed_ury(submission_ury: Submission, secretariat: User) -> Submission:
    services.round_close(actor=secretariat, round=submission_ury.round, reason="Deadline.")
    submission_ury.round.refresh_from_db()
    return submission_ury


def test_the_change_permission_asks_whether_the_round_is_open(
    closed_ury: Submission, member_ury: User
) -> None:
    assert not member_ury.has_perm("measurement.change_submission", closed_ury)
    assert not member_ury.has_perm("measurement.submit_submission", closed_ury)
    assert not measurement_rules.may_change_values(member_ury, closed_ury)


def test_superusers_pass_has_perm_but_not_the_change_rule(
    submitted_ury: Submission, administrator: User
) -> None:
    assert administrator.has_perm("measurement.change_submission", submitted_ury)
    assert not measurement_rules.may_change_values(administrator, submitted_ury)
    with pytest.raises(ValidationError, match="only while the submission is draft or returned"):
        services.value_save(
            actor=administrator,
            submission=submitted_ury,
            variable_code="procedures_total",
            value="1",
            expected_version=submitted_ury.lock_version,
        )


def test_a_closed_round_refuses_changes_everywhere_with_one_message(
    closed_ury: Submission, member_ury: User
) -> None:
    message = "The round is not open for data entry."
    with pytest.raises(PermissionDenied):
        services.values_save_many(
            actor=member_ury,
            submission=closed_ury,
            rows=[services.ValueRow("procedures_total", "1")],
            expected_version=closed_ury.lock_version,
        )
    with pytest.raises(PermissionDenied, match=message):
        services.values_import(
            actor=member_ury,
            submission=closed_ury,
            upload=csv_file(["procedures_total", "1", "", "", ""]),
            expected_version=None,
            dry_run=True,
        )
    body = {"expected_version": closed_ury.lock_version, "values": [VALUE]}
    answer = _api(member_ury).put(
        _api_url(closed_ury, "values/"), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert answer.status_code == 403
    assert message in answer.content.decode()
    page = client_for(member_ury).post(
        submission_url(closed_ury), {"lock-expected_version": closed_ury.lock_version}
    )
    assert page.status_code == 403
    assert not closed_ury.values.exists()


VALUE = {"variable": "procedures_total", "value": "120"}


def test_the_round_page_offers_close_or_reopen_as_the_rules_say(
    closed_ury: Submission, secretariat: User
) -> None:
    from django.urls import reverse

    page = client_for(secretariat).get(
        reverse("round_detail", args=[closed_ury.round_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = page.content.decode()
    assert "Reopen the round" in body
    assert "Close the round" not in body


def test_a_published_submission_gets_no_reviewer(secretariat: User) -> None:
    published = Submission(state=Submission.State.PUBLISHED)
    draft = Submission(state=Submission.State.DRAFT)
    assert not secretariat.has_perm("measurement.assign_reviewer", published)
    assert secretariat.has_perm("measurement.assign_reviewer", draft)


def test_saving_says_what_was_created_and_what_was_updated(
    submission_ury: Submission, member_ury: User
) -> None:
    first = services.values_save_many(
        actor=member_ury,
        submission=submission_ury,
        rows=[services.ValueRow("procedures_total", "120")],
        expected_version=submission_ury.lock_version,
    )
    submission_ury.refresh_from_db()
    second = services.values_save_many(
        actor=member_ury,
        submission=submission_ury,
        rows=[
            services.ValueRow("procedures_total", "125"),
            services.ValueRow("satisfaction_score", "75"),
        ],
        expected_version=submission_ury.lock_version,
    )
    assert [result.created for result in first] == [True]
    assert [(r.instance.variable.code, r.created) for r in second] == [
        ("procedures_total", False),
        ("satisfaction_score", True),
    ]


@pytest.fixture
def two_threads(submitted_ury: Submission, reviewer: User) -> tuple[Value, Comment]:
    """A comment on ``satisfaction_score``, and ``procedures_total`` (the value to reply on)."""
    values = {v.variable.code: v for v in submitted_ury.values.select_related("variable")}
    other = services.comment_add(
        actor=reviewer, value=values["satisfaction_score"], text="Which survey?"
    )
    return values["procedures_total"], other


def test_a_reply_to_another_values_comment_is_refused_on_the_page_and_in_the_api(
    submitted_ury: Submission, reviewer: User, two_threads: tuple[Value, Comment]
) -> None:
    value, other_thread = two_threads
    message = "No such comment on this value."
    page = client_for(reviewer).post(
        submission_url(submitted_ury, "comment_add", "procedures_total"),
        {"text": "A reply in the wrong thread.", "parent": other_thread.pk},
        follow=True,
    )
    assert message in page.content.decode()
    answer = _api(reviewer).post(
        _api_url(submitted_ury, "comments/"),
        {"variable": "procedures_total", "text": "Wrong thread.", "parent": other_thread.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["parent"] == [message]
    assert not value.comments.exists()


def test_a_reply_to_a_comment_that_does_not_exist_is_refused_too(
    submitted_ury: Submission, reviewer: User, two_threads: tuple[Value, Comment]
) -> None:
    value, _other = two_threads
    partial = client_for(reviewer).post(
        submission_url(submitted_ury, "comment_add", "procedures_total"),
        {"text": "A reply to nothing.", "parent": 999_999},
        HTTP_HX_REQUEST="true",
    )
    assert "No such comment on this value." in partial.content.decode()
    assert not value.comments.exists()


def test_the_admin_corrects_a_draft_framework_through_the_service(
    framework: FrameworkVersion, administrator: User, member_ury: User
) -> None:
    from django.contrib import admin
    from django.test import RequestFactory

    from gealc.measurement.models import Dimension

    dimension = Dimension.objects.get(framework=framework, code="services")
    model_admin = admin.site._registry[Dimension]
    request = RequestFactory().get("/")
    request.user = administrator
    assert model_admin.has_change_permission(request, dimension)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, dimension)

    model_admin.update(administrator, dimension, {"name_en": "Online services"})
    assert Dimension.objects.get(pk=dimension.pk).name_en == "Online services"
    with pytest.raises(PermissionDenied):
        services.framework_part_update(actor=member_ury, part=dimension, changes={"weight": 2})


def test_a_frozen_framework_is_not_corrected_in_the_admin(
    open_round: Round, administrator: User
) -> None:
    from django.contrib import admin
    from django.test import RequestFactory

    framework = open_round.framework_version
    dimension = framework.dimensions.first()
    request = RequestFactory().get("/")
    request.user = administrator
    assert not admin.site._registry[type(dimension)].has_change_permission(request, dimension)
    with pytest.raises(ValidationError, match="make a new version"):
        services.framework_part_update(actor=administrator, part=dimension, changes={"weight": 2})
