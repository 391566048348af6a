"""Demo observatory (``load()``, idempotent; runs after measurement's): the UN EGDI benchmark
and a published index of each published demo round, computed by the secretariat: the latest
(2025) with 10,000 uncertainty runs and the sensitivity analysis, the earlier years, which give
the trends, with fewer runs to keep loading quick. A run's title says DEMO in every language:
its inputs are the measurement demo's fictional values, not official statistics.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from gealc.core.demo_loading import DemoAccount
from gealc.measurement.demo import PUBLISHED_YEARS
from gealc.measurement.models import Round
from gealc.notifications.services import muted
from gealc.observatory import services
from gealc.observatory.models import EgdiValue, IndexRun

DEMO_YEAR = PUBLISHED_YEARS[-1]  # the latest published year gets the full analysis
DEMO_RUNS = 10_000
EARLIER_YEARS_RUNS = 500
DEMO_SEED = 2024
DEMO_TITLES = {
    "es": "DEMO - Índice de Gobierno Digital GEALC {year} (datos ficticios de demostración)",
    "pt": "DEMO - Índice de Governo Digital GEALC {year} (dados fictícios de demonstração)",
    "en": "DEMO - GEALC Digital Government Index {year} (fictional demo data)",
    "fr": "DÉMO - Indice du gouvernement numérique GEALC {year} (données fictives)",
}


def load() -> list[DemoAccount]:
    if not EgdiValue.objects.exists():
        services.egdi_load()
    secretariat = User.objects.get(username="secretariat")
    for measurement_round in Round.objects.filter(
        is_demo=True, status=Round.Status.PUBLISHED
    ).order_by("reference_year"):
        if not IndexRun.objects.filter(round=measurement_round).exists():
            _publish(secretariat, measurement_round)
    return []


def _publish(secretariat: User, measurement_round: Round) -> IndexRun:
    year = measurement_round.reference_year
    run = services.run_compute(
        actor=secretariat,
        round=measurement_round,
        uncertainty_runs=DEMO_RUNS if year >= DEMO_YEAR else EARLIER_YEARS_RUNS,
        seed=DEMO_SEED,
        titles={code: title.format(year=year) for code, title in DEMO_TITLES.items()},
        is_demo=True,
        inline=True,  # the demo computes in its own process, whatever the task backend
    )
    with muted():  # loading the demo tells nobody anything
        return services.run_publish(actor=secretariat, run=run)
