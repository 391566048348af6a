"""API tokens and the second factor.

The secretariat and administrators must have a second factor (``middleware``), but a token
is read by the API view, after the middleware, and proves no second factor: a token stolen
from a script would otherwise open the secretariat's powers with a password-equivalent
alone. So a token of such an account is refused (401, saying why) until the account has a
second factor enrolled; once it has, the token works, since enrolling needed the password and
the second factor both. Tokens of everyone else work as before. ``GEALC_MFA_REQUIRED=0``
turns this off with the middleware.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from gealc.accounts.middleware import must_enrol


class SecondFactorTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if settings.GEALC_MFA_REQUIRED and must_enrol(user):
            raise AuthenticationFailed(
                _(
                    "This token belongs to an account of the technical secretariat or an "
                    "administrator without a second factor: sign in, set one up, then use "
                    "the token again."
                )
            )
        return user, token
