"""Background work of measurement rounds (django-tasks): deadline reminders.

With the immediate backend (the default) a task runs at once; in production the database
backend runs it in a worker. Notifications and their e-mails go through ``gealc.notifications``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task


@task()
def send_round_reminders(today: str | None = None) -> int:
    """Remind countries of an approaching deadline and of overdue submissions."""
    from gealc.measurement import notifications

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return notifications.round_reminders(day)
