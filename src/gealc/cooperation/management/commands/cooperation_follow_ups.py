"""``gealc manage cooperation_follow_ups``: remind the exchanges carried out six months ago
to answer the follow-up (run daily from cron; a request is reminded once)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gealc.cooperation.tasks import send_follow_up_reminders


class Command(BaseCommand):
    help = "Queue the six-month follow-up reminders of cooperation exchanges."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_follow_up_reminders.enqueue()
        if result.is_finished:
            self.stdout.write(f"{result.return_value} request(s) reminded.")
        else:
            self.stdout.write(f"The reminders are queued ({result.id}).")
