"""Charts of a consultation's summary, built from the site's chart primitives
(``gealc.charts``): each has its text summary and its data as a table."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from gealc.charts import Chart, bar_chart
from gealc.participation.models import Question
from gealc.participation.selectors import QuestionResult


def result_chart(result: QuestionResult) -> Chart | None:
    """The answers to one closed question; ``None`` when nobody answered it."""
    if not result.answers:
        return None
    question = result.question
    if question.kind == Question.Kind.RANKING:
        value_title = _("Points (first place gets the most)")
    else:
        value_title = _("People who chose it")
    category = _("Rating") if question.kind == Question.Kind.SCALE else _("Option")
    return bar_chart(
        title=question.text,
        data=result.rows,
        category_title=category,
        value_title=value_title,
        decimals=0,
    )


def count_chart(title: str, category: str, counts: Sequence[tuple[str, int]]) -> Chart | None:
    """People (or answers) per sector, country or language; ``None`` when there are none."""
    if not counts:
        return None
    return bar_chart(
        title=title,
        data=[(label, float(count)) for label, count in counts],
        category_title=category,
        value_title=_("Number"),
        decimals=0,
    )
