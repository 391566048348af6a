"""``gealc manage notifications_retry``: send again the e-mails that failed and have attempts
left (run every few minutes from cron when the task backend cannot defer a retry)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gealc.notifications.tasks import retry_deliveries


class Command(BaseCommand):
    help = "Queue again the notification e-mails that failed."

    def handle(self, *args: Any, **options: Any) -> None:
        result = retry_deliveries.enqueue()
        if result.is_finished:
            self.stdout.write(f"{result.return_value} e-mail(s) queued again.")
        else:
            self.stdout.write(f"The retry is queued ({result.id}).")
