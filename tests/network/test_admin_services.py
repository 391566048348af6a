"""The admin writes through the network's services: what a service refuses, the admin form
refuses with the service's message and saves nothing; what it records (the actor in the
history, the version) the admin's changes record too."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gealc.network import services
from gealc.network.models import (
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def admin_client(administrator: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)
    return client


def _translated(field: str, value: str = "", **by_language: str) -> dict[str, str]:
    return {f"{field}_{code}": by_language.get(code, value) for code in ("es", "pt", "en", "fr")}


def _institution_form(institution: Institution, **changes: Any) -> dict[str, Any]:
    return {
        **_translated("name", es=institution.name_es or "", en=institution.name_en or ""),
        **_translated("description"),
        "acronym": institution.acronym,
        "kind": institution.kind,
        "website": "",
        "parent": institution.parent_id or "",
        "is_national_authority": "on" if institution.is_national_authority else "",
        **changes,
    }


def test_a_service_refusal_is_shown_on_the_form_and_changes_nothing(
    admin_client: Client, authority_ury: Institution
) -> None:
    url = reverse("admin:network_institution_change", args=[authority_ury.pk])
    data = _institution_form(authority_ury, parent=authority_ury.pk, name_es="Otro nombre")
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "An institution cannot be its own parent." in response.content.decode()
    assert 'value="Otro nombre"' in response.content.decode()  # what was typed is kept
    authority_ury.refresh_from_db()
    assert (authority_ury.parent_id, authority_ury.version) == (None, 1)
    assert authority_ury.name_es != "Otro nombre"


def test_an_institution_added_here_is_made_by_the_service(
    admin_client: Client, administrator: User, uruguay: Country
) -> None:
    data = {
        **_translated("name", es="Ministerio de Industria", en="Ministry of Industry"),
        **_translated("description"),
        "country": uruguay.pk,
        "acronym": "MIEM",
        "kind": Institution.Kind.MINISTRY,
        "website": "miem.gub.uy",
        "parent": "",
    }
    response = admin_client.post(reverse("admin:network_institution_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    institution = Institution.objects.get(acronym="MIEM")
    assert (institution.name_es, institution.name_en) == (
        "Ministerio de Industria",
        "Ministry of Industry",
    )
    assert institution.website == "https://miem.gub.uy"
    assert institution.history.earliest().history_user == administrator


def test_a_country_changes_through_the_service_and_keeps_its_codes(
    admin_client: Client, uruguay: Country, administrator: User
) -> None:
    url = reverse("admin:network_country_change", args=[uruguay.pk])
    data = {
        **_translated("name", es="Uruguay", en="Uruguay", pt="Uruguai", fr="Uruguay"),
        "iso3": "XXX",  # read-only: ignored
        "subregion": uruguay.subregion,
        "membership": Country.Membership.OBSERVER,
        "member_since": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    uruguay.refresh_from_db()
    assert (uruguay.iso3, uruguay.membership, uruguay.name_pt) == ("URY", "observer", "Uruguai")
    assert uruguay.history.latest().history_user == administrator
    assert admin_client.get(reverse("admin:network_country_add")).status_code == 403


def test_an_appointment_is_ended_here_once_and_never_rewritten(
    admin_client: Client, head_ury: Appointment
) -> None:
    url = reverse("admin:network_appointment_change", args=[head_ury.pk])
    refused = admin_client.post(url, {"end": "", "end_reason": "Left"})
    assert "Give the last day, to end it." in refused.content.decode()
    response = admin_client.post(url, {"end": "2025-01-31", "end_reason": "Left"})
    assert response.status_code == 302, response.content.decode()[:3000]
    head_ury.refresh_from_db()
    assert (head_ury.end, head_ury.end_reason) == (datetime.date(2025, 1, 31), "Left")
    again = admin_client.post(url, {"end": "2025-12-31", "end_reason": "Again"})
    assert again.status_code == 403
    head_ury.refresh_from_db()
    assert head_ury.end == datetime.date(2025, 1, 31)


def test_a_mandate_starts_and_ends_through_the_services(
    admin_client: Client, administrator: User, uruguay: Country
) -> None:
    body = services.governance_body_create(
        actor=administrator, code="presidency", data={"name_es": "Presidencia"}
    )
    add = {"body": body.pk, "seat": Mandate.Seat.PRESIDENT, "country": uruguay.pk}
    response = admin_client.post(
        reverse("admin:network_mandate_add"),
        {**add, "organisation": "", "person": "", "start": "2025-03-01", "end": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    mandate = Mandate.objects.get(body=body)
    assert mandate.history.earliest().history_user == administrator
    url = reverse("admin:network_mandate_change", args=[mandate.pk])
    assert admin_client.post(url, {"end": "2027-02-28"}).status_code == 302
    mandate.refresh_from_db()
    assert mandate.end == datetime.date(2027, 2, 28)


def test_organisations_and_bodies_are_added_and_changed_here(
    admin_client: Client, uruguay: Country, chile: Country
) -> None:
    organisation = {
        **_translated("name", es="Observatorio", en="Observatory"),
        **_translated("description"),
        **_translated("acronym", "OBS", en="OBSY"),
        "kind": Organisation.Kind.CIVIL_SOCIETY,
        "website": "",
        "countries": [uruguay.pk, chile.pk],
    }
    response = admin_client.post(reverse("admin:network_organisation_add"), organisation)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Organisation.objects.get(acronym_es="OBS")
    assert (created.acronym_pt, created.acronym_en, created.acronym_fr) == ("OBS", "OBSY", "OBS")
    assert set(created.countries.values_list("iso3", flat=True)) == {"URY", "CHL"}
    change = reverse("admin:network_organisation_change", args=[created.pk])
    assert admin_client.post(change, {**organisation, "countries": [chile.pk]}).status_code == 302
    assert list(created.countries.values_list("iso3", flat=True)) == ["CHL"]

    body = {"code": "presidency", "position": 3, **_translated("name", es="Presidencia")}
    body |= _translated("description")
    response = admin_client.post(reverse("admin:network_governancebody_add"), body)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert GovernanceBody.objects.get(code="presidency").position == 3


@pytest.mark.parametrize("model", ["country", "institution", "person", "organisation"])
def test_nothing_is_deleted_here(admin_client: Client, head_ury: Appointment, model: str) -> None:
    instance = {
        "country": head_ury.institution.country,
        "institution": head_ury.institution,
        "person": head_ury.person,
        "organisation": Organisation.objects.create(name="X", kind="donor"),
    }[model]
    response = admin_client.post(reverse(f"admin:network_{model}_delete", args=[instance.pk]))
    assert response.status_code == 403
    assert type(instance).objects.filter(pk=instance.pk).exists()


def _staff_client(user: User) -> Client:
    user.is_staff = True  # the admin site is for staff (role_grant makes the secretariat so)
    user.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_admin_asks_the_same_rules_as_the_pages(
    secretariat: User, member_bra: User, authority_ury: Institution
) -> None:
    """A member of Brazil with staff status still cannot change Uruguay's institution there;
    the secretariat can, through the service, which records them."""
    url = reverse("admin:network_institution_change", args=[authority_ury.pk])
    data = _institution_form(authority_ury, name_es="Cambiado por Brasil")
    assert _staff_client(member_bra).post(url, data).status_code == 403
    authority_ury.refresh_from_db()
    assert (authority_ury.name_es, authority_ury.version) != ("Cambiado por Brasil", 2)

    data = _institution_form(authority_ury, name_es="Cambiado por la secretaría")
    assert _staff_client(secretariat).post(url, data).status_code == 302
    authority_ury.refresh_from_db()
    assert (authority_ury.name_es, authority_ury.version) == ("Cambiado por la secretaría", 2)
    assert authority_ury.history.latest().history_user == secretariat
