"""Observatory fixtures, built through the real services; reuse them in any observatory test.

The network and measurement fixtures are available too (``uruguay``, ``brazil``, ``chile``,
``administrator``, ``secretariat``, ``reviewer``, ``stakeholder``, ``member_ury``,
``member_bra``, ``public``, ``users_by_role``, ``framework`` (TEST-DGI 1.0: indicators
``transactional_share`` (dimension ``services``), ``user_satisfaction`` (``satisfaction``),
``signature`` (``identity``); min-max 0-100 then arithmetic means up to ``Index``), ``fill`` …).

Countries: ``argentina`` (ARG, South America), ``mexico`` (MEX, Central America),
    ``paraguay`` (PRY) — members, besides Uruguay, Brazil and Chile.
Rounds:
    ``computed_round`` — TEST-DGI, reference year 2025, for URY, BRA, CHL, ARG, MEX, PRY:
        five submissions validated (values in ``ROUND_VALUES``; Mexico's
        ``satisfaction_score`` is *not available*), Paraguay's left in draft (so it is never
        in a run). Uruguay is first on every indicator, Mexico last on transactional share.
Runs (``RUNS`` = 200 uncertainty runs, seed 7, so they compute in about a second):
    ``preview_run`` — computed by the secretariat from ``computed_round``, not published.
    ``published_run`` — that run published by the secretariat.
    ``correction_run`` — a preview correcting ``published_run`` (changelog ``CHANGELOG``),
        computed after Paraguay's submission was submitted and validated late (so the
        correction has six countries where the published run has five).
Benchmark:
    ``egdi_loaded`` — the shipped UN EGDI 2014-2024 (193 countries x 6 editions) loaded.
Helper:
    ``compute`` — ``compute(round, actor=secretariat, runs=RUNS, seed=7)`` → a preview run.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from gealc.measurement import services as measurement_services
from gealc.measurement.models import FrameworkVersion, Round, Value
from gealc.network.models import Country
from gealc.observatory import services as observatory_services
from gealc.observatory.models import IndexRun
from tests.measurement.conftest import *  # noqa: F403  (network and measurement fixtures)

RUNS = 200
SEED = 7
CHANGELOG = "Paraguay's submission was validated after publication; it is now included."
# procedures_total, procedures_transactional, satisfaction_score, signature_law
ROUND_VALUES: dict[str, dict[str, Any]] = {
    "URY": {"procedures_total": 100, "procedures_transactional": 90, "satisfaction_score": 90},
    "BRA": {"procedures_total": 200, "procedures_transactional": 120, "satisfaction_score": 70},
    "CHL": {"procedures_total": 150, "procedures_transactional": 100, "satisfaction_score": 80},
    "ARG": {"procedures_total": 300, "procedures_transactional": 90, "satisfaction_score": 65},
    "MEX": {
        "procedures_total": 400,
        "procedures_transactional": 40,
        "satisfaction_score": None,
        "signature_law": 0,
    },
}


def _member(iso3: str, iso_numeric: str, name: str, subregion: str) -> Country:
    return Country.objects.create(
        iso3=iso3,
        iso_numeric=iso_numeric,
        name_es=name,
        name_en=name,
        subregion=subregion,
        membership=Country.Membership.MEMBER,
        member_since=datetime.date(2003, 1, 1),
    )


@pytest.fixture
def argentina(db: None) -> Country:
    return _member("ARG", "032", "Argentina", Country.Subregion.SOUTH_AMERICA)


@pytest.fixture
def mexico(db: None) -> Country:
    return _member("MEX", "484", "México", Country.Subregion.CENTRAL_AMERICA_MEXICO)


@pytest.fixture
def paraguay(db: None) -> Country:
    return _member("PRY", "600", "Paraguay", Country.Subregion.SOUTH_AMERICA)


@pytest.fixture
def computed_round(
    secretariat: User,
    administrator: User,
    framework: FrameworkVersion,
    uruguay: Country,
    brazil: Country,
    chile: Country,
    argentina: Country,
    mexico: Country,
    paraguay: Country,
    fill: Callable[..., list[Value]],
) -> Round:
    countries = [uruguay, brazil, chile, argentina, mexico, paraguay]
    measurement_round = measurement_services.round_open(
        actor=secretariat,
        framework_version=framework,
        reference_year=2025,
        opens_on=datetime.date(2026, 1, 15),
        closes_on=datetime.date(2026, 12, 31),
        countries=countries,
    )
    for submission in measurement_round.submissions.select_related("country"):
        iso3 = submission.country.iso3
        if iso3 not in ROUND_VALUES:
            fill(submission)  # a draft: never part of a run
            continue
        values = {**ROUND_VALUES[iso3]}
        missing = [code for code, value in values.items() if value is None]
        fill(submission, **values)
        for code in missing:
            _not_available(administrator, submission, code)
        measurement_services.submission_submit(actor=administrator, submission=submission)
        measurement_services.submission_validate(actor=secretariat, submission=submission)
    return measurement_round


def _not_available(actor: User, submission: Any, code: str) -> None:
    submission.refresh_from_db()
    measurement_services.values_save_many(
        actor=actor,
        submission=submission,
        rows=[measurement_services.ValueRow(code, None, Value.Status.NOT_AVAILABLE)],
        expected_version=submission.lock_version,
    )


@pytest.fixture
def compute(secretariat: User) -> Callable[..., IndexRun]:
    def compute_run(
        measurement_round: Round, actor: User | None = None, runs: int = RUNS, seed: int = SEED
    ) -> IndexRun:
        return observatory_services.run_compute(
            actor=actor or secretariat,
            round=measurement_round,
            uncertainty_runs=runs,
            seed=seed,
        )

    return compute_run


@pytest.fixture
def preview_run(computed_round: Round, compute: Callable[..., IndexRun]) -> IndexRun:
    return compute(computed_round)


@pytest.fixture
def published_run(preview_run: IndexRun, secretariat: User) -> IndexRun:
    return observatory_services.run_publish(actor=secretariat, run=preview_run)


@pytest.fixture
def correction_run(
    published_run: IndexRun, secretariat: User, administrator: User, paraguay: Country
) -> IndexRun:
    late = published_run.round.submissions.get(country=paraguay)
    measurement_services.submission_submit(actor=administrator, submission=late)
    measurement_services.submission_validate(actor=secretariat, submission=late)
    return observatory_services.run_correct(
        actor=secretariat, run=published_run, changelog=CHANGELOG
    )


@pytest.fixture
def egdi_loaded(db: None) -> int:
    return observatory_services.egdi_load()
