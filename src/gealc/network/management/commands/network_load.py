"""``gealc manage network_load [FILE]``: install the network's countries (the shipped
``countries.csv`` by default, or another network's file of the same format) and a national
authority for each country that has none. Idempotent; a bad file changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.network import services


class Command(BaseCommand):
    help = (
        "Install the network's countries from a CSV file (the shipped Red GEALC countries by "
        "default) and a national authority for each; idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            type=Path,
            help="a CSV with the columns of gealc/network/data/countries.csv",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["file"]
        try:
            if path is None:
                loaded = services.countries_load()
            else:
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    loaded = services.countries_load(source=handle)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        except ValidationError as error:
            problems = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"Nothing was loaded; the file has problems:\n{problems}") from None
        self.stdout.write(
            f"{len(loaded.countries)} countries in the file: {loaded.created} created, "
            f"{loaded.updated} updated; {loaded.authorities_created} national authorities "
            "created."
        )
