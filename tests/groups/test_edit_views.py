"""The pages that change the working groups: who may use each (roles by own/other group and
country, checked on the server), that each goes through its service, and that bad input gets a
message naming the field or row while nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gealc.groups import services
from gealc.groups.forms import CourseForm, EditionForm, GroupForm
from gealc.groups.models import (
    Certificate,
    Commitment,
    Course,
    Document,
    Enrolment,
    Meeting,
    Membership,
    Milestone,
    WorkingGroup,
    WorkPlan,
)
from tests.groups.test_views import _client, _url

pytestmark = pytest.mark.django_db

TEXT = b"Terms of reference of the group."

# member_own coordinates group_ury (for Uruguay), member_other is a member of it (for Brazil)
# and coordinates group_bra; the secretariat does everything; a stakeholder nothing.
COORDINATOR_OF_GROUP_URY = [
    ("member_own", True),
    ("member_other", False),
    ("stakeholder", False),
    ("secretariat", True),
]
OWN_OR_OTHER_GROUP = [
    ("member_own", "group_ury", True),  # their own group
    ("member_own", "group_bra", False),  # another group
    ("member_other", "group_ury", False),  # a member, not the coordinator
    ("stakeholder", "group_ury", False),
    ("secretariat", "group_bra", True),
]


def _refused(response) -> bool:
    """Refused: forbidden, or (anonymous) sent to sign in."""
    return response.status_code == 403 or (
        response.status_code == 302 and "login" in response["Location"]
    )


# Work plans and commitments --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("public", False), ("stakeholder", False), ("member_own", False), ("secretariat", True)],
)
def test_only_the_secretariat_opens_a_plan(users_by_role, role, allowed) -> None:
    response = _client(users_by_role[role]).post(_url("plan_create"), {"year": 2030})
    assert WorkPlan.objects.filter(year=2030).exists() is allowed
    if allowed:
        assert response["Location"] == _url("plan_year", 2030)
    else:
        assert _refused(response)


def test_a_plan_year_taken_or_out_of_range_is_refused(secretariat, plan_2025) -> None:
    client = _client(secretariat)
    response = client.post(_url("plan_create"), {"year": 2025})
    assert response.status_code == 400
    assert "Year" in response.content.decode()
    assert client.post(_url("plan_create"), {"year": "next"}).status_code == 400
    assert WorkPlan.objects.count() == 1


def _commitment_data(group_slug: str, **extra: object) -> dict[str, object]:
    return {
        "group": group_slug,
        "lead_country": "URY",
        "countries": ["BRA"],
        "title": "Shared signature validator",
        "description": "A validator every country can run.",
        "start": "2025-02-01",
        "end": "2025-11-30",
        "budget": "12000",
        "budget_currency": "usd",
        "milestones-TOTAL_FORMS": 2,
        "milestones-INITIAL_FORMS": 0,
        "milestones-0-title": "Specification",
        "milestones-0-due": "2025-05-31",
        "milestones-1-title": "Pilot in two countries",
        "milestones-1-due": "2025-10-31",
        **extra,
    }


@pytest.mark.parametrize(("role", "group", "allowed"), OWN_OR_OTHER_GROUP)
def test_who_adds_a_commitment(
    request, users_by_role, role, group, allowed, plan_2025, group_ury, group_bra
) -> None:
    slug = request.getfixturevalue(group).slug
    response = _client(users_by_role[role]).post(
        _url("commitment_create", 2025), _commitment_data(slug)
    )
    created = Commitment.objects.filter(title_en="Shared signature validator").first()
    assert (created is not None) is allowed
    if allowed:
        assert response.status_code == 302
        assert created.budget_currency == "USD"
        assert [c.iso3 for c in created.countries.all()] == ["BRA"]
        assert created.milestones.count() == 2
    else:
        # another group than one's own is not offered; no group at all is refused
        assert response.status_code in (400, 403)


def test_a_milestone_after_the_commitments_end_saves_nothing(member_ury, plan_2025, group_ury):
    data = _commitment_data(group_ury.slug, **{"milestones-1-due": "2026-01-15"})
    response = _client(member_ury).post(_url("commitment_create", 2025), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Milestone 2" in page
    assert "after its commitment ends" in page
    assert not Commitment.objects.exists()
    assert not Milestone.objects.exists()


def test_a_budget_without_currency_and_a_milestone_without_date(member_ury, plan_2025, group_ury):
    data = _commitment_data(group_ury.slug, budget_currency="", **{"milestones-0-due": ""})
    response = _client(member_ury).post(_url("commitment_create", 2025), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say in which currency the budget is." in page
    assert "Give the milestone a due date." in page
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member_own", True),  # lead country
        ("member_other", True),  # participating country
        ("reviewer", False),
        ("stakeholder", False),
        ("secretariat", True),
    ],
)
def test_who_marks_a_milestone_done(users_by_role, role, allowed, commitment_ury) -> None:
    milestone = commitment_ury.milestones.first()
    response = _client(users_by_role[role]).post(
        _url("milestone_done", milestone.pk), {"done_on": "2025-06-20"}
    )
    milestone.refresh_from_db()
    assert (milestone.done_on == datetime.date(2025, 6, 20)) is allowed
    assert response.status_code == (302 if allowed else 403)


def test_a_milestone_done_without_a_date_says_so(member_ury, commitment_ury) -> None:
    milestone = commitment_ury.milestones.first()
    client = _client(member_ury)
    response = client.post(_url("milestone_done", milestone.pk), {"done_on": "soon"}, follow=True)
    assert "not marked done" in response.content.decode()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        _url("milestone_done", milestone.pk), {"done_on": tomorrow.isoformat()}, follow=True
    )
    assert "cannot be done on a day still to come" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on is None


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_OF_GROUP_URY)
def test_who_closes_a_commitment(users_by_role, role, allowed, commitment_ury) -> None:
    response = _client(users_by_role[role]).post(
        _url("commitment_close", commitment_ury.pk),
        {"outcome": "dropped", "reason": "Superseded by a regional law."},
    )
    commitment_ury.refresh_from_db()
    assert (commitment_ury.outcome == "dropped") is allowed
    if not allowed:
        assert _refused(response)


def test_carrying_a_commitment_over_makes_its_copy_in_the_later_plan(
    member_ury, commitment_ury, plan_2026
) -> None:
    response = _client(member_ury).post(
        _url("commitment_close", commitment_ury.pk),
        {"outcome": "carried_over", "next_plan": "2026"},
    )
    follow_up = Commitment.objects.get(carried_from=commitment_ury)
    assert response["Location"] == _url("commitment_detail", follow_up.pk)
    assert follow_up.plan == plan_2026
    assert follow_up.milestones.count() == 2  # none was done


def test_a_close_without_reason_or_later_plan_changes_nothing(
    member_ury, commitment_ury, plan_2026
) -> None:
    client = _client(member_ury)
    dropped = client.post(_url("commitment_close", commitment_ury.pk), {"outcome": "dropped"})
    assert dropped.status_code == 400
    assert "Say why the commitment is dropped." in dropped.content.decode()
    replaced = client.post(
        _url("commitment_close", commitment_ury.pk), {"outcome": "replaced", "next_plan": "2026"}
    )
    assert replaced.status_code == 400
    assert "Describe the commitment that replaces it." in replaced.content.decode()
    completed = client.post(_url("commitment_close", commitment_ury.pk), {"outcome": "completed"})
    assert completed.status_code == 400
    assert "accepted progress is complete" in completed.content.decode()
    commitment_ury.refresh_from_db()
    assert commitment_ury.outcome == "open"
    assert Commitment.objects.count() == 1


def test_replacing_a_commitment(member_ury, commitment_ury, plan_2026) -> None:
    _client(member_ury).post(
        _url("commitment_close", commitment_ury.pk),
        {"outcome": "replaced", "next_plan": "2026", "replacement_title": "Regional catalogue API"},
    )
    replacement = Commitment.objects.get(carried_from=commitment_ury)
    assert replacement.title_en == "Regional catalogue API"
    assert (replacement.start, replacement.end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )


# A group's documents and members ----------------------------------------------------------------


@pytest.mark.parametrize(("role", "group", "allowed"), OWN_OR_OTHER_GROUP)
def test_who_adds_a_group_document(
    request, users_by_role, role, group, allowed, group_ury, group_bra, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    slug = request.getfixturevalue(group).slug
    response = _client(users_by_role[role]).post(
        _url("group_document_add", slug),
        {"title": "Terms of reference", "file": SimpleUploadedFile("terms.txt", TEXT)},
    )
    assert Document.objects.exists() is allowed
    if allowed:
        assert response["Location"] == _url("group_detail", slug)
        assert not Document.objects.get().is_public
    else:
        assert _refused(response)


def test_a_document_failing_the_upload_checks_is_not_saved(
    member_ury, group_ury, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = _client(member_ury).post(
        _url("group_document_add", group_ury.slug),
        {"title": "Terms", "file": SimpleUploadedFile("terms.pdf", b"not a pdf at all")},
    )
    assert response.status_code == 400
    assert "is not a PDF document" in response.content.decode()
    assert not Document.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_OF_GROUP_URY)
def test_who_ends_a_membership(users_by_role, role, allowed, group_ury, member_bra) -> None:
    membership = group_ury.memberships.get(person=member_bra.person)
    response = _client(users_by_role[role]).post(
        _url("membership_end", membership.pk),
        {"end": "2025-12-31", "reason": "New government."},
    )
    membership.refresh_from_db()
    assert (membership.end == datetime.date(2025, 12, 31)) is allowed
    assert Membership.objects.filter(pk=membership.pk).exists()  # never deleted
    if not allowed:
        assert _refused(response)


def test_ending_a_membership_needs_a_reason_and_a_date_after_its_start(
    member_ury, group_ury, member_bra
) -> None:
    membership = group_ury.memberships.get(person=member_bra.person)
    client = _client(member_ury)
    response = client.post(_url("membership_end", membership.pk), {"end": "2025-12-31"})
    assert response.status_code == 400
    early = client.post(
        _url("membership_end", membership.pk), {"end": "2020-01-01", "reason": "Moved"}
    )
    assert early.status_code == 400
    assert "The end date cannot be before the start date." in early.content.decode()
    membership.refresh_from_db()
    assert membership.end is None


def test_a_former_member_shows_in_the_history(member_ury, group_ury, member_bra) -> None:
    membership = group_ury.memberships.get(person=member_bra.person)
    _client(member_ury).post(
        _url("membership_end", membership.pk), {"end": "2025-12-31", "reason": "New government."}
    )
    page = _client(member_ury).get(_url("group_detail", group_ury.slug)).content.decode()
    assert "Former members" in page
    assert "New government." in page


# Meetings ---------------------------------------------------------------------------------------


def _meeting_data(**extra: object) -> dict[str, object]:
    return {
        "kind": "group_meeting",
        "title": "Catalogue workshop",
        "starts_at": "2031-05-04T10:00",
        "ends_at": "2031-05-04T12:30",
        "time_zone": "America/Montevideo",
        "place": "Montevideo",
        "is_public": "on",
        "agenda-TOTAL_FORMS": 2,
        "agenda-INITIAL_FORMS": 0,
        "agenda-0-title": "Welcome",
        "agenda-0-presenter": "Chair",
        "agenda-0-duration_minutes": "10",
        **extra,
    }


@pytest.mark.parametrize(
    ("role", "group", "allowed"),
    [
        ("member_own", "group_ury", True),
        ("member_own", "group_bra", False),
        ("member_other", "group_ury", False),
        ("stakeholder", "group_ury", False),
        ("secretariat", "group_bra", True),
        ("secretariat", "", True),  # a meeting of the whole network
        ("member_own", "", False),
    ],
)
def test_who_schedules_a_meeting(users_by_role, role, group, allowed, group_ury, group_bra) -> None:
    slug = {"group_ury": group_ury.slug, "group_bra": group_bra.slug}.get(group, "")
    response = _client(users_by_role[role]).post(
        _url("meeting_schedule"), _meeting_data(group=slug)
    )
    meeting = Meeting.objects.filter(title="Catalogue workshop").first()
    assert (meeting is not None) is allowed
    if allowed:
        assert response.status_code == 302
        assert meeting.local_start.hour == 10  # the clock time in the meeting's zone
        assert meeting.starts_at.astimezone(datetime.UTC).hour == 13
        assert [item.title for item in meeting.agenda.all()] == ["Welcome"]
    else:
        assert response.status_code in (400, 403) or _refused(response)


def test_a_meeting_ending_before_it_starts_or_in_no_zone_is_refused(member_ury, group_ury):
    client = _client(member_ury)
    backwards = client.post(
        _url("meeting_schedule"), _meeting_data(group=group_ury.slug, ends_at="2031-05-04T09:00")
    )
    assert backwards.status_code == 400
    assert "A meeting must end after it starts." in backwards.content.decode()
    zone = client.post(
        _url("meeting_schedule"), _meeting_data(group=group_ury.slug, time_zone="Mars/Olympus")
    )
    assert zone.status_code == 400
    assert "Unknown time zone" in zone.content.decode()
    nowhere = client.post(_url("meeting_schedule"), _meeting_data(group=group_ury.slug, place=""))
    assert nowhere.status_code == 400
    assert "Give a place, an online link or both." in nowhere.content.decode()
    for edge in ("9999-12-31T23:59", "0001-01-01T00:00"):  # no zone moves them (a 500 once)
        slip = client.post(
            _url("meeting_schedule"),
            _meeting_data(group=group_ury.slug, ends_at=edge, time_zone="America/Mexico_City"),
        )
        assert slip.status_code == 400
        assert "between the years 1900 and 2999" in slip.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_OF_GROUP_URY)
def test_who_adds_a_meeting_document(
    users_by_role, role, allowed, meeting_ury, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = _client(users_by_role[role]).post(
        _url("meeting_document_add", meeting_ury.pk),
        {"title": "Agenda", "file": SimpleUploadedFile("agenda.txt", TEXT)},
    )
    assert Document.objects.filter(meeting=meeting_ury).exists() is allowed
    if allowed:
        assert response["Location"] == _url("meeting_detail", meeting_ury.pk)
    else:
        assert _refused(response)


def test_a_meeting_document_failing_the_upload_checks_is_not_saved(
    member_ury, meeting_ury, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = _client(member_ury).post(
        _url("meeting_document_add", meeting_ury.pk),
        {"title": "Agenda", "file": SimpleUploadedFile("agenda.pdf", b"not a pdf at all")},
    )
    assert response.status_code == 400
    assert "is not a PDF document" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_OF_GROUP_URY)
def test_who_changes_a_meeting(users_by_role, role, allowed, meeting_ury) -> None:
    client = _client(users_by_role[role])
    data = {
        "kind": "group_meeting",
        "title": "Interoperability group meeting (moved)",
        "starts_at": "2031-06-01T15:00",
        "ends_at": "2031-06-01T16:00",
        "time_zone": "America/Sao_Paulo",
        "online_link": "https://meet.example.org/interop",
        "is_public": "on",
    }
    response = client.post(_url("meeting_update", meeting_ury.pk), data)
    meeting_ury.refresh_from_db()
    assert (meeting_ury.title == "Interoperability group meeting (moved)") is allowed
    if allowed:
        assert response.status_code == 302
        assert meeting_ury.sequence == 1
        assert meeting_ury.time_zone == "America/Sao_Paulo"
    else:
        assert _refused(response)


def test_the_change_form_shows_the_meetings_own_clock_time(member_ury, meeting_ury) -> None:
    page = _client(member_ury).get(_url("meeting_update", meeting_ury.pk)).content.decode()
    local = meeting_ury.local_start.strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}' in page


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_OF_GROUP_URY)
def test_who_records_attendance(users_by_role, role, allowed, meeting_ury, member_bra) -> None:
    registration = services.meeting_register(actor=member_bra, meeting=meeting_ury)
    response = _client(users_by_role[role]).post(
        _url("meeting_attendance", meeting_ury.pk), {f"attended-{registration.pk}": "on"}
    )
    registration.refresh_from_db()
    assert (registration.attended is True) is allowed
    if not allowed:
        assert _refused(response)


def test_the_attendance_page_lists_the_registered(member_ury, meeting_ury, member_bra) -> None:
    services.meeting_register(actor=member_bra, meeting=meeting_ury)
    page = _client(member_ury).get(_url("meeting_attendance", meeting_ury.pk)).content.decode()
    assert member_bra.person.full_name in page


# Training ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("public", False), ("member_own", False), ("stakeholder", False), ("secretariat", True)],
)
def test_only_the_secretariat_manages_training(
    users_by_role, role, allowed, course, edition, enrolment_done, certificate
) -> None:
    client = _client(users_by_role[role])
    responses = [
        client.get(_url("edition_detail", edition.pk)),
        client.post(
            _url("edition_create", course.slug), {"start": "2026-03-01", "end": "2026-03-31"}
        ),
        client.post(
            _url("edition_enrol", edition.pk),
            {"name": "Luis Gómez", "email": "luis@example.org", "country": "BRA"},
        ),
        client.post(_url("certificate_revoke", certificate.code), {"reason": "Issued in error"}),
    ]
    if allowed:
        assert [r.status_code for r in responses] == [200, 302, 302, 302]
    else:
        assert all(_refused(r) for r in responses)
    assert Enrolment.objects.filter(name="Luis Gómez").exists() is allowed
    certificate.refresh_from_db()
    assert certificate.is_revoked is allowed


def test_enrol_complete_and_certify_someone_invited_by_email(secretariat, edition, brazil) -> None:
    client = _client(secretariat)
    client.post(
        _url("edition_enrol", edition.pk),
        {"name": "Luis Gómez", "email": "luis@example.org", "country": "BRA"},
    )
    enrolment = Enrolment.objects.get(name="Luis Gómez")
    prefix = f"e{enrolment.pk}"
    response = client.post(
        _url("enrolment_record", enrolment.pk),
        {f"{prefix}-attended": "on", f"{prefix}-completed_on": "2025-06-29"},
    )
    assert response.status_code == 302
    assert client.post(_url("certificate_issue", enrolment.pk)).status_code == 302
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.expires_on == datetime.date(2027, 6, 29)
    page = client.get(_url("edition_detail", edition.pk)).content.decode()
    assert certificate.code in page


def test_enrolling_a_person_of_the_directory(secretariat, edition, member_bra) -> None:
    _client(secretariat).post(
        _url("edition_enrol", edition.pk), {"person": member_bra.person.pk, "country": "BRA"}
    )
    enrolment = Enrolment.objects.get(person=member_bra.person)
    assert enrolment.name == member_bra.person.full_name


def test_bad_training_input_names_the_row_and_changes_nothing(
    secretariat, edition, enrolment_done, certificate, brazil
) -> None:
    client = _client(secretariat)
    nobody = client.post(_url("edition_enrol", edition.pk), {"country": "BRA"})
    assert nobody.status_code == 400
    assert "Choose a person of the directory, or give a name and an e-mail." in (
        nobody.content.decode()
    )
    enrolment = services.enrol(
        actor=secretariat,
        edition=edition,
        country=enrolment_done.country,
        name="Eva",
        email="e@example.org",
    )
    prefix = f"e{enrolment.pk}"
    early = client.post(
        _url("enrolment_record", enrolment.pk),
        {f"{prefix}-attended": "on", f"{prefix}-completed_on": "2025-01-01"},
    )
    assert early.status_code == 400
    assert "Eva: The completion date is before the edition starts." in early.content.decode()
    not_done = client.post(_url("certificate_issue", enrolment.pk))
    assert not_done.status_code == 400
    assert "Eva: Only a completed enrolment gets a certificate." in not_done.content.decode()
    twice = client.post(_url("certificate_issue", enrolment_done.pk))
    assert "already has a certificate" in twice.content.decode()
    no_reason = client.post(_url("certificate_revoke", certificate.code), {"reason": ""})
    assert no_reason.status_code == 400
    enrolment.refresh_from_db()
    certificate.refresh_from_db()
    assert enrolment.completed_on is None
    assert not certificate.is_revoked
    assert Certificate.objects.count() == 1


def test_an_edition_ending_before_it_starts_is_refused(secretariat, course) -> None:
    response = _client(secretariat).post(
        _url("edition_create", course.slug), {"start": "2026-03-31", "end": "2026-03-01"}
    )
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not course.editions.exists()


def test_addresses_no_database_can_hold_are_not_found(secretariat, plan_2025) -> None:
    client = _client(secretariat)
    huge = "9" * 30
    for address in (
        f"/en/plan/{huge}/commitments/new/",
        f"/en/plan/commitments/{huge}/close/",
        f"/en/meetings/{huge}/edit/",
        f"/en/training/editions/{huge}/",
        f"/api/v1/commitments/{huge}/",
        f"/api/v1/plans/{huge}/",
    ):
        assert client.get(address).status_code == 404, address


@pytest.mark.parametrize(("role", "group", "allowed"), OWN_OR_OTHER_GROUP)
def test_who_adds_a_member(
    request, users_by_role, role, group, allowed, group_ury, group_bra, head_ury
) -> None:
    group = request.getfixturevalue(group)
    response = _client(users_by_role[role]).post(
        _url("membership_add", group.slug),
        {"person": head_ury.person.pk, "role": "member", "country": "URY", "start": "2025-01-01"},
    )
    assert group.memberships.filter(person=head_ury.person).exists() is allowed
    if not allowed:
        assert _refused(response)


def test_a_member_needs_a_country_and_joins_once(member_ury, group_ury, member_bra) -> None:
    client = _client(member_ury)
    data = {"person": member_bra.person.pk, "role": "member", "start": "2025-01-01"}
    again = client.post(_url("membership_add", group_ury.slug), {**data, "country": "BRA"})
    assert again.status_code == 400
    assert "This person is already a member of this group." in again.content.decode()
    ended = group_ury.memberships.get(person=member_bra.person)
    services.membership_end(actor=member_ury, membership=ended, end=ended.start, reason="Left")
    no_country = client.post(_url("membership_add", group_ury.slug), data)
    assert no_country.status_code == 400
    assert "Say which country this person represents." in no_country.content.decode()
    assert group_ury.memberships.filter(person=member_bra.person).count() == 1


# Working groups, courses and editions: set up and changed by the secretariat -----------------

SECRETARIAT_ONLY = [
    ("public", False),
    ("stakeholder", False),
    ("member_own", False),  # coordinates group_ury: its work, not its details
    ("member_other", False),
    ("secretariat", True),
]


def _group_data(**extra: object) -> dict[str, object]:
    return {
        "name_es": "Grupo de ciberseguridad",
        "name_en": "Cybersecurity group",
        "mandate_es": "Coordinar los equipos de respuesta.",
        "working_line": "cybersecurity",
        "coordinating_country": "URY",
        "co_coordinating_country": "BRA",
        "start": "2026-02-01",
        "end": "",
        "status": "active",
        **extra,
    }


def _edit_data(form_initial: dict[str, object], **extra: object) -> dict[str, object]:
    """What the edit page's form sends back unchanged, with ``extra`` typed over it."""
    return {k: "" if v is None else v for k, v in {**form_initial, **extra}.items()}


@pytest.mark.parametrize(("role", "allowed"), SECRETARIAT_ONLY)
def test_only_the_secretariat_sets_up_a_group(users_by_role, role, allowed, uruguay, brazil):
    client = _client(users_by_role[role])
    page = client.get(_url("group_create"))
    response = client.post(_url("group_create"), _group_data())
    created = WorkingGroup.objects.filter(name_en="Cybersecurity group").first()
    assert (created is not None) is allowed
    if allowed:
        assert page.status_code == 200
        assert response["Location"] == _url("group_detail", created.slug)
        assert created.co_coordinating_country == brazil
        assert created.mandate_es == "Coordinar los equipos de respuesta."
        assert created.history.count() == 1
    else:
        assert _refused(page)
        assert _refused(response)


@pytest.mark.parametrize(("role", "allowed"), SECRETARIAT_ONLY)
def test_only_the_secretariat_changes_a_groups_details(users_by_role, role, allowed, group_ury):
    client = _client(users_by_role[role])
    initial = GroupForm.initial_for(group_ury)
    response = client.post(
        _url("group_update", group_ury.slug), _edit_data(initial, name_en="Renamed group")
    )
    group_ury.refresh_from_db()
    assert (group_ury.name_en == "Renamed group") is allowed
    if allowed:
        assert response["Location"] == _url("group_detail", group_ury.slug)
        assert group_ury.version == 2
        assert group_ury.history.first().name_en == "Renamed group"  # who and when kept
        edit_page = client.get(_url("group_update", group_ury.slug)).content.decode()
        assert 'value="Renamed group"' in edit_page
        assert 'name="expected_version" value="2"' in edit_page
    else:
        assert _refused(client.get(_url("group_update", group_ury.slug)))
        assert _refused(response)


@pytest.mark.parametrize(
    ("field_values", "field", "message"),
    [
        ({"end": "2026-01-31"}, "End", "The end date cannot be before the start date."),
        ({"co_coordinating_country": "URY"}, "Co-coordinating country", "must be another"),
        ({"status": "closed"}, "End", "A closed group needs the date it ended."),
        ({"name_es": ""}, "Name (Spanish)", "This field is required."),
        ({"working_line": "astrology"}, "Working line", "Select a valid choice."),
        ({"start": "yesterday"}, "Start", "Enter a valid date."),
    ],
)
def test_bad_group_input_names_the_field_and_sets_up_nothing(
    secretariat, uruguay, brazil, field_values, field, message
) -> None:
    response = _client(secretariat).post(_url("group_create"), _group_data(**field_values))
    assert response.status_code == 400
    assert f"{field}: " in response.content.decode()
    assert message in response.content.decode()
    assert not WorkingGroup.objects.filter(name_en="Cybersecurity group").exists()


def test_bad_input_on_a_group_edit_changes_nothing(secretariat, group_ury) -> None:
    initial = GroupForm.initial_for(group_ury)
    response = _client(secretariat).post(
        _url("group_update", group_ury.slug),
        _edit_data(initial, name_en="Renamed", co_coordinating_country="URY"),
    )
    assert response.status_code == 400
    assert "The co-coordinator must be another country." in response.content.decode()
    group_ury.refresh_from_db()
    assert (group_ury.name_en, group_ury.version) == ("Interoperability group (test)", 1)


def test_a_group_changed_meanwhile_is_shown_beside_the_editors_change_not_overwritten(
    secretariat, administrator, group_ury
) -> None:
    opened = GroupForm.initial_for(group_ury)  # both open the page at version 1
    first = _client(administrator).post(
        _url("group_update", group_ury.slug), _edit_data(opened, name_en="First name")
    )
    assert first.status_code == 302
    second = _client(secretariat).post(
        _url("group_update", group_ury.slug), _edit_data(opened, name_en="Second name")
    )
    page = second.content.decode()
    assert second.status_code == 400
    assert "Someone else changed this since you opened it." in page
    assert "Someone else changed this meanwhile" in page  # the table of what differs
    assert "First name" in page
    assert "Second name" in page
    group_ury.refresh_from_db()
    assert (group_ury.name_en, group_ury.version) == ("First name", 2)
    # Sent again (the page now carries version 2), the second change applies knowingly.
    again = _client(secretariat).post(
        _url("group_update", group_ury.slug),
        _edit_data(opened, name_en="Second name", expected_version=2),
    )
    assert again.status_code == 302
    group_ury.refresh_from_db()
    assert (group_ury.name_en, group_ury.version) == ("Second name", 3)


def test_a_group_edit_without_its_version_is_refused(secretariat, group_ury) -> None:
    data = _edit_data(GroupForm.initial_for(group_ury), name_en="X")
    del data["expected_version"]
    response = _client(secretariat).post(_url("group_update", group_ury.slug), data)
    assert response.status_code == 400
    assert "This form is incomplete." in response.content.decode()


def test_the_group_pages_link_their_forms_for_the_secretariat_only(
    secretariat, member_ury, group_ury
) -> None:
    for user, shown in ((secretariat, True), (member_ury, False)):
        listing = _client(user).get(_url("group_list")).content.decode()
        detail = _client(user).get(_url("group_detail", group_ury.slug)).content.decode()
        assert (_url("group_create") in listing) is shown
        assert (_url("group_update", group_ury.slug) in detail) is shown


def _course_data(**extra: object) -> dict[str, object]:
    return {
        "title_es": "Firma digital avanzada",
        "title_en": "Advanced digital signature",
        "provider": "Network secretariat",
        "modality": "workshop",
        "language": "es",
        "link": "https://campus.example.org/firma",
        "working_line": "digital-identity",
        "certificate_valid_years": "3",
        **extra,
    }


@pytest.mark.parametrize(("role", "allowed"), SECRETARIAT_ONLY)
def test_only_the_secretariat_adds_and_changes_courses(
    users_by_role, role, allowed, course, edition
) -> None:
    client = _client(users_by_role[role])
    client.post(_url("course_create"), _course_data())
    assert Course.objects.filter(title_en="Advanced digital signature").exists() is allowed
    changed = client.post(
        _url("course_update", course.slug),
        _edit_data(CourseForm.initial_for(course), provider="Another provider"),
    )
    moved = client.post(
        _url("edition_update", edition.pk),
        _edit_data(EditionForm.initial_for(edition), place="Montevideo"),
    )
    course.refresh_from_db()
    edition.refresh_from_db()
    assert (course.provider == "Another provider") is allowed
    assert (edition.place == "Montevideo") is allowed
    if not allowed:
        assert _refused(changed)
        assert _refused(moved)
        assert _refused(client.get(_url("course_create")))


def test_a_course_is_added_and_changed_with_its_history(secretariat, course) -> None:
    client = _client(secretariat)
    response = client.post(_url("course_create"), _course_data())
    added = Course.objects.get(title_en="Advanced digital signature")
    assert response["Location"] == _url("course_detail", added.slug)
    assert (added.working_line.slug, added.certificate_valid_years) == ("digital-identity", 3)
    initial = CourseForm.initial_for(course)
    client.post(
        _url("course_update", course.slug),
        _edit_data(initial, title_en="Interoperability in practice", working_line="open-data"),
    )
    course.refresh_from_db()
    assert (course.title_en, course.working_line.slug, course.version) == (
        "Interoperability in practice",
        "open-data",
        2,
    )
    assert course.slug == initial.get("slug", course.slug)  # its address stays
    assert course.history.count() == 2
    detail = client.get(_url("course_detail", course.slug)).content.decode()
    assert _url("course_update", course.slug) in detail
    for page in ("course_create", ("course_update", course.slug), ("group_create",)):
        name, *args = (page,) if isinstance(page, str) else page
        assert client.get(_url(name, *args)).status_code == 200
    assert _url("course_create") in client.get(_url("course_list")).content.decode()


@pytest.mark.parametrize(
    ("field_values", "field", "message"),
    [
        ({"link": "not a link"}, "Course platform", "Enter a valid URL."),
        ({"certificate_valid_years": "0"}, "Certificates valid for (years)", "greater than"),
        ({"modality": "telepathy"}, "Modality", "Select a valid choice."),
        ({"title_es": ""}, "Title (Spanish)", "This field is required."),
    ],
)
def test_bad_course_input_names_the_field_and_adds_nothing(
    secretariat, field_values, field, message
) -> None:
    response = _client(secretariat).post(_url("course_create"), _course_data(**field_values))
    assert response.status_code == 400
    assert f"{field}: " in response.content.decode()
    assert message in response.content.decode()
    assert not Course.objects.filter(title_en="Advanced digital signature").exists()


def test_an_edition_is_moved_and_bad_dates_change_nothing(
    secretariat, edition, enrolment_done
) -> None:
    client = _client(secretariat)
    initial = EditionForm.initial_for(edition)
    backwards = client.post(
        _url("edition_update", edition.pk), _edit_data(initial, end="2025-04-01")
    )
    assert backwards.status_code == 400
    assert "The end date cannot be before the start date." in backwards.content.decode()
    after_completion = client.post(
        _url("edition_update", edition.pk),
        _edit_data(initial, start="2025-07-01", end="2025-07-31"),
    )
    assert after_completion.status_code == 400
    assert "Someone completed this edition before that day" in after_completion.content.decode()
    edition.refresh_from_db()
    assert (edition.start, edition.end, edition.version) == (
        datetime.date(2025, 5, 1),
        datetime.date(2025, 6, 30),
        1,
    )
    page = client.get(_url("edition_update", edition.pk))
    assert page.status_code == 200
    assert 'value="2025-05-01"' in page.content.decode()
    moved = client.post(
        _url("edition_update", edition.pk), _edit_data(initial, end="2025-07-15", place="Lima")
    )
    assert moved["Location"] == _url("edition_detail", edition.pk)
    edition.refresh_from_db()
    assert (edition.end, edition.place, edition.version) == (datetime.date(2025, 7, 15), "Lima", 2)
    stale = client.post(_url("edition_update", edition.pk), _edit_data(initial, place="Quito"))
    assert stale.status_code == 400
    assert "Someone else changed this since you opened it." in stale.content.decode()
    edition.refresh_from_db()
    assert edition.place == "Lima"
