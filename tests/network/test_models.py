"""Model validation and the database constraints that hold even when code bypasses services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gealc.network.models import (
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Person,
    normalise_for_search,
)

DAY = datetime.date(2024, 1, 1)


@pytest.mark.parametrize("code", ["ur", "URYY", "ur1", "123"])
def test_iso3_must_be_three_letters(db: None, code: str) -> None:
    country = Country(iso3=code, iso_numeric="999", name="X", subregion="caribbean")
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "iso3" in error.value.message_dict


def test_iso3_is_stored_upper_case(uruguay: Country) -> None:
    country = Country.objects.create(
        iso3="arg", iso_numeric="032", name="Argentina", subregion="south_america"
    )
    assert country.iso3 == "ARG"


@pytest.mark.parametrize("code", ["85", "8588", "abc"])
def test_iso_numeric_must_be_three_digits(db: None, code: str) -> None:
    country = Country(iso3="URY", iso_numeric=code, name="Uruguay", subregion="south_america")
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert "iso_numeric" in error.value.message_dict


def test_search_text_is_lower_case_without_accents(db: None) -> None:
    country = Country.objects.create(
        iso3="MEX",
        iso_numeric="484",
        name_es="México",
        name_en="Mexico",
        name_fr="Mexique",
        subregion="central_america_mexico",
    )
    assert "mexico" in country.search_text
    assert "mexique" in country.search_text
    assert normalise_for_search("  SÃO Tomé ") == "  sao tome "


def test_one_national_authority_per_country(authority_ury: Institution) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Institution.objects.create(
            country=authority_ury.country, name="Otra", is_national_authority=True
        )


def test_parent_must_be_in_the_same_country(
    authority_ury: Institution, authority_bra: Institution
) -> None:
    child = Institution(country=authority_bra.country, name="Filial", parent=authority_ury)
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert "parent" in error.value.message_dict


def test_appointment_end_before_start_refused_by_database(delegate_ury: Appointment) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=delegate_ury.pk).update(end=datetime.date(2000, 1, 1))


def test_two_open_appointments_in_the_same_role_refused_by_database(
    delegate_ury: Appointment,
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            person=delegate_ury.person,
            institution=delegate_ury.institution,
            role=delegate_ury.role,
            start=DAY,
        )


def test_overlapping_appointment_is_invalid(delegate_ury: Appointment) -> None:
    delegate_ury.end = datetime.date(2023, 12, 31)
    delegate_ury.save()
    overlapping = Appointment(
        person=delegate_ury.person,
        institution=delegate_ury.institution,
        role=delegate_ury.role,
        start=datetime.date(2023, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "start" in error.value.message_dict
    after = Appointment(
        person=delegate_ury.person,
        institution=delegate_ury.institution,
        role=delegate_ury.role,
        start=DAY,
    )
    after.full_clean()


def test_focal_point_needs_a_working_line(authority_ury: Institution) -> None:
    person = Person.objects.create(given_name="Ana", family_name="Pérez")
    appointment = Appointment(
        person=person, institution=authority_ury, role=Appointment.Role.FOCAL_POINT, start=DAY
    )
    with pytest.raises(ValidationError) as error:
        appointment.full_clean()
    assert "working_line" in error.value.message_dict


def test_current_and_ended(delegate_ury: Appointment) -> None:
    assert delegate_ury.is_current
    assert Appointment.objects.current().filter(pk=delegate_ury.pk).exists()
    Appointment.objects.filter(pk=delegate_ury.pk).update(end=datetime.date(2023, 1, 1))
    assert not Appointment.objects.current().filter(pk=delegate_ury.pk).exists()
    assert Appointment.objects.ended().filter(pk=delegate_ury.pk).exists()


def test_mandate_held_by_exactly_one_of_country_or_organisation(uruguay: Country) -> None:
    body = GovernanceBody.objects.create(code="presidency", name="Presidencia")
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(body=body, start=DAY)
    with pytest.raises(ValidationError) as error:
        Mandate(body=body, start=DAY).full_clean()
    assert "country" in error.value.message_dict


def test_person_languages_are_validated(db: None) -> None:
    person = Person(given_name="Ana", family_name="Pérez", languages=["es", "de"])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "languages" in error.value.message_dict


def test_history_keeps_every_language(authority_ury: Institution) -> None:
    authority_ury.name_en = "Digital Government Agency"
    authority_ury.save()
    latest = authority_ury.history.first()
    assert latest.name_en == "Digital Government Agency"
    assert latest.name_es == "Agencia de Gobierno Digital (demo)"
