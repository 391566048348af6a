"""The national digital-identity providers (OpenID Connect), read from the environment.

``settings.py`` calls ``oidc_providers`` while it loads, so a malformed ``GEALC_OIDC_PROVIDERS``
stops every command and server at once with a message naming the variable and the provider,
never repeating a secret. The variable holds a JSON list, one object per provider::

    [{"id": "uy-id", "name": "ID Uruguay", "server_url": "https://id.example.gub.uy",
      "client_id": "gealc", "secret": "…"}]

``id`` becomes part of the sign-in address (``/accounts/oidc/uy-id/login/``); ``server_url``
is the issuer, whose ``/.well-known/openid-configuration`` describes the rest; ``scope``
(default ``openid profile email``) is optional.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

VARIABLE = "GEALC_OIDC_PROVIDERS"
REQUIRED = ("id", "name", "server_url", "client_id", "secret")
OPTIONAL = ("scope",)
PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def oidc_providers(raw: str) -> list[dict[str, Any]]:
    """allauth's ``APPS`` entries for the providers in ``raw`` (empty: none)."""
    if not raw.strip():
        return []
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(
            f"{VARIABLE} is not valid JSON ({error.msg}, character {error.pos}): give a list "
            'of objects such as [{"id": "uy-id", "name": "ID Uruguay", "server_url": '
            '"https://…", "client_id": "…", "secret": "…"}].'
        ) from None
    if not isinstance(entries, list):
        raise ImproperlyConfigured(f"{VARIABLE} must be a JSON list of provider objects.")
    apps = [_provider(index, entry) for index, entry in enumerate(entries, start=1)]
    ids = [app["provider_id"] for app in apps]
    duplicates = sorted({name for name in ids if ids.count(name) > 1})
    if duplicates:
        raise ImproperlyConfigured(
            f"{VARIABLE}: the id {', '.join(duplicates)} is used by more than one provider; "
            "each provider needs its own id."
        )
    return apps


def _provider(index: int, entry: object) -> dict[str, Any]:
    where = f"{VARIABLE}, provider {index}"
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"{where} must be a JSON object.")
    missing = [key for key in REQUIRED if not isinstance(entry.get(key), str) or not entry[key]]
    if missing:
        raise ImproperlyConfigured(f"{where} lacks {', '.join(missing)} (each a non-empty text).")
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ImproperlyConfigured(
            f"{where} has unknown keys {', '.join(unknown)}; the keys are "
            f"{', '.join(REQUIRED + OPTIONAL)}."
        )
    where = f"{VARIABLE}, provider “{entry['id']}”"
    if not PROVIDER_ID.match(entry["id"]):
        raise ImproperlyConfigured(
            f"{where}: the id must be 1 to 40 lower-case letters, digits, - or _ (it is part "
            "of the sign-in address)."
        )
    url = urlsplit(entry["server_url"])
    if url.scheme not in ("https", "http") or not url.hostname:
        raise ImproperlyConfigured(
            f"{where}: server_url must be the provider's https:// address (its issuer)."
        )
    scope = entry.get("scope", "openid profile email")
    if not isinstance(scope, str) or "openid" not in scope.split():
        raise ImproperlyConfigured(f"{where}: scope must be a text that includes openid.")
    return {
        "provider_id": entry["id"],
        "name": entry["name"],
        "client_id": entry["client_id"],
        "secret": entry["secret"],
        "settings": {
            "server_url": entry["server_url"].rstrip("/"),
            "scope": scope.split(),
            # A national identity vouches for the address it gives: it may sign in the
            # account that has that address.
            "email_authentication": True,
            "verified_email": True,
        },
    }
