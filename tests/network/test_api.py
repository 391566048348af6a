"""The network API: status codes per role, nothing changed by a refused write, JSON errors
naming the field, 404 for unknown codes, contacts only for network members, pagination."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from hypothesis import HealthCheck, given, settings, strategies
from rest_framework.test import APIClient

from gealc.network.models import Appointment, Institution, Person

API = "/api/v1"
EDITORS = {"member_own", "secretariat", "administrator"}
ROLES = [
    "public",
    "stakeholder",
    "member_own",
    "member_other",
    "reviewer",
    "secretariat",
    "administrator",
]


def client_for(user: User | AnonymousUser) -> APIClient:
    client = APIClient()
    if user.is_authenticated:
        client.force_authenticate(user)
    return client


@pytest.fixture
def everything(
    users_by_role: dict[str, Any], head_ury: Appointment, ministry_ury: Institution
) -> dict[str, Any]:
    return users_by_role


def test_countries_list_is_public_and_paginated(uruguay: Any, brazil: Any, chile: Any) -> None:
    response = APIClient().get(f"{API}/countries/", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]
    assert body["results"][0]["names"]["es"] == "Brasil"


def test_country_detail_any_case_with_authority_and_appointments(
    everything: dict[str, Any],
) -> None:
    body = APIClient().get(f"{API}/countries/ury/").json()
    assert body["iso3"] == "URY"
    assert body["national_authority"]["acronym"] == "AGD"
    roles = {a["role"] for a in body["current_appointments"]}
    assert roles == {"head_of_authority", "delegate"}


@pytest.mark.parametrize(
    ("role", "sees_contacts"),
    [("public", False), ("stakeholder", False), ("member_other", True), ("reviewer", True)],
)
def test_contacts_only_for_network_members(
    everything: dict[str, Any], role: str, sees_contacts: bool
) -> None:
    client = client_for(everything[role])
    people = [
        a["person"] for a in client.get(f"{API}/countries/URY/").json()["current_appointments"]
    ]
    emails = {person.get("email") for person in people}
    assert ("head.ury@example.org" in emails) == sees_contacts
    listed = client.get(f"{API}/people/").json()["results"]
    assert ("head.ury@example.org" in {p.get("email") for p in listed}) == sees_contacts


@pytest.mark.parametrize(
    "path",
    [
        "countries/XXX/",
        "countries/ur/",
        "institutions/999999/",
        "people/999999/",
        "appointments/999999/end/",
    ],
)
def test_unknown_is_404_json(everything: dict[str, Any], path: str) -> None:
    client = client_for(everything["secretariat"])
    response = (client.post if path.endswith("end/") else client.get)(f"{API}/{path}")
    assert response.status_code == 404
    assert "message" in response.json()


def test_hidden_person_is_404_for_the_public(everything: dict[str, Any]) -> None:
    person = Person.objects.get(email="head.ury@example.org")
    assert APIClient().get(f"{API}/people/{person.pk}/").status_code == 404
    member = client_for(everything["member_other"])
    assert member.get(f"{API}/people/{person.pk}/").json()["email"] == "head.ury@example.org"


def test_institutions_filtered_by_country(everything: dict[str, Any]) -> None:
    body = APIClient().get(f"{API}/institutions/", {"country": "ury"}).json()
    assert body["count"] == 2
    assert {i["country"] for i in body["results"]} == {"URY"}


@pytest.mark.parametrize("role", ROLES)
def test_institution_patch_by_role(everything: dict[str, Any], role: str) -> None:
    institution = Institution.objects.get(is_national_authority=True, country__iso3="URY")
    response = client_for(everything[role]).patch(
        f"{API}/institutions/{institution.pk}/", {"version": 1, "acronym": "NEW"}, format="json"
    )
    institution.refresh_from_db()
    if role in EDITORS:
        assert response.status_code == 200
        assert (response.json()["version"], institution.acronym) == (2, "NEW")
    else:
        assert response.status_code == 403
        assert response.json()["message"]
        assert (institution.acronym, institution.version) == ("AGD", 1)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"version": 1, "website": "not a url"}, "website"),
        ({"acronym": "X"}, "version"),
        ({"version": 1, "kind": "bakery"}, "kind"),
        ({"version": 1, "name": ""}, "name"),
        ({"version": 1, "parent": 999999}, "parent"),
    ],
)
def test_institution_patch_invalid_names_the_field(
    everything: dict[str, Any], payload: dict, field: str
) -> None:
    institution = Institution.objects.get(is_national_authority=True, country__iso3="URY")
    response = client_for(everything["member_own"]).patch(
        f"{API}/institutions/{institution.pk}/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == field
    institution.refresh_from_db()
    assert institution.version == 1


def test_institution_patch_stale_version(everything: dict[str, Any]) -> None:
    institution = Institution.objects.get(is_national_authority=True, country__iso3="URY")
    url = f"{API}/institutions/{institution.pk}/"
    client = client_for(everything["member_own"])
    assert client.patch(url, {"version": 1, "acronym": "A"}, format="json").status_code == 200
    response = client.patch(
        url, {"version": 1, "acronym": "B"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "someone else" in response.json()["message"]
    institution.refresh_from_db()
    assert institution.acronym == "A"


def test_institution_create_own_country_only(everything: dict[str, Any]) -> None:
    client = client_for(everything["member_own"])
    created = client.post(f"{API}/institutions/", {"country": "URY", "name": "Nueva"})
    assert created.status_code == 201
    refused = client.post(f"{API}/institutions/", {"country": "BRA", "name": "Nova"})
    assert refused.status_code == 403
    assert not Institution.objects.filter(name="Nova").exists()


def _appointment_payload(role: str = "alternate", **extra: Any) -> dict[str, Any]:
    person = Person.objects.get(email="head.ury@example.org")
    institution = Institution.objects.get(is_national_authority=True, country__iso3="URY")
    return {
        "person": person.pk,
        "institution": institution.pk,
        "role": role,
        "start": "2024-05-01",
        **extra,
    }


@pytest.mark.parametrize("role", ROLES)
def test_appointment_post_by_role(everything: dict[str, Any], role: str) -> None:
    before = Appointment.objects.count()
    response = client_for(everything[role]).post(
        f"{API}/appointments/", _appointment_payload(), format="json"
    )
    if role in EDITORS:
        assert response.status_code == 201
        assert response.json()["person"]["family_name"] == "Jefe"
        assert Appointment.objects.count() == before + 1
    else:
        assert response.status_code == 403
        assert Appointment.objects.count() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "focal_point"}, "working_line"),
        ({"role": "king"}, "role"),
        ({"start": "yesterday"}, "start"),
        ({"role": "head_of_authority"}, "start"),
    ],
)
def test_appointment_post_invalid_names_the_field(
    everything: dict[str, Any], payload: dict, field: str
) -> None:
    before = Appointment.objects.count()
    response = client_for(everything["secretariat"]).post(
        f"{API}/appointments/", _appointment_payload() | payload, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert Appointment.objects.count() == before


def test_appointment_end(everything: dict[str, Any]) -> None:
    head = Appointment.objects.get(person__email="head.ury@example.org")
    url = f"{API}/appointments/{head.pk}/end/"
    refused = client_for(everything["member_other"]).post(url, {"end": "2024-05-01"})
    assert refused.status_code == 403
    client = client_for(everything["member_own"])
    bad = client.post(url, {"end": "2001-01-01"})
    assert (bad.status_code, bad.json()["field"]) == (400, "end")
    ended = client.post(url, {"end": "2024-05-01", "reason": "Resigned"})
    assert ended.status_code == 200
    assert ended.json()["end"] == "2024-05-01"
    head.refresh_from_db()
    assert (head.end, head.end_reason) == (datetime.date(2024, 5, 1), "Resigned")


def test_appointments_list_filters(everything: dict[str, Any]) -> None:
    body = APIClient().get(f"{API}/appointments/", {"country": "URY", "current": "true"}).json()
    assert body["count"] == 2
    assert APIClient().get(f"{API}/appointments/", {"country": "BRA"}).json()["count"] == 1


def test_organisations_and_governance(secretariat: User, uruguay: Any) -> None:
    from gealc.network import services
    from gealc.network.models import GovernanceBody

    body = GovernanceBody.objects.create(
        code="presidency", name="Presidencia", name_en="Presidency"
    )
    services.mandate_start(
        actor=secretariat,
        body=body,
        country=uruguay,
        seat="president",
        start=datetime.date(2023, 3, 1),
    )
    oas = services.organisation_create(
        actor=secretariat, name="OEA", kind="multilateral", countries=[uruguay]
    )
    acronyms = {"acronym_es": "OEA", "acronym_pt": "OEA", "acronym_en": "OAS", "acronym_fr": "OEA"}
    services.organisation_update(actor=secretariat, organisation=oas, data=acronyms)
    client = APIClient()
    organisations = client.get(f"{API}/organisations/").json()["results"]
    assert organisations[0]["countries"] == ["URY"]
    assert organisations[0]["acronyms"] == {"es": "OEA", "pt": "OEA", "en": "OAS", "fr": "OEA"}
    english = client.get(f"{API}/organisations/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["results"][0]["acronym"] == "OAS"
    bodies = client.get(f"{API}/governance/bodies/").json()["results"]
    assert bodies[0]["names"]["en"] == "Presidency"
    mandates = client.get(f"{API}/governance/mandates/", {"current": "1", "body": "presidency"})
    [mandate] = mandates.json()["results"]
    assert (mandate["body"], mandate["country"], mandate["seat"]) == (
        "presidency",
        "URY",
        "president",
    )


def test_anonymous_write_is_refused(everything: dict[str, Any]) -> None:
    response = APIClient().post(f"{API}/appointments/", _appointment_payload(), format="json")
    assert response.status_code == 403


def test_schema_lists_the_network_endpoints(db: None) -> None:
    response = APIClient().get(f"{API}/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "countries/",
        "countries/{iso3}/",
        "institutions/{id}/",
        "people/",
        "appointments/",
        "organisations/",
        "governance/bodies/",
        "governance/mandates/",
    ):
        assert f"{API}/{path}" in paths


@pytest.mark.parametrize(
    "path",
    [
        "countries/%00/",
        "countries/U%00Y/",
        "institutions/?country=%00",
        "appointments/?country=%27%3B--&current=%00",
        "governance/mandates/?body=%F0%9F%98%80",
        "people/?page=999",
        "countries/?page=abc",
    ],
)
def test_odd_input_is_never_a_server_error(everything: dict[str, Any], path: str) -> None:
    response = APIClient().get(f"{API}/{path}")
    assert response.status_code in {200, 400, 404}  # 400: a control character or a bad flag
    assert "application/json" in response["Content-Type"]


JSON_VALUES = strategies.one_of(
    strategies.none(),
    strategies.booleans(),
    strategies.integers(min_value=-(2**70), max_value=2**70),
    strategies.text(max_size=30),
    strategies.lists(strategies.integers(), max_size=2),
    strategies.sampled_from(["2024-01-01", "0001-01-01", "9999-12-31", "focal_point", "URY"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=strategies.dictionaries(
        strategies.sampled_from(
            [
                "version",
                "name",
                "website",
                "parent",
                "kind",
                "is_national_authority",
                "person",
                "institution",
                "role",
                "start",
                "working_line",
                "end",
                "reason",
                "country",
                "name_fr",
            ]
        ),
        JSON_VALUES,
    )
)
def test_any_json_body_is_answered_without_a_server_error(
    everything: dict[str, Any], body: dict[str, Any]
) -> None:
    client = client_for(everything["secretariat"])
    institution = Institution.objects.get(is_national_authority=True, country__iso3="URY")
    head = Appointment.objects.get(person__email="head.ury@example.org")
    for method, path in (
        (client.patch, f"institutions/{institution.pk}/"),
        (client.post, "institutions/"),
        (client.post, "appointments/"),
        (client.post, f"appointments/{head.pk}/end/"),
    ):
        response = method(f"{API}/{path}", body, format="json")
        assert response.status_code in {200, 201, 400}, (path, response.content)
        assert "application/json" in response["Content-Type"]
