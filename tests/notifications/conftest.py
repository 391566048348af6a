"""Notification fixtures, built through the real services.

The network fixtures of ``tests/network/conftest.py`` are available too: ``member_ury``
(delegate of Uruguay, account e-mail ``member_ury@example.org``), ``member_bra``,
``secretariat``, ``reviewer``, ``stakeholder``, ``administrator``, ``make_user`` …

``TEST_KIND`` ("test_kind", e-mailed at once by default) is registered for every test;
``tell(users, reason)`` notifies users of it with a message whose body is an already
translated sentence ("Reason: %(reason)s"), so the language of each copy can be checked.
``FailingBackend`` is a mail server that refuses every message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from smtplib import SMTPException
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.translation import gettext as _

from gealc.network import services as network_services
from gealc.notifications import kinds
from gealc.notifications.models import Notification
from gealc.notifications.services import Message, notify
from tests.network.conftest import *  # noqa: F403  (network fixtures for notification tests)

TEST_KIND = kinds.Kind("test_kind", "A test notification")
OTHER_KIND = kinds.Kind("other_kind", "Another test notification", kinds.Frequency.DAILY)
FAILING_BACKEND = "tests.notifications.conftest.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise SMTPException("451 try again later")


@pytest.fixture(autouse=True)
def _test_kinds() -> Iterator[None]:
    kinds.register(TEST_KIND, OTHER_KIND)
    yield
    kinds._registry.pop(TEST_KIND.code, None)
    kinds._registry.pop(OTHER_KIND.code, None)


def speaking(administrator: User, user: User, language: str) -> User:
    """Give the user a person of the directory who works in ``language``."""
    person = getattr(user, "person", None)
    if person is None:
        network_services.person_create(
            actor=administrator,
            given_name=user.username,
            family_name="Test",
            languages=[language],
            user=user,
        )
    else:
        network_services.person_update(
            actor=administrator, person=person, data={"languages": [language]}
        )
    user.refresh_from_db()
    return user


@pytest.fixture
def tell() -> Callable[..., list[Notification]]:
    def tell(
        users: Iterable[Any], reason: str = "check", kind: str = TEST_KIND.code
    ) -> list[Notification]:
        return notify(
            kind=kind,
            recipients=users,
            compose=lambda: Message(
                subject=f"Subject {reason}",
                body=_("Reason: %(reason)s") % {"reason": reason},
                link="/es/notifications/",
            ),
        )

    return tell
