"""Reads of the accounts pages: the invitations a user may see, and the security log."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gealc.accounts.models import Invitation, SecurityEvent
from gealc.accounts.rules import delegated_countries
from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network.models import Appointment, Country


def invitations_visible_to(user: AnyUser) -> QuerySet[Invitation]:
    """Every invitation for the secretariat; a delegate's country's for a delegate."""
    invitations = Invitation.objects.select_related(
        "person", "country", "organisation", "invited_by"
    )
    if network_rules.runs_the_network(user):
        return invitations
    return invitations.filter(country_id__in=delegated_countries(user))


def invitations_in_state(invitations: QuerySet[Invitation], state: str) -> QuerySet[Invitation]:
    """The invitations of ``invitations`` whose state (``Invitation.State``) is ``state``."""
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    conditions = {
        Invitation.State.ACCEPTED: Q(accepted_at__isnull=False),
        Invitation.State.REVOKED: Q(revoked_at__isnull=False),
        Invitation.State.EXPIRED: open_ & Q(expires__lte=now),
        Invitation.State.PENDING: open_ & Q(expires__gt=now),
    }
    return invitations.filter(conditions[state])


def invitable_countries(user: AnyUser) -> QuerySet[Country]:
    if network_rules.runs_the_network(user):
        return Country.objects.order_by("name")
    return Country.objects.filter(pk__in=delegated_countries(user)).order_by("name")


def handover_appointments(user: AnyUser) -> QuerySet[Appointment]:
    """Current appointments the user may hand over (their countries', or all for the
    secretariat)."""
    current = Appointment.objects.filter(end__isnull=True).select_related(
        "person", "institution__country"
    )
    if network_rules.runs_the_network(user):
        return current
    return current.filter(institution__country_id__in=delegated_countries(user))


def security_events(filters: Mapping[str, Any]) -> QuerySet[SecurityEvent]:
    events = SecurityEvent.objects.all()
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("username"):
        name = filters["username"]
        events = events.filter(Q(username__icontains=name) | Q(actor__icontains=name))
    if filters.get("since"):
        events = events.filter(at__date__gte=filters["since"])
    if filters.get("until"):
        events = events.filter(at__date__lt=filters["until"] + datetime.timedelta(days=1))
    return events
