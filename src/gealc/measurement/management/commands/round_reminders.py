"""``gealc manage round_reminders [--date YYYY-MM-DD]``: today's deadline reminders (for cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gealc.measurement.tasks import send_round_reminders


class Command(BaseCommand):
    help = "Remind countries of approaching and passed deadlines of open measurement rounds."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        day = date or timezone.localdate()
        result = send_round_reminders.enqueue(day.isoformat())
        self.stdout.write(f"Reminders for {day.isoformat()} queued ({result.id}).")
