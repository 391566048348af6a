"""Reads: directory search ignoring case and accents, visibility of contacts and people,
country look-up, role history and governance."""

import contextlib
import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404
from django.test import override_settings
from hypothesis import HealthCheck, given, settings, strategies

from gealc.network import selectors, services
from gealc.network.models import Appointment, Country, GovernanceBody, Institution, Mandate


@pytest.fixture
def mexico(db: None) -> Country:
    return Country.objects.create(
        iso3="MEX",
        iso_numeric="484",
        name_es="México",
        name_pt="México",
        name_en="Mexico",
        name_fr="Mexique",
        subregion=Country.Subregion.CENTRAL_AMERICA_MEXICO,
    )


@pytest.mark.parametrize("query", ["Mexico", "méxico", "MEXICO", "  mex ", "Mexique"])
def test_directory_search_ignores_case_and_accents(
    mexico: Country, public: AnonymousUser, query: str
) -> None:
    assert selectors.directory_search(query, public).countries == [mexico]


def test_directory_search_finds_people_and_institutions(
    public: AnonymousUser, head_ury: Appointment
) -> None:
    results = selectors.directory_search("hector jefe", public)
    assert results.people == [head_ury.person]
    assert results.people[0].current_appointments == [head_ury]
    assert selectors.directory_search("gobierno digital", public).institutions == [
        head_ury.institution
    ]
    assert selectors.directory_search("agd", public).count == 1


def test_directory_search_empty_query_finds_nothing(
    public: AnonymousUser, head_ury: Appointment
) -> None:
    assert selectors.directory_search("   ", public).count == 0


def test_directory_contacts_and_people_by_viewer(
    public: AnonymousUser,
    stakeholder: User,
    reviewer: User,
    head_ury: Appointment,
    administrator: User,
) -> None:
    retired = services.person_create(
        actor=administrator, given_name="Héctor", family_name="Retirado"
    )
    for viewer in (public, stakeholder):
        results = selectors.directory_search("hector", viewer)
        assert not results.show_contacts
        assert retired not in results.people  # neither serving nor a public profile
    results = selectors.directory_search("hector", reviewer)
    assert results.show_contacts
    assert set(results.people) == {head_ury.person, retired}


def test_people_visible_to(public: AnonymousUser, member_bra: User, head_ury: Appointment) -> None:
    assert not selectors.people_visible_to(public).exists()
    assert head_ury.person in selectors.people_visible_to(member_bra)
    head_ury.person.public_profile = True
    head_ury.person.save()
    assert list(selectors.people_visible_to(public)) == [head_ury.person]


def test_person_get_visible_hides_existence(
    public: AnonymousUser, member_bra: User, head_ury: Appointment
) -> None:
    with pytest.raises(Http404):
        selectors.person_get_visible(head_ury.person.pk, public)
    with pytest.raises(Http404):
        selectors.person_get_visible(999999, member_bra)
    assert selectors.person_get_visible(head_ury.person.pk, member_bra) == head_ury.person


@pytest.mark.parametrize("code", ["ury", "URY", "Ury"])
def test_country_get_any_case(uruguay: Country, code: str) -> None:
    assert selectors.country_get(code) == uruguay


@pytest.mark.parametrize("code", ["XXX", "UR", "URYY", "", "ü1'"])
def test_country_get_unknown_is_404(uruguay: Country, code: str) -> None:
    with pytest.raises(Http404):
        selectors.country_get(code)


def test_country_page_data(
    head_ury: Appointment, delegate_ury: Appointment, authority_ury: Institution
) -> None:
    country = authority_ury.country
    assert selectors.country_national_authority(country) == authority_ury
    assert selectors.country_current_head(country) == head_ury
    assert list(selectors.country_delegates(country)) == [delegate_ury]
    assert not selectors.country_focal_points(country).exists()


def test_role_history_newest_first_including_ended(
    member_ury: User, delegate_ury: Appointment, head_ury: Appointment, english: None
) -> None:
    country = delegate_ury.institution.country
    services.government_transition(
        actor=member_ury,
        country=country,
        date=datetime.date(2024, 3, 1),
        ended_reason="r",
        new_appointments=[
            services.NewAppointment(
                role=Appointment.Role.DELEGATE, given_name="Nuevo", family_name="Delegado"
            )
        ],
    )
    history = {entry.role: entry for entry in selectors.role_history(country)}
    delegates = history[Appointment.Role.DELEGATE].appointments
    assert [a.person.family_name for a in delegates] == ["Delegado", "Delegada"]
    assert delegates[1].end == datetime.date(2024, 2, 29)
    assert history[Appointment.Role.HEAD_OF_AUTHORITY].label == "Head of authority"
    assert history[Appointment.Role.FOCAL_POINT].appointments == []


def test_governance_overview_current_and_past(secretariat: User, uruguay: Country) -> None:
    body = GovernanceBody.objects.create(code="presidency", name="Presidencia")
    past = services.mandate_start(
        actor=secretariat,
        body=body,
        seat=Mandate.Seat.PRESIDENT,
        country=uruguay,
        start=datetime.date(2019, 3, 1),
        end=datetime.date(2021, 2, 28),
    )
    current = services.mandate_start(
        actor=secretariat,
        body=body,
        seat=Mandate.Seat.PRESIDENT,
        country=uruguay,
        start=datetime.date(2021, 3, 1),
    )
    [overview] = selectors.governance_overview()
    assert (overview.current, overview.past) == ([current], [past])
    assert list(selectors.country_seats(uruguay)) == [current]


def test_home_summary_and_subregions(
    uruguay: Country, brazil: Country, mexico: Country, head_ury: Appointment
) -> None:
    summary = selectors.home_summary()
    assert summary["member_countries"] == 3
    assert summary["institutions"] == 1
    assert summary["current_appointments"] == 1
    assert selectors.demo_data_present()
    groups = selectors.countries_by_subregion()
    assert [group.subregion for group in groups] == ["south_america", "central_america_mexico"]
    assert [c.iso3 for c in groups[0].countries] == ["BRA", "URY"]


def test_country_people_and_institutions(
    head_ury: Appointment, ministry_ury: Institution, focal_bra: Appointment
) -> None:
    country = head_ury.institution.country
    assert list(selectors.country_people(country)) == [head_ury.person]
    assert list(selectors.country_institutions(country)) == [head_ury.institution, ministry_ury]
    assert selectors.institution_get(ministry_ury.pk) == ministry_ury
    with pytest.raises(Http404):
        selectors.institution_get(999999)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=strategies.text(max_size=40))
def test_any_input_is_a_result_or_404(
    uruguay: Country, head_ury: Appointment, public: AnonymousUser, text: str
) -> None:
    """No query or code, however odd (NUL, emoji, quotes), makes a read crash."""
    assert selectors.directory_search(text, public).count >= 0
    assert selectors.institution_list(text).count() >= 0
    assert selectors.appointment_list(text, current=True).count() >= 0
    assert selectors.mandate_list(text).count() >= 0
    with contextlib.suppress(Http404):
        assert selectors.country_get(text).iso3 == "URY"


@pytest.mark.parametrize(
    ("text", "found"), [("\x00", 0), ("UR\x00", 1), ("mex\x00ico", 0), ("'; DROP TABLE x; --", 0)]
)
def test_nul_and_quotes_are_harmless(
    uruguay: Country, public: AnonymousUser, text: str, found: int
) -> None:
    assert selectors.directory_search(text, public).count == found
    with pytest.raises(Http404):
        selectors.country_get(text)


def test_user_language_is_the_first_language_of_their_person(
    administrator: User, member_ury: User, member_bra: User, stakeholder: User
) -> None:
    services.person_update(
        actor=administrator, person=member_bra.person, data={"languages": ["pt", "es"]}
    )
    languages = selectors.users_languages([member_bra, member_ury, stakeholder])
    assert languages[member_bra.pk] == "pt"
    assert languages[member_ury.pk] == "es"  # no languages given: the site default
    assert languages[stakeholder.pk] == "es"  # no person: the site default
    with override_settings(LANGUAGE_CODE="en"):
        assert selectors.users_languages([stakeholder]) == {stakeholder.pk: "en"}
        assert selectors.person_language(None) == "en"


def test_a_language_the_site_does_not_offer_falls_back_to_the_default(
    administrator: User, member_bra: User
) -> None:
    services.person_update(
        actor=administrator, person=member_bra.person, data={"languages": ["fr", "pt"]}
    )
    with override_settings(LANGUAGES=[("es", "Spanish"), ("pt", "Portuguese")]):
        assert selectors.users_languages([member_bra]) == {member_bra.pk: "es"}
        assert selectors.person_language(member_bra.person) == "es"


def test_users_languages_of_many_users_in_one_query(
    administrator: User, make_user: Callable[..., User], django_assert_num_queries: Any
) -> None:
    users = [make_user(f"user{number}") for number in range(30)]
    languages = ["es", "pt", "en", "fr"]
    for number, user in enumerate(users[:20]):
        services.person_create(
            actor=administrator,
            given_name="Persona",
            family_name=str(number),
            languages=[languages[number % 4]],
            user=user,
        )
    with django_assert_num_queries(1):
        found = selectors.users_languages(users)
    expected = {user.pk: languages[n % 4] if n < 20 else "es" for n, user in enumerate(users)}
    assert found == expected
