"""The working groups' services: what they record, and what they refuse without changing
anything."""

from __future__ import annotations

import datetime

import pytest
import rules
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gealc.groups import services
from gealc.groups.models import (
    Action,
    AgendaItem,
    Commitment,
    Decision,
    Document,
    Meeting,
    Membership,
    Milestone,
    ProgressUpdate,
    WorkingLine,
    WorkPlan,
)
from gealc.groups.services import ActionInput, DecisionInput, MilestoneInput

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_eight_working_lines_are_seeded_in_four_languages() -> None:
    lines = list(WorkingLine.objects.all())
    assert [line.slug for line in lines] == [
        "digital-identity",
        "interoperability",
        "public-software",
        "open-data",
        "measurement",
        "cybersecurity",
        "emerging-technologies",
        "innovation",
    ]
    interop = lines[1]
    assert (interop.name_es, interop.name_pt, interop.name_fr) == (
        "Interoperabilidad",
        "Interoperabilidade",
        "Interopérabilité",
    )


def test_a_membership_ends_with_a_reason_and_is_kept(group_ury, secretariat, member_bra) -> None:
    membership = Membership.objects.get(group=group_ury, person=member_bra.person)
    services.membership_end(
        actor=secretariat,
        membership=membership,
        end=datetime.date(2025, 1, 31),
        reason="Change of government",
    )
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    assert Membership.objects.filter(pk=membership.pk, end_reason="Change of government").exists()
    with pytest.raises(ValidationError, match="already ended"):
        services.membership_end(
            actor=secretariat, membership=membership, end=datetime.date(2025, 2, 1), reason="x"
        )


def test_a_milestone_after_its_commitment_ends_is_refused_and_nothing_is_saved(
    secretariat, plan_2025, group_ury, uruguay
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.commitment_create(
            actor=secretariat,
            plan=plan_2025,
            group=group_ury,
            lead_country=uruguay,
            data={
                "title_es": "Compromiso",
                "start": datetime.date(2025, 1, 1),
                "end": datetime.date(2025, 6, 30),
            },
            milestones=[
                MilestoneInput("Bien", datetime.date(2025, 3, 1)),
                MilestoneInput("Tarde", datetime.date(2025, 9, 1)),
            ],
        )
    message = " ".join(refused.value.messages)
    assert "Milestone 2" in message
    assert "after its commitment ends (2025-06-30)" in message
    assert not Commitment.objects.exists()
    assert not Milestone.objects.exists()


def test_progress_is_reported_by_a_committed_country_and_reviewed_by_the_coordinator(
    commitment_ury, member_bra, member_ury, brazil
) -> None:
    update = services.progress_report(
        actor=member_bra,
        commitment=commitment_ury,
        country=brazil,
        level="substantial",
        evidence="Inventory published",
        evidence_url="https://gob.example.org/inventario",
    )
    assert commitment_ury.level == "not_started"  # not reviewed yet
    services.progress_review(actor=member_ury, update=update, accept=True)
    assert commitment_ury.level == "substantial"


def test_progress_for_another_country_is_refused(commitment_ury, member_bra, uruguay) -> None:
    with pytest.raises(ValidationError, match="your own country"):
        services.progress_report(
            actor=member_bra,
            commitment=commitment_ury,
            country=uruguay,
            level="limited",
            evidence="x",
        )
    assert not ProgressUpdate.objects.exists()


def test_evidence_files_get_the_evidence_content_checks(commitment_ury, member_ury, uruguay):
    fake_pdf = SimpleUploadedFile("evidence.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError, match="is not a PDF document"):
        services.progress_report(
            actor=member_ury,
            commitment=commitment_ury,
            country=uruguay,
            level="limited",
            evidence="See the file",
            evidence_file=fake_pdf,
        )
    assert not ProgressUpdate.objects.exists()


def test_documents_are_checked_like_evidence(group_ury, member_ury) -> None:
    text = SimpleUploadedFile("terms.txt", "Términos de referencia".encode())
    document = services.document_add(
        actor=member_ury, group=group_ury, title="Terms", file=text, is_public=True
    )
    assert document.file.name.endswith(".txt")
    with pytest.raises(ValidationError):
        services.document_add(
            actor=member_ury,
            group=group_ury,
            title="Bad",
            is_public=True,
            file=SimpleUploadedFile("bad.exe", b"MZ\x90\x00"),
        )
    assert Document.objects.count() == 1


def test_year_end_carry_over_is_explicit(commitment_ury, secretariat, plan_2026) -> None:
    with pytest.raises(ValidationError, match="accepted progress is complete"):
        services.commitment_close(actor=secretariat, commitment=commitment_ury, outcome="completed")
    with pytest.raises(ValidationError, match="why the commitment is dropped"):
        services.commitment_close(actor=secretariat, commitment=commitment_ury, outcome="dropped")
    carried = services.commitment_close(
        actor=secretariat, commitment=commitment_ury, outcome="carried_over", next_plan=plan_2026
    )
    commitment_ury.refresh_from_db()
    assert commitment_ury.outcome == "carried_over"
    assert carried.plan == plan_2026
    assert carried.carried_from == commitment_ury
    assert carried.end == datetime.date(2026, 12, 31)
    assert [m.due for m in carried.milestones.all()] == [
        datetime.date(2026, 6, 30),
        datetime.date(2026, 11, 30),
    ]
    assert list(carried.countries.all()) == list(commitment_ury.countries.all())
    with pytest.raises(ValidationError, match="already been closed"):
        services.commitment_close(
            actor=secretariat, commitment=commitment_ury, outcome="dropped", reason="x"
        )


def test_a_closed_commitment_is_offered_no_report_and_no_closing(
    commitment_ury, secretariat, administrator, member_bra, plan_2026
) -> None:
    """An administrator passes every permission: the ``…_now`` rules keep the state in."""
    for user in (secretariat, administrator, member_bra):
        assert rules.test_rule("groups.report_progress_now", user, commitment_ury)
        closes = user != member_bra
        assert rules.test_rule("groups.close_commitment_now", user, commitment_ury) == closes
    services.commitment_close(
        actor=secretariat, commitment=commitment_ury, outcome="carried_over", next_plan=plan_2026
    )
    commitment_ury.refresh_from_db()
    for user in (secretariat, administrator, member_bra):
        assert not rules.test_rule("groups.report_progress_now", user, commitment_ury)
        assert not rules.test_rule("groups.close_commitment_now", user, commitment_ury)


def test_a_closed_commitments_milestones_stay_as_they_were(
    commitment_ury, secretariat, plan_2026
) -> None:
    first, second = commitment_ury.milestones.order_by("due")
    services.milestone_mark_done(actor=secretariat, milestone=first, done_on=first.due)
    services.commitment_close(
        actor=secretariat, commitment=commitment_ury, outcome="carried_over", next_plan=plan_2026
    )

    with pytest.raises(ValidationError, match="its milestones stay as they were"):
        services.milestone_mark_done(actor=secretariat, milestone=second, done_on=second.due)

    second.refresh_from_db()
    assert second.done_on is None
    assert second.history.count() == 1


def test_a_meeting_ending_before_it_starts_is_refused(secretariat, group_ury) -> None:
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="must end after it starts"):
        services.meeting_schedule(
            actor=secretariat,
            group=group_ury,
            data={
                "kind": "group_meeting",
                "title": "Backwards",
                "starts_at": start,
                "ends_at": start - datetime.timedelta(hours=1),
                "time_zone": "America/Lima",
                "place": "Lima",
            },
        )
    assert not Meeting.objects.exists()


def test_an_unknown_time_zone_is_refused(secretariat) -> None:
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="Unknown time zone"):
        services.meeting_schedule(
            actor=secretariat,
            data={
                "kind": "assembly",
                "title": "Assembly",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=2),
                "time_zone": "Mars/Olympus",
                "place": "Online",
            },
        )


def test_minutes_number_decisions_adopt_the_plan_and_carry_open_actions(
    meeting_ury, member_ury, member_bra, plan_2026
) -> None:
    decisions, actions = services.minutes_record(
        actor=member_ury,
        meeting=meeting_ury,
        decisions=[
            DecisionInput("The group agrees its plan.", plan=plan_2026, adopts_plan=True),
            DecisionInput("The catalogue is public."),
        ],
        actions=[
            ActionInput("Draft the catalogue", member_bra.person, datetime.date(2026, 2, 1)),
            ActionInput("Invite Chile", member_ury.person, datetime.date(2026, 3, 1)),
        ],
    )
    assert [d.number for d in decisions] == [1, 2]
    plan_2026.refresh_from_db()
    assert plan_2026.adopted_on == meeting_ury.local_start.date()
    assert plan_2026.adopted_at_meeting == meeting_ury
    later = services.meeting_schedule(
        actor=member_ury,
        group=meeting_ury.group,
        data={
            "kind": "group_meeting",
            "title": "Next",
            "time_zone": "UTC",
            "place": "Online",
            "starts_at": meeting_ury.starts_at + datetime.timedelta(days=30),
            "ends_at": meeting_ury.ends_at + datetime.timedelta(days=30),
        },
    )
    carried = AgendaItem.objects.filter(meeting=later, carried_action__isnull=False)
    assert {item.carried_action for item in carried} == set(actions)
    services.minutes_record(
        actor=member_ury, meeting=later, reviewed_actions={actions[0].pk: "done"}
    )
    assert Action.objects.get(pk=actions[0].pk).status == "done"


def test_an_action_without_an_owner_refuses_the_whole_minutes(meeting_ury, member_ury) -> None:
    with pytest.raises(ValidationError) as refused:
        services.minutes_record(
            actor=member_ury,
            meeting=meeting_ury,
            decisions=[DecisionInput("A decision.")],
            actions=[
                ActionInput("Has an owner", member_ury.person, datetime.date(2026, 1, 1)),
                ActionInput("Nobody's", None, datetime.date(2026, 1, 1)),
            ],
        )
    assert "Action 2: it has no owner" in " ".join(refused.value.messages)
    assert not Decision.objects.exists()
    assert not Action.objects.exists()


def test_certificates_have_a_code_an_expiry_and_can_be_revoked(enrolment_done, secretariat) -> None:
    certificate = services.certificate_issue(actor=secretariat, enrolment=enrolment_done)
    assert len(certificate.code) == 14
    assert certificate.code[4] == "-"
    assert certificate.expires_on == datetime.date(2027, 6, 30)
    assert certificate.status(datetime.date(2026, 1, 1)) == "valid"
    assert certificate.status(datetime.date(2028, 1, 1)) == "expired"
    services.certificate_revoke(actor=secretariat, certificate=certificate, reason="Fraud")
    assert certificate.status() == "revoked"


def test_a_certificate_needs_a_completed_enrolment(edition, secretariat, uruguay) -> None:
    enrolment = services.enrol(
        actor=secretariat, edition=edition, country=uruguay, name="Luis", email="l@example.org"
    )
    with pytest.raises(ValidationError, match="completed enrolment"):
        services.certificate_issue(actor=secretariat, enrolment=enrolment)


@pytest.mark.parametrize("role", ["member_own", "member_other", "stakeholder", "public"])
def test_only_the_secretariat_manages_training(users_by_role, role, course) -> None:
    user: User = users_by_role[role]
    with pytest.raises(PermissionDenied):
        services.edition_create(
            actor=user,
            course=course,
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 2, 1),
        )


def test_plans_are_made_by_the_secretariat_only(member_ury) -> None:
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=member_ury, year=2030)
    assert not WorkPlan.objects.filter(year=2030).exists()


def test_a_groups_details_are_the_secretariats_not_its_coordinators(group_ury, member_ury):
    with pytest.raises(PermissionDenied):
        services.group_update(
            actor=member_ury, group=group_ury, data={"name_en": "Mine"}, expected_version=1
        )
    group_ury.refresh_from_db()
    assert group_ury.name_en == "Interoperability group (test)"


def test_a_group_update_changes_its_line_and_coordinators_and_keeps_who_did_it(
    group_ury, secretariat, brazil, uruguay
) -> None:
    line = WorkingLine.objects.get(slug="cybersecurity")
    services.group_update(
        actor=secretariat,
        group=group_ury,
        data={
            "working_line": line,
            "coordinating_country": brazil,
            "co_coordinating_country": uruguay,
        },
        expected_version=1,
    )
    group_ury.refresh_from_db()
    assert (group_ury.working_line, group_ury.coordinating_country, group_ury.version) == (
        line,
        brazil,
        2,
    )
    assert group_ury.history.first().history_user == secretariat
    assert group_ury.slug == "interoperability-group-test"  # the address stays


def test_a_stale_group_update_is_refused_and_changes_nothing(group_ury, secretariat) -> None:
    services.group_update(
        actor=secretariat, group=group_ury, data={"name_en": "First"}, expected_version=1
    )
    with pytest.raises(ValidationError, match="Someone else changed this") as refused:
        services.group_update(
            actor=secretariat, group=group_ury, data={"name_en": "Second"}, expected_version=1
        )
    assert refused.value.code == "stale"
    group_ury.refresh_from_db()
    assert (group_ury.name_en, group_ury.version) == ("First", 2)


def test_a_group_or_course_is_never_given_the_address_of_a_fixed_page(secretariat, line_interop):
    course = services.course_create(
        actor=secretariat,
        working_line=line_interop,
        data={
            "title_es": "Report",
            "title_en": "Report",
            "provider": "P",
            "modality": "webinar",
            "language": "en",
        },
    )
    assert course.slug == "report-2"


def test_a_course_update_refuses_a_field_it_does_not_change(course, secretariat) -> None:
    with pytest.raises(ValidationError) as refused:
        services.course_update(
            actor=secretariat, course=course, data={"slug": "elsewhere"}, expected_version=1
        )
    assert set(refused.value.message_dict) == {"slug"}
    course.refresh_from_db()
    assert (course.slug, course.version) == ("interoperability-basics-test", 1)
