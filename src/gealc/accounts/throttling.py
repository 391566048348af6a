"""django-axes and allauth: which username a sign-in attempt was for.

allauth's form posts ``login`` (a username or an e-mail address) and authenticates with
``username=`` or ``email=``; the admin's form posts ``username``. Axes counts failures per
this name and address, so five wrong passwords lock that name from that address whichever
form was used.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def attempted_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if not name and request is not None:
        data = getattr(request, "POST", {})
        name = data.get("login") or data.get("username")
    return str(name or "").strip().casefold()
