"""Rounds of any framework, built through the real services, for cases outside the demo.

``framework_of(indicators)`` is a framework document with one dimension per entry of
``indicators`` (dimension code → list of ``(indicator code, type, goalposts)``); each indicator
is its own variable of that type. ``validated_round(...)`` imports it, opens a round for the
given countries and has each country report its values (``None``: not available), submit,
and be validated.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User

from gealc.measurement import services as measurement_services
from gealc.measurement.models import Round, Value
from gealc.network.models import Country

IndicatorSpec = tuple[str, str, list[float] | None]


def _texts(english: str) -> dict[str, str]:
    return {lang: f"{english} ({lang})" for lang in ("es", "pt", "fr")} | {"en": english}


def framework_of(
    indicators: dict[str, list[IndicatorSpec]], method: dict[str, Any] | None = None
) -> dict[str, Any]:
    variables, dimensions = [], []
    for dimension, entries in indicators.items():
        children = []
        for code, value_type, goalposts in entries:
            variables.append({"code": code, "name": _texts(f"{code} value"), "type": value_type})
            child: dict[str, Any] = {
                "code": f"{code}_indicator",
                "name": _texts(f"Indicator {code}"),
                "formula": code,
            }
            if goalposts is not None:
                child["goalposts"] = goalposts
            children.append(child)
        dimensions.append(
            {"code": dimension, "name": _texts(f"Dimension {dimension}"), "indicators": children}
        )
    document: dict[str, Any] = {
        "framework": {
            "code": "CASE",
            "version": "1",
            "name": _texts("A case"),
            "variables": variables,
            "dimensions": dimensions,
        }
    }
    if method is not None:
        document["index"] = method
    return document


def validated_round(
    *,
    secretariat: User,
    administrator: User,
    document: dict[str, Any],
    values: dict[Country, dict[str, Any]],
) -> Round:
    framework = measurement_services.framework_import(actor=administrator, document=document)
    measurement_round = measurement_services.round_open(
        actor=secretariat,
        framework_version=framework,
        reference_year=2025,
        opens_on=datetime.date(2026, 1, 15),
        closes_on=datetime.date(2026, 12, 31),
        countries=list(values),
    )
    for country, reported in values.items():
        submission = measurement_round.submissions.get(country=country)
        rows = [
            measurement_services.ValueRow(code, value)
            if value is not None
            else measurement_services.ValueRow(code, None, Value.Status.NOT_AVAILABLE)
            for code, value in reported.items()
        ]
        measurement_services.values_save_many(
            actor=administrator,
            submission=submission,
            rows=rows,
            expected_version=submission.lock_version,
        )
        submission.refresh_from_db()
        measurement_services.submission_submit(actor=administrator, submission=submission)
        measurement_services.submission_validate(actor=secretariat, submission=submission)
    return measurement_round
