"""``gealc manage role_grant USER ROLE [--country ISO3] --actor ADMIN``: give a role, for
scripted set-ups (the pages do the same through the same service)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.network import services
from gealc.network.models import Appointment, Country


def add_role_arguments(parser: CommandParser) -> None:
    parser.add_argument("username", help="the user who gets or loses the role")
    parser.add_argument("role", choices=services.ROLES)
    parser.add_argument("--country", help="ISO3 code of the country (the member role only)")
    parser.add_argument(
        "--actor", required=True, help="who does it: an administrator, or the secretariat"
    )


def role_objects(options: dict[str, Any]) -> tuple[User, User, Country | None]:
    """The user, the actor and the country the options name, or a CommandError saying which
    one does not exist."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[options["username"], options["actor"]])
    }
    for option in ("username", "actor"):
        if options[option] not in users:
            raise CommandError(f"No user named “{options[option]}” ({option}).")
    country = None
    if options["country"]:
        country = Country.objects.filter(iso3=options["country"].upper()).first()
        if country is None:
            raise CommandError(f"No country with the ISO3 code “{options['country']}”.")
    return users[options["username"]], users[options["actor"]], country


def refusal(error: PermissionDenied | ValidationError) -> CommandError:
    return CommandError("; ".join(getattr(error, "messages", [str(error)])))


class Command(BaseCommand):
    help = "Give a user a role: secretariat, reviewer, stakeholder, or member of a country."

    def add_arguments(self, parser: CommandParser) -> None:
        add_role_arguments(parser)
        parser.add_argument(
            "--as",
            dest="appointment_role",
            choices=Appointment.Role.values,
            default=Appointment.Role.DELEGATE,
            help="the member's appointment at the national authority (default: delegate)",
        )
        parser.add_argument("--working-line", default="", help="a focal point's working line")

    def handle(self, *args: Any, **options: Any) -> None:
        user, actor, country = role_objects(options)
        try:
            granted = services.role_grant(
                actor=actor,
                user=user,
                role=options["role"],
                country=country,
                appointment_role=options["appointment_role"],
                working_line=options["working_line"],
            )
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from None
        where = f" of {country.iso3}" if country else ""
        done = "now has" if granted else "already had"
        self.stdout.write(f"{user.username} {done} the role {options['role']}{where}.")
