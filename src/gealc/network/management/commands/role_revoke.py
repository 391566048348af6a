"""``gealc manage role_revoke USER ROLE [--country ISO3] --actor ADMIN``: take a role away."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser

from gealc.network import services
from gealc.network.management.commands.role_grant import (
    add_role_arguments,
    refusal,
    role_objects,
)


class Command(BaseCommand):
    help = "Take a role from a user (a member's appointments in the country end)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_role_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user, actor, country = role_objects(options)
        try:
            revoked = services.role_revoke(
                actor=actor, user=user, role=options["role"], country=country
            )
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from None
        where = f" of {country.iso3}" if country else ""
        done = "no longer has" if revoked else "did not have"
        self.stdout.write(f"{user.username} {done} the role {options['role']}{where}.")
