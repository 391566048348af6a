"""API token authentication: a token that is sent and refused is a 401 naming the scheme.

DRF would answer 403 (its first authenticator, the session's, names no scheme), which tells a
client its token is fine but not allowed, instead of "this token is not valid".
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

READ = "/api/v1/rounds/"
WRITE = "/api/v1/institutions/"


def _client(authorization: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization)
    return client


@pytest.mark.parametrize(
    "authorization",
    ["Token 0123456789abcdef0123456789abcdef01234567", "Token", "Token two words"],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_refused_token_is_401_with_the_scheme(authorization: str, method: str) -> None:
    client = _client(authorization)
    response = getattr(client, method)(READ if method == "get" else WRITE, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert body["field"] is None
    assert body["message"]


def test_a_valid_token_still_authenticates() -> None:
    user = User.objects.create_user("token-holder", "holder@example.org", "a-long-password")
    token = Token.objects.create(user=user)
    response = _client(f"Token {token.key}").get(READ)
    assert response.status_code == 200
    assert "WWW-Authenticate" not in response


def test_no_credentials_keep_their_answers() -> None:
    client = APIClient()
    assert client.get(READ).status_code == 200
    refused = client.post(WRITE, {}, format="json")
    assert refused.status_code == 403  # anonymous write: refused, no credentials to fix
    assert "WWW-Authenticate" not in refused
