"""Single sign-on with national digital identities: allauth's OpenID Connect provider with a
nonce.

allauth (65.x) sends no ``nonce`` and so cannot check one; OpenID Connect Core 1.0 §3.1.2.1
asks for it to bind the ID token to this browser's sign-in. This provider puts a random
nonce in the authorisation request and keeps it with allauth's state (the session);
``adapters.SocialAccountAdapter.pre_social_login`` refuses an ID token that does not carry it.
allauth itself checks the token's issuer, audience (our client id) and expiry.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest

NONCE_STATE_KEY = "gealc_nonce"


class NonceOpenIDConnectProvider(OpenIDConnectProvider):
    # Same provider id and addresses as allauth's; only the authorisation request differs.
    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: Any = None,
        data: Any = None,
        **kwargs: Any,
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        kwargs["auth_params"] = {**auth_params, "nonce": nonce}
        kwargs[NONCE_STATE_KEY] = nonce
        return super().redirect(request, process, next_url, data, **kwargs)


def nonce_matches(state: dict[str, Any] | None, id_token: dict[str, Any] | None) -> bool:
    """The ID token carries the nonce this browser's sign-in sent."""
    expected = (state or {}).get(NONCE_STATE_KEY)
    received = (id_token or {}).get("nonce")
    return (
        bool(expected) and isinstance(received, str) and secrets.compare_digest(expected, received)
    )
