"""The demo network: complete, real reference countries, flagged fictional data, working
accounts, and loading twice changes nothing."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from gealc.core.demo_loading import DemoAccount
from gealc.network import demo, selectors, services
from gealc.network.models import (
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MODELS = (Country, Institution, Person, Appointment, Organisation, GovernanceBody, Mandate)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts |= {f"history-{m.__name__}": m.history.count() for m in MODELS}
    return counts | {"users": User.objects.count()}


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[list[DemoAccount]]:
    """Loaded once for the module (it takes seconds) and rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield demo.load()
        transaction.set_rollback(True)


@pytest.fixture
def accounts(loaded_demo: list[DemoAccount], db: None) -> list[DemoAccount]:
    return loaded_demo


def test_loading_twice_changes_nothing(accounts: list) -> None:
    before = _counts()
    assert demo.load() == accounts
    assert _counts() == before


def test_countries_are_the_real_members_and_observers(accounts: list) -> None:
    assert Country.objects.filter(membership="member").count() == 33
    observers = Country.objects.filter(membership="observer")
    assert sorted(observers.values_list("iso3", flat=True)) == ["AND", "ESP", "PRT"]
    mexico = Country.objects.get(iso3="MEX")
    assert (mexico.iso_numeric, mexico.name_es, mexico.name_fr) == ("484", "México", "Mexique")
    assert selectors.directory_search("Mexico", AnonymousUser()).countries == [mexico]


def test_fictional_data_is_flagged(accounts: list) -> None:
    for model in (Institution, Person, Appointment, Mandate):
        assert not model.objects.filter(is_demo=False).exists(), model
    assert all(p.email.endswith("@example.org") for p in Person.objects.all())
    assert Institution.objects.filter(is_national_authority=True).count() == 36


def test_changes_of_government_are_recorded(accounts: list) -> None:
    ended = Appointment.objects.filter(end__isnull=False).exclude(end_reason="")
    assert ended.values("institution__country").distinct().count() >= 2
    for country in Country.objects.all():
        assert selectors.country_current_head(country) is not None


def test_governance_spans_several_years(accounts: list) -> None:
    years = {m.start.year for m in Mandate.objects.all()}
    assert {2019, 2021, 2023, 2025} <= years
    assert GovernanceBody.objects.count() == 4
    assert Mandate.objects.current().filter(body__code="presidency").count() == 1


def test_accounts_log_in_and_hold_their_roles(accounts: list) -> None:
    assert [a.username for a in accounts] == [
        "admin",
        "secretariat",
        "reviewer",
        "delegate-ury",
        "focal-bra",
        "stakeholder",
    ]
    users = {a.username: User.objects.get(username=a.username) for a in accounts}
    assert all(users[a.username].check_password(a.password) for a in accounts)
    ury = Institution.objects.get(country__iso3="URY", is_national_authority=True)
    bra = Institution.objects.get(country__iso3="BRA", is_national_authority=True)
    assert users["admin"].is_superuser
    assert users["secretariat"].has_perm("network.change_institution", bra)
    assert users["delegate-ury"].has_perm("network.change_institution", ury)
    assert not users["delegate-ury"].has_perm("network.change_institution", bra)
    assert users["focal-bra"].has_perm("network.change_institution", bra)
    assert users["reviewer"].has_perm("network.view_contacts")
    assert [c.iso3 for c in selectors.countries_of_user(users["reviewer"])] == ["CHL"]
    assert not users["stakeholder"].has_perm("network.view_contacts")


def test_loading_again_keeps_what_was_ended_since(accounts: list) -> None:
    """A change of government recorded after the demo (as the continuity demo records one) is
    history: loading the demo again neither reopens nor rewrites the appointments it ended."""
    admin = User.objects.get(username="admin")
    paraguay = Country.objects.get(iso3="PRY")
    change = services.government_transition(
        actor=admin, country=paraguay, date=datetime.date(2025, 6, 1), ended_reason="Election"
    )
    ended = {appointment.pk for appointment in change.ended}
    demo.load()
    assert (
        set(
            Appointment.objects.filter(pk__in=ended, end=datetime.date(2025, 5, 31)).values_list(
                "pk", flat=True
            )
        )
        == ended
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Organización de los Estados Americanos (OEA)"),
        ("pt", "Organização dos Estados Americanos (OEA)"),
        ("en", "Organization of American States (OAS)"),
        ("fr", "Organisation des États américains (OEA)"),
    ],
)
def test_an_organisation_is_named_with_its_acronym_in_each_language(
    accounts: list, client: Any, language: str, expected: str
) -> None:
    page = client.get(f"/{language}/organisations/").content.decode()
    assert expected in page
    with translation.override(language):
        bank = Organisation.objects.get(name_en="Inter-American Development Bank")
        assert bank.acronym == ("IDB" if language == "en" else "BID")


def test_a_database_from_before_translated_acronyms_keeps_them_in_every_language(
    accounts: list,
) -> None:
    """Loading the demo over a migrated database (each language's acronym copied from the one
    acronym it had) finds each organisation again and gives it its acronyms."""
    Organisation.objects.update(
        acronym_es="OAS", acronym_pt="OAS", acronym_en="OAS", acronym_fr="OAS"
    )
    demo.load()
    assert Organisation.objects.count() == len(demo.PARTNERS) + len(demo.FICTIONAL_ORGANISATIONS)
    oas = Organisation.objects.get(name_en="Organization of American States")
    assert (oas.acronym_es, oas.acronym_pt, oas.acronym_en, oas.acronym_fr) == (
        "OEA",
        "OEA",
        "OAS",
        "OEA",
    )
