"""The admin pages of the working groups open, and a meeting added there goes through the
scheduling service (its agenda then carries the group's open actions)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from gealc.groups.models import Meeting

pytestmark = pytest.mark.django_db

MODELS = ("workinggroup", "membership", "meeting", "commitment", "course", "certificate")


def _admin_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_open(administrator, model, commitment_ury, meeting_ury, certificate):
    client = _admin_client(administrator)
    assert client.get(reverse(f"admin:groups_{model}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:groups_{model}_add"))
    assert add.status_code in (200, 403)


def test_a_meeting_added_in_the_admin_goes_through_the_service(administrator, group_ury, english):
    response = _admin_client(administrator).post(
        reverse("admin:groups_meeting_add"),
        {
            "kind": "group_meeting",
            "title": "Added in the admin",
            "group": group_ury.pk,
            "starts_at_0": "2030-01-10",
            "starts_at_1": "10:00:00",
            "ends_at_0": "2030-01-10",
            "ends_at_1": "09:00:00",
            "time_zone": "America/Lima",
            "place": "Lima",
            "is_public": "on",
        },
    )
    assert response.status_code == 200  # shown again: it ends before it starts
    assert "A meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.filter(title="Added in the admin").exists()


def test_a_course_changed_in_the_admin_goes_through_the_service(administrator, course, english):
    response = _admin_client(administrator).post(
        reverse("admin:groups_course_change", args=[course.pk]),
        {
            "title_es": "Interoperabilidad básica",
            "title_en": "Interoperability basics (test)",
            "provider": "Another provider",
            "modality": "workshop",
            "language": "es",
            "certificate_valid_years": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course.refresh_from_db()
    assert (course.provider, course.version) == ("Another provider", 2)
    assert course.history.first().history_user == administrator


@pytest.mark.parametrize("model", ["workingline", "course"])
def test_a_past_version_is_shown_and_never_saved(request, administrator, model, english):
    """simple-history's page of a past version is a form that would save it past the services
    (and accepts the POST from anyone who may view the history); ours only shows it."""
    record = request.getfixturevalue({"workingline": "line_interop", "course": "course"}[model])
    version = record.history.latest()
    page = reverse(f"admin:groups_{model}_simple_history", args=[record.pk, version.history_id])
    client = _admin_client(administrator)
    shown = client.get(page)
    assert shown.status_code == 200
    assert "Revert" not in shown.content.decode()
    before = type(record).objects.filter(pk=record.pk).values().get()
    assert client.post(page, {"name_es": "Cambiado", "title_es": "Cambiado"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).values().get() == before
