"""Demo observatory (``load()``, idempotent; runs after measurement's): the UN EGDI benchmark
and a published index of the demo 2024 round, computed by the secretariat with 10,000
uncertainty runs and the sensitivity analysis. The run's title says DEMO: its inputs are the
measurement demo's fictional values, not official statistics.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from gealc.core.demo_loading import DemoAccount
from gealc.measurement.models import Round
from gealc.observatory import benchmarks_egdi, services
from gealc.observatory.models import EgdiValue, IndexRun

DEMO_YEAR = 2024
DEMO_RUNS = 10_000
DEMO_SEED = 2024
DEMO_TITLE = "DEMO - GEALC Digital Government Index {year} (fictional demo data)"


def load() -> list[DemoAccount]:
    if not EgdiValue.objects.exists():
        benchmarks_egdi.egdi_load()
    secretariat = User.objects.get(username="secretariat")
    for measurement_round in Round.objects.filter(
        is_demo=True, status=Round.Status.PUBLISHED
    ).order_by("reference_year"):
        if not IndexRun.objects.filter(round=measurement_round).exists():
            _publish(secretariat, measurement_round)
    return []


def _publish(secretariat: User, measurement_round: Round) -> IndexRun:
    run = services.run_compute(
        actor=secretariat,
        round=measurement_round,
        uncertainty_runs=DEMO_RUNS,
        seed=DEMO_SEED,
        title=DEMO_TITLE.format(year=measurement_round.reference_year),
        is_demo=True,
        inline=True,  # the demo computes in its own process, whatever the task backend
    )
    return services.run_publish(actor=secretariat, run=run)
