"""Production safety: a token of the secretariat needs a second factor enrolled, failed
sign-ins count per account whichever identifier was typed, and the deployment checklist
requires the site's address (``SITE_URL``) that e-mailed links use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gealc.accounts.throttling import attempted_username
from tests.network.conftest import PASSWORD
from tests.site.test_deploy_settings import PRODUCTION, _check_deploy, _secret_key

from .conftest import enrol_totp

LOGIN = "/en/accounts/login/"
READ = "/api/v1/rounds/"


def _token_client(user: User) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
def test_a_secretariat_token_works_only_once_the_account_has_a_second_factor(
    secretariat: User, administrator: User, member_ury: User, english: None
) -> None:
    for user in (secretariat, administrator):
        refused = _token_client(user).get(READ)
        assert refused.status_code == 401, user
        assert refused["WWW-Authenticate"] == "Token"
        assert "without a second factor" in refused.json()["message"]

    enrol_totp(secretariat)
    assert _token_client(secretariat).get(READ).status_code == 200
    assert _token_client(member_ury).get(READ).status_code == 200  # not required of members


@pytest.mark.django_db
def test_a_secretariat_token_works_when_the_requirement_is_off(
    secretariat: User, settings: Any
) -> None:
    settings.GEALC_MFA_REQUIRED = False
    assert _token_client(secretariat).get(READ).status_code == 200


@pytest.mark.django_db
def test_an_e_mail_address_counts_as_its_account(member_ury: User) -> None:
    EmailAddress.objects.create(user=member_ury, email="Second@Example.org", verified=False)
    names = [
        attempted_username(None, {"username": "Member_URY"}),
        attempted_username(None, {"email": "member_ury@example.org"}),
        attempted_username(None, {"email": "second@example.ORG"}),
    ]
    assert names == ["member_ury"] * 3
    assert attempted_username(None, {"email": "Nobody@Example.org"}) == "nobody@example.org"


@pytest.mark.django_db
def test_failed_sign_ins_lock_the_account_whichever_identifier_was_typed(
    member_ury: User, settings: Any
) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 4
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for login in ("member_ury", "member_ury@example.org", "MEMBER_URY@example.org"):
        answer = client.post(LOGIN, {"login": login, "password": "wrong-password"})
        assert answer.status_code == 200, login  # refused, not yet locked

    fourth = client.post(LOGIN, {"login": "member_ury@example.org", "password": "wrong"})
    assert fourth.status_code == 429  # the fourth failure of the same account locks it
    by_name = client.post(LOGIN, {"login": "member_ury", "password": PASSWORD})
    assert by_name.status_code == 429  # even the right password, by the other identifier
    assert "_auth_user_id" not in client.session


def test_the_deployment_checklist_requires_an_https_site_address(tmp_path: Path) -> None:
    without = {name: value for name, value in PRODUCTION.items() if name != "SITE_URL"}
    missing = _check_deploy(tmp_path, SECRET_KEY=_secret_key(), **without)
    assert missing.returncode != 0
    assert "gealc.E001" in missing.stderr
    assert "SITE_URL is not set" in missing.stderr

    plain = _check_deploy(
        tmp_path, SECRET_KEY=_secret_key(), **{**without, "SITE_URL": "http://example.org"}
    )
    assert plain.returncode != 0
    assert "gealc.E002" in plain.stderr
