"""One notification service for every app: in-app notifications and the e-mails that carry
them, each person choosing per kind (``kinds``) between an e-mail at once, a daily or weekly
digest, or none.

- ``notify`` writes each recipient's notification in their language (the first language of
  their person in the directory, else the site's default), and, for those who want it at
  once, an e-mail ``Delivery`` sent by the ``deliver`` task after the transaction commits (a
  rolled-back change tells nobody anything);
- ``digests_send`` gathers the notifications waiting for a daily or weekly digest into one
  e-mail per person;
- ``delivery_send`` (the task's body) sends a delivery once: a delivery already sent, or being
  sent by another worker, is left alone; a failure is recorded and retried later
  (``deliveries_retry``, and at once with a growing delay when the task backend can defer);
  the secretariat sees the deliveries that failed and can retry one.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.core import l10n
from gealc.core.types import AnyUser
from gealc.network.models import Person
from gealc.network.selectors import person_language, users_languages
from gealc.notifications import kinds, selectors
from gealc.notifications.kinds import Frequency
from gealc.notifications.models import Delivery, Notification, Preference

logger = logging.getLogger(__name__)

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)
DEFAULT_MAX_ATTEMPTS = 5
# A delivery claimed by a worker that has not finished this long after is taken to have died.
SENDING_STALE_AFTER = datetime.timedelta(minutes=15)
DIGEST_PERIODS = (Frequency.DAILY, Frequency.WEEKLY)


@dataclass(frozen=True)
class Message:
    """What a notification says, composed in the recipient's language; ``link`` is a path on
    this site (built with ``reverse`` while that language is active)."""

    subject: str
    body: str = ""
    link: str = ""


Compose = Callable[[], Message]


@dataclass(frozen=True)
class Address:
    """A recipient known only by an e-mail address and a language: someone invited who has
    no account yet, or an address chosen for one message (an invitation's). They get the
    e-mail only, at once (there is no one to show an in-app notification to, nor any
    preference to read); ``key`` names the message so that it is written once, however
    often ``notify`` is called for it."""

    email: str
    language: str
    key: str


@contextmanager
def muted() -> Iterator[None]:
    """Tell nobody anything inside the block (loading demo data must not notify anyone)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


# Telling people ----------------------------------------------------------------------------


def notify(
    *, kind: str, recipients: Iterable[User | Person | Address], compose: Compose
) -> list[Notification]:
    """Tell the recipients something of this kind; returns the notifications written.

    A user gets an in-app notification and e-mail as they chose for the kind; a person of the
    directory without an account, or an ``Address``, gets the e-mail at once. Inactive
    accounts get nothing, and an address gets one e-mail however many recipients share it.
    """
    kinds.get(kind)  # an unknown kind is a programming error: fail before writing anything
    if _muted.get():
        return []
    recipients = list(recipients)
    by_address = [recipient for recipient in recipients if isinstance(recipient, Address)]
    users, people, addresses = _split(
        recipient for recipient in recipients if not isinstance(recipient, Address)
    )
    texts = _Texts(compose)
    languages = users_languages(users)
    frequencies = selectors.frequencies_of(users, kind)
    notifications = Notification.objects.bulk_create(
        [
            _notification(user, kind, languages[user.pk], texts, frequencies[user.pk])
            for user in users
        ]
    )
    emailed: set[str] = set()
    immediate = [
        notification
        for notification in notifications
        if notification.frequency == Frequency.IMMEDIATE
        and _first(addresses[notification.recipient_id], emailed)
    ]
    deliveries = Delivery.objects.bulk_create(
        [
            _delivery(
                key=f"notification-{notification.pk}",
                recipient=notification.recipient,
                address=addresses[notification.recipient_id],
                language=notification.language,
                message=texts.of(notification.language),
            )
            for notification in immediate
        ]
    )
    for notification, delivery in zip(immediate, deliveries, strict=True):
        notification.email = delivery
    Notification.objects.bulk_update(immediate, ["email"])
    deliveries += _person_deliveries(kind, people, texts, emailed)
    deliveries += _address_deliveries(by_address, texts, emailed)
    _enqueue_after_commit(deliveries)
    return notifications


def _notification(
    user: User, kind: str, language: str, texts: _Texts, frequency: str
) -> Notification:
    message = texts.of(language)
    return Notification(
        recipient=user,
        kind=kind,
        subject=message.subject,
        body=message.body,
        link=message.link,
        language=language,
        frequency=frequency,
    )


def _person_deliveries(
    kind: str, people: list[Person], texts: _Texts, emailed: set[str]
) -> list[Delivery]:
    """E-mails at once to persons of the directory without an account."""
    deliveries = []
    for person in people:
        if _first(person.email, emailed):
            language = person_language(person)
            deliveries.append(
                _delivery(
                    key=f"{kind}-person-{person.pk}-{uuid.uuid4().hex}",
                    recipient=None,
                    address=person.email,
                    language=language,
                    message=texts.of(language),
                )
            )
    return Delivery.objects.bulk_create(deliveries)


def _address_deliveries(
    recipients: list[Address], texts: _Texts, emailed: set[str]
) -> list[Delivery]:
    """E-mails at once to bare addresses; a key already written is not written again."""
    known = set(
        Delivery.objects.filter(key__in=[recipient.key for recipient in recipients]).values_list(
            "key", flat=True
        )
    )
    deliveries = [
        _delivery(
            key=recipient.key,
            recipient=None,
            address=recipient.email,
            language=recipient.language,
            message=texts.of(recipient.language),
            with_preferences=False,
        )
        for recipient in recipients
        if recipient.key not in known and _first(recipient.email, emailed)
    ]
    return Delivery.objects.bulk_create(deliveries)


class _Texts:
    """The message composed once per language, while that language is active."""

    def __init__(self, compose: Compose) -> None:
        self._compose = compose
        self._by_language: dict[str, Message] = {}

    def of(self, language: str) -> Message:
        if language not in self._by_language:
            with translation.override(language):
                message = self._compose()
            self._by_language[language] = Message(
                subject=str(message.subject)[:300], body=str(message.body), link=message.link
            )
        return self._by_language[language]


def _split(
    recipients: Iterable[User | Person],
) -> tuple[list[User], list[Person], dict[int, str]]:
    """Active users (a person with an account counts as that user) and persons without an
    account, each once, in a stable order; and each user's address: the person's e-mail in
    the directory when the person was named, else the account's."""
    users: dict[int, User] = {}
    people: dict[int, Person] = {}
    addresses: dict[int, str] = {}
    for recipient in recipients:
        if isinstance(recipient, Person) and recipient.user_id:
            if recipient.email and recipient.user.is_active:
                addresses.setdefault(recipient.user_id, recipient.email)
            recipient = recipient.user
        if isinstance(recipient, User):
            if recipient.is_active:
                users.setdefault(recipient.pk, recipient)
                addresses.setdefault(recipient.pk, recipient.email)
        elif isinstance(recipient, Person):
            people.setdefault(recipient.pk, recipient)
    return (
        sorted(users.values(), key=lambda user: user.pk),
        sorted(people.values(), key=lambda person: person.pk),
        addresses,
    )


def _first(address: str, seen: set[str]) -> bool:
    """Whether this address is not empty and not yet e-mailed in this call (and mark it)."""
    address = address.strip().lower()
    if not address or address in seen:
        return False
    seen.add(address)
    return True


def _email_body(message: Message, language: str, *, with_preferences: bool = True) -> str:
    """The e-mail's text: the body, then the full address of the link and (for a reader who
    has preferences) of the preferences when the site's address is known (``SITE_URL``)."""
    parts = [message.body] if message.body else []
    site = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    if site and message.link:
        parts.append(site + message.link)
    if site and with_preferences:
        with translation.override(language):
            parts.append(
                _("Choose which e-mails you receive: %(address)s")
                % {"address": site + reverse("notification_preferences")}
            )
    return "\n\n".join(parts)


def _delivery(
    *,
    key: str,
    recipient: User | None,
    address: str,
    language: str,
    message: Message,
    with_preferences: bool = True,
) -> Delivery:
    return Delivery(
        key=key,
        recipient=recipient,
        address=address,
        language=language,
        subject=message.subject,
        body=_email_body(message, language, with_preferences=with_preferences),
    )


def _enqueue_after_commit(deliveries: list[Delivery]) -> None:
    if not deliveries:
        return
    ids = [delivery.pk for delivery in deliveries]

    def enqueue() -> None:
        from gealc.notifications.tasks import deliver

        for pk in ids:
            deliver.enqueue(pk)

    transaction.on_commit(enqueue)


# Sending -----------------------------------------------------------------------------------


def delivery_send(*, delivery_id: int, now: datetime.datetime | None = None) -> str:
    """Send one delivery unless it is sent or being sent; returns ``sent``, ``failed`` or
    ``skipped``. The claim (``sending``) is committed before the mail server is called, so a
    second worker given the same delivery skips it."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or not _sendable(delivery, now):
            return "skipped"
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.save(update_fields=["status", "attempts", "last_attempt_at"])
    try:
        _email(delivery).send(fail_silently=False)
    except Exception as error:  # whatever the mail backend raises, the delivery records it
        logger.warning("E-mail delivery %s failed: %s", delivery.pk, error)
        delivery.status = Delivery.Status.FAILED
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        delivery.save(update_fields=["status", "last_error"])
        _retry_later(delivery, now)
        return "failed"
    delivery.status = Delivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.last_error = ""
    delivery.save(update_fields=["status", "sent_at", "last_error"])
    return "sent"


def _sendable(delivery: Delivery, now: datetime.datetime) -> bool:
    if delivery.status == Delivery.Status.SENT:
        return False
    if delivery.status == Delivery.Status.SENDING:
        claimed = delivery.last_attempt_at
        return claimed is None or now - claimed > SENDING_STALE_AFTER
    return True


def _email(delivery: Delivery) -> EmailMessage:
    return EmailMessage(
        subject=delivery.subject,
        body=delivery.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        headers={"Content-Language": delivery.language},
    )


def _retry_later(delivery: Delivery, now: datetime.datetime) -> None:
    """With a task backend that can defer, try again after 5, 10, 20 … minutes; otherwise
    ``deliveries_retry`` (the ``notifications_retry`` command) picks it up."""
    from gealc.notifications.tasks import deliver

    if delivery.attempts >= max_attempts() or not deliver.get_backend().supports_defer:
        return
    delay = datetime.timedelta(minutes=5 * 2 ** (delivery.attempts - 1))
    deliver.using(run_after=now + delay).enqueue(delivery.pk)


def deliveries_retry(*, now: datetime.datetime | None = None) -> int:
    """Queue again the failed deliveries with attempts left, and those a dead worker left
    half-sent; returns how many were queued."""
    now = now or timezone.now()
    failed = Q(status=Delivery.Status.FAILED, attempts__lt=max_attempts())
    stale = Q(status=Delivery.Status.SENDING, last_attempt_at__lt=now - SENDING_STALE_AFTER)
    deliveries = list(Delivery.objects.filter(failed | stale).order_by("pk"))
    _enqueue_after_commit(deliveries)
    return len(deliveries)


def delivery_retry(*, actor: AnyUser, delivery: Delivery) -> None:
    """The secretariat sends a failed delivery again (whatever its number of attempts)."""
    if not actor.has_perm("notifications.retry_delivery", delivery):
        raise PermissionDenied(_("You are not allowed to make this change."))
    if delivery.status != Delivery.Status.FAILED:
        raise ValidationError(_("Only an e-mail that failed can be sent again."))
    _enqueue_after_commit([delivery])


# Digests -----------------------------------------------------------------------------------


def digests_send(*, period: str, now: datetime.datetime | None = None) -> int:
    """One e-mail per person gathering their notifications waiting for this period's digest;
    returns how many digests were written. Running it twice sends nothing more: a gathered
    notification points to its digest, and a digest's key is unique."""
    if period not in DIGEST_PERIODS:
        raise ValidationError(
            {"period": _("Choose “daily” or “weekly”, not “%(value)s”.") % {"value": period}}
        )
    waiting = selectors.notifications_waiting_for_digest(period)
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.recipient_id, []).append(notification)
    users = {user.pk: user for user in User.objects.filter(pk__in=by_user)}
    languages = users_languages(users.values())
    sent = 0
    for user_id, notifications in by_user.items():
        sent += _digest_create(users[user_id], languages[user_id], period, notifications, now)
    return sent


def _digest_create(
    user: User,
    language: str,
    period: str,
    notifications: list[Notification],
    now: datetime.datetime | None,
) -> int:
    with translation.override(language):
        message = _digest_text(period, notifications, now or timezone.now())
    key = f"digest-{period}-{user.pk}-{notifications[-1].pk}"
    try:
        with transaction.atomic():
            delivery = _delivery(
                key=key, recipient=user, address=user.email, language=language, message=message
            )
            delivery.save(force_insert=True)
            ids = [notification.pk for notification in notifications]
            Notification.objects.filter(pk__in=ids, email__isnull=True).update(email=delivery)
    except IntegrityError:  # another run wrote this digest first
        return 0
    _enqueue_after_commit([delivery])
    return 1


def _digest_text(period: str, notifications: list[Notification], now: datetime.datetime) -> Message:
    count = len(notifications)
    if period == Frequency.DAILY:
        subject = ngettext(
            "Your daily summary: %(count)d notification",
            "Your daily summary: %(count)d notifications",
            count,
        )
    else:
        subject = ngettext(
            "Your weekly summary: %(count)d notification",
            "Your weekly summary: %(count)d notifications",
            count,
        )
    lines = []
    for notification in notifications:
        when = l10n.format_date(notification.created_at)
        lines.append(f"• {when} — {notification.subject}")
        if notification.body:
            lines.append("  " + notification.body.replace("\n", "\n  "))
    heading = _("What happened on GEALC Hub until %(date)s:") % {"date": l10n.format_date(now)}
    return Message(
        subject=subject % {"count": count},
        body=heading + "\n\n" + "\n\n".join(lines),
        link=reverse("notification_list"),
    )


# Reading and choosing ----------------------------------------------------------------------


def notification_mark_read(*, actor: AnyUser, notification: Notification) -> Notification:
    if not actor.has_perm("notifications.change_notification", notification):
        raise PermissionDenied(_("You are not allowed to make this change."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: AnyUser) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("You are not allowed to make this change."))
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preferences_set(*, actor: AnyUser, choices: Mapping[str, str]) -> None:
    """Record the actor's e-mail choice per kind; an unknown kind or choice changes nothing."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("You are not allowed to make this change."))
    known = {kind.code for kind in kinds.all_kinds()}
    errors = {}
    for code, frequency in choices.items():
        if code not in known:
            errors[code] = _("There is no notification of the kind “%(kind)s”.") % {"kind": code}
        elif frequency not in Frequency.values:
            errors[code] = _("“%(value)s” is not one of the choices.") % {"value": frequency}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for code, frequency in choices.items():
            Preference.objects.update_or_create(
                user=actor, kind=code, defaults={"frequency": frequency}
            )
