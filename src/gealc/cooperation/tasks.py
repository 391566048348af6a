"""Background work of cooperation (django-tasks): the six-month follow-up reminders."""

from __future__ import annotations

from django_tasks import task


@task()
def send_follow_up_reminders() -> int:
    """Remind the exchanges carried out six months ago; returns how many were reminded."""
    from gealc.cooperation import services

    return services.follow_up_reminders_send()
