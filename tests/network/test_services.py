"""Services: the happy paths, each validation error (naming its field) and that a refused or
invalid call changes nothing."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from gealc.network import services
from gealc.network.models import (
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
)

TRANSITION_DAY = datetime.date(2024, 3, 1)


def _field_errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# Institutions -----------------------------------------------------------------------------


def test_institution_update_changes_and_increments_version(
    member_ury: User, authority_ury: Institution
) -> None:
    updated = services.institution_update(
        actor=member_ury,
        institution=authority_ury,
        expected_version=1,
        data={"acronym": "AGESIC", "website": "https://www.example.org"},
    )
    assert (updated.acronym, updated.version) == ("AGESIC", 2)
    assert updated.history.first().history_user == member_ury


def test_institution_update_refuses_a_stale_version(
    member_ury: User, secretariat: User, authority_ury: Institution, english: None
) -> None:
    services.institution_update(
        actor=secretariat, institution=authority_ury, expected_version=1, data={"acronym": "A"}
    )
    with pytest.raises(ValidationError) as error:
        services.institution_update(
            actor=member_ury,
            institution=authority_ury,
            expected_version=1,
            data={"acronym": "B"},
        )
    assert error.value.code == "stale"
    assert "someone else" in error.value.messages[0]
    authority_ury.refresh_from_db()
    assert (authority_ury.acronym, authority_ury.version) == ("A", 2)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"website": "not a url"}, "website"),
        ({"name": ""}, "name"),
        ({"kind": "bakery"}, "kind"),
        ({"version": 7}, "version"),
    ],
)
def test_institution_update_names_the_invalid_field(
    member_ury: User, authority_ury: Institution, data: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        services.institution_update(
            actor=member_ury, institution=authority_ury, expected_version=1, data=data
        )
    assert field in _field_errors(error)
    authority_ury.refresh_from_db()
    assert authority_ury.version == 1


def test_institution_parent_from_another_country_is_refused(
    secretariat: User, authority_ury: Institution, authority_bra: Institution
) -> None:
    with pytest.raises(ValidationError) as error:
        services.institution_update(
            actor=secretariat,
            institution=authority_ury,
            expected_version=1,
            data={"parent": authority_bra},
        )
    assert "parent" in _field_errors(error)


def test_second_national_authority_is_refused(
    member_ury: User, authority_ury: Institution, ministry_ury: Institution, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        services.institution_update(
            actor=member_ury,
            institution=ministry_ury,
            expected_version=1,
            data={"is_national_authority": True},
        )
    assert "national digital-government authority" in str(error.value)


def test_member_of_another_country_cannot_update(
    member_bra: User, authority_ury: Institution
) -> None:
    with pytest.raises(PermissionDenied):
        services.institution_update(
            actor=member_bra,
            institution=authority_ury,
            expected_version=1,
            data={"acronym": "X"},
        )
    authority_ury.refresh_from_db()
    assert authority_ury.acronym == "AGD"


def test_institution_create_for_own_country_only(
    member_ury: User, uruguay: Country, brazil: Country
) -> None:
    created = services.institution_create(actor=member_ury, country=uruguay, name="Nueva")
    assert created.country == uruguay
    with pytest.raises(PermissionDenied):
        services.institution_create(actor=member_ury, country=brazil, name="Nova")
    assert not Institution.objects.filter(name="Nova").exists()


# People -----------------------------------------------------------------------------------


def test_person_can_edit_themselves_but_not_link_accounts(
    member_ury: User, stakeholder: User
) -> None:
    person = member_ury.person
    services.person_update(actor=member_ury, person=person, data={"phone": "+598 1234"})
    assert Person.objects.get(pk=person.pk).phone == "+598 1234"
    with pytest.raises(PermissionDenied):
        services.person_update(actor=member_ury, person=person, data={"user": stakeholder})


def test_person_create_validates(secretariat: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=secretariat,
            given_name="Ana",
            family_name="",
            email="not-an-email",
            languages=["xx"],
        )
    assert {"family_name", "email", "languages"} <= set(_field_errors(error))
    assert not Person.objects.filter(given_name="Ana").exists()


def test_stakeholder_cannot_create_people(stakeholder: User) -> None:
    with pytest.raises(PermissionDenied):
        services.person_create(actor=stakeholder, given_name="A", family_name="B")


# Appointments -----------------------------------------------------------------------------


def test_appointment_start_and_end(member_ury: User, authority_ury: Institution) -> None:
    person = services.person_create(actor=member_ury, given_name="Ana", family_name="Pérez")
    appointment = services.appointment_start(
        actor=member_ury,
        person=person,
        institution=authority_ury,
        role=Appointment.Role.FOCAL_POINT,
        start=datetime.date(2024, 1, 1),
        working_line="open data",
    )
    assert appointment.is_current
    ended = services.appointment_end(
        actor=member_ury,
        appointment=appointment,
        end=datetime.date(2024, 6, 30),
        reason="Moved on",
    )
    assert (ended.end, ended.end_reason) == (datetime.date(2024, 6, 30), "Moved on")
    assert Appointment.objects.filter(pk=appointment.pk).exists()


def test_appointment_start_errors_name_their_field(
    member_ury: User, delegate_ury: Appointment, authority_ury: Institution
) -> None:
    with pytest.raises(ValidationError) as error:
        services.appointment_start(
            actor=member_ury,
            person=delegate_ury.person,
            institution=authority_ury,
            role=Appointment.Role.FOCAL_POINT,
            start=datetime.date(2024, 1, 1),
        )
    assert "working_line" in _field_errors(error)
    with pytest.raises(ValidationError) as error:
        services.appointment_start(
            actor=member_ury,
            person=delegate_ury.person,
            institution=authority_ury,
            role=Appointment.Role.DELEGATE,
            start=datetime.date(2024, 1, 1),
        )
    assert "start" in _field_errors(error)


def test_appointment_end_before_start_or_twice(
    member_ury: User, secretariat: User, delegate_ury: Appointment, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        services.appointment_end(
            actor=member_ury, appointment=delegate_ury, end=datetime.date(2000, 1, 1)
        )
    assert "end" in _field_errors(error)
    delegate_ury.refresh_from_db()
    assert delegate_ury.end is None
    services.appointment_end(actor=member_ury, appointment=delegate_ury, end=TRANSITION_DAY)
    with pytest.raises(ValidationError) as error:  # no longer a member: the secretariat tries
        services.appointment_end(actor=secretariat, appointment=delegate_ury, end=TRANSITION_DAY)
    assert "already ended" in str(error.value)


def test_member_of_another_country_cannot_start_or_end(
    member_bra: User, delegate_ury: Appointment, authority_ury: Institution
) -> None:
    with pytest.raises(PermissionDenied):
        services.appointment_end(actor=member_bra, appointment=delegate_ury, end=TRANSITION_DAY)
    with pytest.raises(PermissionDenied):
        services.appointment_start(
            actor=member_bra,
            person=delegate_ury.person,
            institution=authority_ury,
            role=Appointment.Role.ALTERNATE,
            start=TRANSITION_DAY,
        )
    delegate_ury.refresh_from_db()
    assert delegate_ury.end is None


# Change of government ---------------------------------------------------------------------


def test_government_transition_ends_all_and_starts_new(
    member_ury: User, delegate_ury: Appointment, head_ury: Appointment, ministry_ury: Institution
) -> None:
    result = services.government_transition(
        actor=member_ury,
        country=delegate_ury.institution.country,
        date=TRANSITION_DAY,
        ended_reason="New government",
        new_appointments=[
            services.NewAppointment(
                role=Appointment.Role.HEAD_OF_AUTHORITY, given_name="Nueva", family_name="Jefa"
            ),
            services.NewAppointment(role=Appointment.Role.DELEGATE, person=delegate_ury.person),
            services.NewAppointment(
                role=Appointment.Role.FOCAL_POINT,
                person=head_ury.person,
                institution=ministry_ury,
                working_line="open data",
            ),
        ],
    )
    assert {a.pk for a in result.ended} == {delegate_ury.pk, head_ury.pk}
    for appointment in result.ended:
        assert appointment.end == datetime.date(2024, 2, 29)
        assert appointment.end_reason == "New government"
    assert [a.start for a in result.started] == [TRANSITION_DAY] * 3
    assert result.started[0].institution == delegate_ury.institution
    assert result.started[0].person.family_name == "Jefa"


def test_government_transition_is_all_or_nothing(
    member_ury: User, delegate_ury: Appointment
) -> None:
    with pytest.raises(ValidationError) as error:
        services.government_transition(
            actor=member_ury,
            country=delegate_ury.institution.country,
            date=TRANSITION_DAY,
            ended_reason="New government",
            new_appointments=[
                services.NewAppointment(
                    role=Appointment.Role.DELEGATE, given_name="Ok", family_name="Person"
                ),
                services.NewAppointment(
                    role=Appointment.Role.FOCAL_POINT, given_name="No", family_name="Line"
                ),
            ],
        )
    assert "new_appointments.1.working_line" in _field_errors(error)
    delegate_ury.refresh_from_db()
    assert delegate_ury.end is None
    assert not Person.objects.filter(family_name="Person").exists()


def test_government_transition_validates_date_and_reason(
    member_ury: User, delegate_ury: Appointment
) -> None:
    country = delegate_ury.institution.country
    with pytest.raises(ValidationError) as error:
        services.government_transition(
            actor=member_ury, country=country, date=TRANSITION_DAY, ended_reason=" "
        )
    assert "ended_reason" in _field_errors(error)
    with pytest.raises(ValidationError) as error:
        services.government_transition(
            actor=member_ury, country=country, date=delegate_ury.start, ended_reason="x"
        )
    assert "date" in _field_errors(error)
    with pytest.raises(ValidationError) as error:
        services.government_transition(
            actor=member_ury, country=country, date=datetime.date.min, ended_reason="x"
        )
    assert "date" in _field_errors(error)


def test_government_transition_institution_of_another_country(
    secretariat: User, delegate_ury: Appointment, authority_bra: Institution
) -> None:
    with pytest.raises(ValidationError) as error:
        services.government_transition(
            actor=secretariat,
            country=delegate_ury.institution.country,
            date=TRANSITION_DAY,
            ended_reason="x",
            new_appointments=[
                services.NewAppointment(
                    role=Appointment.Role.DELEGATE,
                    person=delegate_ury.person,
                    institution=authority_bra,
                )
            ],
        )
    assert "new_appointments.0.institution" in _field_errors(error)


def test_government_transition_refused_to_other_country(
    member_bra: User, delegate_ury: Appointment
) -> None:
    with pytest.raises(PermissionDenied):
        services.government_transition(
            actor=member_bra,
            country=delegate_ury.institution.country,
            date=TRANSITION_DAY,
            ended_reason="x",
        )
    delegate_ury.refresh_from_db()
    assert delegate_ury.end is None


# Governance and organisations -------------------------------------------------------------


@pytest.fixture
def presidency(db: None) -> GovernanceBody:
    return GovernanceBody.objects.create(code="presidency", name="Presidencia", position=1)


def test_mandate_start_and_end(
    secretariat: User, presidency: GovernanceBody, uruguay: Country
) -> None:
    mandate = services.mandate_start(
        actor=secretariat,
        body=presidency,
        seat=Mandate.Seat.PRESIDENT,
        country=uruguay,
        start=datetime.date(2023, 3, 1),
    )
    services.mandate_end(actor=secretariat, mandate=mandate, end=datetime.date(2025, 2, 28))
    mandate.refresh_from_db()
    assert mandate.end == datetime.date(2025, 2, 28)


def test_mandate_errors(secretariat: User, presidency: GovernanceBody, uruguay: Country) -> None:
    organisation = services.organisation_create(actor=secretariat, name="OEA", kind="multilateral")
    with pytest.raises(ValidationError) as error:
        services.mandate_start(
            actor=secretariat,
            body=presidency,
            country=uruguay,
            organisation=organisation,
            start=datetime.date(2023, 3, 1),
        )
    assert "country" in _field_errors(error)
    with pytest.raises(ValidationError) as error:
        services.mandate_start(
            actor=secretariat,
            body=presidency,
            country=uruguay,
            start=datetime.date(2023, 3, 1),
            end=datetime.date(2022, 1, 1),
        )
    assert "end" in _field_errors(error)
    assert not Mandate.objects.exists()


def test_only_the_secretariat_manages_mandates_and_organisations(
    member_ury: User, reviewer: User, presidency: GovernanceBody, uruguay: Country
) -> None:
    for actor in (member_ury, reviewer):
        with pytest.raises(PermissionDenied):
            services.mandate_start(
                actor=actor, body=presidency, country=uruguay, start=TRANSITION_DAY
            )
        with pytest.raises(PermissionDenied):
            services.organisation_create(actor=actor, name="X", kind="academia")
    assert not Mandate.objects.exists()
    assert not Organisation.objects.exists()


def test_organisation_create_with_countries(secretariat: User, uruguay: Country) -> None:
    organisation = services.organisation_create(
        actor=secretariat, name="Observatorio", kind="civil_society", countries=[uruguay]
    )
    assert list(organisation.countries.all()) == [uruguay]
    with pytest.raises(ValidationError) as error:
        services.organisation_create(actor=secretariat, name="X", kind="bakery")
    assert "kind" in _field_errors(error)


def test_country_update_by_secretariat_only(
    secretariat: User, member_ury: User, uruguay: Country
) -> None:
    services.country_update(actor=secretariat, country=uruguay, data={"name_fr": "Uruguay"})
    assert Country.objects.get(pk=uruguay.pk).name_fr == "Uruguay"
    with pytest.raises(PermissionDenied):
        services.country_update(actor=member_ury, country=uruguay, data={"name_fr": "X"})
    with pytest.raises(ValidationError) as error:
        services.country_update(actor=secretariat, country=uruguay, data={"iso3": "XXX"})
    assert "iso3" in _field_errors(error)


@pytest.mark.parametrize("role", ["member_own", "reviewer", "stakeholder", "public"])
def test_only_who_runs_the_network_changes_organisations_and_bodies(
    users_by_role: dict[str, Any], secretariat: User, uruguay: Country, role: str
) -> None:
    organisation = services.organisation_create(
        actor=secretariat, name="Observatorio", kind="civil_society"
    )
    body = services.governance_body_create(
        actor=secretariat, code="presidency", data={"name_es": "Presidencia", "position": 1}
    )
    actor = users_by_role[role]
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=actor, organisation=organisation, data={"acronym": "X"}, countries=[uruguay]
        )
    with pytest.raises(PermissionDenied):
        services.governance_body_update(actor=actor, body=body, data={"position": 9})
    with pytest.raises(PermissionDenied):
        services.governance_body_create(actor=actor, code="executive_committee", data={})
    organisation.refresh_from_db()
    body.refresh_from_db()
    assert (organisation.acronym, list(organisation.countries.all()), body.position) == ("", [], 1)


def test_organisation_and_body_updates_take_only_their_fields(
    secretariat: User, uruguay: Country
) -> None:
    organisation = services.organisation_create(
        actor=secretariat, name="Observatorio", kind="civil_society"
    )
    services.organisation_update(
        actor=secretariat,
        organisation=organisation,
        data={"name_en": "Observatory"},
        countries=[uruguay],
    )
    organisation.refresh_from_db()
    assert (organisation.name_en, [c.iso3 for c in organisation.countries.all()]) == (
        "Observatory",
        ["URY"],
    )
    with pytest.raises(ValidationError) as refused:
        services.organisation_update(
            actor=secretariat, organisation=organisation, data={"is_demo": True}
        )
    assert "is_demo" in refused.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        services.governance_body_create(actor=secretariat, code="no-such-body", data={})
    assert "code" in unknown.value.message_dict


def test_a_demo_account_is_made_once_and_corrected_after(db: None) -> None:
    user = services.demo_account_ensure(
        username="demo-admin", email="a@example.org", password="pw-1", superuser=True
    )
    assert (user.is_superuser, user.is_staff, user.check_password("pw-1")) == (True, True, True)
    same = services.demo_account_ensure(
        username="demo-admin", email="b@example.org", password="pw-1", superuser=True
    )
    assert (same.pk, same.email) == (user.pk, "b@example.org")


def test_a_person_who_leaves_keeps_their_offices_and_loses_their_contacts(
    delegate_ury: Appointment, member_bra: User, secretariat: User
) -> None:
    person = delegate_ury.person
    with pytest.raises(PermissionDenied):  # somebody else of another country
        services.person_forget(actor=member_bra, person=person)
    services.person_forget(actor=person.user, person=person)
    person.refresh_from_db()
    assert (person.user, person.email, person.phone) == (None, "", "")
    assert person.full_name == "Daniela Delegada"
    assert person.appointments.get() == delegate_ury
    assert {(h.email, h.phone) for h in person.history.all()} == {("", "")}
    services.person_forget(actor=secretariat, person=person)  # the secretariat may too
