"""Engine refusals reach the secretariat as a sentence in their language that names the
indicator, dimension or country by its framework name and says what to do; the English
engine message goes to the log."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from gealc import index as engine
from gealc.measurement.models import FrameworkVersion, Round
from gealc.network.models import Country
from gealc.observatory import engine_messages, services
from gealc.observatory.models import IndexRun
from tests.observatory.round_builder import framework_of, validated_round

pytestmark = pytest.mark.django_db
LANGUAGES = ("es", "pt", "en", "fr")


def _names(name: str, code: str, text: str) -> bool:
    """``text`` names the indicator by its name in quotes (“…” or « … »), then its code."""
    return re.search(rf"{re.escape(name)}\W*\({re.escape(code)}\)", text) is not None


def _localised(english: str, lang: str) -> str:
    return english if lang == "en" else f"{english} ({lang})"


@pytest.fixture
def unanimous_round(
    secretariat: User,
    administrator: User,
    uruguay: Country,
    brazil: Country,
    chile: Country,
) -> Round:
    """A yes/no indicator every country answers "yes", without goalposts, under min-max."""
    document = framework_of(
        {
            "law": [("law", "boolean", None)],
            "services": [("online", "percentage", [0, 100])],
        }
    )
    values = {
        uruguay: {"law": 1, "online": 80},
        brazil: {"law": 1, "online": 60},
        chile: {"law": 1, "online": 70},
    }
    return validated_round(
        secretariat=secretariat, administrator=administrator, document=document, values=values
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_constant_indicator_is_named_in_the_readers_language_with_what_to_do(
    unanimous_round: Round, secretariat: User, lang: str, caplog: pytest.LogCaptureFixture
) -> None:
    with translation.override(lang), caplog.at_level(logging.WARNING):
        # The worker's refusal is stored in the run (failed), in the language of who asked.
        run = services.run_compute(actor=secretariat, round=unanimous_round, uncertainty_runs=20)
        expected = engine_messages.describe(
            engine.DataError(
                "constant",
                code="constant_indicator",
                params={"indicator": "law_indicator", "method": "minmax"},
            ),
            framework=unanimous_round.framework_version,
        )
    assert run.status == IndexRun.Status.FAILED
    message = run.failure_reason
    assert message == expected
    assert _names(_localised("Indicator law", lang), "law_indicator", message)
    if lang != "en":
        assert not _names("Indicator law", "law_indicator", message)  # not the English name
    english = [r.getMessage() for r in caplog.records if r.name == "gealc.observatory.services"]
    assert any("'law_indicator' is constant" in line and "goalposts" in line for line in english)
    assert "'law_indicator' is constant" in run.failure_log
    assert not run.scores.exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_compute_page_shows_the_sentence_in_the_readers_language(
    unanimous_round: Round, secretariat: User, lang: str
) -> None:
    client = Client()
    client.force_login(secretariat)
    response = client.post(
        f"/{lang}/observatory/runs/",
        {"round": unanimous_round.pk, "uncertainty_runs": 20, "seed": 1, "title": ""},
        follow=True,  # to the run's page, which says why it failed
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert _names(_localised("Indicator law", lang), "law_indicator", page)
    with translation.override(lang):
        framework = unanimous_round.framework_version
        params = {"indicator": "law_indicator", "method": "minmax"}
        error = engine.DataError("x", code="constant_indicator", params=params)
        assert engine_messages.describe(error, framework=framework) in page
    assert IndexRun.objects.get().status == IndexRun.Status.FAILED


def test_goalposts_make_the_unanimous_indicator_computable(
    secretariat: User, administrator: User, uruguay: Country, brazil: Country, chile: Country
) -> None:
    document = framework_of(
        {"law": [("law", "boolean", [0, 1])], "services": [("online", "percentage", [0, 100])]}
    )
    values = {
        uruguay: {"law": 1, "online": 80},
        brazil: {"law": 1, "online": 60},
        chile: {"law": 1, "online": 70},
    }
    measurement_round = validated_round(
        secretariat=secretariat, administrator=administrator, document=document, values=values
    )
    run = services.run_compute(actor=secretariat, round=measurement_round, uncertainty_runs=20)
    law = {row.country.iso3: row.score for row in run.scores.filter(node="law_indicator")}
    assert law == {"URY": 100.0, "BRA": 100.0, "CHL": 100.0}
    online = {row.country.iso3: row.score for row in run.scores.filter(node="online_indicator")}
    assert online == {"URY": 80.0, "BRA": 60.0, "CHL": 70.0}


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            engine.DataError("x", code="all_missing_indicator", params={"indicator": "signature"}),
            ["“Signature law” (signature)", "No country has a value"],
        ),
        (
            engine.DataError(
                "x",
                code="undefined_aggregate",
                params={
                    "node": "identity",
                    "unit": "URY",
                    "method": "geometric",
                    "reason": "non_positive",
                },
            ),
            ["“Signature and identity” (identity)", "Uruguay (URY)", "geometric mean"],
        ),
        (
            engine.DataError("x", code="too_few_units", params={"count": 2, "minimum": 3}),
            ["at least 3 countries", "2 remain"],
        ),
        (
            engine.DataError(
                "x", code="dataset_mismatch", params={"missing": ["signature"], "extra": ["zz"]}
            ),
            ["“Signature law” (signature)", "zz"],
        ),
        (
            engine.SpecError(
                "steps.aggregate.by_level",
                "x",
                code="unknown_reference",
                params={"name": "Region", "kind": "level"},
            ),
            ["level “Region”", "steps.aggregate.by_level"],
        ),
        (
            engine.DataError(
                "x",
                code="non_numeric_value",
                params={"column": "signature", "row": "URY", "value": "yes"},
            ),
            ["“yes”", "“Signature law” (signature)", "Uruguay (URY)"],
        ),
        (
            engine.DataError("x", code="duplicate_unit", params={"unit": "URY", "year": None}),
            ["Uruguay (URY) appears twice"],
        ),
        (
            engine.DataError(
                "x", code="unusable_reference", params={"indicator": "signature", "unit": "URY"}
            ),
            ["“Signature law” (signature)", "Uruguay (URY)", "another reference country"],
        ),
        (
            engine.DataError("x", code="panel_required", params={"method": "latest"}),
            ["(latest)", "one year"],
        ),
        (
            engine.DataError("a problem the observatory has no words for", code="invalid_data"),
            ["a problem the observatory has no words for", "Check the submissions"],
        ),
        (
            engine.DataError("future", code="a_code_from_a_newer_engine", params={}),
            ["future"],
        ),
        (
            engine.DataError("x", code="constant_indicator", params={"wrong": "params"}),
            ["x"],
        ),
    ],
)
def test_each_code_names_what_to_fix(
    framework: FrameworkVersion, uruguay: Country, error: Any, words: list[str]
) -> None:
    with translation.override("en"):
        message = engine_messages.describe(error, framework=framework)
    for word in words:
        assert word in message, message


def test_the_root_is_called_the_index(framework: FrameworkVersion) -> None:
    error = engine.DataError("x", code="pca_undefined", params={"node": "index"})
    with translation.override("en"):
        assert "for the index" in engine_messages.describe(error, framework=framework)
