"""The knowledge admin writes through the services: an award only for a published practice
(``award_grant``'s rule), metrics and links replaced by ``practice_update``, the workflow and
the records of other pages read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gealc.knowledge.models import Award, OpenDataSet, Practice, Tag
from tests.admin_forms import form_values

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def admin_client(administrator: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)
    return client


def _change_page(client: Client, practice: Practice) -> tuple[str, dict[str, list[str]]]:
    url = reverse("admin:knowledge_practice_change", args=[practice.pk])
    page = client.get(url)
    assert page.status_code == 200
    return url, form_values(page.content.decode())


def _with_award(values: dict[str, list[str]], title: str) -> dict[str, list[str]]:
    prefix = "awards"
    index = int(values[f"{prefix}-TOTAL_FORMS"][0])
    return values | {
        f"{prefix}-TOTAL_FORMS": [str(index + 1)],
        f"{prefix}-{index}-year": ["2025"],
        f"{prefix}-{index}-category": [Award.Category.EXCELLENCE],
        f"{prefix}-{index}-title_es": [title],
        f"{prefix}-{index}-title_en": [title],
    }


def test_an_unpublished_practice_is_not_awarded_here(
    admin_client: Client, practice_draft: Practice
) -> None:
    url, values = _change_page(admin_client, practice_draft)
    values |= {"title_en": ["Renamed with the award"]}
    response = admin_client.post(url, _with_award(values, "Best of 2025"))
    assert response.status_code == 200
    assert "Only a published practice can be awarded." in response.content.decode()
    assert not Award.objects.filter(practice=practice_draft).exists()
    practice_draft.refresh_from_db()  # the practice's own change is rolled back with it
    assert practice_draft.title_en != "Renamed with the award"


def test_a_published_practice_is_awarded_here_by_the_service(
    admin_client: Client, administrator: User, practice_published: Practice
) -> None:
    url, values = _change_page(admin_client, practice_published)
    response = admin_client.post(url, _with_award(values, "Best of 2025"))
    assert response.status_code == 302, response.content.decode()[:3000]
    award = Award.objects.get(practice=practice_published)
    assert (award.title_en, award.history.get().history_user) == ("Best of 2025", administrator)


def test_content_and_metrics_change_through_practice_update(
    admin_client: Client, administrator: User, practice_draft: Practice
) -> None:
    url, values = _change_page(admin_client, practice_draft)
    values |= {"title_en": ["One-stop shop"], "metrics-0-value": ["90"], "metrics-1-DELETE": ["on"]}
    values |= {"state": ["published"]}  # read-only: ignored
    response = admin_client.post(url, values)
    assert response.status_code == 302, response.content.decode()[:3000]
    practice_draft.refresh_from_db()
    assert (practice_draft.title_en, practice_draft.state) == ("One-stop shop", "draft")
    assert [(m.name, m.value) for m in practice_draft.metrics.all()] == [("Trámites en línea", 90)]
    assert practice_draft.history.latest().history_user == administrator


def test_tags_and_data_sets_are_added_and_changed_by_their_services(
    admin_client: Client, administrator: User
) -> None:
    tag = {"kind": Tag.Kind.WORKING_LINE, "slug": "open-data", "order": "1"}
    tag |= {"name_es": "Datos abiertos", "name_en": "Open data", "name_pt": "", "name_fr": ""}
    response = admin_client.post(reverse("admin:knowledge_tag_add"), tag)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Tag.objects.get(slug="open-data").history.get().history_user == administrator

    dataset = {"slug": "budget", "order": "1", "name_es": "Presupuesto", "name_en": "Budget"}
    dataset |= {"name_pt": "", "name_fr": "", "description_es": "", "description_en": ""}
    dataset |= {"description_pt": "", "description_fr": ""}  # "active" unticked
    response = admin_client.post(reverse("admin:knowledge_opendataset_add"), dataset)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = OpenDataSet.objects.get(slug="budget")
    assert (created.name_en, created.active) == ("Budget", False)


@pytest.mark.parametrize("model", ["softwareentry", "maturityassessment"])
def test_the_records_of_other_pages_are_read_here(admin_client: Client, model: str) -> None:
    assert admin_client.get(reverse(f"admin:knowledge_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:knowledge_{model}_add")).status_code == 403
