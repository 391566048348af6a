"""Measurement fixtures, built through the real services; reuse them in any measurement test.

The network fixtures of ``tests/network/conftest.py`` are available too (imported below):
``uruguay``, ``brazil``, ``chile``, ``administrator``, ``secretariat``, ``reviewer`` (no
country), ``stakeholder``, ``member_ury`` (delegate of Uruguay), ``member_bra`` (focal point of
Brazil), ``public``, ``users_by_role``, ``make_user`` …

Frameworks:
    ``framework_document`` — a small framework document (dict) with 4 variables
        (``procedures_total``, ``procedures_transactional`` integers ≥ 0;
        ``satisfaction_score`` percentage; ``signature_law`` boolean needing evidence),
        3 dimensions, 3 indicators (``transactional_share = 100 *
        procedures_transactional / procedures_total``, ``user_satisfaction``, ``signature``), and 2
        rules: ``transactional_le_total`` (cross, error:
        ``procedures_transactional <= procedures_total``) and
        ``procedures_total_yoy`` (year-on-year, warning above 50 %).
    ``framework`` — that document imported (a draft ``TEST-DGI 1.0``).
    ``dgi_framework`` — the shipped GEALC-DGI 2025.1 imported.
Rounds:
    ``open_round`` — reference year 2025, open, for Uruguay, Brazil and Chile (draft
        submissions; the framework is then frozen).
    ``submission_ury``, ``submission_bra``, ``submission_chl`` — its submissions.
    ``previous_round`` — a 2024 round of the same framework where Uruguay's submission is
        published with ``procedures_total = 100`` (so 2025 values above 150 warn).
Helpers:
    ``VALID_VALUES`` — values that pass every rule (evidence link included).
    ``fill`` — ``fill(submission, actor=None, **overrides)`` saves VALID_VALUES (plus overrides,
        ``None`` to leave one out) through ``values_save_many`` with the current lock version;
        the actor defaults to the administrator.
    ``submitted_ury`` — Uruguay's submission filled and submitted by ``member_ury``, with
        ``reviewer`` assigned.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from gealc.measurement import services as measurement_services
from gealc.measurement.models import FrameworkVersion, Round, Submission, Value
from gealc.network.models import Country
from tests.network.conftest import *  # noqa: F403  (network fixtures for measurement tests)

DATA = Path(__file__).parents[2] / "src" / "gealc" / "measurement" / "data"
EVIDENCE = "https://evidence.example.org/report.pdf"
VALID_VALUES: dict[str, Any] = {
    "procedures_total": 120,
    "procedures_transactional": 60,
    "satisfaction_score": "75.5",
    "signature_law": 1,
}


def _texts(english: str) -> dict[str, str]:
    return {
        "en": english,
        "es": f"{english} (es)",
        "pt": f"{english} (pt)",
        "fr": f"{english} (fr)",
    }


FRAMEWORK_DOCUMENT: dict[str, Any] = {
    "framework": {
        "code": "TEST-DGI",
        "version": "1.0",
        "name": _texts("Test digital-government indicators"),
        "changelog": "First version.",
        "variables": [
            {
                "code": "procedures_total",
                "name": _texts("National procedures"),
                "type": "integer",
                "min": 0,
                "unit": "procedures",
            },
            {
                "code": "procedures_transactional",
                "name": _texts("Transactional procedures"),
                "type": "integer",
                "min": 0,
                "unit": "procedures",
            },
            {
                "code": "satisfaction_score",
                "name": _texts("User satisfaction"),
                "type": "percentage",
                "unit": "%",
            },
            {
                "code": "signature_law",
                "name": _texts("Electronic signature law"),
                "type": "boolean",
                "evidence_required": True,
            },
        ],
        "dimensions": [
            {
                "code": "services",
                "name": _texts("Digital services"),
                "indicators": [
                    {
                        "code": "transactional_share",
                        "name": _texts("Transactional procedures"),
                        "unit": "%",
                        "formula": "100 * procedures_transactional / procedures_total",
                        "plausible_min": 0,
                        "plausible_max": 100,
                    },
                ],
            },
            {
                "code": "satisfaction",
                "name": _texts("Satisfaction"),
                "indicators": [
                    {
                        "code": "user_satisfaction",
                        "name": _texts("Satisfaction"),
                        "unit": "%",
                        "formula": "satisfaction_score",
                    },
                ],
            },
            {
                "code": "identity",
                "name": _texts("Signature and identity"),
                "indicators": [
                    {
                        "code": "signature",
                        "name": _texts("Signature law"),
                        "formula": "signature_law",
                        "evidence_required": True,
                    },
                ],
            },
        ],
        "rules": [
            {
                "code": "transactional_le_total",
                "kind": "cross",
                "left": "procedures_transactional",
                "operator": "<=",
                "right": "procedures_total",
                "severity": "error",
                "message": _texts("Transactional procedures cannot exceed all procedures."),
            },
            {
                "code": "procedures_total_yoy",
                "kind": "yoy",
                "left": "procedures_total",
                "threshold": 50,
                "severity": "warning",
                "message": _texts("The number of procedures changed by more than 50 %."),
            },
        ],
    },
}


@pytest.fixture
def framework_document() -> dict[str, Any]:
    return copy.deepcopy(FRAMEWORK_DOCUMENT)


@pytest.fixture
def framework(administrator: User, framework_document: dict[str, Any]) -> FrameworkVersion:
    return measurement_services.framework_import(actor=administrator, document=framework_document)


@pytest.fixture
def dgi_framework(administrator: User) -> FrameworkVersion:
    text = (DATA / "gealc-dgi-2025.1.yaml").read_text(encoding="utf-8")
    return measurement_services.framework_import(actor=administrator, document=text)


def _open(actor: User, framework: FrameworkVersion, year: int, countries: list[Country]) -> Round:
    return measurement_services.round_open(
        actor=actor,
        framework_version=framework,
        reference_year=year,
        opens_on=datetime.date(year + 1, 1, 15),
        closes_on=datetime.date(year + 1, 12, 31),
        countries=countries,
    )


@pytest.fixture
def open_round(
    secretariat: User,
    framework: FrameworkVersion,
    uruguay: Country,
    brazil: Country,
    chile: Country,
) -> Round:
    return _open(secretariat, framework, 2025, [uruguay, brazil, chile])


@pytest.fixture
def submission_ury(open_round: Round, uruguay: Country) -> Submission:
    return open_round.submissions.get(country=uruguay)


@pytest.fixture
def submission_bra(open_round: Round, brazil: Country) -> Submission:
    return open_round.submissions.get(country=brazil)


@pytest.fixture
def submission_chl(open_round: Round, chile: Country) -> Submission:
    return open_round.submissions.get(country=chile)


@pytest.fixture
def fill(administrator: User) -> Callable[..., list[Value]]:
    def fill_values(
        submission: Submission, actor: User | None = None, **overrides: Any
    ) -> list[Value]:
        values = {**VALID_VALUES, **overrides}
        rows = [
            measurement_services.ValueRow(
                code,
                value,
                evidence_url=EVIDENCE if code == "signature_law" else "",
            )
            for code, value in values.items()
            if value is not None
        ]
        submission.refresh_from_db()
        saved = measurement_services.values_save_many(
            actor=actor or administrator,
            submission=submission,
            rows=rows,
            expected_version=submission.lock_version,
        )
        return [result.instance for result in saved]

    return fill_values


@pytest.fixture
def previous_round(
    open_round: Round,
    secretariat: User,
    administrator: User,
    reviewer: User,
    framework: FrameworkVersion,
    uruguay: Country,
    fill: Callable[..., list[Value]],
) -> Round:
    earlier = _open(secretariat, framework, 2024, [uruguay])
    submission = earlier.submissions.get()
    fill(submission, procedures_total=100, procedures_transactional=40)
    measurement_services.submission_submit(actor=administrator, submission=submission)
    measurement_services.submission_validate(actor=secretariat, submission=submission)
    measurement_services.submission_publish(actor=secretariat, submission=submission)
    return earlier


@pytest.fixture
def submitted_ury(
    submission_ury: Submission,
    member_ury: User,
    secretariat: User,
    reviewer: User,
    fill: Callable[..., list[Value]],
) -> Submission:
    fill(submission_ury, actor=member_ury)
    measurement_services.reviewer_assign(
        actor=secretariat, submission=submission_ury, reviewer=reviewer
    )
    measurement_services.submission_submit(actor=member_ury, submission=submission_ury)
    submission_ury.refresh_from_db()
    return submission_ury
