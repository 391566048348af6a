"""Invitations through the real services and pages: create, e-mail, accept, revoke, expire;
who may invite whom (roles by own or other country); a refused or bad link changes nothing."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from gealc.accounts import services
from gealc.accounts.models import Invitation, Representation, SecurityEvent
from gealc.network.models import Appointment, Country, Institution, Organisation, Person

NEW_PASSWORD = "a-long-new-password-2026"


def _link_token(message: mail.EmailMessage) -> tuple[str, str]:
    path = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)
    return path, path.rstrip("/").rsplit("/", 1)[1]


def _represented(user: User) -> list[Organisation]:
    """The organisations the account speaks for now, by name."""
    current = Representation.objects.filter(user=user, end__isnull=True)
    return [
        r.organisation
        for r in current.select_related("organisation").order_by("organisation__name")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_delegate_invites_an_official_who_sets_a_password_and_becomes_a_member(
    member_ury: User, uruguay: Country, authority_ury: Institution, newcomer: Person
) -> None:
    sent = services.invitation_create(
        actor=member_ury,
        person=newcomer,
        role="member",
        country=uruguay,
        appointment_role=Appointment.Role.FOCAL_POINT,
        working_line="open data",
        site_url="https://hub.example.org",
    )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora.nueva@example.org"]
    path, token = _link_token(message)
    assert path == f"/es/accounts/invitation/{sent.token}/"  # she works in Spanish
    assert Invitation.objects.get().token_hash != token  # only a hash is stored

    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(
        path, {"username": "nora", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )

    assert response.status_code == 302
    user = User.objects.get(username="nora")
    assert client.session["_auth_user_id"] == str(user.pk)
    newcomer.refresh_from_db()
    assert newcomer.user == user
    appointment = Appointment.objects.current().get(person=newcomer)
    assert (appointment.institution, appointment.role, appointment.working_line) == (
        authority_ury,
        Appointment.Role.FOCAL_POINT,
        "open data",
    )
    invitation = Invitation.objects.get()
    assert invitation.state == Invitation.State.ACCEPTED
    assert invitation.user == user
    assert [h.accepted_at is not None for h in invitation.history.order_by("history_date")] == [
        False,
        True,
    ]
    assert user.emailaddress_set.get().verified
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert {"invitation_created", "invitation_accepted", "role_granted", "sign_in"} <= kinds


@pytest.mark.django_db
def test_a_used_link_is_refused_the_second_time_and_changes_nothing(
    secretariat: User, newcomer: Person, english: None
) -> None:
    sent = services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")
    services.invitation_accept(
        token=sent.token, user=AnonymousUser(), username="nora", password=NEW_PASSWORD
    )

    response = Client().post(
        f"/en/accounts/invitation/{sent.token}/",
        {"username": "nora2", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert response.status_code == 410
    assert "already accepted" in response.content.decode()
    assert not User.objects.filter(username="nora2").exists()


@pytest.mark.django_db
def test_an_expired_link_is_refused_with_its_date(secretariat: User, newcomer: Person) -> None:
    sent = services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")
    Invitation.objects.update(expires=timezone.now() - datetime.timedelta(minutes=1))

    response = Client().get(f"/en/accounts/invitation/{sent.token}/")

    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    with pytest.raises(services.InvitationUnusable):
        services.invitation_accept(
            token=sent.token, user=AnonymousUser(), username="nora", password=NEW_PASSWORD
        )
    assert User.objects.filter(username="nora").count() == 0


@pytest.mark.django_db
def test_a_revoked_or_made_up_link_is_refused(secretariat: User, newcomer: Person) -> None:
    sent = services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")
    services.invitation_revoke(actor=secretariat, invitation=sent.invitation)

    revoked = Client().get(f"/en/accounts/invitation/{sent.token}/")
    made_up = Client().get("/en/accounts/invitation/not-a-real-token/")

    assert revoked.status_code == 410
    assert "This invitation was revoked on" in revoked.content.decode()
    assert made_up.status_code == 404
    assert "This invitation link is not valid" in made_up.content.decode()
    assert SecurityEvent.objects.filter(kind="invitation_revoked").count() == 1


@pytest.mark.django_db
def test_a_weak_password_or_taken_username_is_explained_and_nothing_is_created(
    secretariat: User, newcomer: Person
) -> None:
    sent = services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")
    path = f"/en/accounts/invitation/{sent.token}/"

    weak = Client().post(path, {"username": "nora", "password": "123", "password_again": "123"})
    taken = Client().post(
        path,
        {"username": "secretariat", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert weak.status_code == 400
    assert "This password is too short" in weak.content.decode()
    assert taken.status_code == 400
    assert "This username is taken" in taken.content.decode()
    assert not User.objects.filter(username="nora").exists()
    assert Invitation.objects.get().state == Invitation.State.PENDING
    newcomer.refresh_from_db()
    assert newcomer.user is None


@pytest.mark.django_db
def test_bad_invitations_are_refused_naming_the_field(
    secretariat: User, uruguay: Country, newcomer: Person, english: None
) -> None:
    nameless = Person.objects.create(given_name="Sin", family_name="Correo")
    cases = [
        ({"person": newcomer, "role": "member"}, "country"),
        ({"person": newcomer, "role": "reviewer", "country": uruguay}, "country"),
        ({"person": newcomer, "role": "stakeholder"}, "organisation"),
        ({"person": newcomer, "role": "boss"}, "role"),
        ({"person": nameless, "role": "reviewer"}, "email"),
        ({"person": newcomer, "role": "reviewer", "email": "not-an-address"}, "email"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationError) as refused:
            services.invitation_create(actor=secretariat, **arguments)
        assert field in refused.value.message_dict, arguments
    services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")
    with pytest.raises(ValidationError, match="already has a pending invitation"):
        services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_a_stakeholder_is_invited_for_an_organisation(
    secretariat: User, administrator: User, newcomer: Person, english: None
) -> None:
    organisation = Organisation.objects.create(name="Civic Tech", kind="civil_society")
    sent = services.invitation_create(
        actor=secretariat, person=newcomer, role="stakeholder", organisation=organisation
    )
    user = services.invitation_accept(
        token=sent.token, user=AnonymousUser(), username="nora", password=NEW_PASSWORD
    )
    assert user.groups.filter(name="stakeholder").exists()
    invitation = Invitation.objects.get()
    assert invitation.organisation == organisation
    assert _represented(user) == [organisation]
    assert invitation.representation.user == user
    assert invitation.representation.history.count() == 1

    # The same stakeholder may speak for another organisation, not twice for the same one.
    other = Organisation.objects.create(name="Open Data Lab", kind="civil_society")
    newcomer.refresh_from_db()
    again = services.invitation_create(
        actor=secretariat, person=newcomer, role="stakeholder", organisation=other
    )
    with pytest.raises(ValidationError, match="already holds this role"):
        services.invitation_create(
            actor=secretariat, person=newcomer, role="stakeholder", organisation=organisation
        )
    services.invitation_accept(token=again.token, user=user)
    assert _represented(user) == [organisation, other]


# Who may invite whom ----------------------------------------------------------------------

MATRIX = [
    # role of the inviter, invitation (role, country), allowed
    ("public", ("member", "URY"), False),
    ("stakeholder", ("member", "URY"), False),
    ("reviewer", ("member", "URY"), False),
    ("member_other", ("member", "URY"), False),  # Brazil's focal point: not a delegate
    ("member_own", ("member", "URY"), True),  # Uruguay's delegate, own country
    ("member_own", ("member", "BRA"), False),  # … not another country
    ("member_own", ("reviewer", None), False),
    ("secretariat", ("member", "URY"), True),
    ("secretariat", ("member", "BRA"), True),
    ("secretariat", ("reviewer", None), True),
    ("secretariat", ("secretariat", None), False),  # only an administrator
    ("administrator", ("secretariat", None), True),
]


@pytest.mark.parametrize(("inviter", "target", "allowed"), MATRIX)
@pytest.mark.django_db
def test_who_may_invite_whom(
    users_by_role: dict[str, User],
    authority_bra: Institution,
    newcomer: Person,
    inviter: str,
    target: tuple[str, str | None],
    allowed: bool,
) -> None:
    role, iso3 = target
    country = Country.objects.get(iso3=iso3) if iso3 else None
    call = {"actor": users_by_role[inviter], "person": newcomer, "role": role, "country": country}
    if allowed:
        services.invitation_create(**call)
        assert Invitation.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.invitation_create(**call)
        assert Invitation.objects.count() == 0
        assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_the_invitations_page_offers_only_what_the_viewer_may_do(
    users_by_role: dict[str, User], newcomer: Person, uruguay: Country, brazil: Country
) -> None:
    client = Client()
    for name in ("stakeholder", "reviewer", "member_other"):
        client.force_login(users_by_role[name])
        assert client.get("/en/accounts/invitations/").status_code == 403
    client.force_login(users_by_role["member_own"])
    page = client.get("/en/accounts/invitations/")
    assert page.status_code == 200
    assert list(page.context["form"].fields["country"].queryset) == [uruguay]
    assert [value for value, _label in page.context["form"].fields["role"].choices] == ["member"]
    refused = client.post(
        "/en/accounts/invitations/",
        {
            "person": newcomer.pk,
            "role": "member",
            "country": brazil.pk,
            "appointment_role": "delegate",
        },
    )
    assert refused.status_code == 400
    assert Invitation.objects.count() == 0


@pytest.mark.django_db
def test_a_delegate_revokes_their_countrys_invitation_but_not_another(
    member_ury: User, member_bra: User, uruguay: Country, newcomer: Person
) -> None:
    sent = services.invitation_create(
        actor=member_ury, person=newcomer, role="member", country=uruguay
    )
    client = Client()
    client.force_login(member_bra)
    # Another country's invitation is not even visible to them.
    assert client.post(f"/en/accounts/invitations/{sent.invitation.pk}/revoke/").status_code == 404
    assert Invitation.objects.get().state == Invitation.State.PENDING
    client.force_login(member_ury)
    assert client.get("/en/accounts/invitations/").context["can_revoke"] == {sent.invitation.pk}
    assert client.post(f"/en/accounts/invitations/{sent.invitation.pk}/revoke/").status_code == 302
    assert Invitation.objects.get().state == Invitation.State.REVOKED
    # Revoked, it is listed with its state and no longer offered.
    assert client.get("/en/accounts/invitations/").context["can_revoke"] == set()


# The e-mail, through the notification service ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_invitation_is_one_queued_delivery_in_the_invitees_language_retried_when_it_fails(
    secretariat: User, newcomer: Person, settings: Any
) -> None:
    from gealc.accounts.notifications import invitation_sent
    from gealc.notifications import services as notification_services
    from gealc.notifications.models import Delivery, Notification

    settings.EMAIL_BACKEND = "tests.notifications.conftest.FailingBackend"
    sent = services.invitation_create(
        actor=secretariat, person=newcomer, role="reviewer", email="nora@elsewhere.example"
    )

    delivery = Delivery.objects.get()
    assert (delivery.key, delivery.address, delivery.language, delivery.recipient) == (
        f"invitation-{sent.invitation.pk}",
        "nora@elsewhere.example",
        "es",
        None,
    )
    assert delivery.subject == "Tu invitación a GEALC Hub"
    assert sent.link in delivery.body
    assert delivery.status == Delivery.Status.FAILED  # the mail server is down: recorded
    assert not Notification.objects.exists()  # the personal link is never shown in-app

    # Written once however often it is sent again; the retry delivers it.
    invitation_sent(sent.invitation, link=sent.link, language="es")
    assert Delivery.objects.count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notification_services.deliveries_retry() == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert [message.to for message in mail.outbox] == [["nora@elsewhere.example"]]


# A refusal of the service is answered on its page (the service's own transaction undid it) ---


@pytest.mark.django_db
def test_a_refusal_of_the_service_is_shown_on_the_invitations_form(
    member_ury: User, uruguay: Country, newcomer: Person, english: None
) -> None:
    client = Client()
    client.force_login(member_ury)

    refused = client.post(
        "/en/accounts/invitations/",
        {
            "person": newcomer.pk,
            "role": "member",
            "country": uruguay.pk,
            "appointment_role": "focal_point",
        },
    )

    assert refused.status_code == 400
    assert refused.context["form"].errors["working_line"] == ["A focal point needs a working line."]
    assert Invitation.objects.count() == 0
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_revoking_an_invitation_twice_says_why_on_the_list(
    member_ury: User, uruguay: Country, newcomer: Person, english: None
) -> None:
    sent = services.invitation_create(
        actor=member_ury, person=newcomer, role="member", country=uruguay
    )
    client = Client()
    client.force_login(member_ury)
    client.post(f"/en/accounts/invitations/{sent.invitation.pk}/revoke/")

    again = client.post(f"/en/accounts/invitations/{sent.invitation.pk}/revoke/", follow=True)

    assert again.status_code == 200
    assert "only a pending invitation can be revoked" in again.content.decode()
    assert Invitation.objects.get().state == Invitation.State.REVOKED


@pytest.mark.django_db
def test_a_taken_username_is_shown_on_the_acceptance_form(
    secretariat: User, newcomer: Person, make_user: Any, english: None
) -> None:
    make_user("nora")
    sent = services.invitation_create(actor=secretariat, person=newcomer, role="reviewer")

    refused = Client().post(
        f"/en/accounts/invitation/{sent.token}/",
        {"username": "Nora", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert refused.status_code == 400
    assert refused.context["form"].errors["username"] == ["This username is taken: choose another."]
    assert Invitation.objects.get().state == Invitation.State.PENDING
