"""allauth's adapters: closed sign-up, clear refusals of a national identity's answer, and the
site's own name on a security key's prompt.

allauth's general sign-up is closed: an official gets an account from an invitation, or signs
in through their national digital identity when its verified e-mail address is the address of
an account; stakeholders register on participation's own sign-up page.
An ID token that is not for this site (its audience), not from the provider (its issuer),
expired, or without this sign-in's nonce is refused with a page that says which, and signs
nobody in.
"""

from __future__ import annotations

from typing import Any

import jwt
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from gealc.accounts.oidc import nonce_matches


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    def _get_site_name(self) -> str:
        # Without the sites framework allauth names the site by the request's host
        # ("localhost:8000"), which is what a phone would show when asked to approve a key.
        return str(settings.MFA_TOTP_ISSUER)


def _token_problem(exception: BaseException | None) -> str:
    """What was wrong with the provider's answer, in words the reader can act on."""
    cause = exception.__cause__ if exception is not None else None
    if isinstance(cause, jwt.InvalidAudienceError):
        return _(
            "The identity provider's answer was meant for another application (its audience "
            "is not this site), so it was refused. Tell the technical secretariat: the "
            "provider's client id may be set wrongly."
        )
    if isinstance(cause, jwt.InvalidIssuerError):
        return _("The identity provider's answer names another issuer, so it was refused.")
    if isinstance(cause, jwt.ExpiredSignatureError):
        return _("The identity provider's answer had expired. Sign in again.")
    return _(
        "Signing in through the identity provider did not succeed. Try again, or sign in "
        "with your username and password."
    )


def _refusal(request: HttpRequest, provider: Any, message: str) -> ImmediateHttpResponse:
    context = {
        "provider_name": getattr(getattr(provider, "app", None), "name", ""),
        "message": message,
    }
    return ImmediateHttpResponse(render(request, "accounts/oidc_error.html", context, status=400))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        # Every provider installed is OpenID Connect (national digital identities).
        id_token = (sociallogin.account.extra_data or {}).get("id_token")
        if not nonce_matches(sociallogin.state, id_token):
            raise _refusal(
                request,
                sociallogin.account.get_provider(request),
                _(
                    "The identity provider's answer does not carry the code this sign-in "
                    "sent (its nonce), so it may belong to someone else's sign-in and was "
                    "refused. Start signing in again from this site."
                ),
            )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: BaseException | None = None,
        extra_context: Any = None,
    ) -> None:
        if exception is not None:
            raise _refusal(request, provider, _token_problem(exception))
