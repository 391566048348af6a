"""The security log: sign-ins, failed sign-ins, second factors, roles and invitations.

``event_record`` writes one line. The receivers below write the lines for what happens
elsewhere — Django's and allauth's sign-in signals, role groups changing (``role_grant``, the
admin), appointments starting and ending (a country member's role) — and are connected in
``AccountsConfig.ready()``. Who did it comes from the current request (simple-history's
middleware keeps it), or is empty for a command.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, User
from django.http import HttpRequest
from django.utils.translation import override
from simple_history.models import HistoricalRecords

from gealc.accounts.models import SecurityEvent
from gealc.network.models import Appointment
from gealc.network.roles import ROLE_GROUPS

Kind = SecurityEvent.Kind


def _current_request() -> HttpRequest | None:
    return getattr(HistoricalRecords.context, "request", None)


def _address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def event_record(
    *,
    kind: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> SecurityEvent:
    """Write one line of the security log. ``detail`` is in English, the log's language, so
    that everyone reading or exporting it sees the same words."""
    request = request or _current_request()
    actor = getattr(request, "user", None)
    account = user if isinstance(user, User) and user.pk else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=account,
        username=(account.get_username() if account else username)[:254],
        actor=actor.get_username()[:254] if actor is not None and actor.is_authenticated else "",
        ip_address=_address(request),
        detail=detail[:500],
    )


def on_signed_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    event_record(kind=Kind.SIGN_IN, user=user, request=request)


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    attempted = credentials.get("username") or credentials.get("email") or ""
    event_record(kind=Kind.SIGN_IN_FAILED, username=str(attempted), request=request)


def on_signed_out(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        event_record(kind=Kind.SIGN_OUT, user=user, request=request)


def on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    event_record(kind=Kind.PASSWORD_CHANGED, user=user, request=request)


def on_authenticator_added(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    event_record(
        kind=Kind.MFA_ENROLLED, user=user, request=request, detail=authenticator.get_type_display()
    )


def on_authenticator_removed(
    sender: Any, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    event_record(
        kind=Kind.MFA_REMOVED, user=user, request=request, detail=authenticator.get_type_display()
    )


def on_groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    """A role group gained or lost members (``role_grant``/``role_revoke``, the admin)."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    kind = Kind.ROLE_GRANTED if action == "post_add" else Kind.ROLE_REVOKED
    if reverse:  # group.user_set.add(...)
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
    else:  # user.groups.add(...)
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    for user, group in pairs:
        if group.name in ROLE_GROUPS:
            event_record(kind=kind, user=user, detail=group.name)


def _membership(appointment: Appointment) -> str:
    with override("en"):
        role = appointment.get_role_display()
    institution = appointment.institution
    return f"member of {institution.country.iso3} ({role}, {institution.acronym or institution})"


def on_appointment_saved(sender: Any, instance: Appointment, created: bool, **kwargs: Any) -> None:
    """A new appointment makes its person a member of the country: a role granted."""
    if created and not kwargs.get("raw"):
        person = instance.person
        event_record(
            kind=Kind.ROLE_GRANTED,
            user=person.user,
            username=person.full_name,
            detail=_membership(instance),
        )


def on_appointment_ended(sender: Any, appointment: Appointment, **kwargs: Any) -> None:
    person = appointment.person
    event_record(
        kind=Kind.ROLE_REVOKED,
        user=person.user,
        username=person.full_name,
        detail=f"{_membership(appointment)}, last day {appointment.end.isoformat()}",
    )
