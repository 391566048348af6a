"""Who may see and change what in the knowledge hub, as ``rules`` predicates.

Built on the network's predicates: a country member acts for their own country only, the
secretariat and administrators for all. Objects are a Country or anything with a ``country``
(practice, software entry, data-set status, assessment).

A state a permission leaves out, so that the service can say why it refuses (awarding a
practice not yet published), is a predicate here that the service tests; what a page offers
now is a ``…_now`` rule combining who and that state.
"""

from typing import Any

import rules

from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network.models import Country


def owning_country(obj: Any) -> Country | None:
    if isinstance(obj, Country):
        return obj
    return getattr(obj, "country", None)


@rules.predicate
def is_member_of_owner(user: AnyUser, obj: Any) -> bool:
    country = owning_country(obj)
    return country is not None and bool(network_rules.is_member_of(user, country))


@rules.predicate
def is_published(user: AnyUser, obj: Any) -> bool:
    """A published practice or software entry (the model says which states that is)."""
    return bool(getattr(obj, "is_published", False))


@rules.predicate
def is_editable_state(user: AnyUser, obj: Any) -> bool:
    """Members change practices while draft or returned; once in review it is the
    secretariat's turn."""
    return bool(getattr(obj, "is_editable", False))


runs_the_network = network_rules.runs_the_network
acts_for_owner = runs_the_network | is_member_of_owner

rules.add_perm("knowledge.view_practice", is_published | acts_for_owner)
rules.add_perm("knowledge.add_practice", acts_for_owner)
rules.add_perm(
    "knowledge.change_practice", runs_the_network | (is_member_of_owner & is_editable_state)
)
rules.add_perm("knowledge.submit_practice", acts_for_owner & is_editable_state)
rules.add_perm("knowledge.review_practice", runs_the_network)
# Only a published practice is awarded: the service says so; the page offers it only then.
rules.add_perm("knowledge.add_award", runs_the_network)
rules.add_rule("knowledge.add_award_now", runs_the_network & is_published)
rules.add_perm("knowledge.view_softwareentry", is_published | acts_for_owner)
rules.add_perm("knowledge.import_software", runs_the_network | network_rules.is_country_member)
rules.add_perm("knowledge.change_softwareentry", acts_for_owner)
# Who publishes: publishing a published entry again changes nothing (loading the demo twice
# does it), so the permission leaves the state out; the page offers it only while unpublished.
rules.add_perm("knowledge.publish_software", runs_the_network)
rules.add_rule("knowledge.publish_software_now", runs_the_network & ~is_published)
rules.add_perm("knowledge.set_software_usage", acts_for_owner)
rules.add_perm("knowledge.add_opendataset", runs_the_network)
rules.add_perm("knowledge.change_opendataset", runs_the_network)
rules.add_perm("knowledge.change_datasetstatus", acts_for_owner)
rules.add_perm("knowledge.submit_maturity", acts_for_owner)
rules.add_perm("knowledge.view_maturity_answers", acts_for_owner | network_rules.is_reviewer)
