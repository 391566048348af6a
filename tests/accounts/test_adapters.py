"""A security key's prompt names the site, not the host the request came through; the list of
keys speaks the reader's language."""

from __future__ import annotations

import datetime

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.test import Client, RequestFactory, override_settings


@override_settings(ALLOWED_HOSTS=["hub.example.org"])
def test_a_security_key_is_asked_for_on_behalf_of_the_site_by_name() -> None:
    request = RequestFactory().get("/", HTTP_HOST="hub.example.org:8443")
    with context.request_context(request):
        entity = get_adapter().get_public_key_credential_rp_entity()
    assert entity == {"id": "hub.example.org", "name": "GEALC Hub"}


def test_the_list_of_security_keys_speaks_the_readers_language(
    member_bra: User, client: Client
) -> None:
    used, _spare = (
        Authenticator.objects.create(
            user=member_bra,
            type=Authenticator.Type.WEBAUTHN,
            data={
                "name": name,
                "credential": {"clientExtensionResults": {"credProps": {"rk": True}}},
            },
            last_used_at=last_used,
        )
        for name, last_used in (
            ("Work phone", datetime.datetime(2026, 3, 4, 15, 30, tzinfo=datetime.UTC)),
            ("Spare key", None),
        )
    )
    Authenticator.objects.filter(pk=used.pk).update(
        created_at=datetime.datetime(2026, 1, 2, 12, 0, tzinfo=datetime.UTC)
    )
    client.force_login(member_bra)
    page = client.get("/pt/accounts/2fa/webauthn/").content.decode()
    assert "Adicionada em 2 de janeiro de 2026" in page
    assert "Usada pela última vez em 4 de março de 2026, 10:30" in page  # Panama's clock
    assert "Nunca usada." in page
    assert "Chave de acesso" in page
    assert "Spare key" in page
