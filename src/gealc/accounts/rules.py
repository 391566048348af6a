"""Who may invite whom, and who reads the security log, as ``rules`` predicates.

An invitation is checked as an ``InvitationTarget`` (the role and, for a country member, the
country): an administrator invites to any role; the secretariat to every role but the
secretariat (as ``network.grant_role``); a country's head of authority, delegate or alternate
invites officials of their own country as its members. Focal points, reviewers and
stakeholders invite nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules

from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Appointment, Country

SECRETARIAT = network_rules.SECRETARIAT
MEMBER = "member"
# The appointments that speak for a country in the network.
DELEGATING_ROLES = (
    Appointment.Role.HEAD_OF_AUTHORITY,
    Appointment.Role.DELEGATE,
    Appointment.Role.ALTERNATE,
)


@dataclass(frozen=True)
class InvitationTarget:
    role: str
    country: Country | None = None


def delegated_countries(user: AnyUser) -> set[int]:
    """Ids of the countries the user currently speaks for (head, delegate or alternate)."""
    countries = network_selectors.countries_of_user(user, roles=DELEGATING_ROLES)
    return set(countries.values_list("pk", flat=True))


@rules.predicate
def is_delegate(user: AnyUser) -> bool:
    return bool(delegated_countries(user))


@rules.predicate
def targets_below_secretariat(user: AnyUser, target: InvitationTarget | None) -> bool:
    return target is None or target.role != SECRETARIAT


@rules.predicate
def targets_own_country_membership(user: AnyUser, target: InvitationTarget | None) -> bool:
    if target is None:  # "may this user invite anyone at all" (menus, the list page)
        return True
    return (
        target.role == MEMBER
        and target.country is not None
        and target.country.pk in delegated_countries(user)
    )


inviter = (
    network_rules.is_administrator
    | (network_rules.is_secretariat & targets_below_secretariat)
    | (is_delegate & targets_own_country_membership)
)

rules.add_perm("accounts.add_invitation", inviter)
rules.add_perm("accounts.view_invitation", network_rules.runs_the_network | is_delegate)
rules.add_perm("accounts.view_securityevent", network_rules.runs_the_network)


@rules.predicate
def may_revoke(user: AnyUser, invitation: object) -> bool:
    """Whoever could create it now (the secretariat, or a delegate of its country)."""
    role = getattr(invitation, "role", None)
    if role is None:
        return False
    return inviter.test(user, InvitationTarget(role=role, country=invitation.country))


@rules.predicate
def is_pending(user: AnyUser, invitation: object) -> bool:
    return bool(getattr(invitation, "is_pending", False))


# The permission says who; the service answers an invitation no longer pending with its
# state. What the list offers is both.
rules.add_perm("accounts.revoke_invitation", may_revoke)
rules.add_rule("accounts.revoke_invitation_now", may_revoke & is_pending)
