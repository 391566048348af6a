"""Signing in through allauth's pages: username or e-mail, the password reset through the
e-mail outbox, the second factor (enrolment with a TOTP code computed here, sign-in with it,
a wrong code refused) and its requirement for the secretariat and administrators."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from gealc.accounts.models import SecurityEvent
from tests.network.conftest import PASSWORD

from .totp import totp_code

LOGIN = "/en/accounts/login/"


def _sign_in(client: Client, login: str, password: str = PASSWORD) -> object:
    return client.post(LOGIN, {"login": login, "password": password})


@pytest.mark.django_db
def test_a_member_signs_in_by_username_or_e_mail_and_each_is_logged(member_ury: User) -> None:
    by_name, by_mail = Client(), Client()

    assert _sign_in(by_name, "member_ury").status_code == 302
    assert _sign_in(by_mail, "member_ury@example.org").status_code == 302
    wrong = _sign_in(Client(), "member_ury", "not-the-password")

    assert by_mail.session["_auth_user_id"] == str(member_ury.pk)
    assert wrong.status_code == 200
    assert "The username and/or password you specified are not correct" in wrong.content.decode()
    signing_in = SecurityEvent.objects.filter(kind__in=["sign_in", "sign_in_failed"])
    events = list(signing_in.order_by("pk").values_list("kind", "username"))
    assert events == [
        ("sign_in", "member_ury"),
        ("sign_in", "member_ury"),
        ("sign_in_failed", "member_ury"),
    ]


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_through_the_e_mail(member_ury: User) -> None:
    client = Client()
    response = client.post("/en/accounts/password/reset/", {"email": "member_ury@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-brand-new-password-77", "password2": "a-brand-new-password-77"},
    )

    assert done.status_code == 302
    assert _sign_in(Client(), "member_ury").status_code == 200  # the old one no longer works
    assert _sign_in(Client(), "member_ury", "a-brand-new-password-77").status_code == 302
    assert SecurityEvent.objects.filter(kind="password_changed", user=member_ury).exists()


def _enrol(client: Client) -> str:
    """Set up TOTP from the enrolment page, as a person with an authenticator app would."""
    page = client.get("/en/accounts/2fa/totp/activate/")
    # allauth asks for the password again before a change of the second factor.
    assert page["Location"].startswith("/en/accounts/reauthenticate/")
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown for typing into the app
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return secret


@pytest.mark.django_db
def test_the_secretariat_must_enrol_a_second_factor_before_anything_else(
    secretariat: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    assert _sign_in(client, "secretariat").status_code == 302

    page = client.get("/en/countries/")
    api = client.get("/api/v1/countries/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 302
    assert page["Location"] == "/en/accounts/2fa/totp/activate/"
    assert api.status_code == 403
    assert "second factor" in api.json()["detail"]
    with django_capture_on_commit_callbacks(execute=True):
        _enrol(client)
    assert client.get("/en/countries/").status_code == 200
    assert Authenticator.objects.filter(user=secretariat, type="totp").exists()
    assert SecurityEvent.objects.filter(kind="mfa_enrolled", user=secretariat).exists()


@pytest.mark.django_db
def test_an_administrator_is_held_too_but_a_member_is_not(
    administrator: User, member_ury: User
) -> None:
    admin_client, member_client = Client(), Client()
    _sign_in(admin_client, "administrator")
    _sign_in(member_client, "member_ury")

    assert admin_client.get("/en/admin/").status_code == 302
    assert member_client.get("/en/countries/").status_code == 200
    assert member_client.get("/en/accounts/2fa/").status_code == 200  # offered to everyone


@pytest.mark.django_db
def test_sign_in_with_the_second_factor_refuses_a_wrong_code(secretariat: User) -> None:
    enrolling = Client()
    _sign_in(enrolling, "secretariat")
    secret = _enrol(enrolling)

    client = Client()
    first = _sign_in(client, "secretariat")
    assert first["Location"] == "/en/accounts/2fa/authenticate/"
    wrong_code = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": wrong_code})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret, step=1)})

    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(secretariat.pk)
    assert client.get("/en/countries/").status_code == 200


@pytest.mark.django_db
def test_the_admin_site_signs_in_through_the_sites_sign_in(administrator: User) -> None:
    response = Client().get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
