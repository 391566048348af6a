"""The maturity questionnaire: four dimensions of five questions in four languages, scores per
dimension, recommendations per band, the regional comparison."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from gealc.knowledge import maturity, selectors, services
from gealc.network.models import Country

from .conftest import MATURITY_ANSWERS

pytestmark = pytest.mark.usefixtures("english")


def test_questionnaire_shape_and_languages() -> None:
    data = maturity.questionnaire()
    assert [d["key"] for d in data["dimensions"]] == list(maturity.DIMENSIONS)
    assert all(len(d["questions"]) == 5 for d in data["dimensions"])
    for question in maturity.questions():
        assert set(question.text) == {"es", "pt", "en", "fr"}, question.key
        assert all(set(level["label"]) == {"es", "pt", "en", "fr"} for level in question.levels)
    for dimension, bands in data["recommendations"].items():
        assert dimension in maturity.DIMENSIONS
        assert set(bands) == {"low", "medium", "high"}
        assert all(set(texts) == {"es", "pt", "en", "fr"} for texts in bands.values())
    assert len({q.key for q in maturity.questions()}) == 20


@pytest.mark.parametrize(
    ("level", "score", "band"),
    [(0, 0.0, "low"), (1, 33.3, "low"), (2, 66.7, "medium"), (3, 100.0, "high")],
)
def test_scores_and_bands(level: int, score: float, band: str) -> None:
    answers = dict.fromkeys(MATURITY_ANSWERS, level)
    assert maturity.scores(answers) == dict.fromkeys(maturity.DIMENSIONS, score)
    assert maturity.band(score) == band


def test_recommendations_follow_the_language() -> None:
    with translation.override("fr"):
        assert maturity.recommendation("portal", 10).startswith("Créez un portail")
        assert maturity.dimension_name("quality") == "Qualité"
    assert maturity.recommendation("portal", 10, "pt").startswith("Crie um portal")
    assert maturity.recommendation("portal", 95, "en").startswith("Use the portal")


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([q.key for q in maturity.questions()]),
        st.integers(min_value=0, max_value=3),
        min_size=20,
        max_size=20,
    )
)
def test_scores_are_between_0_and_100(answers: dict[str, int]) -> None:
    scores = maturity.scores(answers)
    assert all(0 <= value <= 100 for value in scores.values())
    assert maturity.overall(scores) == round(sum(scores.values()) / 4, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=5),
        st.lists(st.integers()),
        st.dictionaries(
            st.text(max_size=20), st.one_of(st.integers(), st.text(), st.booleans(), st.none())
        ),
    )
)
def test_any_answers_are_checked_without_crashing(answers: object) -> None:
    problems = maturity.answer_problems(answers)
    assert problems  # nothing random is a complete valid questionnaire


def test_comparison_best_first_with_regional_mean(
    member_ury: User, member_bra: User, uruguay: Country, brazil: Country
) -> None:
    services.maturity_submit(actor=member_ury, country=uruguay, answers=MATURITY_ANSWERS, year=2024)
    services.maturity_submit(
        actor=member_ury, country=uruguay, answers=dict.fromkeys(MATURITY_ANSWERS, 3), year=2025
    )
    services.maturity_submit(
        actor=member_bra, country=brazil, answers=dict.fromkeys(MATURITY_ANSWERS, 1), year=2025
    )
    comparison = selectors.maturity_comparison()
    assert [(r.country.iso3, r.year, r.overall) for r in comparison.rows] == [
        ("URY", 2025, 100.0),
        ("BRA", 2025, 33.3),
    ]
    assert comparison.regional_mean == dict.fromkeys(maturity.DIMENSIONS, 66.7)
    assert [key for key, _ in comparison.dimensions] == list(maturity.DIMENSIONS)
    only_2024 = selectors.maturity_comparison(year=2024)
    assert [(r.country.iso3, r.overall) for r in only_2024.rows] == [("URY", 66.7)]
    assert selectors.maturity_latest(uruguay).year == 2025
