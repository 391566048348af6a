"""A security key's prompt names the site, not the host the request came through."""

from __future__ import annotations

from allauth.core import context
from allauth.mfa.adapter import get_adapter
from django.test import RequestFactory, override_settings


@override_settings(ALLOWED_HOSTS=["hub.example.org"])
def test_a_security_key_is_asked_for_on_behalf_of_the_site_by_name() -> None:
    request = RequestFactory().get("/", HTTP_HOST="hub.example.org:8443")
    with context.request_context(request):
        entity = get_adapter().get_public_key_credential_rp_entity()
    assert entity == {"id": "hub.example.org", "name": "GEALC Hub"}
