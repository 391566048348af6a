"""The deployment checklist (``gealc manage check --deploy``) knows the site's address.

Invitations, password resets sent by a worker and every notification e-mail link to
``SITE_URL``: without it an e-mail's links have no address, and an invitee cannot accept.
In production it must be the public ``https://`` address of the site, with nothing after
the host but an optional path.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def site_url_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = str(getattr(settings, "SITE_URL", "") or "")
    example = "https://hub.example.org"
    if not value:
        return [
            Error(
                "SITE_URL is not set: the links in invitations and other e-mails would have "
                "no address.",
                hint=f"Set SITE_URL to the site's public address, such as {example}.",
                id="gealc.E001",
            )
        ]
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        return [
            Error(
                f"SITE_URL {value!r} is not an https:// address of a host: e-mailed links "
                "must reach the site over HTTPS.",
                hint=f"Set SITE_URL to the site's public address, such as {example}.",
                id="gealc.E002",
            )
        ]
    return []
