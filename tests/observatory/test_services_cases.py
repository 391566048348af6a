"""Rounds a statistician would try on a new index, built through the real services: each
computes with the right numbers or is refused with a sentence in the reader's language that
names what to fix, and nothing is stored."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import translation

from gealc.measurement.models import Round
from gealc.network.models import Country
from gealc.observatory import services
from gealc.observatory.models import IndexRun, RunScore
from tests.observatory.round_builder import framework_of, validated_round

pytestmark = pytest.mark.django_db
RUNS = 50


@pytest.fixture
def countries(
    uruguay: Country, brazil: Country, chile: Country, argentina: Country, mexico: Country
) -> list[Country]:
    return [uruguay, brazil, chile, argentina, mexico]


@pytest.fixture
def make_round(secretariat: User, administrator: User) -> Any:
    def make(document: dict[str, Any], values: dict[Country, dict[str, Any]]) -> Round:
        return validated_round(
            secretariat=secretariat, administrator=administrator, document=document, values=values
        )

    return make


def _compute(secretariat: User, measurement_round: Round) -> IndexRun:
    return services.run_compute(
        actor=secretariat, round=measurement_round, uncertainty_runs=RUNS, seed=3
    )


def _refusal(secretariat: User, measurement_round: Round, lang: str) -> str:
    """The sentence the secretariat reads: the service's refusal, or the reason of the failed
    run when the computation ran as a task; either way no score is stored."""
    with translation.override(lang):
        try:
            run = _compute(secretariat, measurement_round)
        except ValidationError as error:
            [message] = error.message_dict["round"]
        else:
            assert run.status == "failed"
            message = run.failure_reason
    assert not RunScore.objects.exists()
    return message


def _scores(run: IndexRun, node: str) -> dict[str, tuple[float | None, int | None]]:
    rows = run.scores.filter(node=node).select_related("country")
    return {row.country.iso3: (row.score, row.rank) for row in rows}


YES_NO = {
    "legal": [("law", "boolean", [0, 1]), ("strategy", "boolean", [0, 1])],
    "services": [("portal", "boolean", [0, 1])],
}


def test_a_framework_of_only_yes_no_indicators_scores_each_yes_as_the_top_of_its_scale(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    answers = [(1, 1, 1), (1, 1, 1), (1, 0, 1), (0, 0, 1), (1, 1, 1)]  # every portal exists
    values = {
        country: {"law": law, "strategy": strategy, "portal": portal}
        for country, (law, strategy, portal) in zip(countries, answers, strict=True)
    }
    run = _compute(secretariat, make_round(framework_of(YES_NO), values))
    assert _scores(run, "portal_indicator") == dict.fromkeys(
        ("URY", "BRA", "CHL", "ARG", "MEX"), (100.0, 1)
    )
    # legal = mean(law, strategy); index = mean(legal, services): ties share the lowest rank.
    assert _scores(run, "index") == {
        "URY": (100.0, 1),
        "BRA": (100.0, 1),
        "MEX": (100.0, 1),
        "CHL": (75.0, 4),
        "ARG": (50.0, 5),
    }


def test_two_countries_tied_everywhere_share_every_rank_and_interval(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    document = framework_of(
        {"a": [("x", "number", None), ("y", "number", None)], "b": [("z", "number", None)]}
    )
    rows = [(5, 7, 1), (5, 7, 1), (9, 2, 4), (1, 1, 8), (3, 9, 2)]  # URY and BRA alike
    values = {c: dict(zip("xyz", row, strict=True)) for c, row in zip(countries, rows, strict=True)}
    run = _compute(secretariat, make_round(document, values))
    for node in ("x_indicator", "a", "b", "index"):
        by_country = {r.country.iso3: r for r in run.scores.filter(node=node)}
        ury, bra = by_country["URY"], by_country["BRA"]
        assert (ury.score, ury.rank) == (bra.score, bra.rank), node
        assert (ury.rank_q05, ury.rank_median, ury.rank_q95) == (
            bra.rank_q05,
            bra.rank_median,
            bra.rank_q95,
        ), node
        ranks = sorted(r.rank for r in by_country.values())
        assert ranks.count(ury.rank) >= 2  # a tie, not two ranks in a row


@pytest.mark.parametrize("lang", ["es", "pt", "en", "fr"])
def test_an_indicator_missing_for_every_country_is_named_in_the_readers_language(
    secretariat: User, make_round: Any, countries: list[Country], lang: str
) -> None:
    document = framework_of(
        {"a": [("x", "number", None), ("y", "percentage", [0, 100])], "b": [("z", "number", None)]}
    )
    values = {c: {"x": i + 1, "y": None, "z": 10 - i} for i, c in enumerate(countries)}
    message = _refusal(secretariat, make_round(document, values), lang)
    name = "Indicator y" if lang == "en" else f"Indicator y ({lang})"
    assert re.search(rf"{re.escape(name)}\W*\(y_indicator\)", message)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_fewer_countries_than_the_minimum_is_a_clear_translated_refusal(
    secretariat: User, make_round: Any, uruguay: Country, brazil: Country, lang: str
) -> None:
    document = framework_of({"a": [("x", "number", None)]})
    measurement_round = make_round(document, {uruguay: {"x": 1}, brazil: {"x": 2}})
    message = _refusal(secretariat, measurement_round, lang)
    assert "3" in message
    assert "2" in message
    with translation.override(lang):
        expected = translation.gettext(
            "An index needs at least %(count)s validated submissions; this round has %(actual)s."
        )
        assert message == expected % {"count": 3, "actual": 2}


def test_a_constant_indicator_under_z_scores_names_the_method_and_suggests_goalposts(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    method = {"steps": {"normalise": {"method": "zscore"}, "aggregate": {"method": "arithmetic"}}}
    document = framework_of({"a": [("x", "number", None), ("same", "number", None)]}, method)
    values = {c: {"x": i, "same": 4} for i, c in enumerate(countries)}
    with translation.override("en"):
        message = _refusal(secretariat, make_round(document, values), "en")
    assert "“Indicator same” (same_indicator)" in message
    assert "z-score" in message
    assert "Declare goalposts" in message


def test_a_geometric_mean_of_a_zero_score_names_the_country_and_what_to_do(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    method = {"steps": {"normalise": {"method": "minmax"}, "aggregate": {"method": "geometric"}}}
    document = framework_of({"a": [("x", "number", None), ("y", "number", None)]}, method)
    values = {c: {"x": i, "y": 5 - i} for i, c in enumerate(countries)}  # a min-max 0 each side
    message = _refusal(secretariat, make_round(document, values), "en")
    assert "geometric mean" in message
    assert "Uruguay (URY)" in message or "Mexico (MEX)" in message or "México (MEX)" in message
    assert "positive range" in message


def test_a_lower_is_better_indicator_with_goalposts_scores_its_low_end_best(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    document = framework_of({"a": [("wait", "percentage", [0, 100])]})
    document["framework"]["dimensions"][0]["indicators"][0]["direction"] = -1
    values = {c: {"wait": w} for c, w in zip(countries, (0, 25, 50, 100, 25), strict=True)}
    run = _compute(secretariat, make_round(document, values))
    assert _scores(run, "wait_indicator") == {
        "URY": (100.0, 1),
        "BRA": (75.0, 2),
        "MEX": (75.0, 2),
        "CHL": (50.0, 4),
        "ARG": (0.0, 5),
    }


def test_a_country_missing_a_whole_dimension_has_no_score_there_but_is_ranked_overall(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    document = framework_of({"a": [("x", "number", None)], "b": [("z", "number", None)]})
    values = {c: {"x": i, "z": 10 - i} for i, c in enumerate(countries)}
    values[countries[1]]["z"] = None  # Brazil: no value in dimension b
    run = _compute(secretariat, make_round(document, values))
    brazil_b = run.scores.get(country__iso3="BRA", node="b")
    assert (brazil_b.score, brazil_b.rank, brazil_b.rank_q05) == (None, None, None)
    brazil_index = run.scores.get(country__iso3="BRA", node="index")
    assert brazil_index.score is not None
    assert brazil_index.rank is not None


def test_countries_identical_everywhere_all_rank_first_in_every_run(
    secretariat: User, make_round: Any, countries: list[Country]
) -> None:
    document = framework_of(
        {"a": [("share", "percentage", [0, 100])], "b": [("law", "boolean", [0, 1])]}
    )
    values = {country: {"share": 40, "law": 1} for country in countries}
    run = _compute(secretariat, make_round(document, values))
    rows = list(run.scores.filter(node="index"))
    for row in rows:
        assert (row.score, row.rank) == (70.0, 1)
        assert (row.rank_q05, row.rank_median, row.rank_q95) == (1.0, 1.0, 1.0)
        # The weights vary, so the score does (between 40 and 100), alike for everyone.
        assert 40 < row.score_q05 < 70 < row.score_q95 < 100
    assert len({(row.score_q05, row.score_q95) for row in rows}) == 1
