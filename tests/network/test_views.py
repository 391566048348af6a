"""The public and member pages of the network: rendering, languages, visibility, search."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gealc.network import services
from gealc.network.models import Appointment, GovernanceBody, Mandate, Organisation

LANGUAGES = ("es", "pt", "en", "fr")
HEAD_EMAIL = "head.ury@example.org"
DELEGATE_EMAIL = "delegate.ury@example.org"
# An organisation's name and acronym in each language (the acronym follows the language).
BANK = {
    "name_es": "Banco de Desarrollo (demo)",
    "name_pt": "Banco de Desenvolvimento (demo)",
    "name_en": "Development Bank (demo)",
    "name_fr": "Banque de développement (démo)",
    "acronym_es": "BD",
    "acronym_pt": "BD",
    "acronym_en": "DB",
    "acronym_fr": "BDD",
}


@pytest.fixture
def network(
    administrator: User,
    uruguay,
    brazil,
    authority_ury,
    delegate_ury: Appointment,
    head_ury: Appointment,
    focal_bra: Appointment,
) -> dict[str, object]:
    """Uruguay and Brazil with their officials, a governance body with a current and a past
    mandate, and an organisation."""
    body = GovernanceBody.objects.create(
        code=GovernanceBody.Code.EXECUTIVE_COMMITTEE,
        name_es="Comité Ejecutivo",
        name_en="Executive Committee",
    )
    services.mandate_start(
        actor=administrator,
        body=body,
        seat=Mandate.Seat.PRESIDENT,
        country=uruguay,
        person=head_ury.person,
        start=datetime.date(2024, 1, 1),
        is_demo=True,
    )
    services.mandate_start(
        actor=administrator,
        body=body,
        seat=Mandate.Seat.MEMBER,
        country=brazil,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2021, 12, 31),
        is_demo=True,
    )
    bank = services.organisation_create(
        actor=administrator,
        name="Banco de Desarrollo (demo)",
        acronym="BD",
        kind=Organisation.Kind.MULTILATERAL,
        countries=[uruguay],
        is_demo=True,
    )
    services.organisation_update(actor=administrator, organisation=bank, data=BANK)
    return {"uruguay": uruguay, "head": head_ury, "delegate": delegate_ury}


def _url(name: str, language: str, **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _page_names(network: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    head = network["head"]
    return [
        ("home", {}),
        ("country_list", {}),
        ("country_detail", {"iso3": "ury"}),
        ("country_role_history", {"iso3": "URY"}),
        ("directory", {}),
        ("person_detail", {"pk": head.person.pk}),
        ("governance", {}),
        ("organisation_list", {}),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_each_language(
    client: Client, network: dict[str, object], secretariat: User, language: str
) -> None:
    client.force_login(secretariat)
    pages = [
        *_page_names(network),
        ("institution_edit", {"pk": network["head"].institution.pk}),
        ("appointment_transition", {"iso3": "ury"}),
    ]
    for name, kwargs in pages:
        url = _url(name, language, **kwargs)
        response = client.get(url)
        assert response.status_code == 200, url
        assert re.search(rf'<html lang="{language}"[ >]', response.content.decode()), url


def test_country_list_groups_by_subregion_and_draws_the_map(
    client: Client, network: dict[str, object]
) -> None:
    page = client.get(_url("country_list", "en")).content.decode()
    assert "South America" in page
    assert "<caption>" in page
    assert "<svg" in page
    assert reverse("country_detail", kwargs={"iso3": "ury"}) in page


def test_country_list_translates_model_and_interface_strings(
    client: Client, network: dict[str, object]
) -> None:
    page = client.get(_url("country_list", "es")).content.decode()
    assert "Uruguay" in page


@pytest.mark.parametrize("role", ["public", "stakeholder"])
def test_contact_details_are_hidden_from_the_public_and_stakeholders(
    client: Client,
    network: dict[str, object],
    users_by_role: dict[str, User],
    role: str,
) -> None:
    if role != "public":
        client.force_login(users_by_role[role])
    head = network["head"]
    for url in (
        _url("country_detail", "en", iso3="ury"),
        _url("country_role_history", "en", iso3="ury"),
        _url("directory", "en") + "?q=uruguay",
        _url("directory", "en") + "?q=jefe",
        _url("governance", "en"),
    ):
        page = client.get(url).content.decode()
        assert HEAD_EMAIL not in page, url
        assert DELEGATE_EMAIL not in page, url
        assert "Daniela Delegada" in page or "Héctor Jefe" in page or "?q=" in url, url
    assert client.get(_url("person_detail", "en", pk=head.person.pk)).status_code == 404


@pytest.mark.parametrize("role", ["member_own", "member_other", "reviewer", "secretariat"])
def test_contact_details_are_shown_to_network_members(
    client: Client,
    network: dict[str, object],
    users_by_role: dict[str, User],
    role: str,
) -> None:
    client.force_login(users_by_role[role])
    detail = client.get(_url("country_detail", "en", iso3="ury")).content.decode()
    assert HEAD_EMAIL in detail
    assert DELEGATE_EMAIL in detail
    search = client.get(_url("directory", "en") + "?q=hector").content.decode()
    assert HEAD_EMAIL in search
    profile = client.get(_url("person_detail", "en", pk=network["head"].person.pk))
    assert profile.status_code == 200
    assert HEAD_EMAIL in profile.content.decode()


def test_names_of_current_officials_are_public(client: Client, network: dict[str, object]) -> None:
    page = client.get(_url("country_detail", "en", iso3="URY")).content.decode()
    assert "Héctor Jefe" in page
    assert "Daniela Delegada" in page
    assert "Agencia de Gobierno Digital (demo)" in page
    assert 'class="badge badge-demo"' in page
    assert "Contact details are shown to network members only." in page


def test_public_profile_is_visible_to_everyone(
    client: Client, network: dict[str, object], administrator: User
) -> None:
    person = network["delegate"].person
    services.person_update(actor=administrator, person=person, data={"public_profile": True})
    response = client.get(_url("person_detail", "en", pk=person.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Daniela Delegada" in page
    assert DELEGATE_EMAIL not in page


@pytest.mark.parametrize("code", ["XXX", "ur", "URYY", "123", "%C3%A9"])
def test_unknown_country_is_not_found(
    client: Client, network: dict[str, object], code: str
) -> None:
    for name in ("country_detail", "country_role_history"):
        url = f"/en/countries/{code}/" + ("history/" if name == "country_role_history" else "")
        assert client.get(url).status_code == 404, url


def test_unknown_person_is_not_found(client: Client, network: dict[str, object]) -> None:
    assert client.get(_url("person_detail", "en", pk=999999)).status_code == 404


def test_role_history_shows_ended_and_current_holders_newest_first(
    client: Client, network: dict[str, object], administrator: User, uruguay
) -> None:
    services.government_transition(
        actor=administrator,
        country=uruguay,
        date=datetime.date(2025, 3, 1),
        ended_reason="Cambio de gobierno",
        new_appointments=[
            services.NewAppointment(
                role=Appointment.Role.HEAD_OF_AUTHORITY, given_name="Nora", family_name="Nueva"
            )
        ],
    )
    page = client.get(_url("country_role_history", "en", iso3="ury")).content.decode()
    heads = page[page.index('id="role-head_of_authority"') :]
    assert heads.index("Nora Nueva") < heads.index("Héctor Jefe")
    assert "Cambio de gobierno" in page
    assert "current" in heads


def test_directory_search_ignores_accents_and_case(
    client: Client, network: dict[str, object]
) -> None:
    page = client.get(_url("directory", "en") + "?q=HECTOR").content.decode()
    assert "Héctor Jefe" in page
    assert "1 result for" in page
    page = client.get(_url("directory", "en") + "?q=f%C3%A1bio").content.decode()
    assert "Fábio Focal" in page


def test_directory_has_an_empty_state_and_a_prompt(
    client: Client, network: dict[str, object]
) -> None:
    page = client.get(_url("directory", "en") + "?q=zzzzzz").content.decode()
    assert "0 results for" in page
    assert "Nothing found." in page
    assert "Type a name" in client.get(_url("directory", "en")).content.decode()


def test_directory_answers_htmx_with_the_results_only(
    client: Client, network: dict[str, object]
) -> None:
    response = client.get(_url("directory", "en") + "?q=uruguay", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Uruguay" in page
    assert "HX-Request" in response["Vary"]


def test_directory_gives_htmx_history_restore_the_whole_page(
    client: Client, network: dict[str, object]
) -> None:
    response = client.get(
        _url("directory", "en") + "?q=uruguay",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("query", ["%00", "a" * 5000, "%", "_", "' OR 1=1 --", "<script>"])
def test_directory_survives_odd_queries(
    client: Client, network: dict[str, object], query: str
) -> None:
    response = client.get(_url("directory", "en"), {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1].replace(
        "<script src", ""
    )


def test_governance_lists_current_and_past_mandates(
    client: Client, network: dict[str, object]
) -> None:
    page = client.get(_url("governance", "en")).content.decode()
    current = page.index("Current mandates of the Executive Committee")
    past = page.index("Past mandates of the Executive Committee")
    assert current < page.index("President", current) < past
    assert page.index("Brasil", past) > past


def test_organisation_list(client: Client, network: dict[str, object]) -> None:
    page = client.get(_url("organisation_list", "en")).content.decode()
    assert "Development Bank (demo) (DB)" in page
    assert "Multilateral organisation" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_organisation_has_its_name_and_acronym_in_the_readers_language(
    client: Client, network: dict[str, object], language: str
) -> None:
    page = client.get(_url("organisation_list", language)).content.decode()
    assert f"{BANK[f'name_{language}']} ({BANK[f'acronym_{language}']})" in page
    others = {BANK[f"acronym_{code}"] for code in LANGUAGES} - {BANK[f"acronym_{language}"]}
    assert not any(f"({acronym})" in page for acronym in others)
    with translation.override(language):
        organisation = Organisation.objects.get(name_es=BANK["name_es"])
        assert str(organisation) == f"{BANK[f'name_{language}']} ({BANK[f'acronym_{language}']})"


def test_home_says_how_many_countries_and_links_the_network(
    client: Client, network: dict[str, object]
) -> None:
    page = client.get(_url("home", "en")).content.decode()
    assert "authorities of 2 countries measures, publishes, connects and shares" in page
    assert "No index has been published yet." in page
    for name in ("country_list", "directory", "governance", "organisation_list"):
        assert f'href="{_url(name, "en")}"' in page


def test_navigation_marks_the_current_page(client: Client, network: dict[str, object]) -> None:
    page = client.get(_url("governance", "en")).content.decode()
    assert f'<a href="{_url("governance", "en")}" aria-current="page">' in page


def test_edit_links_only_for_those_who_may_edit(
    client: Client, network: dict[str, object], users_by_role: dict[str, User]
) -> None:
    edit = _url("institution_edit", "en", pk=network["head"].institution.pk)
    transition = _url("appointment_transition", "en", iso3="ury")
    for role, allowed in (
        ("public", False),
        ("stakeholder", False),
        ("member_other", False),
        ("reviewer", False),
        ("member_own", True),
        ("secretariat", True),
    ):
        client.logout()
        if role != "public":
            client.force_login(users_by_role[role])
        page = client.get(_url("country_detail", "en", iso3="ury")).content.decode()
        assert (edit in page) is allowed, role
        assert (transition in page) is allowed, role


def test_other_institutions_are_listed_with_edit_links_for_editors(
    client: Client, network: dict[str, object], ministry_ury, member_ury: User
) -> None:
    edit = _url("institution_edit", "en", pk=ministry_ury.pk)
    page = client.get(_url("country_detail", "en", iso3="ury")).content.decode()
    assert "Ministerio de Industria (demo)" in page
    assert edit not in page
    client.force_login(member_ury)
    assert edit in client.get(_url("country_detail", "en", iso3="ury")).content.decode()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=60), code=st.text(min_size=1, max_size=6))
def test_search_and_country_codes_never_fail(
    client: Client, network: dict[str, object], query: str, code: str
) -> None:
    # A control character is refused at the edge with a 400 (gealc.core.middleware).
    refused = 400 if any(ord(char) < 32 or ord(char) == 127 for char in query) else 200
    assert client.get(_url("directory", "en"), {"q": query}).status_code == refused
    response = client.get("/en/countries/" + quote(code, safe="") + "/")
    assert response.status_code in {200, 400, 404}
