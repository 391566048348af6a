"""Who may do what in cooperation, as ``rules`` predicates.

The delegates, alternates and focal points of a country file its requests, change them while
they are with the country (a draft, or returned) and withdraw them, and publish its offers; the
secretariat changes requests too, accepts, returns, matches, plans, declines and closes
requests and runs the fund; the provider country reports; the requesting country evaluates.
The public reads accepted requests' public parts and the offers; drafts are for their country
and the secretariat, other requests and the expert roster for members of the network.
"""

from __future__ import annotations

from typing import Any

import rules

from gealc.cooperation.models import (
    CHANGEABLE_STATES,
    OPEN_STATES,
    Expert,
    Offer,
    Request,
    State,
)
from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Appointment, Country

# The roles that speak for a country in cooperation (the head of authority delegates it).
REPRESENTATIVE_ROLES = (
    Appointment.Role.DELEGATE,
    Appointment.Role.ALTERNATE,
    Appointment.Role.FOCAL_POINT,
)


def _country_ids(user: AnyUser, roles: tuple[str, ...] | None = None) -> set[int]:
    countries = network_selectors.countries_of_user(user, roles=roles)
    return set(countries.values_list("pk", flat=True))


def _country_of(obj: Any) -> int | None:
    if isinstance(obj, Country):
        return obj.pk
    if isinstance(obj, Request):
        return obj.requesting_country_id
    if isinstance(obj, Offer):
        return obj.country_id
    return None


@rules.predicate
def represents_country(user: AnyUser, obj: Any) -> bool:
    """A current delegate, alternate or focal point of the country (of the request, offer)."""
    country = _country_of(obj)
    return country is not None and country in _country_ids(user, REPRESENTATIVE_ROLES)


@rules.predicate
def serves_requesting_country(user: AnyUser, obj: Any) -> bool:
    return isinstance(obj, Request) and obj.requesting_country_id in _country_ids(user)


@rules.predicate
def serves_provider_country(user: AnyUser, obj: Any) -> bool:
    return (
        isinstance(obj, Request)
        and obj.provider_country_id is not None
        and obj.provider_country_id in _country_ids(user)
    )


@rules.predicate
def is_matched_expert(user: AnyUser, obj: Any) -> bool:
    return (
        isinstance(obj, Request)
        and user.is_authenticated
        and obj.experts.filter(user=user).exists()
    )


@rules.predicate
def is_public(user: AnyUser, obj: Any) -> bool:
    return isinstance(obj, Request) and obj.is_public


@rules.predicate
def is_past_draft(user: AnyUser, obj: Any) -> bool:
    return isinstance(obj, Request) and not obj.is_draft


@rules.predicate
def is_changeable_request(user: AnyUser, obj: Any) -> bool:
    """A request still with its country (a draft, or returned): its content may change."""
    return isinstance(obj, Request) and obj.is_changeable


# Missions are arranged and changed between matching and carrying out.
MISSION_STATES = frozenset({State.MATCHED, State.PLANNED})


@rules.predicate
def has_missions_in_the_making(user: AnyUser, obj: Any) -> bool:
    return isinstance(obj, Request) and obj.state in MISSION_STATES


@rules.predicate
def is_the_expert(user: AnyUser, obj: Any) -> bool:
    return isinstance(obj, Expert) and user.is_authenticated and obj.person.user_id == user.pk


runs_the_network = network_rules.runs_the_network
is_network_member = network_rules.is_network_member
takes_part = serves_requesting_country | serves_provider_country | is_matched_expert

rules.add_perm(
    "cooperation.view_request",
    is_public | runs_the_network | serves_requesting_country | (is_network_member & is_past_draft),
)
rules.add_perm("cooperation.view_personal_data", is_network_member)
rules.add_perm("cooperation.file_request", represents_country)
rules.add_perm("cooperation.withdraw_request", represents_country)
# Who changes a request's content: the service says why a request sent on is not changed (it
# tests is_changeable_request); the request's page offers it only while it may be.
rules.add_perm("cooperation.change_request", represents_country | runs_the_network)
rules.add_rule(
    "cooperation.change_request_now",
    (represents_country | runs_the_network) & is_changeable_request,
)
rules.add_perm("cooperation.review_request", runs_the_network)
rules.add_perm("cooperation.arrange_mission", runs_the_network & has_missions_in_the_making)
rules.add_perm("cooperation.carry_out_request", runs_the_network | serves_provider_country)
rules.add_perm("cooperation.report_request", serves_provider_country)
rules.add_perm("cooperation.evaluate_request", serves_requesting_country)
rules.add_perm("cooperation.answer_survey", takes_part)
rules.add_perm("cooperation.add_offer", represents_country | runs_the_network)
rules.add_perm("cooperation.change_offer", represents_country | runs_the_network)
rules.add_perm("cooperation.manage_fund", runs_the_network)
rules.add_perm("cooperation.view_fund", is_network_member)
rules.add_perm("cooperation.view_experts", is_network_member)
rules.add_perm("cooperation.add_expert", runs_the_network)
rules.add_perm("cooperation.decline_expert", is_the_expert | runs_the_network)

# Each step of the workflow: the permission to take it and the states it may be taken from.
STEPS: dict[str, tuple[str, frozenset[str]]] = {
    State.SUBMITTED: ("cooperation.file_request", CHANGEABLE_STATES),
    State.ACCEPTED: ("cooperation.review_request", frozenset({State.SUBMITTED})),
    State.RETURNED: ("cooperation.review_request", frozenset({State.SUBMITTED})),
    State.MATCHED: ("cooperation.review_request", frozenset({State.ACCEPTED})),
    State.PLANNED: ("cooperation.review_request", frozenset({State.MATCHED})),
    State.CARRIED_OUT: ("cooperation.carry_out_request", frozenset({State.PLANNED})),
    State.REPORTED: ("cooperation.report_request", frozenset({State.CARRIED_OUT})),
    State.EVALUATED: ("cooperation.evaluate_request", frozenset({State.REPORTED})),
    State.CLOSED: ("cooperation.review_request", frozenset({State.EVALUATED})),
    State.WITHDRAWN: ("cooperation.withdraw_request", OPEN_STATES),
    State.DECLINED: ("cooperation.review_request", OPEN_STATES - {State.DRAFT}),
}
# The fund pays for accepted requests still under way; the surveys open once the provider
# has reported, the follow-up once the requester has evaluated.
FUNDABLE_STATES = frozenset({State.ACCEPTED, State.MATCHED, State.PLANNED, State.CARRIED_OUT})
SURVEY_STATES = frozenset({State.REPORTED, State.EVALUATED, State.CLOSED})
FOLLOW_UP_STATES = frozenset({State.EVALUATED, State.CLOSED})

# What a request's page offers, by action: who may take it, and from which states. Each is
# the rule ``cooperation.<action>_now``; the services refuse the others with their message.
REQUEST_ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "submit": STEPS[State.SUBMITTED],
    "accept": STEPS[State.ACCEPTED],
    "return": STEPS[State.RETURNED],
    "match": STEPS[State.MATCHED],
    "plan": STEPS[State.PLANNED],
    "mission": ("cooperation.arrange_mission", MISSION_STATES),
    "fund": ("cooperation.manage_fund", FUNDABLE_STATES),
    "carry_out": STEPS[State.CARRIED_OUT],
    "report": STEPS[State.REPORTED],
    "survey": ("cooperation.answer_survey", SURVEY_STATES),
    "follow_up": ("cooperation.answer_survey", FOLLOW_UP_STATES),
    "close": STEPS[State.CLOSED],
    "withdraw": STEPS[State.WITHDRAWN],
    "decline": STEPS[State.DECLINED],
}


def _offered_now(permission: str, states: frozenset[str]) -> rules.Predicate:
    @rules.predicate(name=f"{permission} from {'/'.join(sorted(states))}")
    def offered(user: AnyUser, obj: Any) -> bool:
        return isinstance(obj, Request) and obj.state in states and user.has_perm(permission, obj)

    return offered


for _action, (_permission, _states) in REQUEST_ACTIONS.items():
    rules.add_rule(f"cooperation.{_action}_now", _offered_now(_permission, _states))
