"""Reads of notifications, preferences and deliveries for the pages and the services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from gealc.core.types import AnyUser
from gealc.notifications import kinds
from gealc.notifications.models import Delivery, Notification, Preference


def unread_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(user: AnyUser, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody else's, whoever asks)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def notification_get_own(pk: int, user: AnyUser) -> Notification:
    """The user's notification; another person's is "not found", as if it did not exist."""
    notification = notification_list(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def frequencies_of(users: Iterable[User], kind: str) -> dict[int, str]:
    """How each user wants this kind by e-mail (their preference, else the kind's default)."""
    ids = [user.pk for user in users]
    chosen = dict(
        Preference.objects.filter(user__in=ids, kind=kind).values_list("user_id", "frequency")
    )
    default = kinds.get(kind).default
    return {pk: chosen.get(pk, default) for pk in ids}


@dataclass(frozen=True)
class KindPreference:
    kind: kinds.Kind
    frequency: str


def preferences_of(user: User) -> list[KindPreference]:
    """Every registered kind with the user's choice for it."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [
        KindPreference(kind=kind, frequency=chosen.get(kind.code, kind.default))
        for kind in kinds.all_kinds()
    ]


def notifications_waiting_for_digest(period: str) -> QuerySet[Notification]:
    """Notifications of people who want this period's digest, not yet e-mailed, oldest first
    (accounts without an address or no longer active are left out)."""
    return (
        Notification.objects.filter(frequency=period, email__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .order_by("recipient_id", "created_at", "pk")
    )


def failed_deliveries() -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=Delivery.Status.FAILED).order_by(
        "-last_attempt_at", "-pk"
    )
