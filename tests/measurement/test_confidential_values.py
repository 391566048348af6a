"""The confidential-value matrix: every representation of a submission, by every role, own or
other country, and each value status, on Uruguay's 2025 submission (submitted, then published).

``procedures_total`` holds the distinctive number 1613 (with an evidence file, a comment) and
Uruguay's published 2024 submission 1009, both with the status under test. Two warnings
involve it: the year-on-year change (previous 1009, current 1613) and a cross check comparing
it with ``procedures_transactional`` (a ratio from which it could be recomputed). A reader to
whom the value is confidential (``rules.is_confidential_to``) finds neither number, nor the
evidence's name, nor the comment, anywhere; the files that hold every number (template,
export) and the evidence download refuse them. The reviewer is assigned to the 2025
submission only: last year's confidential number stays hidden from them.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.test import Client
from rest_framework.test import APIClient

from gealc.measurement import services, validation
from gealc.measurement.models import FrameworkVersion, Round, Submission
from gealc.network.models import Country
from tests.core import samples
from tests.measurement.io_helpers import english  # noqa: F401  (autouse)

ROLES = ("public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat")
STATUSES = ("reported", "confidential", "not_available", "not_applicable")
STATES = ("submitted", "published")
CURRENT, PREVIOUS = "1613", "1009"
COMMENT = "Counted-by-the-budget-office"
EVIDENCE_NAME = "budget-memo"
PDF = samples.pdf()
INSIDERS = {"member_own", "reviewer", "secretariat"}  # of the 2025 submission
PREVIOUS_INSIDERS = {"member_own", "secretariat"}  # of the 2024 one
API_READS = ("detail", "values", "value", "validation")
API_FILES = ("template.xlsx", "template.csv", "export.xlsx", "export.csv")
SHARE_RULE = "transactional_share_low"


@pytest.fixture
def framework_document(framework_document: dict[str, Any]) -> dict[str, Any]:
    """The test framework with a warning comparing two variables (a ratio of them)."""
    framework_document["framework"]["rules"].append(
        {
            "code": SHARE_RULE,
            "kind": "cross",
            "left": "procedures_transactional",
            "operator": ">=",
            "right": "0.5 * procedures_total",
            "severity": "warning",
            "message": {"en": "Few transactional procedures.", "es": "es", "pt": "pt", "fr": "fr"},
        }
    )
    return framework_document


def _save(submission: Submission, actor: User, status: str, number: int) -> None:
    with_number = status in ("reported", "confidential")
    rows = [
        services.ValueRow(
            "procedures_total",
            number if with_number else None,
            status=status,
            comment=COMMENT,
            evidence_file=ContentFile(PDF, name=f"{EVIDENCE_NAME}.pdf"),
        ),
        services.ValueRow("procedures_transactional", 60),
        services.ValueRow("satisfaction_score", "75.5"),
        services.ValueRow("signature_law", 1, evidence_url="https://evidence.example.org/law"),
    ]
    submission.refresh_from_db()
    services.values_save_many(
        actor=actor, submission=submission, rows=rows, expected_version=submission.lock_version
    )


def _submit(submission: Submission, actor: User) -> None:
    justified = {"procedures_total_yoy": "A new registry.", SHARE_RULE: "Paper first."}
    services.submission_submit(actor=actor, submission=submission, justifications=justified)


@pytest.fixture
def uruguay_2024(
    request: pytest.FixtureRequest,
    open_round: Round,
    framework: FrameworkVersion,
    uruguay: Country,
    member_ury: User,
    secretariat: User,
) -> Submission:
    earlier = services.round_open(
        actor=secretariat,
        framework_version=framework,
        reference_year=2024,
        opens_on=datetime.date(2025, 1, 15),
        closes_on=datetime.date(2025, 12, 31),
        countries=[uruguay],
    )
    submission = earlier.submissions.get()
    _save(submission, member_ury, request.getfixturevalue("status"), int(PREVIOUS))
    _submit(submission, member_ury)
    services.submission_validate(actor=secretariat, submission=submission)
    services.submission_publish(actor=secretariat, submission=submission)
    return submission


@pytest.fixture
def uruguay_2025(
    uruguay_2024: Submission,
    submission_ury: Submission,
    status: str,
    state: str,
    member_ury: User,
    reviewer: User,
    secretariat: User,
) -> Submission:
    _save(submission_ury, member_ury, status, int(CURRENT))
    services.reviewer_assign(actor=secretariat, submission=submission_ury, reviewer=reviewer)
    _submit(submission_ury, member_ury)
    if state == "published":
        services.submission_validate(actor=reviewer, submission=submission_ury)
        services.submission_publish(actor=secretariat, submission=submission_ury)
    submission_ury.refresh_from_db()
    return submission_ury


def _api_client(user: User | AnonymousUser) -> APIClient:
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client


def _api_get(client: APIClient, submission: Submission, what: str) -> Any:
    base = f"/api/v1/rounds/{submission.round_id}/submissions/URY/"
    paths = {
        "detail": base,
        "values": f"{base}values/",
        "value": f"{base}values/procedures_total/",
        "validation": f"{base}validation/",
    }
    if what in paths:
        return client.get(paths[what])
    name, fmt = what.split(".")
    return client.get(f"{base}{name}/?format={fmt}")


def _text(response: Any) -> str:
    """Everything the body says; an XLSX's members decompressed."""
    if response.content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return response.content.decode("utf-8-sig")


def _issues(body: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [issue for issue in body["errors"] + body["warnings"] if issue["rule"] == rule]


def _may_read(role: str, state: str) -> bool:
    return state == "published" or role in INSIDERS


def _mentions(text: str, secret: str) -> bool:
    """``secret`` stands in ``text`` on its own: a stored file's random suffix or a time's
    microseconds that happen to hold the value's digits are not the value."""
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", text) is not None


def _check_reads(role: str, state: str, status: str, submission: Submission, user: Any) -> None:
    client = _api_client(user)
    hidden = status == "confidential" and role not in INSIDERS
    for what in API_READS:
        response = _api_get(client, submission, what)
        if not _may_read(role, state):
            assert response.status_code == 404, (what, response.status_code)
            continue
        assert response.status_code == 200, (what, response.status_code)
        text = _text(response)
        for secret in (CURRENT, COMMENT, EVIDENCE_NAME):
            shown = status in ("reported", "confidential") or secret != CURRENT
            expected = shown and not hidden and (what != "validation" or secret == CURRENT)
            if what == "detail" and secret != CURRENT:
                expected = False  # the detail lists no value, only the validation report
            assert _mentions(text, secret) == expected, (what, secret)


def _check_validation(role: str, status: str, submission: Submission, user: Any) -> None:
    body = _api_get(_api_client(user), submission, "validation").json()
    if status not in ("reported", "confidential"):
        assert _issues(body, "procedures_total_yoy") == []
        return
    (change,) = _issues(body, "procedures_total_yoy")
    (share,) = _issues(body, SHARE_RULE)
    current_hidden = status == "confidential" and role not in INSIDERS
    previous_hidden = status == "confidential" and role not in PREVIOUS_INSIDERS
    if current_hidden or previous_hidden:
        assert change["values"] == {}
    else:
        assert change["values"] == {"previous": float(PREVIOUS), "current": float(CURRENT)}
    if current_hidden:
        assert share["values"] == {}
    else:
        assert share["values"] == {"procedures_total": 1613.0, "procedures_transactional": 60.0}
    assert change["message"]  # the warning itself stays
    assert share["message"]


def _check_files(role: str, state: str, status: str, submission: Submission, user: Any) -> None:
    client = _api_client(user)
    for what in API_FILES:
        response = _api_get(client, submission, what)
        if not _may_read(role, state):
            assert response.status_code == 404, what
        elif role not in INSIDERS:
            assert response.status_code in ({401, 403} if role == "public" else {403}), what
            assert CURRENT not in response.content.decode("utf-8", "replace")
        else:
            assert response.status_code == 200, what
            assert _mentions(_text(response), CURRENT) == (status in ("reported", "confidential"))


def _check_pages(role: str, state: str, status: str, submission: Submission, user: Any) -> None:
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    base = f"/en/rounds/{submission.round_id}/ury/"
    page = client.get(base)
    evidence = client.get(f"{base}values/procedures_total/evidence/")
    if not _may_read(role, state):
        assert page.status_code == evidence.status_code == 404
        return
    assert page.status_code == 200
    text = page.content.decode()
    hidden = status == "confidential" and role not in INSIDERS
    for secret in (COMMENT, EVIDENCE_NAME):
        assert (secret in text) == (not hidden), secret
    if hidden:
        assert CURRENT not in text
        assert PREVIOUS not in text
        assert evidence.status_code == 403
    else:
        assert evidence.status_code == 200
        assert b"".join(evidence.streaming_content) == PDF


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("state", STATES)
def test_a_value_is_shown_only_to_those_it_is_not_confidential_to(
    role: str,
    status: str,
    state: str,
    uruguay_2025: Submission,
    users_by_role: dict[str, Any],
) -> None:
    user = users_by_role[role]
    _check_reads(role, state, status, uruguay_2025, user)
    if _may_read(role, state):
        _check_validation(role, status, uruguay_2025, user)
    _check_files(role, state, status, uruguay_2025, user)
    _check_pages(role, state, status, uruguay_2025, user)


def test_a_quoted_indicator_value_is_withheld_with_its_inputs(framework: FrameworkVersion) -> None:
    entered = {
        "procedures_total": validation.EnteredValue("confidential", Decimal(120)),
        "procedures_transactional": validation.EnteredValue("reported", Decimal(300)),
    }
    report = validation.validate(
        variables=framework.variables.filter(code__in=entered),
        indicators=framework.indicators.all(),
        rules=framework.rules.none(),  # no rule compares the two, so the range check speaks
        entered=entered,
    )
    (plausible,) = [issue for issue in report.errors if issue.rule.startswith("plausible:")]
    assert "250" in plausible.message
    assert plausible.values
    withheld = report.without_numbers_of({"procedures_total"}, set())
    assert len(withheld.errors) == len(report.errors) == 1
    for issue in withheld.errors:
        assert issue.values == {}
        assert "250" not in issue.message
        assert "120" not in issue.message
    assert "Transactional procedures" in withheld.errors[0].message
    assert report.without_numbers_of({"satisfaction_score"}, set()) == report
