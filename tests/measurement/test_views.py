"""Measurement pages render for the roles allowed, in every language, and refuse the others.

Reads of a submission the user may not see are 404 (drafts of other countries do not appear
to exist); refused changes to a visible submission are 403; after a refusal nothing changed.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.measurement import services as measurement_services
from gealc.measurement.models import FrameworkVersion, Round, Submission
from tests.core import samples

LANGUAGES = ["es", "pt", "en", "fr"]
EVIDENCE_PDF = samples.pdf()


def url(name: str, *args: Any, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submission_url(
    submission: Submission, name: str = "submission_detail", *extra: Any, language: str = "en"
) -> str:
    return url(
        name, submission.round_id, submission.country.iso3.lower(), *extra, language=language
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_render_in_every_language(
    language: str, framework: FrameworkVersion, open_round: Round
) -> None:
    client = Client()
    for path in [
        url("round_list", language=language),
        url("round_detail", open_round.pk, language=language),
        url("framework_list", language=language),
        url("framework_detail", framework.code, framework.version, language=language),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()


def test_the_framework_page_says_each_indicators_scale(
    administrator: User, framework_document: dict[str, Any]
) -> None:
    indicators = framework_document["framework"]["dimensions"][0]["indicators"]
    indicators[0]["goalposts"] = [0, 100]
    framework = measurement_services.framework_import(
        actor=administrator, document=framework_document
    )
    body = Client().get(url("framework_detail", framework.code, framework.version)).content
    page = body.decode()
    card = page[page.index(f"({indicators[0]['code']})") :].split('class="card"')[0]
    assert "Goalposts 0 \u2013 100" in card
    other = page[page.index("(user_satisfaction)") :].split('class="card"')[0]
    assert "From the round" in other
    assert "Goalposts" not in other


@pytest.mark.parametrize("language", LANGUAGES)
def test_focal_point_sees_the_entry_form_in_every_language(
    language: str, member_ury: User, submission_ury: Submission
) -> None:
    response = client_for(member_ury).get(submission_url(submission_ury, language=language))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="lock-expected_version"' in body
    assert 'name="v-procedures_total-value"' in body
    assert "<legend>" in body


def _snapshot(submission: Submission) -> tuple[Any, ...]:
    submission.refresh_from_db()
    values = tuple(
        submission.values.order_by("variable__code").values_list(
            "variable__code", "value", "status", "comment"
        )
    )
    comments = tuple(
        submission.values.values_list("comments__text", flat=True).order_by("comments__pk")
    )
    return submission.state, submission.lock_version, values, comments


def _client(users_by_role: dict[str, Any], role: str) -> Client:
    user = users_by_role[role]
    return client_for(user if user.is_authenticated else None)


# Reading Uruguay's draft: its country, the secretariat and administrators only.
DRAFT_READ = {
    "public": 404,
    "stakeholder": 404,
    "member_own": 200,
    "member_other": 404,
    "reviewer": 404,
    "secretariat": 200,
    "administrator": 200,
}


@pytest.mark.parametrize(("role", "expected"), DRAFT_READ.items())
def test_who_reads_a_draft(
    role: str, expected: int, users_by_role: dict[str, Any], submission_ury: Submission
) -> None:
    client = _client(users_by_role, role)

    assert client.get(submission_url(submission_ury)).status_code == expected
    history = client.get(submission_url(submission_ury, "submission_history"))
    assert history.status_code == expected


# Saving values of Uruguay's draft: 404 for those who cannot read it, 403 for readers who may
# not change it; after a refusal nothing changed.
DRAFT_SAVE = {
    "public": 404,
    "stakeholder": 404,
    "member_other": 404,
    "reviewer": 404,
    "secretariat": 403,
}


@pytest.mark.parametrize(("role", "expected"), DRAFT_SAVE.items())
def test_who_may_not_save_values_and_nothing_changes(
    role: str, expected: int, users_by_role: dict[str, Any], submission_ury: Submission
) -> None:
    before = _snapshot(submission_ury)
    data = {
        "lock-expected_version": submission_ury.lock_version,
        "v-procedures_total-value": "999",
        "v-procedures_total-status": "reported",
    }

    response = _client(users_by_role, role).post(submission_url(submission_ury), data)

    assert response.status_code == expected
    assert _snapshot(submission_ury) == before


@pytest.mark.parametrize("role", ["member_own", "administrator"])
def test_own_country_and_administrator_save_values(
    role: str, users_by_role: dict[str, Any], submission_ury: Submission
) -> None:
    data = {
        "lock-expected_version": submission_ury.lock_version,
        "v-procedures_total-value": "120",
        "v-procedures_total-status": "reported",
        "v-procedures_transactional-status": "reported",
    }

    response = _client(users_by_role, role).post(submission_url(submission_ury), data)

    assert response.status_code == 302
    value = submission_ury.values.get(variable__code="procedures_total")
    assert value.value == 120


TRANSITION_ON_SUBMITTED = {
    # role: (return, validate) status codes on Uruguay's submitted submission
    "public": 302,  # login first
    "stakeholder": 404,
    "member_own": 403,
    "member_other": 404,
    "reviewer": 302,
    "secretariat": 302,
}


@pytest.mark.parametrize(("role", "expected"), TRANSITION_ON_SUBMITTED.items())
def test_who_may_return_a_submitted_submission(
    role: str, expected: int, users_by_role: dict[str, Any], submitted_ury: Submission
) -> None:
    before = _snapshot(submitted_ury)
    path = submission_url(submitted_ury, "submission_transition", "return")

    response = _client(users_by_role, role).post(path, {"return-reason": "Check the total."})

    assert response.status_code == expected
    submitted_ury.refresh_from_db()
    if role in ("reviewer", "secretariat"):
        assert submitted_ury.state == Submission.State.RETURNED
        assert submitted_ury.transitions.last().reason == "Check the total."
    else:
        assert _snapshot(submitted_ury) == before
        if role == "public":
            assert "/accounts/login/" in response["Location"]


def test_return_needs_a_reason(reviewer: User, submitted_ury: Submission) -> None:
    path = submission_url(submitted_ury, "submission_transition", "return")

    response = client_for(reviewer).post(path, {"return-reason": "  "})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    submitted_ury.refresh_from_db()
    assert submitted_ury.state == Submission.State.SUBMITTED


def test_a_reviewer_of_the_same_country_is_refused_with_a_clear_message(
    secretariat: User, member_ury: User, submitted_ury: Submission
) -> None:
    member_ury.groups.add(Group.objects.get_or_create(name="reviewer")[0])
    path = submission_url(submitted_ury, "reviewer_assign")

    response = client_for(secretariat).post(path, {"reviewer": member_ury.pk})

    assert response.status_code == 400
    assert "never reviews their own country" in response.content.decode()
    assert not submitted_ury.assignments.filter(reviewer=member_ury).exists()
    # …and, as a member of Uruguay, may not return it either.
    returned = client_for(member_ury).post(
        submission_url(submitted_ury, "submission_transition", "return"),
        {"return-reason": "Looks wrong."},
    )
    assert returned.status_code == 403


def test_the_secretariat_assigns_a_reviewer(
    secretariat: User, make_user: Any, submission_bra: Submission
) -> None:
    other = make_user("reviewer-two", "reviewer")

    response = client_for(secretariat).post(
        submission_url(submission_bra, "reviewer_assign"), {"reviewer": other.pk}
    )

    assert response.status_code == 302
    assert submission_bra.assignments.filter(reviewer=other).exists()


READERS_OF_SUBMITTED = ["member_own", "reviewer", "secretariat", "administrator"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", READERS_OF_SUBMITTED)
def test_submitted_submission_and_its_history_render_for_readers(
    language: str, role: str, users_by_role: dict[str, Any], submitted_ury: Submission
) -> None:
    client = _client(users_by_role, role)
    value_history = submission_url(
        submitted_ury, "value_history", "procedures_total", language=language
    )

    for path in [
        submission_url(submitted_ury, language=language),
        submission_url(submitted_ury, "submission_history", language=language),
        value_history,
    ]:
        response = client.get(path)
        assert response.status_code == 200, (role, path)
        assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_secretariat_forms_render_in_every_language(
    language: str, secretariat: User, open_round: Round, submission_ury: Submission
) -> None:
    client = client_for(secretariat)

    for path in [
        url("round_create", language=language),
        url("round_close", open_round.pk, language=language),
        url("round_detail", open_round.pk, language=language),
    ]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_import_page_renders_for_the_country(
    language: str, member_ury: User, submission_ury: Submission
) -> None:
    path = submission_url(submission_ury, "submission_import", language=language)

    assert client_for(member_ury).get(path).status_code == 200


ODD_POSTS = [
    {"lock-expected_version": "abc"},
    {"lock-expected_version": "-1", "v-procedures_total-value": "1"},
    {"lock-expected_version": "1", "v-procedures_total-value": "9" * 40},
    {"lock-expected_version": "1", "v-procedures_total-status": "stolen"},
    {"lock-expected_version": "1", "v-procedures_total-evidence_url": "javascript:alert(1)"},
    {"lock-expected_version": "1", "v-satisfaction_score-value": "NaN"},
    {"lock-expected_version": "1", "v-satisfaction_score-value": "1e999"},
    {"lock-expected_version": "1", "v-procedures_total-comment": "nul\x00byte"},
]


@pytest.mark.parametrize("data", ODD_POSTS)
def test_odd_input_is_refused_with_a_message_and_saves_nothing(
    data: dict[str, str], member_ury: User, submission_ury: Submission
) -> None:
    before = _snapshot(submission_ury)

    response = client_for(member_ury).post(submission_url(submission_ury), data)

    assert response.status_code == 400
    # A control character is refused before the form, naming the field (gealc.core.middleware).
    refused_at_the_edge = any("\x00" in value for value in data.values())
    expected = "contains a control character" if refused_at_the_edge else "Nothing was saved"
    assert expected in response.content.decode()
    assert _snapshot(submission_ury) == before


def test_odd_addresses_are_404_not_500(member_ury: User, submission_ury: Submission) -> None:
    client = client_for(member_ury)
    base = submission_url(submission_ury)

    assert client.get(base.replace("/ury/", "/uryxx/")).status_code == 404
    assert client.get(base + "template.pdf/").status_code == 404
    # A control character in the address is a 400 naming the parameter (gealc.core.middleware).
    assert client.get(base.replace("/ury/", "/%00%00/")).status_code == 400
    assert client.get(url("framework_detail", "GEALC-DGI", "1") + "%00/").status_code == 400


def test_public_sees_published_values_but_not_confidential_numbers_nor_review(
    submitted_ury: Submission, reviewer: User, secretariat: User, administrator: User
) -> None:
    from gealc.measurement import services

    services.submission_return(actor=reviewer, submission=submitted_ury, reason="Confidential?")
    submitted_ury.refresh_from_db()
    services.values_save_many(
        actor=administrator,
        submission=submitted_ury,
        rows=[{"variable_code": "satisfaction_score", "value": "81.25", "status": "confidential"}],
        expected_version=submitted_ury.lock_version,
    )
    services.submission_submit(actor=administrator, submission=submitted_ury)
    services.submission_validate(actor=reviewer, submission=submitted_ury)
    services.submission_publish(actor=secretariat, submission=submitted_ury)

    public = client_for(None).get(submission_url(submitted_ury)).content.decode()
    internal = client_for(secretariat).get(submission_url(submitted_ury)).content.decode()

    assert "<strong>120</strong>" in public
    assert "81.25" not in public
    assert "Confidential" in public
    assert "81.25" in internal
    assert "Export (CSV)" not in public
    assert (
        client_for(None).get(submission_url(submitted_ury, "submission_export", "csv")).status_code
        == 403
    )


def test_round_list_shows_the_users_own_work(
    member_ury: User, reviewer: User, submitted_ury: Submission
) -> None:
    for user in (member_ury, reviewer):
        body = client_for(user).get(url("round_list")).content.decode()
        assert "Your submissions and reviews" in body
        assert submission_url(submitted_ury) in body


def test_an_evidence_file_is_uploaded_with_the_form(
    member_ury: User, submission_ury: Submission
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "lock-expected_version": submission_ury.lock_version,
        "v-signature_law-value": "1",
        "v-signature_law-status": "reported",
        "v-signature_law-evidence_file": SimpleUploadedFile(
            "law.pdf", EVIDENCE_PDF, "application/pdf"
        ),
    }

    response = client_for(member_ury).post(submission_url(submission_ury), data)

    assert response.status_code == 302
    value = submission_ury.values.get(variable__code="signature_law")
    assert value.evidence_file.name.endswith("law.pdf")


def test_evidence_files_are_served_only_to_readers_of_the_submission(
    member_ury: User, member_bra: User, secretariat: User, submission_ury: Submission
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client_for(member_ury).post(
        submission_url(submission_ury),
        {
            "lock-expected_version": submission_ury.lock_version,
            "v-signature_law-value": "1",
            "v-signature_law-status": "reported",
            "v-signature_law-evidence_file": SimpleUploadedFile(
                "law.pdf", EVIDENCE_PDF, "application/pdf"
            ),
        },
    )
    evidence = submission_url(submission_ury, "value_evidence", "signature_law")
    page = client_for(member_ury).get(submission_url(submission_ury)).content.decode()

    assert evidence in page
    for reader in (member_ury, secretariat):
        response = client_for(reader).get(evidence)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == EVIDENCE_PDF
    assert client_for(member_bra).get(evidence).status_code == 404
    assert client_for(None).get(evidence).status_code == 404
    no_file = submission_url(submission_ury, "value_evidence", "procedures_total")
    assert client_for(member_ury).get(no_file).status_code == 404


def test_an_evidence_file_of_the_wrong_type_is_refused(
    member_ury: User, submission_ury: Submission
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "lock-expected_version": submission_ury.lock_version,
        "v-signature_law-value": "1",
        "v-signature_law-status": "reported",
        "v-signature_law-evidence_file": SimpleUploadedFile("run.exe", b"MZ", "application/x"),
    }

    response = client_for(member_ury).post(submission_url(submission_ury), data)

    assert response.status_code == 400
    assert "Files of type “exe” are not accepted. Use one of: pdf" in response.content.decode()
    assert not submission_ury.values.exists()


def test_a_closed_round_shows_drafts_read_only(
    member_ury: User, secretariat: User, submission_ury: Submission
) -> None:
    from gealc.measurement import services

    services.round_close(actor=secretariat, round=submission_ury.round, reason="Deadline.")

    body = client_for(member_ury).get(submission_url(submission_ury)).content.decode()

    assert 'name="lock-expected_version"' not in body
    assert "Submit for review" not in body


def test_spanish_readers_may_type_a_decimal_comma(
    member_ury: User, submission_ury: Submission
) -> None:
    data = {
        "lock-expected_version": submission_ury.lock_version,
        "v-satisfaction_score-value": "75,5",
        "v-satisfaction_score-status": "reported",
    }

    response = client_for(member_ury).post(submission_url(submission_ury, language="es"), data)

    assert response.status_code == 302
    value = submission_ury.values.get(variable__code="satisfaction_score")
    assert str(value.value).startswith("75.5")
    page = client_for(member_ury).get(submission_url(submission_ury, language="es"))
    assert 'value="75,5"' in page.content.decode()
