"""Who may see and change what in the network directory, as ``rules`` predicates.

Permissions are checked on the server by services (so every caller gets them), and by views and
the API to decide what to show. Object-level predicates accept a Country, an Institution, an
Appointment, a Person or a Mandate and work out which country it belongs to.
"""

import rules
from django.db.models import Model

from gealc.core.types import AnyUser
from gealc.network import selectors
from gealc.network.models import Appointment, Country, Institution, Mandate, Person

ADMINISTRATOR = "administrator"
SECRETARIAT = "secretariat"
REVIEWER = "reviewer"
STAKEHOLDER = "stakeholder"


def countries_of_object(obj: Model | None) -> set[int]:
    """Ids of the countries an object belongs to (a person: where they currently serve)."""
    if isinstance(obj, Country):
        return {obj.pk}
    if isinstance(obj, Institution | Mandate):
        return {obj.country_id} if obj.country_id else set()
    if isinstance(obj, Appointment):
        return {obj.institution.country_id}
    if isinstance(obj, Person):
        current = Appointment.objects.current().filter(person=obj)
        return set(current.values_list("institution__country_id", flat=True))
    return set()


is_administrator = rules.is_superuser
is_secretariat = rules.is_group_member(SECRETARIAT)
is_reviewer = rules.is_group_member(REVIEWER)


@rules.predicate
def is_country_member(user: AnyUser) -> bool:
    """Holds a current appointment (head, delegate, alternate or focal point) anywhere."""
    return bool(user.is_authenticated) and selectors.countries_of_user(user).exists()


@rules.predicate
def is_member_of(user: AnyUser, obj: Model | None) -> bool:
    """A country member of the country the object belongs to."""
    if obj is None or not user.is_authenticated:
        return False
    own = set(selectors.countries_of_user(user).values_list("pk", flat=True))
    return bool(own & countries_of_object(obj))


@rules.predicate
def is_the_person(user: AnyUser, obj: Model | None) -> bool:
    return isinstance(obj, Person) and user.is_authenticated and obj.user_id == user.pk


@rules.predicate
def has_public_profile(user: AnyUser, obj: Model | None) -> bool:
    return isinstance(obj, Person) and obj.public_profile


is_network_member = is_country_member | is_reviewer | is_secretariat | is_administrator
runs_the_network = is_secretariat | is_administrator
edits_country_entries = runs_the_network | is_member_of

rules.add_perm("network.view_contacts", is_network_member)
rules.add_perm("network.view_person", has_public_profile | is_network_member | is_the_person)
rules.add_perm("network.change_country", runs_the_network)
rules.add_perm("network.add_institution", edits_country_entries)
rules.add_perm("network.change_institution", edits_country_entries)
rules.add_perm("network.add_person", runs_the_network | is_country_member)
rules.add_perm("network.change_person", edits_country_entries | is_the_person)
rules.add_perm("network.add_appointment", edits_country_entries)
rules.add_perm("network.change_appointment", edits_country_entries)
rules.add_perm("network.record_transition", edits_country_entries)
rules.add_perm("network.add_mandate", runs_the_network)
rules.add_perm("network.change_mandate", runs_the_network)
rules.add_perm("network.add_organisation", runs_the_network)
rules.add_perm("network.change_organisation", runs_the_network)
rules.add_perm("network.add_governancebody", runs_the_network)
rules.add_perm("network.change_governancebody", runs_the_network)


@rules.predicate
def is_a_role_below_secretariat(user: AnyUser, role: str | None) -> bool:
    return role != SECRETARIAT


# Only an administrator makes someone secretariat; the secretariat grants the other roles.
rules.add_perm(
    "network.grant_role", is_administrator | (is_secretariat & is_a_role_below_secretariat)
)
