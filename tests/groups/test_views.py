"""The working-group pages: what each role sees and may do, and bad input answered with a
clear message that changes nothing."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from gealc.groups import services
from gealc.groups.models import Action, Decision, ProgressUpdate
from tests.groups.conftest import CERTIFICATE_CODE

pytestmark = pytest.mark.django_db


def _url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["public", "stakeholder", "member_own", "secretariat"])
def test_public_pages_answer_every_role(
    users_by_role, role, group_ury, commitment_ury, meeting_ury, course, certificate
) -> None:
    client = _client(users_by_role[role])
    for address in (
        _url("group_list"),
        _url("group_detail", group_ury.slug),
        _url("plan"),
        _url("plan_year", 2025),
        _url("commitment_detail", commitment_ury.pk),
        _url("meeting_detail", meeting_ury.pk),
        _url("calendar"),
        _url("course_list"),
        _url("course_detail", course.slug),
        _url("training_report"),
        _url("certificate_verify"),
        _url("group_report", group_ury.slug, 2025),
    ):
        assert client.get(address).status_code == 200, address


def test_personal_data_is_for_members_only(users_by_role, meeting_ury, member_ury, group_ury):
    services.meeting_register(actor=member_ury, meeting=meeting_ury)
    email = member_ury.person.email or "delegate.ury@example.org"
    for role, sees in [
        ("public", False),
        ("stakeholder", False),
        ("member_other", True),
        ("reviewer", True),
        ("secretariat", True),
    ]:
        client = _client(users_by_role[role])
        meeting_page = client.get(_url("meeting_detail", meeting_ury.pk)).content.decode()
        assert (member_ury.person.full_name in meeting_page) is sees, role
        group_page = client.get(_url("group_detail", group_ury.slug)).content.decode()
        assert (email in group_page) is sees, role
        assert (member_ury.person.full_name in group_page) is sees, role


def test_a_draft_plan_is_members_only(users_by_role, plan_2026) -> None:
    assert _client(users_by_role["public"]).get(_url("plan_year", 2026)).status_code == 404
    assert _client(users_by_role["stakeholder"]).get(_url("plan_year", 2026)).status_code == 404
    assert _client(users_by_role["member_own"]).get(_url("plan_year", 2026)).status_code == 200


def test_the_plan_by_country_and_by_indicator(commitment_ury, chile) -> None:
    client = _client()
    title = "Regional catalogue of interoperability services"
    assert title in client.get(_url("plan"), {"country": "BRA"}).content.decode()
    assert title not in client.get(_url("plan"), {"country": "CHL"}).content.decode()
    assert title not in client.get(_url("plan"), {"indicator": "nothing"}).content.decode()


def test_overdue_milestones_are_highlighted(commitment_ury) -> None:
    page = _client().get(_url("plan_year", 2025)).content.decode()
    assert 'class="overdue"' in page
    assert "Overdue" in page


# Progress: members of a committed country report, the coordinator reviews ------------------


def _report(client: Client, commitment, iso3: str, **extra):
    data = {
        "country": iso3,
        "level": "substantial",
        "date": "2025-09-01",
        "evidence": "The catalogue lists 40 services.",
        **extra,
    }
    return client.post(_url("commitment_detail", commitment.pk), data)


@pytest.mark.parametrize(
    ("role", "iso3", "allowed"),
    [
        ("member_own", "URY", True),  # lead country
        ("member_other", "BRA", True),  # participating country
        ("member_other", "URY", False),  # another country than their own
        ("stakeholder", "URY", False),
        ("reviewer", "URY", False),
        ("secretariat", "URY", True),
    ],
)
def test_who_reports_progress(users_by_role, role, iso3, allowed, commitment_ury) -> None:
    response = _report(_client(users_by_role[role]), commitment_ury, iso3)
    assert response.status_code == (
        302 if allowed else 403 if role in ("stakeholder", "reviewer") else 400
    )
    assert ProgressUpdate.objects.exists() is allowed


def test_a_country_outside_the_commitment_cannot_report(
    users_by_role, commitment_ury, chile, make_user
) -> None:
    assert ProgressUpdate.objects.count() == 0
    response = _report(_client(users_by_role["public"]), commitment_ury, "URY")
    assert response.status_code == 403


def test_evidence_upload_is_checked_and_nothing_is_saved(member_ury, commitment_ury) -> None:
    fake = SimpleUploadedFile("evidence.pdf", b"not a pdf at all")
    response = _report(_client(member_ury), commitment_ury, "URY", evidence_file=fake)
    assert response.status_code == 400
    assert "is not a PDF document" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member_own", True), ("member_other", False), ("secretariat", True), ("stakeholder", False)],
)
def test_only_the_coordinator_reviews(
    users_by_role, role, allowed, commitment_ury, member_bra, brazil
) -> None:
    update = services.progress_report(
        actor=member_bra,
        commitment=commitment_ury,
        country=brazil,
        level="complete",
        evidence="Done",
    )
    response = _client(users_by_role[role]).post(
        _url("progress_review", update.pk), {"decision": "accept"}
    )
    assert response.status_code in ((302,) if allowed else (403, 302))
    update.refresh_from_db()
    assert (update.review_state == "accepted") is allowed


# Minutes: the coordinator of the group, or the secretariat ----------------------------------


def _minutes(meeting, owner_pk: object, decisions=1) -> dict[str, object]:
    data: dict[str, object] = {
        "decisions-TOTAL_FORMS": 3,
        "decisions-INITIAL_FORMS": 0,
        "actions-TOTAL_FORMS": 3,
        "actions-INITIAL_FORMS": 0,
        "decisions-0-text": "The catalogue will be public.",
        "actions-0-title": "Publish the catalogue",
        "actions-0-owner": owner_pk,
        "actions-0-due": "2026-02-01",
        "actions-1-title": "Invite Chile",
        "actions-1-owner": owner_pk,
        "actions-1-due": "2026-03-01",
    }
    return data


@pytest.mark.parametrize(
    ("role", "status"),
    [("member_own", 302), ("member_other", 403), ("secretariat", 302), ("stakeholder", 403)],
)
def test_who_records_minutes(users_by_role, role, status, meeting_ury, member_ury) -> None:
    response = _client(users_by_role[role]).post(
        _url("meeting_minutes", meeting_ury.pk), _minutes(meeting_ury, member_ury.person.pk)
    )
    assert response.status_code == status
    assert Action.objects.count() == (2 if status == 302 else 0)


def test_an_open_action_past_its_due_date_is_marked_overdue(
    secretariat, meeting_ury, member_ury
) -> None:
    today = timezone.localdate()
    services.minutes_record(
        actor=secretariat,
        meeting=meeting_ury,
        actions=[
            services.ActionInput("Late and open", member_ury.person, today - timedelta(days=1)),
            services.ActionInput("Due later", member_ury.person, today + timedelta(days=1)),
        ],
    )
    page = _client(secretariat).get(_url("meeting_detail", meeting_ury.pk)).content.decode()
    assert page.count("Overdue</strong>") == 1
    assert re.search(r'<tr class="overdue"><th scope="row">Late and open</th>', page)


def test_the_coordinator_of_another_group_cannot_record_minutes(
    group_bra, member_bra, meeting_ury, member_ury
) -> None:
    response = _client(member_bra).post(
        _url("meeting_minutes", meeting_ury.pk), _minutes(meeting_ury, member_ury.person.pk)
    )
    assert response.status_code == 403


def test_an_action_without_owner_records_nothing(member_ury, meeting_ury) -> None:
    data = _minutes(meeting_ury, member_ury.person.pk)
    data["actions-1-owner"] = ""
    response = _client(member_ury).post(_url("meeting_minutes", meeting_ury.pk), data)
    assert response.status_code == 400
    assert "Action 2: it has no owner" in response.content.decode()
    assert not Decision.objects.exists()
    assert not Action.objects.exists()


# Calendar feeds ------------------------------------------------------------------------------


def test_an_empty_calendar_export_says_so(db) -> None:
    response = _client().get(_url("calendar_feed"))
    assert response.status_code == 404
    assert "no meetings yet" in response.content.decode()


def test_a_personal_feed_with_a_forged_token_is_refused(member_ury) -> None:
    assert _client().get(_url("calendar_personal_feed", "forged")).status_code == 404


# Certificates ----------------------------------------------------------------------------------


def test_verifying_a_certificate_shows_only_name_course_and_date(certificate) -> None:
    page = _client().get(_url("certificate_verify"), {"code": "abcd efgh jk23"}).content.decode()
    assert "Valid certificate" in page
    assert "Ana Pérez" in page
    assert "Interoperability basics (test)" in page
    assert "2025" in page.split("verification-result")[1]  # the date, in the reader's format
    assert "ana.perez@example.org" not in page
    assert "Uruguay" not in page


def test_a_code_that_does_not_exist(certificate) -> None:
    response = _client().get(_url("certificate_verify"), {"code": "ZZZZ-ZZZZ-ZZZZ"})
    assert response.status_code == 404
    assert "No certificate has this code" in response.content.decode()


def test_revoked_and_expired_certificates(certificate, secretariat) -> None:
    services.certificate_revoke(actor=secretariat, certificate=certificate, reason="Error")
    page = _client().get(_url("certificate_verify"), {"code": CERTIFICATE_CODE}).content.decode()
    assert "Revoked certificate" in page
    assert "Error" not in page.split("verification-result")[1]


def test_certificate_and_report_pdfs(certificate, group_ury, commitment_ury) -> None:
    client = _client()
    pdf = client.get(_url("certificate_pdf", CERTIFICATE_CODE))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    report = client.get(_url("group_report_pdf", group_ury.slug, 2025))
    assert report.status_code == 200
    assert report.content.startswith(b"%PDF")
    assert client.get(_url("group_report", group_ury.slug, 1999)).status_code == 404


def test_training_report_exports(certificate) -> None:
    client = _client()
    csv = client.get(_url("training_report"), {"format": "csv"})
    assert csv.status_code == 200
    assert "Uruguay,2025,Interoperability basics (test)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(_url("training_report"), {"format": "xlsx"})
    assert xlsx.content.startswith(b"PK")
    page = client.get(_url("training_report")).content.decode()
    assert "Show the data as a table" in page
    assert client.get(_url("training_report"), {"year": "abc"}).status_code == 400


def test_registering_puts_the_meeting_in_the_personal_feed(member_ury, meeting_ury) -> None:
    client = _client(member_ury)
    assert client.post(_url("meeting_register", meeting_ury.pk)).status_code == 302
    page = client.get(_url("calendar")).content.decode()
    address = re.search(r'href="([^"]*/calendar/personal/[^"]+)"', page).group(1)
    feed = _client().get(address)
    assert feed.status_code == 200
    assert b"BEGIN:VEVENT" in feed.content


def test_the_progress_form_offers_the_members_own_country(member_bra, member_ury, commitment_ury):
    """A member reports for their own country (chosen already); the coordinator for any
    country of the commitment."""
    page = _client(member_bra).get(_url("commitment_detail", commitment_ury.pk)).content.decode()
    assert '<option value="BRA" selected>' in page
    assert 'value="URY"' not in page
    page = _client(member_ury).get(_url("commitment_detail", commitment_ury.pk)).content.decode()
    assert 'value="BRA"' in page
    assert 'value="URY"' in page


@pytest.mark.parametrize("year", [0, 10000, 99999999999])
def test_years_no_date_can_hold_are_not_found(group_ury, year) -> None:
    client = _client()
    assert client.get(f"/en/plan/{year}/").status_code == 404
    assert client.get(f"/en/groups/{group_ury.slug}/report/{year}/").status_code == 404


def test_a_member_finds_what_their_country_committed_to(member_ury, commitment_ury) -> None:
    page = _client(member_ury).get(_url("plan_year", 2025)).content.decode()
    assert 'href="?country=URY">What Uruguay committed to</a>' in page
    assert (
        "What Uruguay committed to" not in _client().get(_url("plan_year", 2025)).content.decode()
    )


def test_meeting_times_are_written_in_the_readers_language(meeting_ury) -> None:
    """Through the locale filters: the long date of the reader's language, never a fixed
    Y-m-d format."""
    day = meeting_ury.local_start
    for language, month in (("en", day.strftime("%B")), ("es", None)):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        with translation.override(language):
            address = reverse("meeting_detail", args=[meeting_ury.pk])
        page = client.get(address).content.decode()
        assert day.strftime("%Y-%m-%d %H:%M") not in page
        if month:
            assert month in page
        else:
            assert " de " in page.split('class="lead"')[1].split("</p>")[0]


def test_the_groups_pdfs_carry_their_own_section_title(certificate, group_ury, commitment_ury):
    """Not the observatory's "The network in numbers" in the running header."""
    client = _client()
    for address, section in (
        (_url("group_report_pdf", group_ury.slug, 2025), "Working groups"),
        (_url("certificate_pdf", CERTIFICATE_CODE), "Training"),
    ):
        text = PdfReader(io.BytesIO(client.get(address).content)).pages[0].extract_text()
        assert section in text, address
        assert "The network in numbers" not in text, address


def test_the_group_page_marks_overdue_milestones_too(secretariat, group_ury, uruguay) -> None:
    today = timezone.localdate()
    plan = services.plan_create(actor=secretariat, year=today.year)
    plan.adopted_on = today.replace(month=1, day=1)
    plan.save()
    services.commitment_create(
        actor=secretariat,
        plan=plan,
        group=group_ury,
        lead_country=uruguay,
        data={
            "title_en": "Shared validator",
            "start": today.replace(month=1, day=1),
            "end": today.replace(month=12, day=31),
        },
        milestones=[services.MilestoneInput("Late step", today - timedelta(days=1))],
    )
    page = _client().get(_url("group_detail", group_ury.slug)).content.decode()
    assert re.search(r'<li class="overdue">Late step — .*Overdue</strong>', page)
