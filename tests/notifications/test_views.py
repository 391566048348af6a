"""The pages: each person sees and marks only their own notifications and chooses their own
e-mails; only the secretariat sees and retries the e-mails that failed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gealc.notifications import kinds
from gealc.notifications.models import Delivery, Notification, Preference

from .conftest import FAILING_BACKEND, TEST_KIND

pytestmark = pytest.mark.django_db

Tell = Callable[..., list[Notification]]


def _client(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_shows_only_my_notifications_and_the_header_counts_them(
    member_ury: User, member_bra: User, tell: Tell
) -> None:
    tell([member_ury], reason="mine")
    tell([member_bra], reason="theirs")
    page = _client(member_ury).get("/en/notifications/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Subject mine" in html
    assert "Subject theirs" not in html
    assert 'class="notifications-link"' in html
    assert '1<span class="visually-hidden"> unread' in html


@pytest.mark.parametrize(
    "address",
    ["/en/notifications/", "/en/notifications/preferences/", "/en/notifications/failed/"],
)
def test_anonymous_visitors_are_sent_to_sign_in(address: str) -> None:
    response = _client(None).get(address)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_marking_another_persons_notification_is_not_found_and_changes_nothing(
    member_ury: User, member_bra: User, tell: Tell
) -> None:
    [theirs] = tell([member_bra])
    response = _client(member_ury).post(f"/en/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_one_and_all_read(member_ury: User, member_bra: User, tell: Tell) -> None:
    first, _second, _third = tell([member_ury]) + tell([member_ury]) + tell([member_ury])
    [theirs] = tell([member_bra])
    client = _client(member_ury)
    assert client.post(f"/en/notifications/{first.pk}/read/").status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(f"/en/notifications/{first.pk}/read/").status_code == 405
    unread = client.get("/en/notifications/?show=unread").content.decode()
    assert unread.count('class="notification unread"') == 2
    assert client.post("/en/notifications/read-all/").status_code == 302
    assert not member_ury.notifications.filter(read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_are_saved_and_a_bad_choice_changes_nothing(member_ury: User) -> None:
    client = _client(member_ury)
    page = client.get("/en/notifications/preferences/")
    assert page.status_code == 200
    assert "A test notification" in page.content.decode()

    refused = client.post("/en/notifications/preferences/", {TEST_KIND.code: "hourly"})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    assert not Preference.objects.exists()

    every_kind = {kind.code: kind.default for kind in kinds.all_kinds()}
    saved = client.post("/en/notifications/preferences/", {**every_kind, TEST_KIND.code: "weekly"})
    assert saved.status_code == 302
    assert Preference.objects.get(user=member_ury, kind=TEST_KIND.code).frequency == "weekly"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("stakeholder", 403),
        ("member_own", 403),
        ("reviewer", 403),
        ("secretariat", 200),
        ("administrator", 200),
    ],
)
def test_only_the_secretariat_sees_and_retries_failed_emails(
    users_by_role: dict[str, Any],
    member_ury: User,
    tell: Tell,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    role: str,
    status: int,
) -> None:
    settings.EMAIL_BACKEND = FAILING_BACKEND
    with django_capture_on_commit_callbacks(execute=True):
        tell([member_ury])
    delivery = Delivery.objects.get()
    client = _client(users_by_role[role])
    page = client.get("/en/notifications/failed/")
    assert page.status_code == status
    if status == 200:
        assert "member_ury@example.org" in page.content.decode()
        assert "451 try again later" in page.content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"/en/notifications/failed/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    if status == 200:
        assert retried.status_code == 302
        assert delivery.status == Delivery.Status.SENT
    else:
        assert retried.status_code == 403
        assert delivery.status == Delivery.Status.FAILED
