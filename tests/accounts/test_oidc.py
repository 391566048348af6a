"""Single sign-on with a national digital identity against a real OpenID Connect provider
(``oidc_provider.py``) on a live server: an official whose verified address is their
account's signs in; an answer with a wrong nonce or audience is refused with a clear message
and signs nobody in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from oidc_provider_mock import User as IdentityUser

from gealc.accounts.configuration import oidc_providers
from gealc.accounts.models import SecurityEvent

from .oidc_provider import Provider, oidc_provider

SUBJECT = "uy-4711"


@pytest.fixture
def provider(settings: object, member_ury: User) -> Iterator[Provider]:
    person = IdentityUser(
        sub=SUBJECT,
        claims={
            "email": member_ury.email,
            "email_verified": True,
            "given_name": "Daniela",
            "family_name": "Delegada",
        },
    )
    with oidc_provider([person]) as running:
        configured = json.dumps(
            [
                {
                    "id": "uy-id",
                    "name": "ID Uruguay",
                    "server_url": running.url,
                    "client_id": "gealc-hub",
                    "secret": "client-secret-for-tests",
                }
            ]
        )
        openid_connect = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {**openid_connect, "APPS": oidc_providers(configured)}
        }
        yield running


def _sign_in(client: Client, change_request: Callable[[str], str] = str) -> object:
    """Start on our sign-in, let the person pick themselves at the provider, come back."""
    page = client.get("/en/accounts/login/")
    assert "Sign in with ID Uruguay" in page.content.decode()
    start = client.post("/accounts/oidc/uy-id/login/")
    assert start.status_code == 302
    authorise = start["Location"]
    query = parse_qs(urlsplit(authorise).query)
    assert query["nonce"][0]
    assert query["code_challenge"][0]
    assert query["redirect_uri"] == ["http://testserver/accounts/oidc/uy-id/login/callback/"]
    answer = requests.post(change_request(authorise), data={"sub": SUBJECT}, allow_redirects=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


@pytest.mark.django_db(transaction=True)
def test_an_official_signs_in_with_their_national_identity(
    provider: Provider, member_ury: User
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _sign_in(client)

    assert response.status_code == 302, response.content.decode()[-1500:]
    assert client.session["_auth_user_id"] == str(member_ury.pk)
    assert member_ury.socialaccount_set.get().uid == SUBJECT
    assert SecurityEvent.objects.filter(kind="sign_in", user=member_ury).exists()


def _other_nonce(authorise: str) -> str:
    url = urlsplit(authorise)
    query = {key: values[0] for key, values in parse_qs(url.query).items()}
    query["nonce"] = "a-nonce-from-another-sign-in"
    return url._replace(query=urlencode(query)).geturl()


@pytest.mark.django_db(transaction=True)
def test_an_answer_with_another_sign_ins_nonce_is_refused(provider: Provider) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _sign_in(client, change_request=_other_nonce)

    assert response.status_code == 400
    page = response.content.decode()
    assert "does not carry the code this sign-in sent (its nonce)" in page
    assert "Nobody was signed in" in page
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_an_id_token_for_another_application_is_refused(provider: Provider) -> None:
    provider.forge_audience("another-application")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _sign_in(client)

    assert response.status_code == 400
    assert "meant for another application (its audience" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_a_national_identity_without_an_account_cannot_sign_up(
    provider: Provider, member_ury: User
) -> None:
    member_ury.emailaddress_set.all().delete()
    User.objects.filter(pk=member_ury.pk).update(email="someone.else@example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = _sign_in(client)

    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "accounts are by invitation" in response.content.decode()
    assert User.objects.count() == 2  # the administrator who made the fixtures, and her


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "GEALC_OIDC_PROVIDERS is not valid JSON"),
        ('{"id": "x"}', "must be a JSON list"),
        ('[{"id": "uy-id"}]', "lacks name, server_url, client_id, secret"),
        (
            '[{"id": "UY ID", "name": "n", "server_url": "https://id.example", '
            '"client_id": "c", "secret": "s"}]',
            "the id must be 1 to 40 lower-case",
        ),
        (
            '[{"id": "uy", "name": "n", "server_url": "id.example", "client_id": "c", '
            '"secret": "s"}]',
            "server_url must be the provider's https:// address",
        ),
        (
            '[{"id": "uy", "name": "n", "server_url": "https://a", "client_id": "c", '
            '"secret": "s", "colour": "red"}]',
            "unknown keys colour",
        ),
    ],
)
def test_a_bad_provider_configuration_stops_the_start_with_a_clear_message(
    value: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        oidc_providers(value)
    assert 'secret": "s"' not in str(refused.value)


def test_several_providers_at_once() -> None:
    entry = '{"id": "%s", "name": "n", "server_url": "https://a", "client_id": "c", "secret": "s"}'
    apps = oidc_providers(f"[{entry % 'uy-id'}, {entry % 'br-gov'}]")
    assert [app["provider_id"] for app in apps] == ["uy-id", "br-gov"]
    with pytest.raises(ImproperlyConfigured, match="used by more than one provider"):
        oidc_providers(f"[{entry % 'uy-id'}, {entry % 'uy-id'}]")
