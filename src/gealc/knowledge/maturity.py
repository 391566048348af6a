"""The open-data maturity questionnaire (``data/maturity.yaml``) and its scoring.

Answers are ``{question_key: level value}``; a dimension's score is the share of its maximum
(0 to 100, one decimal); the overall score is the mean of the dimensions. Recommendations depend
on the band (low, medium, high) the dimension's score falls in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DIMENSIONS = ("policy", "portal", "quality", "impact")


@cache
def questionnaire() -> dict[str, Any]:
    text = resources.files("gealc.knowledge").joinpath("data/maturity.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def localised(texts: dict[str, str], language: str | None = None) -> str:
    """The text in the language asked for (default: the active one), else Spanish."""
    code = (language or get_language() or "es")[:2]
    return texts.get(code) or texts.get("es") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Question:
    key: str
    dimension: str
    text: dict[str, str]
    levels: list[dict[str, Any]]

    @property
    def max_score(self) -> int:
        return max(level["score"] for level in self.levels)

    def score_of(self, value: int) -> int | None:
        return next((lv["score"] for lv in self.levels if lv["value"] == value), None)


@cache
def questions() -> tuple[Question, ...]:
    data = questionnaire()
    return tuple(
        Question(q["key"], dimension["key"], q["text"], data["scales"][q["scale"]])
        for dimension in data["dimensions"]
        for q in dimension["questions"]
    )


def answer_problems(answers: object) -> dict[str, str] | list[str]:
    """Problems of a set of answers: every question answered with one of its levels."""
    if not isinstance(answers, dict):
        return [_("Give the answers as a mapping of question to level.")]
    problems: dict[str, str] = {}
    known = {question.key: question for question in questions()}
    for key in sorted(set(answers) - set(known)):
        problems[str(key)] = _("There is no such question.")
    for key, question in known.items():
        value = answers.get(key)
        if value is None or value == "":
            problems[key] = _("Answer this question.")
            continue
        try:
            level = int(value)
        except (TypeError, ValueError):
            level = None
        if isinstance(value, bool) or level is None or question.score_of(level) is None:
            problems[key] = _("Choose one of the levels offered.")
    return problems


def band(score: float) -> str:
    for entry in questionnaire()["bands"]:
        if score < entry["below"]:
            return str(entry["key"])
    return "high"


def scores(answers: dict[str, Any]) -> dict[str, float]:
    """Score per dimension (0 to 100) of answers that passed ``answer_problems``."""
    got: dict[str, int] = dict.fromkeys(DIMENSIONS, 0)
    best: dict[str, int] = dict.fromkeys(DIMENSIONS, 0)
    for question in questions():
        got[question.dimension] += question.score_of(int(answers[question.key])) or 0
        best[question.dimension] += question.max_score
    return {key: round(100 * got[key] / best[key], 1) if best[key] else 0.0 for key in DIMENSIONS}


def overall(dimension_scores: dict[str, float]) -> float:
    return round(sum(dimension_scores.values()) / len(dimension_scores), 1)


def recommendation(dimension: str, score: float, language: str | None = None) -> str:
    return localised(questionnaire()["recommendations"][dimension][band(score)], language)


def dimension_name(dimension: str, language: str | None = None) -> str:
    for entry in questionnaire()["dimensions"]:
        if entry["key"] == dimension:
            return localised(entry["name"], language)
    return dimension
