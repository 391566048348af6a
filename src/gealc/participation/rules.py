"""Who may do what in consultations, as ``rules`` predicates.

Everyone reads what is announced or later; drafts are for the secretariat. A verified
stakeholder (their registration verified by the secretariat and their e-mail address
confirmed) and a member of the network contribute; members also answer in the threads;
anyone signed in follows and reports; the secretariat and administrators run consultations,
verify stakeholders and moderate. A hidden contribution is shown only to the secretariat and
to its author.
"""

from __future__ import annotations

from typing import Any

import rules
from allauth.account.models import EmailAddress

from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.participation.models import Consultation, Contribution

runs_the_network = network_rules.runs_the_network
is_network_member = network_rules.is_network_member


@rules.predicate
def is_verified_stakeholder(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    stakeholder = getattr(user, "stakeholder", None)
    if stakeholder is None or not stakeholder.is_verified:
        return False
    return EmailAddress.objects.filter(user=user, verified=True).exists()


@rules.predicate
def is_public(user: AnyUser, obj: Any) -> bool:
    if isinstance(obj, Consultation):
        return obj.is_public
    if isinstance(obj, Contribution):
        return obj.is_visible and obj.question.consultation.is_public
    return False


@rules.predicate
def is_author(user: AnyUser, obj: Any) -> bool:
    if not isinstance(obj, Contribution) or not user.is_authenticated:
        return False
    return obj.author.user_id == user.pk


contributes = is_verified_stakeholder | is_network_member

rules.add_perm("participation.view_consultation", is_public | runs_the_network)
rules.add_perm("participation.manage_consultation", runs_the_network)
rules.add_perm("participation.contribute", contributes)
rules.add_perm("participation.reply", is_network_member)
rules.add_perm("participation.view_contribution", is_public | runs_the_network | is_author)
rules.add_perm("participation.report_contribution", rules.is_authenticated)
rules.add_perm("participation.follow_consultation", rules.is_authenticated)
rules.add_perm("participation.moderate", runs_the_network)
rules.add_perm("participation.verify_stakeholder", runs_the_network)
rules.add_perm("participation.register", rules.is_authenticated)
