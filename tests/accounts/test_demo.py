"""The demo's accounts and access: second factors with the documented secrets, an accepted
and a pending invitation, all labelled demo; loading twice changes nothing."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.test import Client

from gealc.accounts import demo
from gealc.accounts.models import Invitation
from gealc.network import demo as network_demo

from .totp import totp_code


@pytest.mark.django_db
def test_the_demo_has_second_factors_and_invitations_and_loads_twice_alike() -> None:
    network_demo.load()
    first = demo.load()
    second = demo.load()

    assert first == second
    assert Authenticator.objects.filter(type="totp").count() == 2
    invitations = Invitation.objects.order_by("pk")
    assert [i.state for i in invitations] == ["accepted", "pending"]
    assert all(i.is_demo and i.person.is_demo for i in invitations)
    assert User.objects.get(username=demo.INVITED_USERNAME).person.appointments.count() == 1
    secret_shown = next(a.description for a in first if a.username == "secretariat")
    assert demo.TOTP_SECRETS["secretariat"] in secret_shown


@pytest.mark.django_db
def test_the_demo_secretariat_signs_in_with_the_documented_secret() -> None:
    network_demo.load()
    demo.load()
    client = Client()
    client.post("/en/accounts/login/", {"login": "secretariat", "password": demo.PASSWORD})
    response = client.post(
        "/en/accounts/2fa/authenticate/", {"code": totp_code(demo.TOTP_SECRETS["secretariat"])}
    )
    assert response.status_code == 302
    assert client.get("/en/accounts/invitations/").status_code == 200
