"""The demo: Paraguay changed government last month and is being welcomed."""

from __future__ import annotations

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gealc.accounts import demo as accounts_demo
from gealc.accounts.models import Invitation
from gealc.continuity import demo, selectors
from gealc.continuity.models import Welcome
from gealc.network import demo as network_demo
from gealc.network.models import Appointment, Country
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db


def test_paraguay_changed_government_last_month_and_is_being_welcomed() -> None:
    network_demo.load()
    demo.load()
    demo.load()  # idempotent
    welcome = Welcome.objects.get()
    assert welcome.is_demo
    head = welcome.appointment
    assert head.institution.country.iso3 == "PRY"
    assert head.role == Appointment.Role.HEAD_OF_AUTHORITY
    assert head.start == timezone.localdate() - datetime.timedelta(days=demo.DAYS_AGO)
    assert "(demo)" in head.person.family_name
    assert welcome.steps.count() == 2
    ended = Appointment.objects.filter(
        institution__country=head.institution.country, end=head.start - datetime.timedelta(days=1)
    )
    assert ended.exists()  # the former team's appointments ended the day before
    country = Country.objects.get(iso3="PRY")
    assert selectors.latest_welcome(country) == welcome


def test_paraguays_new_head_accepted_an_invitation_and_the_delegates_is_pending() -> None:
    network_demo.load()
    accounts_demo.load()
    first = demo.load()
    assert demo.load() == first  # idempotent, and the account is listed each time

    invitations = Invitation.objects.order_by("pk")
    assert [(i.country.iso3, i.appointment_role, i.state) for i in invitations] == [
        ("PRY", Appointment.Role.HEAD_OF_AUTHORITY, Invitation.State.ACCEPTED),
        ("PRY", Appointment.Role.DELEGATE, Invitation.State.PENDING),
    ]
    assert all(i.is_demo and i.person.is_demo for i in invitations)
    head = User.objects.get(username=demo.HEAD_USERNAME)
    assert invitations[0].user == head
    assert head.person == Welcome.objects.get().appointment.person
    assert Authenticator.objects.filter(user=head, type="totp").exists()
    assert [account.username for account in first] == [demo.HEAD_USERNAME]
    assert demo.HEAD_TOTP_SECRET in first[0].description
    assert Appointment.objects.current().filter(person=head.person).count() == 1

    client = Client()
    client.post("/en/accounts/login/", {"login": demo.HEAD_USERNAME, "password": "demo-password"})
    signed_in = client.post(
        "/en/accounts/2fa/authenticate/", {"code": totp_code(demo.HEAD_TOTP_SECRET)}
    )
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(head.pk)
