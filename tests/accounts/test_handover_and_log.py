"""The handover of an appointment (the network's signal, heard by accounts) and the security
log's page and CSV export, readable by the secretariat only."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from gealc.accounts import services
from gealc.accounts.models import Invitation, SecurityEvent
from gealc.network import services as network_services
from gealc.network.models import Appointment, Country, Person

from .conftest import enrol_totp


@pytest.mark.django_db
def test_a_handover_ends_the_role_appoints_and_invites_the_successor_in_one_step(
    secretariat: User,
    member_ury: User,
    delegate_ury: Appointment,
    newcomer: Person,
    django_capture_on_commit_callbacks: Any,
) -> None:
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.appointment_handover(
            actor=secretariat,
            appointment=delegate_ury,
            successor=newcomer,
            end=yesterday,
            reason="New government",
        )

    delegate_ury.refresh_from_db()
    assert delegate_ury.end == yesterday
    assert not member_ury.has_perm("network.change_institution", delegate_ury.institution)
    assert User.objects.filter(pk=member_ury.pk, is_active=True).exists()  # the account stays
    assert (done.started.person, done.started.role, done.started.start) == (
        newcomer,
        Appointment.Role.DELEGATE,
        today,
    )
    invitation = done.invitation.invitation
    assert (invitation.role, invitation.country, invitation.appointment_role) == (
        "member",
        delegate_ury.institution.country,
        Appointment.Role.DELEGATE,
    )
    assert mail.outbox[0].to == [newcomer.email]
    revoked = SecurityEvent.objects.get(kind="role_revoked", user=member_ury)
    assert f"last day {yesterday.isoformat()}" in revoked.detail

    user = services.invitation_accept(
        token=done.invitation.token,
        user=member_ury.__class__(),
        username="nora",
        password="a-long-new-password-2026",
    )
    assert Appointment.objects.filter(person=newcomer).count() == 1  # not appointed twice
    assert user.has_perm("network.change_institution", delegate_ury.institution)


@pytest.mark.django_db
def test_a_refused_handover_changes_nothing(
    member_bra: User, delegate_ury: Appointment, newcomer: Person, english: None
) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 — PermissionDenied from the network
        services.appointment_handover(
            actor=member_bra,
            appointment=delegate_ury,
            successor=newcomer,
            end=timezone.localdate(),
            reason="No right to do it",
        )
    with pytest.raises(ValidationError, match="another person"):
        services.appointment_handover(
            actor=delegate_ury.person.user,
            appointment=delegate_ury,
            successor=delegate_ury.person,
            end=timezone.localdate(),
            reason="Myself",
        )
    delegate_ury.refresh_from_db()
    assert delegate_ury.end is None
    assert not Appointment.objects.filter(person=newcomer).exists()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_when_the_last_appointment_ends_pending_invitations_to_the_country_end(
    secretariat: User, uruguay: Country, head_ury: Appointment
) -> None:
    person = head_ury.person
    services.invitation_create(actor=secretariat, person=person, role="member", country=uruguay)
    network_services.appointment_end(
        actor=secretariat, appointment=head_ury, end=timezone.localdate()
    )
    assert Invitation.objects.get().state == Invitation.State.REVOKED


@pytest.mark.django_db
def test_role_grants_and_revocations_are_in_the_log(
    administrator: User, make_user: object, english: None
) -> None:
    user = make_user("carla")
    network_services.role_grant(actor=administrator, user=user, role="reviewer")
    network_services.role_revoke(actor=administrator, user=user, role="reviewer")
    kinds = list(
        SecurityEvent.objects.filter(user=user).order_by("pk").values_list("kind", "detail")
    )
    assert kinds == [("role_granted", "reviewer"), ("role_revoked", "reviewer")]


@pytest.mark.django_db
def test_the_secretariat_reads_and_exports_the_security_log(
    users_by_role: dict[str, User], member_ury: User
) -> None:
    Client().post("/en/accounts/login/", {"login": "member_ury", "password": "wrong"})
    Client().post("/en/accounts/login/", {"login": "=cmd|' /C calc'!A0", "password": "x"})
    for name in ("stakeholder", "member_own", "reviewer"):
        client = Client()
        client.force_login(users_by_role[name])
        assert client.get("/en/accounts/security-log/").status_code == 403
        assert client.get("/en/accounts/security-log.csv").status_code == 403
    client = Client()
    enrol_totp(users_by_role["secretariat"])
    client.force_login(users_by_role["secretariat"])
    page = client.get("/en/accounts/security-log/?kind=sign_in_failed")
    assert page.status_code == 200
    assert "Failed sign-in" in page.content.decode()
    assert "member_ury" in page.content.decode()

    exported = client.get("/en/accounts/security-log.csv?kind=sign_in_failed")

    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row["account"] for row in rows] == ["'=cmd|' /C calc'!A0", "member_ury"]
    assert {row["event"] for row in rows} == {"sign_in_failed"}
    bad = client.get("/en/accounts/security-log/?kind=nonsense&since=2026-13-01")
    assert bad.status_code == 400
    assert client.get("/en/accounts/security-log.csv?kind=nonsense").status_code == 400


@pytest.mark.django_db
def test_a_delegate_hands_over_from_the_page_but_not_another_countrys(
    member_ury: User,
    member_bra: User,
    delegate_ury: Appointment,
    focal_bra: Appointment,
    newcomer: Person,
) -> None:
    today = timezone.localdate()
    client = Client()
    client.force_login(member_ury)
    assert client.get(f"/en/accounts/appointments/{focal_bra.pk}/handover/").status_code == 404
    page = client.get(f"/en/accounts/appointments/{delegate_ury.pk}/handover/")
    assert page.status_code == 200
    refused = client.post(
        f"/en/accounts/appointments/{delegate_ury.pk}/handover/",
        {"successor": newcomer.pk, "end": "not a date", "reason": "New government"},
    )
    assert refused.status_code == 400
    assert Appointment.objects.filter(person=newcomer).count() == 0

    refused_by_the_service = client.post(
        f"/en/accounts/appointments/{delegate_ury.pk}/handover/",
        {"successor": delegate_ury.person_id, "end": today.isoformat(), "reason": "Myself"},
    )
    assert refused_by_the_service.status_code == 400
    assert "The successor must be another person." in str(
        refused_by_the_service.context["form"].errors["successor"]
    )
    delegate_ury.refresh_from_db()
    assert delegate_ury.end is None

    done = client.post(
        f"/en/accounts/appointments/{delegate_ury.pk}/handover/",
        {"successor": newcomer.pk, "end": today.isoformat(), "reason": "New government"},
    )

    assert done.status_code == 302
    delegate_ury.refresh_from_db()
    assert delegate_ury.end == today
    assert Invitation.objects.get().person == newcomer
