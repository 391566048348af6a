"""The permission matrix: roles by actions on Uruguay's entries, checked both as permissions
(what views and the API ask) and through the services (what actually happens)."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from gealc.network import rules as network_rules
from gealc.network import selectors, services
from gealc.network.models import Appointment, GovernanceBody, Institution

ROLES = [
    "public",
    "stakeholder",
    "member_own",
    "member_other",
    "reviewer",
    "secretariat",
    "administrator",
]
# Which roles may do each action to Uruguay's entries.
ALLOWED = {
    "view_contacts": {"member_own", "member_other", "reviewer", "secretariat", "administrator"},
    "edit_institution": {"member_own", "secretariat", "administrator"},
    "start_appointment": {"member_own", "secretariat", "administrator"},
    "end_appointment": {"member_own", "secretariat", "administrator"},
    "transition": {"member_own", "secretariat", "administrator"},
    "manage_mandates": {"secretariat", "administrator"},
}


@pytest.fixture
def targets(head_ury: Appointment, authority_ury: Institution) -> dict[str, tuple]:
    return {
        "view_contacts": ("network.view_contacts", None),
        "edit_institution": ("network.change_institution", authority_ury),
        "start_appointment": ("network.add_appointment", authority_ury),
        "end_appointment": ("network.change_appointment", head_ury),
        "transition": ("network.record_transition", authority_ury.country),
        "manage_mandates": ("network.add_mandate", None),
    }


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    users_by_role: dict[str, User | AnonymousUser],
    targets: dict[str, tuple],
    role: str,
    action: str,
) -> None:
    permission, obj = targets[action]
    assert users_by_role[role].has_perm(permission, obj) == (role in ALLOWED[action])


def _attempt(action: str, actor: User | AnonymousUser, head: Appointment) -> None:
    institution = head.institution
    day = datetime.date(2024, 5, 1)
    if action == "edit_institution":
        services.institution_update(
            actor=actor, institution=institution, expected_version=1, data={"acronym": "NEW"}
        )
    elif action == "start_appointment":
        services.appointment_start(
            actor=actor,
            person=head.person,
            institution=institution,
            role=Appointment.Role.ALTERNATE,
            start=day,
        )
    elif action == "end_appointment":
        services.appointment_end(actor=actor, appointment=head, end=day, reason="r")
    elif action == "transition":
        services.government_transition(
            actor=actor, country=institution.country, date=day, ended_reason="r"
        )
    elif action == "manage_mandates":
        body = GovernanceBody.objects.get_or_create(code="presidency", name="P")[0]
        services.mandate_start(actor=actor, body=body, country=institution.country, start=day)


def _snapshot(head: Appointment) -> tuple:
    return (
        Institution.objects.get(pk=head.institution_id).acronym,
        Appointment.objects.filter(end__isnull=True).count(),
        Appointment.objects.count(),
        head.institution.country.mandates.count(),
    )


@pytest.mark.parametrize("action", sorted(set(ALLOWED) - {"view_contacts"}))
@pytest.mark.parametrize("role", ROLES)
def test_services_enforce_the_matrix(
    users_by_role: dict[str, User | AnonymousUser],
    head_ury: Appointment,
    role: str,
    action: str,
) -> None:
    before = _snapshot(head_ury)
    if role in ALLOWED[action]:
        _attempt(action, users_by_role[role], head_ury)
        assert _snapshot(head_ury) != before
    else:
        with pytest.raises(PermissionDenied):
            _attempt(action, users_by_role[role], head_ury)
        assert _snapshot(head_ury) == before


def test_membership_ends_with_the_appointment(
    member_ury: User,
    delegate_ury: Appointment,
    authority_ury: Institution,
    secretariat: User,
) -> None:
    assert network_rules.is_country_member(member_ury)
    services.appointment_end(
        actor=secretariat, appointment=delegate_ury, end=datetime.date(2023, 1, 1)
    )
    member = User.objects.get(pk=member_ury.pk)
    assert not network_rules.is_country_member(member)
    assert not member.has_perm("network.change_institution", authority_ury)


def test_member_of_works_for_every_kind_of_object(
    member_ury: User, delegate_ury: Appointment, head_ury: Appointment, focal_bra: Appointment
) -> None:
    institution = delegate_ury.institution
    for obj in (institution.country, institution, head_ury, head_ury.person):
        assert network_rules.is_member_of(member_ury, obj)
    for obj in (focal_bra.institution.country, focal_bra, focal_bra.person, None):
        assert not network_rules.is_member_of(member_ury, obj)


def test_person_visibility(
    public: AnonymousUser, stakeholder: User, member_bra: User, head_ury: Appointment
) -> None:
    person = head_ury.person
    assert not public.has_perm("network.view_person", person)
    assert not stakeholder.has_perm("network.view_person", person)
    assert member_bra.has_perm("network.view_person", person)
    person.public_profile = True
    assert public.has_perm("network.view_person", person)


def test_countries_of_user(member_ury: User, member_bra: User, public: AnonymousUser) -> None:
    assert [c.iso3 for c in selectors.countries_of_user(member_ury)] == ["URY"]
    assert [c.iso3 for c in selectors.countries_of_user(member_bra)] == ["BRA"]
    assert not selectors.countries_of_user(public).exists()
