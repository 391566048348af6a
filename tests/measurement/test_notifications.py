"""Every notification in its recipient's language (through ``gealc.notifications``): composed
once per language of the recipients, whatever language is active when the event happens, and
e-mailed to each recipient."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gealc.measurement import notifications, services
from gealc.measurement.models import Round, Submission, Value
from gealc.network import services as network_services
from gealc.network.models import Appointment, Institution

pytestmark = pytest.mark.django_db


def _member(administrator: User, institution: Institution, user: User, language: str) -> User:
    """Make the user a current delegate at the institution, working in ``language``."""
    person = network_services.person_create(
        actor=administrator,
        given_name=user.username,
        family_name="Member",
        languages=[language],
        user=user,
    )
    network_services.appointment_start(
        actor=administrator,
        person=person,
        institution=institution,
        role=Appointment.Role.DELEGATE,
        start=datetime.date(2022, 3, 1),
    )
    return user


@pytest.fixture
def portuguese_member_ury(
    administrator: User, authority_ury: Institution, make_user: Callable[..., User]
) -> User:
    return _member(administrator, authority_ury, make_user("member_ury_pt"), "pt")


def _by_recipient(outbox: list[Any]) -> dict[str, Any]:
    return {address: message for message in outbox for address in message.to}


def test_a_return_reaches_each_member_in_their_language(
    submitted_ury: Submission,
    reviewer: User,
    member_ury: User,
    portuguese_member_ury: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    english: None,
) -> None:
    """English is active (as after an English page): it decides nothing."""
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(actor=reviewer, submission=submitted_ury, reason="Check it")
    assert len(mailoutbox) == 2
    messages = _by_recipient(mailoutbox)
    spanish = messages["member_ury@example.org"]
    portuguese = messages["member_ury_pt@example.org"]
    assert spanish.subject == "Uruguay, ronda 2025: Devuelto para cambios"
    assert "cambió el informe" in spanish.body
    assert portuguese.subject == "Uruguay, rodada 2025: Devolvido para alterações"
    assert "mudou o relatório" in portuguese.body
    assert "Motivo: Check it" in spanish.body
    assert "Motivo: Check it" in portuguese.body


def test_a_submission_reaches_reviewers_in_theirs_and_accounts_without_person_in_spanish(
    submission_ury: Submission,
    member_ury: User,
    reviewer: User,
    secretariat: User,
    administrator: User,
    fill: Callable[..., list[Value]],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
    english: None,
) -> None:
    network_services.person_update(
        actor=administrator, person=reviewer.person, data={"languages": ["fr"]}
    )
    fill(submission_ury, actor=member_ury)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_submit(actor=member_ury, submission=submission_ury)
    subjects = {address: m.subject for address, m in _by_recipient(mailoutbox).items()}
    assert subjects == {
        "reviewer@example.org": "Uruguay, cycle 2025 : Soumis",
        "secretariat@example.org": "Uruguay, ronda 2025: Enviado",  # no person: site default
    }


def test_a_comment_reaches_the_country_in_each_members_language(
    submitted_ury: Submission,
    reviewer: User,
    member_ury: User,
    portuguese_member_ury: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    value = submitted_ury.values.get(variable__code="procedures_total")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(actor=reviewer, value=value, text="Source?")
    subjects = {address: m.subject for address, m in _by_recipient(mailoutbox).items()}
    assert subjects == {
        "member_ury@example.org": "Uruguay, ronda 2025: comentario sobre procedures_total",
        "member_ury_pt@example.org": "Uruguay, rodada 2025: comentário sobre procedures_total",
    }
    assert all(m.body == "reviewer: Source?" for m in mailoutbox)


def test_reminder_queries_do_not_grow_with_the_recipients(
    open_round: Round,
    member_ury: User,
    administrator: User,
    authority_ury: Institution,
    make_user: Callable[..., User],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    day = open_round.closes_on - datetime.timedelta(days=1)
    with CaptureQueriesContext(connection) as one_recipient:
        assert notifications.round_reminders(day) == 1
    languages = ["es", "pt", "en", "fr"]
    for number in range(30):
        user = make_user(f"member_{number}")
        _member(administrator, authority_ury, user, languages[number % 4])
    with (
        django_capture_on_commit_callbacks(execute=True),
        CaptureQueriesContext(connection) as many_recipients,
    ):
        assert notifications.round_reminders(day) == 31  # one notification per member
    assert len(many_recipients) == len(one_recipient)
    assert all(len(message.to) == 1 for message in mailoutbox)  # one e-mail per member
    sizes = Counter(message.subject.split(":")[0] for message in mailoutbox)
    assert sizes == {"Recordatorio": 9, "Lembrete": 8, "Reminder": 7, "Rappel ": 7}
