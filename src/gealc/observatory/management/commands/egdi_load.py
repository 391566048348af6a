"""``gealc manage egdi_load [FILE]``: load the UN EGDI benchmark (the shipped file by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.observatory.services import egdi_load


class Command(BaseCommand):
    help = "Load the UN E-Government Development Index 2014-2024 (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="a CSV in the shipped format")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        if path is not None and not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            count = egdi_load(path=path)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Loaded {count} UN EGDI values.")
