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


# Details -----------------------------------------------------------------------------------------


def test_group_detail_names_countries_never_delegates(
    group_ury, member_ury, secretariat, tmp_path, settings
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    for title, public in (("Public terms", True), ("Internal notes", False)):
        services.document_add(
            actor=secretariat,
            group=group_ury,
            title=title,
            file=SimpleUploadedFile("notes.txt", b"Some notes."),
            is_public=public,
        )
    body = _get(f"groups/{group_ury.slug}/").json()
    assert [c["iso3"] for c in body["member_countries"]] == ["BRA", "URY"]
    assert [d["title"] for d in body["documents"]] == ["Public terms"]
    text = str(body)
    assert member_ury.person.full_name not in text
    assert "@" not in text
    assert _get("groups/no-such-group/").status_code == 404


def test_plan_and_commitment_details(commitment_ury, plan_2026, member_ury) -> None:
    plan = _get("plans/2025/").json()
    assert plan["commitment_list"] == [
        {"id": commitment_ury.pk, "title": commitment_ury.title, "group": commitment_ury.group.slug}
    ]
    detail = _get(f"commitments/{commitment_ury.pk}/").json()
    assert detail["carried_to"] == []
    assert detail["practices"] == []
    assert [m["title"] for m in detail["milestones"]] == ["Inventario", "Catálogo publicado"]
    # a draft plan is for members of the network only
    assert _get("plans/2026/").status_code == 404
    assert _get("plans/2026/", member_ury).status_code == 200
    assert _get("plans/0/").status_code == 404
    assert _get("commitments/999999/").status_code == 404


def test_a_commitment_of_a_draft_plan_is_not_public(
    secretariat, plan_2026, group_ury, uruguay, member_ury
) -> None:
    import datetime

    draft = services.commitment_create(
        actor=secretariat,
        plan=plan_2026,
        group=group_ury,
        lead_country=uruguay,
        data={
            "title_en": "Draft",
            "start": datetime.date(2026, 1, 1),
            "end": datetime.date(2026, 6, 30),
        },
    )
    assert _get(f"commitments/{draft.pk}/").status_code == 404
    assert _get(f"commitments/{draft.pk}/", member_ury).status_code == 200


def test_meeting_detail_shows_public_parts_only(meeting_ury, member_ury, secretariat) -> None:
    services.meeting_register(actor=member_ury, meeting=meeting_ury)
    body = _get(f"meetings/{meeting_ury.pk}/").json()
    assert body["agenda"][0]["title"] == "Welcome"
    assert "registrations" not in body
    assert member_ury.person.full_name not in str(body)
    services.meeting_update(actor=secretariat, meeting=meeting_ury, data={"is_public": False})
    assert _get(f"meetings/{meeting_ury.pk}/").status_code == 404
    assert _get(f"meetings/{meeting_ury.pk}/", member_ury).status_code == 404


def test_course_detail_never_names_who_enrolled(course, enrolment_done) -> None:
    body = _get(f"courses/{course.slug}/").json()
    assert body["editions"][0]["end"] == "2025-06-30"
    assert "Ana Pérez" not in str(body)
    assert _get("courses/no-such-course/").status_code == 404
