"""The two member forms: editing an institution and recording a change of government.

Each test checks both the answer and that nothing changed when the answer is a refusal.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.network import services
from gealc.network.forms import InstitutionForm, add_service_errors
from gealc.network.models import Appointment, Country, Institution

REFUSED = ("stakeholder", "member_other", "reviewer")
ALLOWED = ("member_own", "secretariat", "administrator")


def _edit_url(institution: Institution) -> str:
    with translation.override("en"):
        return reverse("institution_edit", kwargs={"pk": institution.pk})


def _transition_url(country: Country) -> str:
    with translation.override("en"):
        return reverse("appointment_transition", kwargs={"iso3": country.iso3.lower()})


def _edit_data(institution: Institution, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name_es": institution.name,
        "name_pt": "",
        "name_en": "Digital Government Agency (demo)",
        "name_fr": "",
        "acronym": institution.acronym,
        "kind": institution.kind,
        "website": institution.website,
        "description_es": "",
        "description_pt": "",
        "description_en": "",
        "description_fr": "",
        "expected_version": institution.version,
    }
    data.update(changes)
    return data


def _login(client: Client, users_by_role: dict[str, User], role: str) -> None:
    if role != "public":
        client.force_login(users_by_role[role])


def _snapshot(institution: Institution) -> tuple[object, ...]:
    fresh = Institution.objects.get(pk=institution.pk)
    return (fresh.version, fresh.name_es, fresh.name_en, fresh.acronym, fresh.website)


# Institution edit -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_institution_edit_sends_the_public_to_sign_in(
    client: Client, authority_ury: Institution, method: str
) -> None:
    before = _snapshot(authority_ury)
    response = getattr(client, method)(_edit_url(authority_ury), _edit_data(authority_ury))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert _snapshot(authority_ury) == before


@pytest.mark.parametrize("role", REFUSED)
def test_institution_edit_is_refused_to_others(
    client: Client,
    users_by_role: dict[str, User],
    authority_ury: Institution,
    role: str,
) -> None:
    _login(client, users_by_role, role)
    before = _snapshot(authority_ury)
    assert client.get(_edit_url(authority_ury)).status_code == 403
    response = client.post(_edit_url(authority_ury), _edit_data(authority_ury, acronym="X"))
    assert response.status_code == 403
    assert _snapshot(authority_ury) == before


@pytest.mark.parametrize("role", ALLOWED)
def test_institution_edit_by_own_country_and_secretariat(
    client: Client,
    users_by_role: dict[str, User],
    authority_ury: Institution,
    role: str,
) -> None:
    _login(client, users_by_role, role)
    form = client.get(_edit_url(authority_ury))
    assert form.status_code == 200
    assert 'name="expected_version"' in form.content.decode()
    response = client.post(
        _edit_url(authority_ury),
        _edit_data(authority_ury, acronym="AGESIC", website="https://www.gub.uy/agesic"),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/en/countries/ury/")
    saved = Institution.objects.get(pk=authority_ury.pk)
    assert (saved.acronym, saved.website, saved.version) == (
        "AGESIC",
        "https://www.gub.uy/agesic",
        authority_ury.version + 1,
    )
    assert saved.name_en == "Digital Government Agency (demo)"


def test_institution_edit_of_an_unknown_institution_is_not_found(
    client: Client, secretariat: User
) -> None:
    client.force_login(secretariat)
    with translation.override("en"):
        url = reverse("institution_edit", kwargs={"pk": 987654})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        ({"name_es": ""}, "name_es", "This field is required."),
        ({"kind": "castle"}, "kind", "Select a valid choice."),
        ({"expected_version": ""}, "expected_version", "This field is required."),
        ({"expected_version": "x"}, "expected_version", "Enter a whole number."),
        ({"acronym": "A" * 31}, "acronym", "Ensure this value has at most 30 characters"),
    ],
)
def test_institution_edit_bad_input_names_the_field_and_changes_nothing(
    client: Client,
    member_ury: User,
    authority_ury: Institution,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    client.force_login(member_ury)
    before = _snapshot(authority_ury)
    response = client.post(_edit_url(authority_ury), _edit_data(authority_ury, **changes))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    # A hidden field's error is told at the top of the form, where it can be seen.
    shown = "This form is incomplete" if field == "expected_version" else message
    assert shown in response.content.decode()
    assert _snapshot(authority_ury) == before


def test_service_errors_land_on_the_field_they_name() -> None:
    form = InstitutionForm(data={})
    form.is_valid()
    add_service_errors(
        form,
        ValidationError(
            {"website": ["Bad website."], "parent": ["Bad parent."], NON_FIELD_ERRORS: ["Race."]}
        ),
    )
    assert "Bad website." in form.errors["website"]
    assert {"Bad parent.", "Race."} <= set(form.non_field_errors())


def test_institution_edit_conflict_shows_both_values_and_keeps_the_saved_one(
    client: Client,
    member_ury: User,
    secretariat: User,
    authority_ury: Institution,
) -> None:
    opened_version = authority_ury.version
    services.institution_update(
        actor=secretariat,
        institution=authority_ury,
        expected_version=opened_version,
        data={"acronym": "AGESIC"},
    )
    client.force_login(member_ury)
    response = client.post(
        _edit_url(authority_ury),
        _edit_data(authority_ury, acronym="AGD-UY", expected_version=opened_version),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this institution meanwhile" in page
    assert "changed by someone else since you opened it" in page
    conflicts = response.context["conflicts"]
    assert ("Acronym", "AGESIC", "AGD-UY") in conflicts
    saved = Institution.objects.get(pk=authority_ury.pk)
    assert saved.acronym == "AGESIC"
    # The form now carries the current version: sending it again applies the change knowingly.
    assert response.context["form"]["expected_version"].value() == str(saved.version)
    again = client.post(
        _edit_url(authority_ury),
        _edit_data(authority_ury, acronym="AGD-UY", expected_version=saved.version),
    )
    assert again.status_code == 302
    assert Institution.objects.get(pk=authority_ury.pk).acronym == "AGD-UY"


# Change of government ---------------------------------------------------------------------

CHANGE_DATE = datetime.date(2025, 3, 1)


def _transition_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "date": CHANGE_DATE.isoformat(),
        "ended_reason": "Nuevo gobierno",
        "new-TOTAL_FORMS": "2",
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "1000",
        "new-0-role": Appointment.Role.HEAD_OF_AUTHORITY,
        "new-0-given_name": "Nora",
        "new-0-family_name": "Nueva",
        "new-0-email": "nora.nueva@example.org",
        "new-1-role": Appointment.Role.DELEGATE,
    }
    data.update(changes)
    return data


def _appointments_of(country: Country) -> list[tuple[object, ...]]:
    rows = Appointment.objects.filter(institution__country=country).order_by("pk")
    return list(rows.values_list("pk", "person_id", "role", "start", "end"))


@pytest.fixture
def uruguay_team(head_ury: Appointment, delegate_ury: Appointment) -> Country:
    return head_ury.institution.country


def test_transition_sends_the_public_to_sign_in(client: Client, uruguay_team: Country) -> None:
    before = _appointments_of(uruguay_team)
    response = client.post(_transition_url(uruguay_team), _transition_data())
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert _appointments_of(uruguay_team) == before


@pytest.mark.parametrize("role", REFUSED)
def test_transition_is_refused_to_others(
    client: Client, users_by_role: dict[str, User], uruguay_team: Country, role: str
) -> None:
    _login(client, users_by_role, role)
    before = _appointments_of(uruguay_team)
    assert client.get(_transition_url(uruguay_team)).status_code == 403
    assert client.post(_transition_url(uruguay_team), _transition_data()).status_code == 403
    assert _appointments_of(uruguay_team) == before


@pytest.mark.parametrize("role", ALLOWED)
def test_transition_by_own_country_and_secretariat(
    client: Client, users_by_role: dict[str, User], uruguay_team: Country, role: str
) -> None:
    _login(client, users_by_role, role)
    page = client.get(_transition_url(uruguay_team))
    assert page.status_code == 200
    assert "Héctor Jefe" in page.content.decode()
    kept = Appointment.objects.get(role=Appointment.Role.DELEGATE, end__isnull=True)
    response = client.post(
        _transition_url(uruguay_team),
        _transition_data(**{"new-1-person": str(kept.person_id)}),
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/en/countries/ury/history/")
    current = Appointment.objects.current(CHANGE_DATE).filter(institution__country=uruguay_team)
    assert sorted((a.person.full_name, a.role) for a in current) == [
        ("Daniela Delegada", Appointment.Role.DELEGATE),
        ("Nora Nueva", Appointment.Role.HEAD_OF_AUTHORITY),
    ]
    ended = Appointment.objects.filter(institution__country=uruguay_team, end__isnull=False)
    assert {a.end for a in ended} == {CHANGE_DATE - datetime.timedelta(days=1)}
    assert {a.end_reason for a in ended} == {"Nuevo gobierno"}


def test_transition_of_an_unknown_country_is_not_found(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    assert client.get("/en/countries/zzz/transition/").status_code == 404


@pytest.mark.parametrize(
    ("changes", "where", "field", "message"),
    [
        ({"date": ""}, "form", "date", "This field is required."),
        ({"date": "2025-02-30"}, "form", "date", "Enter a valid date."),
        ({"date": "0001-01-01"}, "form", "date", "Give a date between 1990-01-01"),
        ({"date": "9999-12-31"}, "form", "date", "Give a date between 1990-01-01"),
        ({"ended_reason": ""}, "form", "ended_reason", "This field is required."),
        ({"ended_reason": "   "}, "form", "ended_reason", "This field is required."),
        # Before the current team started: the new appointments would end before they start.
        ({"date": "2020-01-01"}, "form", "date", "The change must come after 2022-03-01"),
        ({"new-0-family_name": ""}, "row0", "family_name", "This field cannot be blank."),
        ({"new-0-email": "nora@"}, "row0", "email", "Enter a valid email address."),
        ({"new-0-role": "king"}, "row0", "role", "Select a valid choice."),
        (
            {
                "new-1-role": Appointment.Role.FOCAL_POINT,
                "new-1-given_name": "Fe",
                "new-1-family_name": "Focal",
            },
            "row1",
            "working_line",
            "A focal point needs a working line.",
        ),
    ],
)
def test_transition_bad_input_names_the_field_and_changes_nothing(
    client: Client,
    member_ury: User,
    uruguay_team: Country,
    changes: dict[str, object],
    where: str,
    field: str,
    message: str,
) -> None:
    client.force_login(member_ury)
    before = _appointments_of(uruguay_team)
    people = set(uruguay_team.institutions.values_list("appointments__person", flat=True))
    response = client.post(_transition_url(uruguay_team), _transition_data(**changes))
    assert response.status_code == 400
    form = (
        response.context["form"]
        if where == "form"
        else (response.context["formset"].forms[int(where[-1])])
    )
    assert message in str(form.errors.get(field, "")), form.errors
    assert message.split("2022")[0] in response.content.decode().replace("&#x27;", "'")
    assert _appointments_of(uruguay_team) == before
    assert set(uruguay_team.institutions.values_list("appointments__person", flat=True)) == (people)


def test_transition_refuses_a_person_both_chosen_and_named(
    client: Client, member_ury: User, uruguay_team: Country, head_ury: Appointment
) -> None:
    client.force_login(member_ury)
    before = _appointments_of(uruguay_team)
    response = client.post(
        _transition_url(uruguay_team),
        _transition_data(**{"new-0-person": str(head_ury.person_id)}),
    )
    assert response.status_code == 400
    assert "not both" in str(response.context["formset"].forms[0].non_field_errors())
    assert _appointments_of(uruguay_team) == before


def test_transition_refuses_a_person_from_elsewhere(
    client: Client, member_ury: User, uruguay_team: Country, focal_bra: Appointment
) -> None:
    """Only people who served in the country are offered; another id is not a valid choice."""
    client.force_login(member_ury)
    before = _appointments_of(uruguay_team)
    response = client.post(
        _transition_url(uruguay_team),
        _transition_data(**{"new-1-person": str(focal_bra.person_id)}),
    )
    assert response.status_code == 400
    assert "Select a valid choice" in str(response.context["formset"].forms[1].errors)
    assert _appointments_of(uruguay_team) == before


def test_transition_with_a_broken_formset_is_an_error_not_a_crash(
    client: Client, member_ury: User, uruguay_team: Country
) -> None:
    client.force_login(member_ury)
    before = _appointments_of(uruguay_team)
    response = client.post(
        _transition_url(uruguay_team), {"date": "2025-03-01", "ended_reason": "x"}
    )
    assert response.status_code == 400
    assert _appointments_of(uruguay_team) == before
