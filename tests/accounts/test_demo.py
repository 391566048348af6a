"""The demo's accounts and access: second factors with the documented secrets; loading twice
changes nothing. (The demo's invitations are Paraguay's: ``tests/continuity/test_demo.py``.)"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from gealc.accounts import demo
from gealc.network import demo as network_demo

from .totp import totp_code


@pytest.mark.django_db
def test_the_demo_has_second_factors_and_loads_twice_alike() -> None:
    network_demo.load()
    first = demo.load()
    second = demo.load()

    assert first == second
    assert Authenticator.objects.filter(type="totp").count() == 2
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
