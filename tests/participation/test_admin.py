"""The participation admin pages open; a consultation and its questions added there go
through the services (the questions' options from their lines, in four languages), and so
does a change of a consultation (refused once it is closed)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gealc.participation import services as participation_services
from gealc.participation.admin import option_labels
from gealc.participation.models import Consultation

pytestmark = pytest.mark.django_db

MODELS = ("consultation", "stakeholder", "stakeholderorganisation", "contribution", "report")


def _admin_client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_open(administrator: User, model: str, consultation: Consultation) -> None:
    client = _admin_client(administrator)
    assert client.get(reverse(f"admin:participation_{model}_changelist")).status_code == 200
    change = reverse(f"admin:participation_{model}_change", args=[1])
    assert client.get(change).status_code in (200, 302)


def test_options_are_read_one_per_line() -> None:
    assert option_labels("Sí | Sim | Yes | Oui\n\nOther\n") == [
        {"label_es": "Sí", "label_pt": "Sim", "label_en": "Yes", "label_fr": "Oui"},
        {"label_es": "Other", "label_pt": "Other", "label_en": "Other", "label_fr": "Other"},
    ]


def test_a_consultation_added_in_the_admin_goes_through_the_service(
    administrator: User, english: None
) -> None:
    data = {
        "title_es": "Consulta del admin",
        "title_en": "Admin consultation",
        "subject": "topic",
        "opens_at_0": "2030-01-10",
        "opens_at_1": "10:00:00",
        "closes_at_0": "2030-01-01",
        "closes_at_1": "10:00:00",
        "time_zone": "America/Lima",
        "languages": "[]",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-kind": "single",
        "questions-0-text_en": "Which?",
        "questions-0-options_text": "A\nB",
    }
    client = _admin_client(administrator)
    refused = client.post(reverse("admin:participation_consultation_add"), data)
    assert refused.status_code == 200
    assert "A consultation closes after it opens." in refused.content.decode()
    assert not Consultation.objects.exists()
    data["closes_at_0"] = "2030-02-01"
    response = client.post(reverse("admin:participation_consultation_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    consultation = Consultation.objects.get()
    assert consultation.is_draft
    assert [o.label_en for o in consultation.questions.get().options.all()] == ["A", "B"]


def _change_form(client: Client, consultation: Consultation) -> dict[str, str]:
    """The admin change form as the browser would send it back, untouched."""
    page = client.get(reverse("admin:participation_consultation_change", args=[consultation.pk]))
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and not isinstance(value, list)
    }
    for name in ("opens_at", "closes_at"):
        local = timezone.localtime(getattr(consultation, name))
        data[f"{name}_0"], data[f"{name}_1"] = (
            local.strftime("%Y-%m-%d"),
            local.strftime("%H:%M:%S"),
        )
    data["languages"] = json.dumps(consultation.languages)
    data.update(_empty_inline(page))
    return data


def _empty_inline(page: Any) -> dict[str, str]:
    management = page.context["inline_admin_formsets"][0].formset.management_form
    return {f"questions-{k}": str(v) for k, v in management.initial.items()} | {
        f"questions-{i}-id": str(q.pk)
        for i, q in enumerate(page.context["inline_admin_formsets"][0].formset.queryset)
    }


def test_a_consultation_changed_in_the_admin_goes_through_the_service(
    administrator: User, secretariat: User, consultation: Consultation, english: None
) -> None:
    client = _admin_client(administrator)
    change = reverse("admin:participation_consultation_change", args=[consultation.pk])
    data = _change_form(client, consultation) | {"title_en": "Digital identity: next steps"}
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation.refresh_from_db()
    assert consultation.title_en == "Digital identity: next steps"
    assert consultation.history.latest().history_user == administrator

    participation_services.consultation_close(actor=secretariat, consultation=consultation)
    data["title_en"] = "Changed after closing"
    refused = client.post(change, data)
    assert refused.status_code == 200
    assert "A closed consultation no longer changes." in refused.content.decode()
    consultation.refresh_from_db()
    assert consultation.title_en == "Digital identity: next steps"
