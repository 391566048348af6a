"""The agreements admin opens, and an agreement added there goes through the service (one
party is refused, nothing created)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gealc.agreements.models import Agreement

pytestmark = pytest.mark.django_db


def _admin_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["agreement", "party", "transition", "agreementdocument"])
def test_admin_pages_open(administrator, signatures_ury_chl, model) -> None:
    client = _admin_client(administrator)
    assert client.get(reverse(f"admin:agreements_{model}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:agreements_{model}_add"))
    assert add.status_code in (200, 403)
    change = reverse("admin:agreements_agreement_change", args=[signatures_ury_chl.pk])
    assert client.get(change).status_code == 200


def test_an_agreement_added_in_the_admin_goes_through_the_service(
    administrator, uruguay, chile, english
) -> None:
    client = _admin_client(administrator)
    post = {
        "kind": "memorandum",
        "title_es": "Memorando (admin)",
        "negotiation_start": "2024-01-10",
        "countries": [uruguay.pk],
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    refused = client.post(reverse("admin:agreements_agreement_add"), post)
    assert refused.status_code == 200
    assert "at least two countries" in refused.content.decode()
    assert not Agreement.objects.exists()
    post["countries"] = [uruguay.pk, chile.pk]
    created = client.post(reverse("admin:agreements_agreement_add"), post)
    assert created.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.parties.count() == 2
    assert agreement.transitions.get().actor == administrator
