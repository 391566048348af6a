"""A second factor is required of the secretariat and administrators.

Signed in without one, they are sent to enrol (TOTP or a security key) before using anything
else; signing out, the enrolment pages and the language switch stay open. On the JSON API a
session without a second factor gets a 403 that says so. ``GEALC_MFA_REQUIRED=0`` turns it off
(the tests of other areas).
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from gealc.network import rules as network_rules

OPEN_URL_NAMES = frozenset(
    {
        "account_logout",
        "logout",
        "account_reauthenticate",
        "set_language",
        "health",
    }
)


def must_enrol(user: object) -> bool:
    """A signed-in secretariat member or administrator without a second factor."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not network_rules.runs_the_network(user):
        return False
    return not is_mfa_enabled(user)


def _is_open(request: HttpRequest) -> bool:
    if request.path.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 is a 404 for everyone
    name = match.url_name or ""
    return name in OPEN_URL_NAMES or name.startswith("mfa_")


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path first: a missing page or a static file needs no database.
        if settings.GEALC_MFA_REQUIRED and not _is_open(request) and must_enrol(request.user):
            message = _(
                "The technical secretariat and administrators protect their account with a "
                "second factor. Set one up to continue."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
