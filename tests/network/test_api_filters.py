"""The filters of the network's list endpoints: each narrows the list, a bad value is a 400
naming the parameter, and the OpenAPI schema documents it."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from gealc.network import services
from gealc.network.models import Appointment, Country, GovernanceBody, Institution

API = "/api/v1"


def _rows(path: str, **query: str) -> list[dict[str, Any]]:
    response = APIClient().get(f"{API}/{path}", query)
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def _refused(path: str, name: str, value: str) -> None:
    response = APIClient().get(f"{API}/{path}", {name: value})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == name
    assert body["message"].startswith(f"{name}: ")


def _documented(path: str) -> dict[str, dict[str, Any]]:
    schema = APIClient().get(f"{API}/schema/", {"format": "json"}).json()
    parameters = schema["paths"][f"{API}/{path}"]["get"]["parameters"]
    return {p["name"]: p for p in parameters if p["in"] == "query"}


def test_countries_by_membership_and_subregion(
    administrator: User, uruguay: Country, brazil: Country, chile: Country
) -> None:
    services.country_update(actor=administrator, country=chile, data={"membership": "observer"})
    assert [c["iso3"] for c in _rows("countries/", membership="observer")] == ["CHL"]
    members = _rows("countries/", membership="member", subregion="south_america")
    assert {c["iso3"] for c in members} == {"URY", "BRA"}
    assert _rows("countries/", subregion="caribbean") == []
    _refused("countries/", "membership", "founder")
    _refused("countries/", "subregion", "South America")
    documented = _documented("countries/")
    assert "observer" in documented["membership"]["schema"]["enum"]
    assert "caribbean" in documented["subregion"]["schema"]["enum"]


def test_people_by_country_current_and_words(
    delegate_ury: Appointment, focal_bra: Appointment, administrator: User
) -> None:
    for appointment in (delegate_ury, focal_bra):
        services.person_update(
            actor=administrator, person=appointment.person, data={"public_profile": True}
        )
    services.appointment_end(
        actor=administrator, appointment=focal_bra, end=datetime.date(2023, 1, 1)
    )
    assert [p["given_name"] for p in _rows("people/", country="ury")] == ["Daniela"]
    assert [p["given_name"] for p in _rows("people/", current="true")] == ["Daniela"]
    assert [p["given_name"] for p in _rows("people/", current="false")] == ["Fábio"]
    assert _rows("people/", country="BRA", current="true") == []
    assert [p["given_name"] for p in _rows("people/", q="fabio FOCAL")] == ["Fábio"]
    _refused("people/", "country", "Uruguay")
    _refused("people/", "current", "now")
    _refused("people/", "q", "x" * 201)
    documented = _documented("people/")
    assert documented["country"]["schema"]["pattern"]
    assert documented["current"]["schema"]["pattern"]
    assert documented["q"]["schema"]["maxLength"] == 200


def test_organisations_by_kind_and_country(
    secretariat: User, uruguay: Country, brazil: Country
) -> None:
    services.organisation_create(
        actor=secretariat, name="OEA", kind="multilateral", countries=[uruguay, brazil]
    )
    services.organisation_create(actor=secretariat, name="BID", kind="donor", countries=[brazil])
    assert [o["name"] for o in _rows("organisations/", kind="donor")] == ["BID"]
    assert [o["name"] for o in _rows("organisations/", country="URY")] == ["OEA"]
    assert [o["name"] for o in _rows("organisations/", country="bra")] == ["BID", "OEA"]
    _refused("organisations/", "kind", "bank")
    _refused("organisations/", "country", "UR")
    assert "donor" in _documented("organisations/")["kind"]["schema"]["enum"]


@pytest.mark.django_db
def test_governance_bodies_by_code() -> None:
    GovernanceBody.objects.create(code="presidency", name="Presidencia", position=2)
    GovernanceBody.objects.create(code="members_assembly", name="Asamblea", position=1)
    assert [b["code"] for b in _rows("governance/bodies/")] == ["members_assembly", "presidency"]
    assert [b["code"] for b in _rows("governance/bodies/", code="presidency")] == ["presidency"]
    _refused("governance/bodies/", "code", "board")
    assert "presidency" in _documented("governance/bodies/")["code"]["schema"]["enum"]


def test_an_empty_filter_is_no_filter(authority_ury: Institution, brazil: Country) -> None:
    assert len(_rows("countries/", membership="", subregion="")) == 2
