"""``gealc manage run_compute ROUND_ID --actor USER [--runs N] [--seed S] [--publish]``.

The command computes in its own process (the same service a worker runs), whatever the task
backend: it ends with the run ready (and published) or fails with the reason."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gealc.measurement.models import Round
from gealc.observatory import services


class Command(BaseCommand):
    help = "Compute an index run of a round (a preview), optionally publishing it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round_id", type=int)
        parser.add_argument("--actor", required=True, help="username (secretariat or admin)")
        parser.add_argument("--runs", type=int, default=services.DEFAULT_UNCERTAINTY_RUNS)
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--title", default="")
        parser.add_argument("--publish", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = User.objects.get(username=options["actor"])
            measurement_round = Round.objects.get(pk=options["round_id"])
        except (User.DoesNotExist, Round.DoesNotExist) as error:
            raise CommandError(str(error)) from None
        try:
            run = services.run_compute(
                actor=actor,
                round=measurement_round,
                uncertainty_runs=options["runs"],
                seed=options["seed"],
                title=options["title"],
                inline=True,
            )
            if run.is_failed:
                raise CommandError(f"Run {run.pk} failed: {run.failure_reason}")
            if options["publish"]:
                run = services.run_publish(actor=actor, run=run)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from None
        self.stdout.write(f"Run {run.pk} ({run.status}): {run.title}")
