"""The working groups' read API: public parts only, validated filters, pagination."""

from __future__ import annotations

import pytest
from django.test import Client

from gealc.groups import services

pytestmark = pytest.mark.django_db


def _get(path: str, user=None, **params):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client.get(f"/api/v1/{path}", params)


def test_groups_plans_commitments_and_courses(commitment_ury, course, edition, chile) -> None:
    groups = _get("groups/").json()
    assert groups["count"] == 1
    assert groups["results"][0]["coordinating_country"]["iso3"] == "URY"
    assert _get("plans/").json()["results"][0]["year"] == 2025
    commitments = _get("commitments/", country="bra").json()["results"]
    assert [c["id"] for c in commitments] == [commitment_ury.pk]
    assert commitments[0]["level"] == "not_started"
    assert len(commitments[0]["milestones"]) == 2
    assert _get("commitments/", country="CHL").json()["count"] == 0
    assert _get("courses/").json()["results"][0]["editions"][0]["start"] == "2025-05-01"


def test_meetings_show_public_parts_only(meeting_ury, member_ury, secretariat) -> None:
    services.meeting_register(actor=member_ury, meeting=meeting_ury)
    body = _get("meetings/", upcoming="true").json()
    assert body["results"][0]["title"] == "Interoperability group meeting (test)"
    assert "registrations" not in body["results"][0]
    services.meeting_update(actor=secretariat, meeting=meeting_ury, data={"is_public": False})
    assert _get("meetings/").json()["count"] == 0
    assert _get("meetings/", member_ury).json()["count"] == 0  # the public API: public only


def test_a_draft_plan_is_for_members(plan_2026, member_ury) -> None:
    assert _get("plans/").json()["count"] == 0
    assert _get("plans/", member_ury).json()["count"] == 1


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("commitments/", {"year": "twenty"}, "year"),
        ("commitments/", {"country": "URUGUAY"}, "country"),
        ("commitments/", {"group": "no-such-group"}, "group"),
        ("commitments/", {"country": "XXX"}, "country"),
        ("meetings/", {"kind": "party"}, "kind"),
        ("groups/", {"status": "sleeping"}, "status"),
    ],
)
def test_bad_filters_are_a_400_naming_the_parameter(db, path, params, field) -> None:
    response = _get(path, **params)
    assert response.status_code == 400
    assert response.json()["field"] == field
