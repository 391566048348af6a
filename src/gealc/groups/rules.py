"""Who may see and change what in the working groups, as ``rules`` predicates.

The secretariat creates groups and changes their details; group coordinators edit their
group's work (its members, documents, meetings, commitments and the review of their
progress); members of a country report the progress of the commitments their
country leads or takes part in; the secretariat and administrators do everything. Everyone
reads what is public; drafts (a plan not yet adopted, a members-only meeting or document) and
personal data (e-mails, who registered and attended) are for members of the network only.
A commitment closed at its year's end takes no more reports: the services test
``is_open_commitment`` and say so; the commitment's page asks the ``…_now`` rules.
"""

from __future__ import annotations

from typing import Any

import rules

from gealc.core.types import AnyUser
from gealc.groups.models import (
    Commitment,
    Document,
    Meeting,
    Membership,
    ProgressUpdate,
    WorkingGroup,
    WorkPlan,
)
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors


def group_of(obj: Any) -> WorkingGroup | None:
    if isinstance(obj, WorkingGroup):
        return obj
    if isinstance(obj, ProgressUpdate):
        return obj.commitment.group
    return getattr(obj, "group", None)


@rules.predicate
def is_coordinator_of(user: AnyUser, obj: Any) -> bool:
    """A current coordinator of the object's group (a group, meeting, commitment …)."""
    group = group_of(obj)
    if group is None or not user.is_authenticated:
        return False
    return (
        Membership.objects.current()
        .filter(group=group, person__user=user, role=Membership.Role.COORDINATOR)
        .exists()
    )


@rules.predicate
def is_coordinator_of_any_group(user: AnyUser) -> bool:
    return bool(user.is_authenticated) and (
        Membership.objects.current()
        .filter(person__user=user, role=Membership.Role.COORDINATOR)
        .exists()
    )


@rules.predicate
def is_member_of_committed_country(user: AnyUser, obj: Any) -> bool:
    """A member of the commitment's lead country or of one of its participating countries."""
    commitment = obj.commitment if isinstance(obj, ProgressUpdate) else obj
    if not isinstance(commitment, Commitment) or not user.is_authenticated:
        return False
    own = set(network_selectors.countries_of_user(user).values_list("pk", flat=True))
    committed = {commitment.lead_country_id, *commitment.countries.values_list("pk", flat=True)}
    return bool(own & committed)


@rules.predicate
def is_open_commitment(user: AnyUser, obj: Any) -> bool:
    """Not yet closed at its year's end: progress is reported on it, and it may be closed."""
    return isinstance(obj, Commitment) and not obj.has_outcome


@rules.predicate
def is_public(user: AnyUser, obj: Any) -> bool:
    if isinstance(obj, WorkPlan):
        return obj.is_adopted
    if isinstance(obj, Meeting | Document):
        return obj.is_public
    return obj is not None


@rules.predicate
def has_person(user: AnyUser) -> bool:
    return bool(user.is_authenticated) and hasattr(user, "person")


runs_the_network = network_rules.runs_the_network
is_network_member = network_rules.is_network_member
coordinates = runs_the_network | is_coordinator_of
reports_progress = runs_the_network | is_member_of_committed_country

rules.add_perm("groups.view_workinggroup", rules.always_allow)
rules.add_perm("groups.add_workinggroup", runs_the_network)
rules.add_perm("groups.change_workinggroup", coordinates)
# A group's own details (its name, mandate, line, coordinating countries, dates, status) are
# the network's to decide: the secretariat changes them, its coordinators its work.
rules.add_perm("groups.manage_groups", runs_the_network)
rules.add_perm("groups.add_membership", coordinates)
rules.add_perm("groups.add_document", coordinates)
rules.add_perm("groups.view_document", is_public | is_network_member)
rules.add_perm("groups.view_workplan", is_public | is_network_member)
rules.add_perm("groups.change_workplan", runs_the_network)
rules.add_perm("groups.add_commitment", coordinates)
rules.add_perm("groups.change_commitment", coordinates)
rules.add_perm("groups.close_commitment", coordinates)
rules.add_perm("groups.report_progress", reports_progress)
# The services say why a closed commitment takes no report and no second closing; the
# commitment's page offers them only while it is open.
rules.add_rule("groups.close_commitment_now", coordinates & is_open_commitment)
rules.add_rule("groups.report_progress_now", reports_progress & is_open_commitment)
rules.add_perm("groups.review_progress", coordinates)
rules.add_perm("groups.view_meeting", is_public | is_network_member)
rules.add_perm("groups.add_meeting", runs_the_network | is_coordinator_of_any_group)
rules.add_perm("groups.change_meeting", coordinates)
rules.add_perm("groups.register_meeting", has_person)
rules.add_perm("groups.view_personal_data", is_network_member)
rules.add_perm("groups.manage_training", runs_the_network)
