"""The notification service: in-app and e-mail per each person's choice for the kind, in their
language; e-mails sent once, retried after a failure; digests gathered per person."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gealc.network.models import Person
from gealc.notifications import services
from gealc.notifications.kinds import Frequency
from gealc.notifications.models import Delivery, Notification, Preference
from gealc.notifications.tasks import deliver

from .conftest import FAILING_BACKEND, OTHER_KIND, TEST_KIND, speaking

pytestmark = pytest.mark.django_db

Tell = Callable[..., list[Notification]]


def test_each_recipient_gets_a_notification_and_an_email_in_their_language(
    member_ury: User,
    member_bra: User,
    administrator: User,
    tell: Tell,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    english: None,
) -> None:
    """English is active (as after an English page): it decides nothing."""
    speaking(administrator, member_bra, "pt")
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury, member_bra], reason="Fonte")
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert bodies["member_ury@example.org"].startswith("Motivo: Fonte")  # site default: es
    assert bodies["member_bra@example.org"].startswith("Motivo: Fonte")
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mailoutbox}
    assert languages == {"member_ury@example.org": "es", "member_bra@example.org": "pt"}
    stored = {n.recipient: n.language for n in Notification.objects.all()}
    assert stored == {member_ury: "es", member_bra: "pt"}
    assert all(n.read_at is None for n in Notification.objects.all())


def test_the_body_is_composed_in_each_language(
    member_ury: User,
    member_bra: User,
    administrator: User,
    tell: Tell,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    speaking(administrator, member_ury, "en")
    speaking(administrator, member_bra, "fr")
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury, member_bra], reason="x")
    bodies = {message.to[0]: message.body.split("\n")[0] for message in mailoutbox}
    assert bodies["member_ury@example.org"] == "Reason: x"
    assert bodies["member_bra@example.org"] != "Reason: x"  # French, not the English msgid
    assert bodies["member_bra@example.org"].endswith("x")


@pytest.mark.parametrize(
    ("frequency", "emailed_at_once"),
    [
        (Frequency.IMMEDIATE, True),
        (Frequency.DAILY, False),
        (Frequency.WEEKLY, False),
        (Frequency.NEVER, False),
    ],
)
def test_the_choice_for_a_kind_decides_the_email_and_not_the_in_app_notification(
    member_ury: User,
    tell: Tell,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    frequency: str,
    emailed_at_once: bool,
) -> None:
    services.preferences_set(actor=member_ury, choices={TEST_KIND.code: frequency})
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury])
        tell([member_ury], kind=OTHER_KIND.code)  # untouched: its default, a daily digest
    assert len(mailoutbox) == (1 if emailed_at_once else 0)
    assert member_ury.notifications.count() == 2
    assert member_ury.notifications.get(kind=TEST_KIND.code).frequency == frequency
    assert member_ury.notifications.get(kind=OTHER_KIND.code).frequency == Frequency.DAILY


def test_a_person_without_an_account_is_emailed_and_inactive_accounts_get_nothing(
    member_ury: User,
    administrator: User,
    make_user: Callable[..., User],
    tell: Tell,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = Person.objects.create(given_name="Sin", family_name="Cuenta", email="sin@example.org")
    gone = make_user("gone")
    gone.is_active = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        written = tell([member_ury, member_ury.person, person, gone])
    assert [n.recipient for n in written] == [member_ury]  # the person with an account once
    assert sorted(m.to[0] for m in mailoutbox) == ["member_ury@example.org", "sin@example.org"]


def test_muted_tells_nobody(member_ury: User, tell: Tell) -> None:
    with services.muted():
        assert tell([member_ury]) == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()


def test_an_unknown_kind_is_refused_before_anything_is_written(member_ury: User) -> None:
    with pytest.raises(KeyError):
        services.notify(
            kind="no_such_kind", recipients=[member_ury], compose=lambda: services.Message("x")
        )
    assert not Notification.objects.exists()


def test_a_rolled_back_change_sends_nothing(
    member_ury: User, tell: Tell, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        tell([member_ury])
        transaction.set_rollback(True)
    assert mailoutbox == []
    assert not Notification.objects.exists()


# Sending once, retrying --------------------------------------------------------------------


def test_a_delivery_is_sent_once_however_often_the_task_runs(
    member_ury: User, tell: Tell, mailoutbox: list[Any]
) -> None:
    tell([member_ury])  # outside the capture: the task is not run yet
    delivery = Delivery.objects.get()
    assert deliver.enqueue(delivery.pk).return_value == "sent"
    assert deliver.enqueue(delivery.pk).return_value == "skipped"
    assert services.delivery_send(delivery_id=delivery.pk) == "skipped"
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 1


def test_a_delivery_claimed_by_another_worker_is_left_to_it(
    member_ury: User, tell: Tell, mailoutbox: list[Any]
) -> None:
    tell([member_ury])
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, last_attempt_at=timezone.now()
    )
    assert services.delivery_send(delivery_id=delivery.pk) == "skipped"
    later = timezone.now() + services.SENDING_STALE_AFTER + datetime.timedelta(minutes=1)
    assert services.delivery_send(delivery_id=delivery.pk, now=later) == "sent"  # it died
    assert len(mailoutbox) == 1


def test_a_failed_send_is_recorded_retried_and_then_sent(
    member_ury: User,
    tell: Tell,
    settings: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury])
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 1
    assert "451 try again later" in delivery.last_error
    assert member_ury.notifications.count() == 1  # the in-app notification stands

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry() == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.attempts == 2
    assert delivery.last_error == ""
    assert [m.to for m in mailoutbox] == [["member_ury@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry() == 0  # nothing left to retry


def test_retries_stop_after_the_last_attempt_but_the_secretariat_can_send_again(
    member_ury: User,
    secretariat: User,
    tell: Tell,
    settings: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = FAILING_BACKEND
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury])
    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_retry()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_retry() == 0
    with pytest.raises(PermissionDenied):
        services.delivery_retry(actor=member_ury, delivery=delivery)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(actor=secretariat, delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    with pytest.raises(ValidationError):
        services.delivery_retry(actor=secretariat, delivery=delivery)  # sent: nothing to retry
    assert len(mailoutbox) == 1


# Digests -----------------------------------------------------------------------------------


def test_a_daily_digest_gathers_each_persons_waiting_notifications_once(
    member_ury: User,
    member_bra: User,
    administrator: User,
    tell: Tell,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    speaking(administrator, member_bra, "pt")
    for user in (member_ury, member_bra):
        services.preferences_set(actor=user, choices={TEST_KIND.code: Frequency.DAILY})
    services.preferences_set(actor=member_bra, choices={OTHER_KIND.code: Frequency.WEEKLY})
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury, member_bra], reason="one")
        tell([member_ury], reason="two")
        tell([member_bra], reason="weekly", kind=OTHER_KIND.code)
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(period="daily") == 2
    digests = {message.to[0]: message for message in mailoutbox}
    assert set(digests) == {"member_ury@example.org", "member_bra@example.org"}
    ury = digests["member_ury@example.org"]
    assert "Subject one" in ury.body
    assert "Subject two" in ury.body
    assert "2" in ury.subject
    bra = digests["member_bra@example.org"]
    assert "Subject one" in bra.body
    assert "Subject weekly" not in bra.body
    assert bra.extra_headers["Content-Language"] == "pt"

    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(period="daily") == 0  # run twice: nothing more
        assert services.digests_send(period="weekly") == 1
    assert len(mailoutbox) == 3
    assert "Subject weekly" in mailoutbox[-1].body


def test_the_digest_command_and_a_bad_period(
    member_ury: User,
    tell: Tell,
    mailoutbox: list[Any],
    capsys: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.preferences_set(actor=member_ury, choices={TEST_KIND.code: Frequency.WEEKLY})
    tell([member_ury])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifications_digest", "--period", "weekly")
    assert "1 weekly digest(s) written." in capsys.readouterr().out
    assert len(mailoutbox) == 1
    with pytest.raises(ValidationError) as refused:
        services.digests_send(period="hourly")
    assert "period" in refused.value.message_dict


# Reading and choosing ----------------------------------------------------------------------


def test_only_the_recipient_marks_a_notification_read(
    member_ury: User, member_bra: User, tell: Tell
) -> None:
    first, _second = tell([member_ury]) + tell([member_ury])
    with pytest.raises(PermissionDenied):
        services.notification_mark_read(actor=member_bra, notification=first)
    services.notification_mark_read(actor=member_ury, notification=first)
    first.refresh_from_db()
    assert first.read_at is not None
    tell([member_bra])
    assert services.notifications_mark_all_read(actor=member_ury) == 1
    assert member_bra.notifications.filter(read_at__isnull=True).count() == 1


def test_bad_preferences_change_nothing(member_ury: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.preferences_set(
            actor=member_ury,
            choices={
                TEST_KIND.code: Frequency.NEVER,
                "nonsense": "daily",
                OTHER_KIND.code: "hourly",
            },
        )
    assert set(refused.value.message_dict) == {"nonsense", OTHER_KIND.code}
    assert not Preference.objects.exists()
