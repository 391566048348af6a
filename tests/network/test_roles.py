"""The role groups exist on a freshly migrated database (no demo), carry exactly their declared
permissions, and ``role_grant``/``role_revoke`` give and take what each role allows."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from gealc.network import rules as network_rules
from gealc.network import services
from gealc.network.models import Appointment, Country, Institution
from gealc.network.roles import ROLE_GROUPS, role_group_permission_codenames


def _codenames(group: Group) -> set[tuple[str, str]]:
    return set(group.permissions.values_list("content_type__app_label", "codename"))


@pytest.mark.django_db
def test_a_fresh_database_has_the_role_groups_with_their_permissions() -> None:
    """The test database is only migrated: nothing but the migrations made these groups."""
    groups = {group.name: group for group in Group.objects.all()}

    assert set(groups) == {"secretariat", "reviewer", "stakeholder"}
    secretariat = _codenames(groups["secretariat"])
    assert {("network", "view_country"), ("measurement", "view_submission")} <= secretariat
    assert {
        ("knowledge", "view_practice"),
        ("observatory", "view_indexrun"),
        ("agreements", "view_agreement"),
        ("cooperation", "view_request"),
        ("participation", "view_consultation"),
    } <= secretariat
    assert all(codename.startswith("view_") for _label, codename in secretariat)
    assert secretariat == role_group_permission_codenames("secretariat")
    assert _codenames(groups["reviewer"]) == _codenames(groups["stakeholder"]) == set()


@pytest.mark.django_db
def test_sync_is_idempotent_and_puts_changed_permissions_back() -> None:
    secretariat = Group.objects.get(name="secretariat")
    declared = _codenames(secretariat)
    secretariat.permissions.remove(secretariat.permissions.get(codename="view_country"))
    Group.objects.get(name="reviewer").permissions.add(Permission.objects.get(codename="add_user"))
    Group.objects.get(name="stakeholder").delete()

    services.role_groups_sync()
    services.role_groups_sync()

    assert _codenames(Group.objects.get(name="secretariat")) == declared
    assert _codenames(Group.objects.get(name="reviewer")) == set()
    assert Group.objects.filter(name__in=ROLE_GROUPS).count() == len(ROLE_GROUPS)


def _grant(*args: str) -> str:
    call_command("role_grant", *args, stdout=(out := _Output()))
    return out.text


def _revoke(*args: str) -> str:
    call_command("role_revoke", *args, stdout=(out := _Output()))
    return out.text


class _Output:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.django_db
def test_a_granted_secretariat_runs_the_network_and_reads_the_admin(
    administrator: User, make_user: Callable[..., User], uruguay: Country
) -> None:
    alice = make_user("alice")

    output = _grant("alice", "secretariat", "--actor", "administrator")

    alice.refresh_from_db()
    assert "alice now has the role secretariat" in output
    assert alice.is_staff
    assert alice.has_perm("measurement.manage_round")
    assert alice.has_perm("network.change_country", uruguay)
    client = Client()
    client.force_login(alice)
    admin_country = client.get(f"/en/admin/network/country/{uruguay.pk}/change/")
    assert admin_country.status_code == 200
    assert client.get("/en/admin/auth/user/").status_code == 403

    assert "alice no longer has" in _revoke("alice", "secretariat", "--actor", "administrator")
    alice = User.objects.get(pk=alice.pk)  # a fresh object: permissions are cached per object
    assert not alice.is_staff
    assert not alice.has_perm("measurement.manage_round")


@pytest.mark.django_db
def test_reviewer_and_stakeholder_roles_are_their_groups(
    secretariat: User, make_user: Callable[..., User]
) -> None:
    bob = make_user("bob")

    _grant("bob", "reviewer", "--actor", "secretariat")
    assert "already had" in _grant("bob", "reviewer", "--actor", "secretariat")
    _grant("bob", "stakeholder", "--actor", "secretariat")

    bob = User.objects.get(pk=bob.pk)
    assert network_rules.is_reviewer(bob)
    assert bob.groups.filter(name="stakeholder").exists()
    assert not bob.is_staff
    assert not bob.has_perm("measurement.manage_round")
    _revoke("bob", "reviewer", "--actor", "secretariat")
    assert not network_rules.is_reviewer(User.objects.get(pk=bob.pk))


@pytest.mark.django_db
def test_a_granted_member_edits_their_own_country_only(
    administrator: User,
    make_user: Callable[..., User],
    authority_ury: Institution,
    authority_bra: Institution,
) -> None:
    carla = make_user("carla")

    output = _grant("carla", "member", "--country", "ury", "--actor", "administrator")

    assert "carla now has the role member of URY" in output
    carla = User.objects.get(pk=carla.pk)
    assert carla.person.appointments.get().role == Appointment.Role.DELEGATE
    assert carla.has_perm("network.change_institution", authority_ury)
    assert not carla.has_perm("network.change_institution", authority_bra)
    assert "already had" in _grant(
        "carla", "member", "--country", "URY", "--actor", "administrator"
    )

    _revoke("carla", "member", "--country", "URY", "--actor", "administrator")
    # Granted today, the appointment can only end today: the membership stops tonight.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert not Appointment.objects.current(tomorrow).filter(person__user=carla).exists()


@pytest.mark.django_db
def test_revoking_a_membership_stops_it_at_once(
    administrator: User, make_user: Callable[..., User], authority_ury: Institution
) -> None:
    dora = make_user("dora")
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    services.role_grant(
        actor=administrator,
        user=dora,
        role="member",
        country=authority_ury.country,
        appointment_role=Appointment.Role.FOCAL_POINT,
        working_line="measurement",
        start=last_year,
    )
    assert network_rules.is_country_member(dora)

    assert services.role_revoke(
        actor=administrator, user=dora, role="member", country=authority_ury.country
    )

    assert not network_rules.is_country_member(dora)
    assert not services.role_revoke(
        actor=administrator, user=dora, role="member", country=authority_ury.country
    )


@pytest.mark.django_db
def test_only_an_administrator_makes_someone_secretariat(
    secretariat: User, make_user: Callable[..., User], english: None
) -> None:
    make_user("eve")

    with pytest.raises(CommandError, match="not allowed"):
        _grant("eve", "secretariat", "--actor", "secretariat")
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=make_user("nobody"), user=secretariat, role="reviewer")
    assert not User.objects.get(username="eve").groups.exists()


@pytest.mark.django_db
def test_bad_arguments_are_named_and_change_nothing(
    administrator: User, make_user: Callable[..., User], uruguay: Country, english: None
) -> None:
    make_user("fred")

    with pytest.raises(CommandError, match="No user named “ghost” \\(username\\)"):
        _grant("ghost", "reviewer", "--actor", "administrator")
    with pytest.raises(CommandError, match="No user named “root” \\(actor\\)"):
        _grant("fred", "reviewer", "--actor", "root")
    with pytest.raises(CommandError, match="No country with the ISO3 code “XYZ”"):
        _grant("fred", "member", "--country", "XYZ", "--actor", "administrator")
    with pytest.raises(CommandError, match="needs a country"):
        _grant("fred", "member", "--actor", "administrator")
    with pytest.raises(CommandError, match="Only a country member has a country"):
        _grant("fred", "reviewer", "--country", "URY", "--actor", "administrator")
    with pytest.raises(CommandError, match="has no national authority"):
        _grant("fred", "member", "--country", "URY", "--actor", "administrator")
    with pytest.raises(ValidationError, match="Unknown role"):
        services.role_grant(actor=administrator, user=administrator, role="king")
    fred = User.objects.get(username="fred")
    assert not fred.groups.exists()
    assert not hasattr(fred, "person")
