"""``gealc manage import_uploads_purge [--older-than SECONDS]``: delete unconfirmed import files.

Run daily from cron. The files are deleted here rather than queued as a task so that the
command can say how many went.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gealc.measurement import import_uploads


def _seconds(text: str) -> datetime.timedelta:
    try:
        seconds = int(text)
    except ValueError:
        seconds = -1
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of seconds ≥ 0, not {text!r}")
    return datetime.timedelta(seconds=seconds)


class Command(BaseCommand):
    help = "Delete checked import files that were never confirmed and can no longer be."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=_seconds,
            default=None,
            metavar="SECONDS",
            help=(
                "Delete files older than this (default: "
                f"{import_uploads.IMPORT_MAX_AGE}, how long a checked file can be confirmed)."
            ),
        )

    def handle(self, *args: Any, older_than: datetime.timedelta | None, **options: Any) -> None:
        removed = import_uploads.import_uploads_purge(older_than=older_than)
        self.stdout.write(f"{removed} unconfirmed import file(s) deleted.")
