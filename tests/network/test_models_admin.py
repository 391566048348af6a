"""The admin shows every network model in every language with its history, and never offers
to delete an appointment or a mandate."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gealc.network import services
from gealc.network.models import Appointment, GovernanceBody, Mandate

MODELS = [
    "country",
    "institution",
    "person",
    "appointment",
    "organisation",
    "governancebody",
    "mandate",
]


@pytest.fixture
def admin_client_for(administrator: User) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelist_renders(admin_client_for: Client, head_ury: Appointment, model: str) -> None:
    response = admin_client_for.get(reverse(f"admin:network_{model}_changelist"))
    assert response.status_code == 200


def test_change_form_has_every_language(admin_client_for: Client, head_ury: Appointment) -> None:
    url = reverse("admin:network_institution_change", args=[head_ury.institution_id])
    page = admin_client_for.get(url).content.decode()
    for code in ("es", "pt", "en", "fr"):
        assert f'name="name_{code}"' in page
    history = reverse("admin:network_institution_history", args=[head_ury.institution_id])
    assert admin_client_for.get(history).status_code == 200


def test_appointments_and_mandates_cannot_be_deleted(
    admin_client_for: Client, head_ury: Appointment, administrator: User
) -> None:
    body = GovernanceBody.objects.create(code="presidency", name="Presidencia")
    mandate = services.mandate_start(
        actor=administrator,
        body=body,
        country=head_ury.institution.country,
        start=datetime.date(2023, 1, 1),
    )
    for model, pk in (("appointment", head_ury.pk), ("mandate", mandate.pk)):
        response = admin_client_for.post(reverse(f"admin:network_{model}_delete", args=[pk]))
        assert response.status_code == 403
    assert Appointment.objects.filter(pk=head_ury.pk).exists()
    assert Mandate.objects.filter(pk=mandate.pk).exists()


def test_admin_edit_increments_the_version(admin_client_for: Client, head_ury: Appointment) -> None:
    institution = head_ury.institution
    url = reverse("admin:network_institution_change", args=[institution.pk])
    data = {
        "country": institution.country_id,
        "name_es": "Agencia renombrada",
        "name_pt": "",
        "name_en": "",
        "name_fr": "",
        "acronym": "AGD",
        "kind": institution.kind,
        "website": "",
        "description_es": "",
        "description_pt": "",
        "description_en": "",
        "description_fr": "",
        "is_national_authority": "on",
        "is_demo": "on",
    }
    response = admin_client_for.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    institution.refresh_from_db()
    assert (institution.name_es, institution.version) == ("Agencia renombrada", 2)
