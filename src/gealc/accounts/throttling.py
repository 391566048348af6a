"""django-axes and allauth: which account a sign-in attempt was for.

allauth's form posts ``login`` (a username or an e-mail address) and authenticates with
``username=`` or ``email=``; the admin's form posts ``username``. Axes counts failures per the
name this returns and the address, so the name is the account's: an e-mail address of an
account (any of its addresses, verified or not, or the account's own field) counts as that
account's username. Five wrong passwords then lock the account from that address whichever
identifier or form was used. A name that matches no account is counted as typed (casefolded),
so guessing at unknown names is throttled too.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.http import HttpRequest


def attempted_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if not name and request is not None:
        data = getattr(request, "POST", {})
        name = data.get("login") or data.get("username")
    typed = str(name or "").strip()
    return _account_username(typed) or typed.casefold()


def _account_username(typed: str) -> str:
    """The username of the one account this name or address designates, else ``""``."""
    if not typed:
        return ""
    if "@" in typed:
        owners = set(
            EmailAddress.objects.filter(email__iexact=typed).values_list("user_id", flat=True)
        )
        owners |= set(User.objects.filter(email__iexact=typed).values_list("pk", flat=True))
        if len(owners) != 1:
            return ""
        username = User.objects.filter(pk=owners.pop()).values_list("username", flat=True).first()
    else:
        username = (
            User.objects.filter(username__iexact=typed).values_list("username", flat=True).first()
        )
    return (username or "").casefold()
