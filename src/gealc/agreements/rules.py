"""Who may see and change integration agreements, as ``rules`` predicates.

The secretariat (and administrators) record agreements: create them, add and remove parties and
move their status, since these are the network's record of what governments signed. A current
delegate or focal point of a country that is party to an agreement edits it directly (its
title, summary and working lines) and adds its documents: they hold the texts and know what the
agreement is about, and every edit is in the history. Everyone reads signed, in-force and ended
agreements; one still negotiating is read only by its parties' members and the secretariat.
"""

from __future__ import annotations

from typing import Any

import rules

from gealc.agreements.models import Agreement, AgreementDocument
from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors


def agreement_of(obj: Any) -> Agreement | None:
    if isinstance(obj, Agreement):
        return obj
    if isinstance(obj, AgreementDocument):
        return obj.agreement
    return None


@rules.predicate
def is_public(user: AnyUser, obj: Any) -> bool:
    agreement = agreement_of(obj)
    return agreement is not None and agreement.is_public


@rules.predicate
def is_member_of_party(user: AnyUser, obj: Any) -> bool:
    """A current member (delegate, focal point …) of a country currently party to it."""
    agreement = agreement_of(obj)
    if agreement is None or not user.is_authenticated:
        return False
    own = network_selectors.countries_of_user(user)
    return agreement.parties.current().filter(country__in=own).exists()


runs_the_network = network_rules.runs_the_network

rules.add_perm("agreements.view_agreement", is_public | runs_the_network | is_member_of_party)
rules.add_perm("agreements.add_agreement", runs_the_network)
rules.add_perm("agreements.change_agreement", runs_the_network | is_member_of_party)
rules.add_perm("agreements.add_document", runs_the_network | is_member_of_party)
rules.add_perm("agreements.change_parties", runs_the_network)
rules.add_perm("agreements.change_status", runs_the_network)
