from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.site.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `gealc backup` into an empty, migrated database "
        "and an empty file storage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive written by `gealc backup`")
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="restore even if the manifest's signature is missing or was made with another "
            "key (GEALC_BACKUP_KEY): only for an archive whose origin you know",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(path=options["file"], trust_unsigned=options["trust_unsigned"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.rows} rows of {summary.models} tables and {summary.files} "
            f"files from {summary.path} (written {summary.created_at})."
        )
