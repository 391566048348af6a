"""Demo measurement data, loaded after the network's (``load()``, idempotent).

Installs GEALC-DGI 2024.1 and 2025.1, published rounds for the network's members for 2022 to
2025 (2022 to 2024 measured with the first framework version, 2025 with the second, so that
the observatory shows trends across a change of framework) and an open 2026 round with
submissions in every state. Values are
**fictional demo data** generated deterministically (seeded per country and year) and made
plausible by each country's UN Online Service Index 2024 (``gealc/data/un_egdi``): a country
the UN rates higher online gets more transactional procedures, more connected institutions,
more users … It is never official statistics and every row is ``is_demo``. Everything goes
through the real services, with notifications muted.
"""

from __future__ import annotations

import csv
import datetime
import zlib
from importlib import resources
from typing import Any

import numpy as np
from django.contrib.auth.models import User
from django.utils import timezone

from gealc.core.demo_loading import DemoAccount
from gealc.measurement import notifications, selectors, services
from gealc.measurement.models import FrameworkVersion, Round, Submission, Value
from gealc.network.models import Country

FRAMEWORK_CODE = "GEALC-DGI"
VERSIONS = ("2024.1", "2025.1")
PUBLISHED_YEARS = (2022, 2023, 2024, 2025)
SECOND_VERSION_FROM = 2025  # the first reference year measured with GEALC-DGI 2025.1
OPEN_YEAR = 2026
EVIDENCE_URL = "https://evidence.demo.example.org/{iso3}/{year}/{code}"
# Approximate resident population in 2024 (millions), only to give demo counts a sensible size.
POPULATION_MILLIONS = {
    "ATG": 0.094, "ARG": 46.0, "BHS": 0.41, "BRB": 0.282, "BLZ": 0.41, "BOL": 12.4,
    "BRA": 212.0, "CHL": 19.7, "COL": 52.9, "CRI": 5.1, "CUB": 11.0, "DMA": 0.066,
    "DOM": 11.4, "ECU": 18.1, "SLV": 6.3, "GRD": 0.117, "GTM": 18.4, "GUY": 0.83,
    "HTI": 11.8, "HND": 10.8, "JAM": 2.8, "MEX": 130.9, "NIC": 7.0, "PAN": 4.5,
    "PRY": 6.9, "PER": 34.2, "KNA": 0.047, "LCA": 0.18, "VCT": 0.101, "SUR": 0.63,
    "TTO": 1.5, "URY": 3.4, "VEN": 28.4,
}  # fmt: skip
RETURNED = {"ARG": "procedures_transactional", "COL": "satisfaction_score"}
JUMPS = {"MEX": 1.45, "PER": 1.5}  # the open round's procedures_total: a year-on-year warning
VALIDATED = ("CRI", "DOM", "ECU")
SUBMITTED = ("URY", "MEX", "PER", "JAM", "PAN", "PRY", "SLV", "GTM")
EMPTY = ("HTI", "VEN", "CUB")
PARTIAL = ("BRA", "CHL")  # drafts half filled (Brazil is focal-bra's)
DEMO_JUSTIFICATION = "Demo: the catalogue was reorganised this year, which explains the change."


def load() -> list[DemoAccount]:
    admin = User.objects.get(username="admin")
    with notifications.muted():
        versions = [_framework(admin, version) for version in VERSIONS]
        members = list(Country.objects.filter(membership=Country.Membership.MEMBER))
        osi = _osi_2024()
        if not Round.objects.filter(framework_version__code=FRAMEWORK_CODE).exists():
            for year in PUBLISHED_YEARS:
                framework = versions[1] if year >= SECOND_VERSION_FROM else versions[0]
                _published_round(admin, framework, members, osi, year)
            _open_round(admin, versions[1], members, osi)
    return []


def _framework(admin: User, version: str) -> FrameworkVersion:
    existing = FrameworkVersion.objects.filter(code=FRAMEWORK_CODE, version=version).first()
    if existing is not None:
        return existing
    text = resources.files("gealc.measurement").joinpath(f"data/gealc-dgi-{version}.yaml")
    return services.framework_import(
        actor=admin, document=text.read_text(encoding="utf-8"), is_demo=True
    )


def _osi_2024() -> dict[str, float]:
    source = resources.files("gealc").joinpath("data/un_egdi/egdi_2014_2024.csv")
    with source.open(encoding="utf-8") as handle:
        return {
            row["iso3"]: float(row["osi"])
            for row in csv.DictReader(handle)
            if row["year"] == "2024"
        }


# Rounds -----------------------------------------------------------------------------------


def _published_round(
    admin: User,
    framework: FrameworkVersion,
    members: list[Country],
    osi: dict[str, float],
    year: int,
) -> None:
    """A round of ``year``, collected in the first months of the next year, all validated."""
    measurement_round = services.round_open(
        actor=admin,
        framework_version=framework,
        reference_year=year,
        opens_on=datetime.date(year + 1, 2, 3),
        closes_on=datetime.date(year + 1, 5, 30),
        countries=members,
        is_demo=True,
    )
    reviewer = User.objects.get(username="reviewer")
    secretariat = User.objects.get(username="secretariat")
    for submission in _submissions(measurement_round):
        _fill(admin, submission, osi)
        _submit(admin, submission)
        checker = secretariat if submission.country.iso3 == "CHL" else reviewer
        services.submission_validate(actor=checker, submission=submission)
    services.round_publish(actor=secretariat, round=measurement_round)


def _open_round(
    admin: User, framework: FrameworkVersion, members: list[Country], osi: dict[str, float]
) -> None:
    """The round of ``OPEN_YEAR``, opened a month ago: submissions in every state."""
    today = timezone.localdate()
    measurement_round = services.round_open(
        actor=admin,
        framework_version=framework,
        reference_year=OPEN_YEAR,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=60),
        countries=members,
        is_demo=True,
    )
    for submission in _submissions(measurement_round):
        _advance(admin, submission, osi)


def _submissions(measurement_round: Round) -> list[Submission]:
    return list(measurement_round.submissions.select_related("country", "round").order_by("pk"))


def _advance(admin: User, submission: Submission, osi: dict[str, float]) -> None:
    iso3 = submission.country.iso3
    reviewer = User.objects.get(username="reviewer")
    secretariat = User.objects.get(username="secretariat")
    if iso3 in EMPTY:
        return
    _fill(admin, submission, osi, partial=iso3 in PARTIAL)
    if iso3 in PARTIAL or not (iso3 in SUBMITTED or iso3 in VALIDATED or iso3 in RETURNED):
        return
    if iso3 != "CHL":
        services.reviewer_assign(actor=secretariat, submission=submission, reviewer=reviewer)
    _submit(admin, submission)
    if iso3 in VALIDATED:
        services.submission_validate(actor=reviewer, submission=submission)
    elif iso3 in RETURNED:
        _return_with_comment(reviewer, submission, RETURNED[iso3])


def _return_with_comment(reviewer: User, submission: Submission, code: str) -> None:
    value = submission.values.get(variable__code=code)
    services.comment_add(
        actor=reviewer,
        value=value,
        text="Demo: this is far from last year's figure; please check the source and "
        "attach the evidence.",
    )
    services.submission_return(
        actor=reviewer,
        submission=submission,
        reason=f"Demo: please review {code} and answer the comment on it.",
    )


def _submit(admin: User, submission: Submission) -> None:
    report = selectors.submission_validation_report(submission)
    justifications = dict.fromkeys(report.warning_rules, DEMO_JUSTIFICATION)
    services.submission_submit(actor=admin, submission=submission, justifications=justifications)


# Values -----------------------------------------------------------------------------------


def _fill(
    admin: User, submission: Submission, osi: dict[str, float], partial: bool = False
) -> None:
    framework = submission.round.framework_version
    variables = list(framework.variables.order_by("order"))
    if partial:
        variables = variables[: len(variables) // 2]
    iso3, year = submission.country.iso3, submission.round.reference_year
    generated = generate_values(iso3, year, osi.get(iso3, 0.5))
    rows = []
    for variable in variables:
        number, status = generated.get(variable.code, (None, Value.Status.NOT_AVAILABLE))
        evidence = (
            EVIDENCE_URL.format(iso3=iso3.lower(), year=year, code=variable.code)
            if variable.evidence_required and status == Value.Status.REPORTED
            else ""
        )
        rows.append(services.ValueRow(variable.code, number, status, evidence_url=evidence))
    submission.refresh_from_db()
    services.values_save_many(
        actor=admin, submission=submission, rows=rows, expected_version=submission.lock_version
    )


def _generator(*parts: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32("-".join(map(str, parts)).encode()))


def generate_values(iso3: str, year: int, osi: float) -> dict[str, tuple[Any, str]]:
    """Plausible demo values for one country and year: structural draws are seeded by the
    country (stable from year to year), yearly noise by country and year."""
    base, noise = _generator("base", iso3), _generator("year", iso3, year)
    years = year - 2024
    population = round(POPULATION_MILLIONS.get(iso3, 1.0) * 1e6 * (1 + 0.008 * years))
    jump = JUMPS.get(iso3, 1.0) if year == OPEN_YEAR else 1.0

    def share(centre: float, spread: float, low: float = 0.01, high: float = 0.98) -> float:
        return float(np.clip(centre + base.normal(0, spread) + noise.normal(0, 0.01), low, high))

    total = round(base.integers(250, 2200) * (1 + 0.04 * years) * jump)
    transactional = round(total * share(osi * 0.85 + 0.03 * years, 0.06))
    institutions = int(base.integers(40, 260))
    top_total = round(population * base.uniform(0.5, 3.0))
    portal = int(osi > 0.35 or base.random() < 0.3)
    values: dict[str, Any] = {
        "population": population,
        "procedures_total": total,
        "procedures_transactional": transactional,
        "procedures_mobile": round(transactional * share(0.4 + 0.5 * osi, 0.08)),
        "portal_exists": portal,
        "procedures_on_portal": round(total * share(0.3 + 0.6 * osi, 0.08)) * portal,
        "esignature_law": int(osi > 0.3 or base.random() < 0.5),
        "digital_ids_active": round(population * share(osi * 0.8, 0.08)),
        "signature_certificates": round(population * share(osi**2 * 0.12, 0.02, 0.001, 0.4)),
        "institutions_total": institutions,
        "institutions_connected": round(institutions * share(osi * 0.9, 0.08, 0.05, 1.0)),
        "interop_exchanges": round(population * share(osi * 0.5, 0.05, 0.002, 1.0) * 40),
        "base_registries_connected": int(np.clip(round(osi * 5 + base.normal(0, 0.7)), 0, 5)),
        "software_published": max(0, round(osi * 60 + base.normal(0, 8))),
        "software_reused_abroad": max(0, round(osi * 8 + base.normal(0, 2))),
        "egov_users_pct": round(100 * share(0.2 + 0.6 * osi, 0.06, 0.05, 0.95), 1),
        "top_transactions_total": top_total,
        "top_transactions_online": round(top_total * share(osi * 0.9, 0.06, 0.05, 0.98)),
        "satisfaction_score": round(float(np.clip(60 + 30 * osi + noise.normal(0, 3), 60, 90)), 1),
        "top_services_total": 10,
        "services_measured": int(np.clip(round(osi * 10 + base.normal(0, 1.5)), 0, 10)),
    }
    return {code: _with_status(code, number, population, base) for code, number in values.items()}


def _with_status(
    code: str, number: Any, population: int, base: np.random.Generator
) -> tuple[Any, str]:
    """Small states often cannot measure platform traffic or certificates: not available."""
    unmeasured = ("interop_exchanges", "signature_certificates")
    if code in unmeasured and population < 300_000 and base.random() < 0.5:
        return None, Value.Status.NOT_AVAILABLE
    return number, Value.Status.REPORTED
