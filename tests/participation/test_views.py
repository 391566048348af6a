"""Participation pages: reading, answering and editing, refusals (closed, twice, flooding,
hidden by address), reports and moderation, the summary and its files, registration,
profile and leaving, organisations, and the secretariat's review."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from gealc.participation import services
from gealc.participation.models import Consultation, Contribution, Stakeholder
from tests.participation.conftest import english_client as _client
from tests.participation.conftest import english_url as _url
from tests.participation.conftest import option_ids, question, signup_data

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _answer_text(client: Client, consultation: Consultation, text: str) -> object:
    item = question(consultation, "text")
    prefix = f"q{item.pk}"
    data = {f"{prefix}-text": text, f"{prefix}-language": "en"}
    return client.post(_url("question_answer", consultation.slug, item.pk), data)


def test_the_public_reads_a_consultation_but_not_a_draft(
    consultation: Consultation, secretariat: User
) -> None:
    page = _client().get(_url("consultation_detail", consultation.slug))
    assert page.status_code == 200
    assert b"Digital identity roadmap (test)" in page.content
    assert b"Send my answer" not in page.content
    Consultation.objects.filter(pk=consultation.pk).update(phase="draft")
    assert _client().get(_url("consultation_detail", consultation.slug)).status_code == 404
    assert (
        _client(secretariat).get(_url("consultation_detail", consultation.slug)).status_code == 200
    )


def test_a_verified_stakeholder_answers_and_edits(
    verified: User, consultation: Consultation
) -> None:
    client = _client(verified)
    assert _answer_text(client, consultation, "First idea").status_code == 302
    assert _answer_text(client, consultation, "Second idea").status_code == 302
    answer = Contribution.objects.get()
    assert answer.text == "Second idea"
    page = client.get(_url("consultation_detail", consultation.slug))
    assert b"Second idea" in page.content
    assert b"Civic Tech Uruguay (test)" in page.content
    assert b"Civil society" in page.content


def test_markup_and_names_never_run(
    verified: User, consultation: Consultation, secretariat: User
) -> None:
    Stakeholder.objects.filter(user=verified).update(display_name=XSS)
    _answer_text(_client(verified), consultation, f"Hello {XSS}")
    for user in (None, secretariat):
        page = _client(user).get(_url("consultation_detail", consultation.slug)).content.decode()
        assert "<script>alert" not in page
        assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;" in page  # the name is shown, escaped


def test_a_ranking_is_answered_from_the_page(verified: User, consultation: Consultation) -> None:
    item = question(consultation, "ranking")
    first, second, third = option_ids(item)
    data = {
        f"q{item.pk}-rank_{first}": "3",
        f"q{item.pk}-rank_{second}": "1",
        f"q{item.pk}-rank_{third}": "2",
        f"q{item.pk}-language": "en",
    }
    response = _client(verified).post(_url("question_answer", consultation.slug, item.pk), data)
    assert response.status_code == 302
    assert Contribution.objects.get().choices == [second, third, first]
    data[f"q{item.pk}-rank_{first}"] = "1"
    refused = _client(verified).post(_url("question_answer", consultation.slug, item.pk), data)
    assert refused.status_code == 400
    assert b"different position" in refused.content


def test_a_closed_consultation_refuses_answers(
    verified: User, closed_consultation: Consultation
) -> None:
    client = _client(verified)
    page = client.get(_url("consultation_detail", closed_consultation.slug))
    assert b"Send my answer" not in page.content
    response = _answer_text(client, closed_consultation, "Too late")
    assert response.status_code == 400
    assert b"not open for contributions" in response.content
    assert not Contribution.objects.exists()


def test_a_pending_newcomer_is_refused(pending: User, consultation: Consultation) -> None:
    assert _answer_text(_client(pending), consultation, "Hi").status_code == 403
    page = _client(pending).get(_url("consultation_detail", consultation.slug))
    assert b"waiting for the secretariat" in page.content
    assert not Contribution.objects.exists()


def test_flooding_past_the_rate_is_refused(
    settings: object, verified: User, consultation: Consultation
) -> None:
    settings.GEALC_PARTICIPATION_RATES = {"contribute": (2, 3600)}  # type: ignore[attr-defined]
    client = _client(verified)
    for text in ("one", "two"):
        assert _answer_text(client, consultation, text).status_code == 302
    response = _answer_text(client, consultation, "three")
    assert response.status_code == 429
    assert b"Too many at once" in response.content
    assert Contribution.objects.get().text == "two"


def test_a_hidden_contribution_is_no_page_but_for_its_author_and_the_secretariat(
    verified: User, other_verified: User, secretariat: User, consultation: Consultation
) -> None:
    _answer_text(_client(verified), consultation, "To hide")
    answer = Contribution.objects.get()
    address = _url("contribution_detail", answer.pk)
    hide = _client(secretariat).post(
        _url("contribution_moderate", answer.pk),
        {"action": "hide", "moderation-reason": "Personal data"},
    )
    assert hide.status_code == 302
    assert _client().get(address).status_code == 404
    assert _client(other_verified).get(address).status_code == 404
    assert b"Hidden by the moderators" in _client(verified).get(address).content
    assert b"Show it again" in _client(secretariat).get(address).content
    page = _client().get(_url("consultation_detail", consultation.slug))
    assert b"To hide" not in page.content
    _client(secretariat).post(
        _url("contribution_moderate", answer.pk),
        {"action": "restore", "moderation-reason": "Fixed"},
    )
    assert _client().get(address).status_code == 200


def test_a_report_from_the_page(
    verified: User, other_verified: User, consultation: Consultation
) -> None:
    _answer_text(_client(verified), consultation, "Reported")
    answer = Contribution.objects.get()
    client = _client(other_verified)
    response = client.post(_url("contribution_report", answer.pk), {"report-reason": "spam"})
    assert response.status_code == 302
    again = client.post(_url("contribution_report", answer.pk), {"report-reason": "spam"})
    assert again.status_code == 400
    assert b"already reported" in again.content
    assert answer.reports.count() == 1
    assert (
        _client()
        .post(_url("contribution_report", answer.pk), {"report-reason": "spam"})
        .status_code
        == 302
    )
    assert answer.reports.count() == 1  # the anonymous post went to the sign-in page


def test_the_summary_is_published_with_charts_pdf_and_open_data(
    verified: User, secretariat: User, consultation: Consultation
) -> None:
    item = question(consultation, "single")
    services.contribution_submit(
        actor=verified, question=item, language="en", choices=[option_ids(item)[0]]
    )
    _answer_text(_client(verified), consultation, "My view")
    services.consultation_close(actor=secretariat, consultation=consultation)
    summary = _url("consultation_summary", consultation.slug)
    assert _client().get(summary).status_code == 404
    refused = _client(secretariat).post(summary, {})
    assert refused.status_code == 400
    published = _client(secretariat).post(
        summary, {"synthesis_en": "We heard you.", "response_en": "We will act."}
    )
    assert published.status_code == 302
    page = _client().get(summary)
    assert page.status_code == 200
    assert b"We heard you." in page.content
    assert b"<svg" in page.content
    assert b"Show the data as a table" in page.content
    csv = _client().get(_url("consultation_export_csv", consultation.slug))
    assert b"My view" in csv.content
    assert b"Ana" not in csv.content
    data = json.loads(_client().get(_url("consultation_export_json", consultation.slug)).content)
    assert {row["text"] for row in data["rows"]} == {"", "My view"}
    pdf = _client().get(_url("consultation_summary_pdf", consultation.slug))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_open_data_waits_for_the_close(consultation: Consultation) -> None:
    response = _client().get(_url("consultation_export_csv", consultation.slug))
    assert response.status_code == 404


def test_a_newcomer_registers_and_gets_a_verification_email(
    org_ury: object, uruguay: object
) -> None:
    mail.outbox.clear()
    data = signup_data(
        "newcomer",
        uruguay,  # type: ignore[arg-type]
        email="new@example.org",
        display_name="New Comer",
        new_organisation="Universidad Nueva (test)",
        languages=["es", "en"],
    )
    response = _client().post(_url("stakeholder_signup"), data)
    assert response.status_code == 302
    person = Stakeholder.objects.get(user__username="newcomer")
    assert person.is_pending
    assert person.organisation.name == "Universidad Nueva (test)"
    assert any("new@example.org" in message.to for message in mail.outbox)


def test_a_signup_naming_two_organisations_is_refused(org_ury: object, uruguay: object) -> None:
    data = signup_data(
        "two",
        uruguay,  # type: ignore[arg-type]
        display_name=XSS,
        organisation=org_ury.pk,  # type: ignore[attr-defined]
        new_organisation="Another",
    )
    response = _client().post(_url("stakeholder_signup"), data)
    assert response.status_code == 200
    assert b"one of the two" in response.content
    assert b"<script>alert" not in response.content
    assert not User.objects.filter(username="two").exists()


def test_an_existing_account_completes_its_profile_and_leaves(
    make_user: object, uruguay: object, org_ury: object, consultation: Consultation
) -> None:
    user = make_user("existing")  # type: ignore[operator]
    client = _client(user)
    assert b"Your organisation" in client.get(_url("stakeholder_profile")).content
    data = {"display_name": "Existing", "sector": "private_sector", "country": uruguay.pk}  # type: ignore[attr-defined]
    data["organisation"] = org_ury.pk  # type: ignore[attr-defined]
    assert client.post(_url("stakeholder_profile"), data).status_code == 302
    person = Stakeholder.objects.get(user=user)
    assert person.is_pending
    assert client.post(_url("stakeholder_leave"), {}).status_code == 302
    person.refresh_from_db()
    assert not person.has_left  # without the confirmation nobody leaves
    assert client.post(_url("stakeholder_leave"), {"confirm": "1"}).status_code == 302
    person.refresh_from_db()
    assert person.has_left
    assert person.display_name == ""


def test_organisation_pages_show_verified_ones_only(pending: User, org_ury: object) -> None:
    assert _client().get(_url("stakeholder_organisation", org_ury.pk)).status_code == 200  # type: ignore[attr-defined]
    organisation = pending.stakeholder.organisation
    assert _client().get(_url("stakeholder_organisation", organisation.pk)).status_code == 404


def test_the_review_is_for_the_secretariat(
    pending: User, secretariat: User, verified: User
) -> None:
    assert _client(verified).get(_url("participation_review")).status_code == 403
    page = _client(secretariat).get(_url("participation_review"))
    assert b"Pablo Pending" in page.content
    person = pending.stakeholder
    refused = _client(verified).post(_url("stakeholder_review", person.pk), {"action": "verify"})
    assert refused.status_code == 403
    _client(secretariat).post(_url("stakeholder_review", person.pk), {"action": "verify"})
    person.refresh_from_db()
    assert person.is_verified


@pytest.mark.parametrize("name", ["consultation_list"])
def test_the_list_shows_phases(name: str, consultation: Consultation) -> None:
    page = _client().get(_url(name))
    assert b"Digital identity roadmap (test)" in page.content
    assert b"Register to take part" in page.content


def test_a_verified_person_has_a_public_page_until_they_leave(
    verified: User, pending: User, consultation: Consultation
) -> None:
    _answer_text(_client(verified), consultation, "Public answer")
    person = verified.stakeholder
    page = _client().get(_url("stakeholder_public", person.pk))
    assert page.status_code == 200
    assert b"Public answer" in page.content
    assert b"ana@example.org" not in page.content
    assert _client().get(_url("stakeholder_public", pending.stakeholder.pk)).status_code == 404
    services.stakeholder_leave(actor=verified)
    assert _client().get(_url("stakeholder_public", person.pk)).status_code == 404


def test_the_secretariat_rejects_an_organisation_with_a_reason(
    pending: User, secretariat: User
) -> None:
    organisation = pending.stakeholder.organisation
    address = _url("organisation_review", organisation.pk)
    assert _client(pending).post(address, {"action": "reject", "reason": "x"}).status_code == 403
    _client(secretariat).post(address, {"action": "reject", "reason": ""})
    organisation.refresh_from_db()
    assert organisation.is_rejected is False
    _client(secretariat).post(address, {"action": "reject", "reason": "Unknown body"})
    organisation.refresh_from_db()
    assert organisation.rejection_reason == "Unknown body"
