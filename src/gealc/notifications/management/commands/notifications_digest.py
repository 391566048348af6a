"""``gealc manage notifications_digest --period daily|weekly``: e-mail each person the
notifications waiting for their digest (run daily and weekly from cron; running it twice
sends nothing more)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gealc.notifications.services import DIGEST_PERIODS
from gealc.notifications.tasks import send_digests


class Command(BaseCommand):
    help = "E-mail the daily or weekly digests of notifications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, choices=[str(p) for p in DIGEST_PERIODS])

    def handle(self, *args: Any, period: str, **options: Any) -> None:
        result = send_digests.enqueue(period)
        if result.is_finished:
            self.stdout.write(f"{result.return_value} {period} digest(s) written.")
        else:
            self.stdout.write(f"The {period} digests are queued ({result.id}).")
