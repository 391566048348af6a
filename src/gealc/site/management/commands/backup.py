from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.site.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write every row of every model and every uploaded file to a zip archive "
        "(sessions and login-throttling records are left out)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the archive to write, e.g. gealc-backup.zip")
        parser.add_argument(
            "--overwrite", action="store_true", help="replace FILE if it already exists"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_write(path=options["file"], overwrite=options["overwrite"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.rows} rows of {summary.models} tables and "
            f"{summary.files} files to {summary.path}."
        )
