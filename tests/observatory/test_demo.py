"""The demo publishes a DEMO index of the 2025 round with 10,000 uncertainty runs and of the
years before it (fewer runs), titled in every language; its open 2026 round computes too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import override_settings

from gealc.core.demo_loading import load_all
from gealc.measurement.demo import OPEN_YEAR, PUBLISHED_YEARS
from gealc.measurement.models import Round
from gealc.observatory import selectors, services
from gealc.observatory.demo import EARLIER_YEARS_RUNS
from gealc.observatory.models import EgdiValue, IndexRun

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Loaded once for the module (it takes seconds) and rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        load_all()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo: None, db: None) -> None:
    return None


def test_a_published_demo_run(demo: None) -> None:
    run = selectors.latest_published_run()
    assert run is not None
    assert run.round.reference_year == 2025
    assert "DEMO" in run.title
    assert run.is_demo
    assert run.uncertainty_runs == 10_000
    assert run.diagnostics.sensitivity["indices"]
    assert len(selectors.ranking(run)) == 33
    assert EgdiValue.objects.count() == 193 * 6
    correlation = selectors.egdi_correlation(run)
    assert correlation.count == 33
    assert correlation.pearson > 0


def test_the_demo_has_a_history_of_published_years(demo: None, client: Any) -> None:
    published = IndexRun.objects.filter(status=IndexRun.Status.PUBLISHED, is_demo=True)
    assert sorted(run.year for run in published) == list(PUBLISHED_YEARS)
    assert {run.uncertainty_runs for run in published if run.year < 2025} == {EARLIER_YEARS_RUNS}
    uruguay = selectors.country_profile(selectors.latest_published_run(), "URY")
    assert [point.year for point in uruguay.history] == list(PUBLISHED_YEARS)
    page = client.get("/en/observatory/countries/ury/").content.decode()
    assert re.search(r"Uruguay: from [0-9.]+ in 2022 to [0-9.]+ in 2025\.", page)


def test_the_demo_runs_are_titled_in_every_language(demo: None) -> None:
    run = selectors.latest_published_run()
    assert run.title_es.startswith("DEMO - Índice de Gobierno Digital GEALC 2025")
    assert run.title_pt.startswith("DEMO - Índice de Governo Digital GEALC 2025")
    assert run.title_en.startswith("DEMO - GEALC Digital Government Index 2025")
    assert run.title_fr.startswith("DÉMO - Indice du gouvernement numérique GEALC 2025")


def test_loading_again_adds_nothing(demo: None) -> None:
    load_all()
    assert IndexRun.objects.count() == len(PUBLISHED_YEARS)
    assert EgdiValue.objects.count() == 193 * 6


def test_the_demo_varies_weights_scale_and_compensation(demo: None, client: Any) -> None:
    run = selectors.latest_published_run()
    indices = {row["factor"]: row for row in run.diagnostics.sensitivity["indices"]}
    assert set(indices) == {"weights", "steps.normalise", "steps.aggregate"}
    for row in indices.values():
        assert row["first_low"] <= row["first"] <= row["first_high"]
        assert row["total_low"] <= row["total"] <= row["total_high"]
    body = client.get("/en/observatory/methodology/").content.decode()
    assert "percentile rank, from 0 to 100" in body
    assert "generalised mean with p = 0.50" in body
    assert "Of the assumptions varied," in body


def test_the_open_demo_round_computes_with_its_unanimous_yes_no_indicators(demo: None) -> None:
    """Every validated submission of the open round says "yes" to the e-signature law:
    constant, which min-max alone refuses; GEALC-DGI's goalposts put it on its natural 0-100
    scale."""
    measurement_round = Round.objects.get(is_demo=True, reference_year=OPEN_YEAR)
    assert measurement_round.status == Round.Status.OPEN
    run = services.run_compute(
        actor=User.objects.get(username="secretariat"),
        round=measurement_round,
        uncertainty_runs=50,
        seed=1,
    )
    law = run.inputs.filter(kind="indicator", code="esignature_framework")
    assert {row.value for row in law} == {100.0}
    scores = run.scores.filter(node="esignature_framework")
    assert {row.score for row in scores} == {100.0}
    assert run.scores.filter(node="index", rank=1).exists()
