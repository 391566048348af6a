"""The API permission matrix: roles by endpoints by own or other country, on Uruguay's submission.

A submission the user may not read answers 404 (another country's draft does not appear to
exist); a refused change to one they may read answers 403; an anonymous write is refused
before anything (401/403). After every refused call the database is exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from gealc.measurement import services
from gealc.measurement.models import Comment, Submission, Transition, Value
from tests.measurement.io_helpers import (
    csv_file,
    english,  # noqa: F401  (autouse)
)

ROLES = (
    "public",
    "stakeholder",
    "member_own",
    "member_other",
    "reviewer",
    "secretariat",
    "administrator",
)
REFUSED_ANONYMOUS = (401, 403)


def _client(user: User | AnonymousUser) -> APIClient:
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client


def snapshot(submission: Submission) -> dict[str, Any]:
    """Everything a refused call must leave untouched."""
    stored = Submission.objects.get(pk=submission.pk)
    return {
        "submission": (stored.state, stored.lock_version),
        "values": list(
            Value.objects.filter(submission=submission)
            .order_by("pk")
            .values_list("variable__code", "value", "status", "evidence_url", "comment", "version")
        ),
        "transitions": Transition.objects.filter(submission=submission).count(),
        "comments": Comment.objects.filter(value__submission=submission).count(),
    }


def _call(client: APIClient, submission: Submission, action: str) -> Any:
    base = f"/api/v1/rounds/{submission.round_id}/submissions/URY/"
    version = Submission.objects.get(pk=submission.pk).lock_version
    if action == "detail":
        return client.get(base)
    if action in ("values", "validation", "comments", "export"):
        return client.get(f"{base}{action}/")
    if action == "value":
        return client.get(f"{base}values/procedures_total/")
    if action == "put_values":
        body = {
            "expected_version": version,
            "values": [{"variable": "procedures_total", "value": "99"}],
        }
        return client.put(f"{base}values/", body, format="json")
    if action == "patch_value":
        body = {"expected_version": version, "value": "98"}
        return client.patch(f"{base}values/procedures_total/", body, format="json")
    if action == "import":
        upload = SimpleUploadedFile("v.csv", csv_file(["procedures_total", "97", "", "", ""]))
        return client.post(f"{base}import/", {"file": upload, "expected_version": version})
    if action == "comment":
        body = {"variable": "procedures_total", "text": "Why?"}
        return client.post(f"{base}comments/", body, format="json")
    if action in ("submit", "validate", "publish"):
        return client.post(f"{base}{action}/", {}, format="json")
    if action == "return":
        return client.post(f"{base}return/", {"reason": "Check it."}, format="json")
    raise AssertionError(action)


READS = ("detail", "values", "value", "validation", "comments")
WRITES = (
    "put_values",
    "patch_value",
    "import",
    "comment",
    "submit",
    "return",
    "validate",
    "publish",
)

# Uruguay's draft (filled in with valid values): who gets what.
DRAFT_EXPECTED: dict[str, dict[str, int]] = {
    "public": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 403)},
    "stakeholder": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 404)},
    "member_other": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 404)},
    "reviewer": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 404)},
    "member_own": {
        **dict.fromkeys(READS, 200),
        "put_values": 200,
        "patch_value": 200,
        "import": 200,
        "comment": 201,
        "submit": 200,
        "return": 403,
        "validate": 403,
        "publish": 403,
    },
    "secretariat": {
        **dict.fromkeys(READS, 200),
        "put_values": 403,
        "patch_value": 403,
        "import": 403,
        "comment": 201,
        "submit": 403,
        "return": 403,
        "validate": 403,
        "publish": 403,
    },
    # Administrators may do everything, but not out of order: a step the state does not
    # allow is a 400 that names the state.
    "administrator": {
        **dict.fromkeys(READS, 200),
        "put_values": 200,
        "patch_value": 200,
        "import": 200,
        "comment": 201,
        "submit": 200,
        "return": 400,
        "validate": 400,
        "publish": 400,
    },
}

# Uruguay's submission once submitted (the reviewer is assigned).
SUBMITTED_EXPECTED: dict[str, dict[str, int]] = {
    "public": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 403)},
    "stakeholder": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 404)},
    "member_other": {**dict.fromkeys(READS, 404), **dict.fromkeys(WRITES, 404)},
    **{
        role: {
            **dict.fromkeys(READS, 200),
            "put_values": 403,
            "patch_value": 403,
            "import": 403,
            "comment": 201,
            "submit": 403,
            "return": 403 if role == "member_own" else 200,
            "validate": 403 if role == "member_own" else 200,
            "publish": 403,
        }
        for role in ("member_own", "reviewer", "secretariat", "administrator")
    },
}
SUBMITTED_EXPECTED["administrator"].update(submit=400, publish=400)


def _expect(status: int, role: str) -> set[int]:
    if role == "public" and status == 403:
        return set(REFUSED_ANONYMOUS)
    return {status}


def _check(
    users_by_role: dict[str, Any], submission: Submission, role: str, action: str, status: int
) -> None:
    before = snapshot(submission)
    response = _call(_client(users_by_role[role]), submission, action)
    assert response.status_code in _expect(status, role), (role, action, response.content[:300])
    if response.status_code >= 400:
        assert snapshot(submission) == before, (role, action)
        assert "message" in response.json()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", READS + WRITES)
def test_draft_of_uruguay(
    role: str,
    action: str,
    users_by_role: dict[str, Any],
    submission_ury: Submission,
    fill: Callable[..., list[Value]],
) -> None:
    fill(submission_ury)
    _check(users_by_role, submission_ury, role, action, DRAFT_EXPECTED[role][action])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", READS + WRITES)
def test_submitted_submission_of_uruguay(
    role: str, action: str, users_by_role: dict[str, Any], submitted_ury: Submission
) -> None:
    _check(users_by_role, submitted_ury, role, action, SUBMITTED_EXPECTED[role][action])


@pytest.mark.parametrize("role", ["public", "stakeholder", "member_other"])
def test_published_values_are_public_but_confidential_numbers_are_withheld(
    role: str,
    users_by_role: dict[str, Any],
    submitted_ury: Submission,
    secretariat: User,
    member_ury: User,
) -> None:
    value = Value.objects.get(submission=submitted_ury, variable__code="satisfaction_score")
    Value.objects.filter(pk=value.pk).update(status=Value.Status.CONFIDENTIAL)
    services.submission_validate(actor=secretariat, submission=submitted_ury)
    services.submission_publish(actor=secretariat, submission=submitted_ury)
    client = _client(users_by_role[role])
    base = f"/api/v1/rounds/{submitted_ury.round_id}/submissions/URY/"
    values = {row["variable"]: row for row in client.get(f"{base}values/").json()}
    assert values["procedures_total"]["value"] == "120"
    assert values["satisfaction_score"]["status"] == "confidential"
    assert values["satisfaction_score"]["value"] is None
    assert client.get(f"{base}export/").status_code in {403}
    assert client.get(f"{base}comments/").json() == []
    own = _client(member_ury).get(f"{base}values/").json()
    assert {row["variable"]: row["value"] for row in own}["satisfaction_score"] == "75.5"


def test_other_countries_drafts_are_not_listed(
    users_by_role: dict[str, Any], submission_ury: Submission
) -> None:
    listed = _client(users_by_role["member_own"]).get(
        f"/api/v1/rounds/{submission_ury.round_id}/submissions/"
    )
    assert [row["country"] for row in listed.json()["results"]] == ["URY"]
    everyone = _client(users_by_role["secretariat"]).get(
        f"/api/v1/rounds/{submission_ury.round_id}/submissions/"
    )
    assert sorted(row["country"] for row in everyone.json()["results"]) == ["BRA", "CHL", "URY"]
    public = _client(users_by_role["public"]).get(
        f"/api/v1/rounds/{submission_ury.round_id}/submissions/"
    )
    assert public.json()["results"] == []
