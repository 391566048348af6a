"""Index computation as a django-tasks task: with the immediate backend (the default) it runs
at once; with the database backend a worker runs it, so 10,000 uncertainty runs never hold a
request."""

from __future__ import annotations

from django.contrib.auth.models import User
from django_tasks import task

from gealc.measurement.models import Round
from gealc.observatory import services


@task()
def compute_run(
    *, actor_id: int, round_id: int, uncertainty_runs: int, seed: int | None = None, title: str = ""
) -> int:
    """Compute a preview run; returns its id (the permission is checked again here)."""
    run = services.run_compute(
        actor=User.objects.get(pk=actor_id),
        round=Round.objects.get(pk=round_id),
        uncertainty_runs=uncertainty_runs,
        seed=seed,
        title=title,
    )
    return run.pk
