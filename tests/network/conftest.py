"""Network fixtures, built through the real services; reuse them in any network test.

Countries: ``uruguay`` (URY), ``brazil`` (BRA), ``chile`` (CHL) — members.
Institutions: ``authority_ury``, ``authority_bra`` (national authorities, ``is_demo=True``),
    ``ministry_ury`` (a second Uruguayan institution).
Users, one per role (all with password ``PASSWORD``):
    ``administrator`` (superuser), ``secretariat``, ``reviewer`` (group, a person from Chile
    without appointment), ``stakeholder`` (group), ``member_ury`` (current delegate of
    Uruguay, e-mail ``delegate.ury@example.org``), ``member_bra`` (current focal point of
    Brazil), ``public`` (AnonymousUser).
People/appointments: ``delegate_ury`` (the Appointment of member_ury), ``focal_bra`` (of
    member_bra), ``head_ury`` (an Appointment of a head of authority without user account,
    ``public_profile=False``, e-mail ``head.ury@example.org``).
``users_by_role`` maps "public", "stakeholder", "member_own" (member_ury: own country is
    Uruguay), "member_other" (member_bra), "reviewer", "secretariat", "administrator" to users,
    for permission matrices over Uruguay's entries.
``make_user(username, *groups)`` creates further users.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from gealc.network import services
from gealc.network.models import Appointment, Country, Institution

if TYPE_CHECKING:  # the class was renamed across pytest-django versions
    from pytest_django.fixtures import Settings

PASSWORD = "test-password-123"
START = datetime.date(2022, 3, 1)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """Many users per test: a deliberately slow hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str, *groups: str, superuser: bool = False) -> User:
        user = User.objects.create_user(
            username,
            f"{username}@example.org",
            PASSWORD,
            is_superuser=superuser,
            is_staff=superuser,
        )
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return user

    return make


def _country(iso3: str, iso_numeric: str, name: str, subregion: str) -> Country:
    return Country.objects.create(
        iso3=iso3,
        iso_numeric=iso_numeric,
        name_es=name,
        name_en=name,
        subregion=subregion,
        membership=Country.Membership.MEMBER,
        member_since=datetime.date(2003, 1, 1),
    )


@pytest.fixture
def uruguay(db: None) -> Country:
    return _country("URY", "858", "Uruguay", Country.Subregion.SOUTH_AMERICA)


@pytest.fixture
def brazil(db: None) -> Country:
    return _country("BRA", "076", "Brasil", Country.Subregion.SOUTH_AMERICA)


@pytest.fixture
def chile(db: None) -> Country:
    return _country("CHL", "152", "Chile", Country.Subregion.SOUTH_AMERICA)


@pytest.fixture
def administrator(make_user: Callable[..., User]) -> User:
    return make_user("administrator", superuser=True)


@pytest.fixture
def secretariat(make_user: Callable[..., User]) -> User:
    return make_user("secretariat", "secretariat")


@pytest.fixture
def reviewer(make_user: Callable[..., User], administrator: User, chile: Country) -> User:
    user = make_user("reviewer", "reviewer")
    services.person_create(
        actor=administrator, given_name="Rosa", family_name="Revisora", user=user
    )
    return user


@pytest.fixture
def stakeholder(make_user: Callable[..., User]) -> User:
    return make_user("stakeholder", "stakeholder")


@pytest.fixture
def public() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def authority_ury(administrator: User, uruguay: Country) -> Institution:
    return services.institution_create(
        actor=administrator,
        country=uruguay,
        name="Agencia de Gobierno Digital (demo)",
        acronym="AGD",
        kind=Institution.Kind.DIGITAL_GOVERNMENT_AUTHORITY,
        website="https://agd.example.org",
        is_national_authority=True,
        is_demo=True,
    )


@pytest.fixture
def ministry_ury(administrator: User, uruguay: Country) -> Institution:
    return services.institution_create(
        actor=administrator,
        country=uruguay,
        name="Ministerio de Industria (demo)",
        kind=Institution.Kind.MINISTRY,
        is_demo=True,
    )


@pytest.fixture
def authority_bra(administrator: User, brazil: Country) -> Institution:
    return services.institution_create(
        actor=administrator,
        country=brazil,
        name="Secretaria de Governo Digital (demo)",
        acronym="SGD",
        kind=Institution.Kind.DIGITAL_GOVERNMENT_AUTHORITY,
        is_national_authority=True,
        is_demo=True,
    )


def _appoint(
    actor: User,
    institution: Institution,
    role: str,
    given: str,
    family: str,
    email: str,
    user: User | None = None,
    working_line: str = "",
) -> Appointment:
    person = services.person_create(
        actor=actor,
        given_name=given,
        family_name=family,
        email=email,
        phone="+598 2 000 0000",
        user=user,
        is_demo=True,
    )
    return services.appointment_start(
        actor=actor,
        person=person,
        institution=institution,
        role=role,
        start=START,
        working_line=working_line,
        is_demo=True,
    )


@pytest.fixture
def delegate_ury(
    administrator: User, make_user: Callable[..., User], authority_ury: Institution
) -> Appointment:
    return _appoint(
        administrator,
        authority_ury,
        Appointment.Role.DELEGATE,
        "Daniela",
        "Delegada",
        "delegate.ury@example.org",
        user=make_user("member_ury"),
    )


@pytest.fixture
def member_ury(delegate_ury: Appointment) -> User:
    return delegate_ury.person.user


@pytest.fixture
def focal_bra(
    administrator: User, make_user: Callable[..., User], authority_bra: Institution
) -> Appointment:
    return _appoint(
        administrator,
        authority_bra,
        Appointment.Role.FOCAL_POINT,
        "Fábio",
        "Focal",
        "focal.bra@example.org",
        user=make_user("member_bra"),
        working_line="measurement",
    )


@pytest.fixture
def member_bra(focal_bra: Appointment) -> User:
    return focal_bra.person.user


@pytest.fixture
def head_ury(administrator: User, authority_ury: Institution) -> Appointment:
    return _appoint(
        administrator,
        authority_ury,
        Appointment.Role.HEAD_OF_AUTHORITY,
        "Héctor",
        "Jefe",
        "head.ury@example.org",
    )


@pytest.fixture
def users_by_role(
    public: AnonymousUser,
    stakeholder: User,
    member_ury: User,
    member_bra: User,
    reviewer: User,
    secretariat: User,
    administrator: User,
) -> dict[str, User | AnonymousUser]:
    return {
        "public": public,
        "stakeholder": stakeholder,
        "member_own": member_ury,
        "member_other": member_bra,
        "reviewer": reviewer,
        "secretariat": secretariat,
        "administrator": administrator,
    }
