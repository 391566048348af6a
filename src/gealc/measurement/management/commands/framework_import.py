"""``gealc manage framework_import FILE``: install a framework version from its YAML document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.measurement import services


class Command(BaseCommand):
    help = "Import a measurement framework version (YAML document) as the first superuser."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--demo", action="store_true", help="Mark it as demo data.")

    def handle(self, *args: Any, file: Path, demo: bool, **options: Any) -> None:
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("Create a superuser first (gealc manage createsuperuser).")
        try:
            text = file.read_text(encoding="utf-8")
            version = services.framework_import(actor=actor, document=text, is_demo=demo)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ValidationError as error:
            problems = "\n".join(
                f"  {path}: {' '.join(messages)}" for path, messages in error.message_dict.items()
            )
            raise CommandError(f"{file} is not a valid framework document:\n{problems}") from error
        self.stdout.write(self.style.SUCCESS(f"Imported {version}."))
