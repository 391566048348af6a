"""E-mail on workflow steps and comments, and deadline reminders (locmem outbox)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from gealc.measurement import services
from gealc.measurement.models import Round, Submission
from gealc.measurement.tasks import send_round_reminders
from gealc.network import services as network_services

pytestmark = pytest.mark.django_db


def test_comment_notifies_the_other_side(
    submitted_ury: Submission,
    reviewer: User,
    member_ury: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    value = submitted_ury.values.get(variable__code="procedures_total")
    with django_capture_on_commit_callbacks(execute=True):
        question = services.comment_add(actor=reviewer, value=value, text="Source?")
    assert mailoutbox[-1].to == ["member_ury@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(
            actor=member_ury, value=value, text="The catalogue.", parent_id=question.pk
        )
    assert "reviewer@example.org" in mailoutbox[-1].to
    assert "procedures_total" in mailoutbox[-1].subject


def test_reminders_before_the_deadline_and_when_overdue(
    open_round: Round,
    member_ury: User,
    member_bra: User,
    administrator: User,
    mailoutbox: list[Any],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Each country reads its reminder in its member's language (Brazil's focal point works in
    Portuguese; Uruguay's delegate gave none: the site's Spanish), dates included."""
    network_services.person_update(
        actor=administrator, person=member_bra.person, data={"languages": ["pt"]}
    )
    settings.MEASUREMENT_REMINDER_DAYS = [7]
    closes = open_round.closes_on

    def remind(days: int, command: bool = False) -> None:
        day = (closes + datetime.timedelta(days=days)).isoformat()
        with django_capture_on_commit_callbacks(execute=True):
            if command:
                call_command("round_reminders", "--date", day)
            else:
                send_round_reminders.enqueue(day)

    remind(-6)
    assert mailoutbox == []
    remind(-7)
    assert {m.to[0]: m.subject for m in mailoutbox} == {
        "member_bra@example.org": (
            "Lembrete: Brasil, a rodada 2025 encerra em 31 de dezembro de 2026"
        ),
        "member_ury@example.org": (
            "Recordatorio: Uruguay, la ronda 2025 se cierra el 31 de diciembre de 2026"
        ),
    }
    mailoutbox.clear()
    remind(1, command=True)
    assert {m.to[0]: m.subject for m in mailoutbox} == {
        "member_bra@example.org": "Atrasado: Brasil, rodada 2025",
        "member_ury@example.org": "Plazo vencido: Uruguay, ronda 2025",
    }
    mailoutbox.clear()
    remind(3, command=True)
    assert mailoutbox == []


def test_submitted_countries_are_not_reminded(
    submitted_ury: Submission,
    member_bra: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    closes = submitted_ury.round.closes_on
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_round_reminders.enqueue((closes - datetime.timedelta(days=1)).isoformat())
    assert [m.to for m in mailoutbox] == [["member_bra@example.org"]]
