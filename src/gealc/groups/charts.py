"""Charts of the working groups, built from the site's chart primitives (``gealc.charts``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from gealc.charts import Chart, bar_chart


def trained_chart(by_country: Sequence[tuple[str, int]]) -> Chart | None:
    """Officials who completed a course, per country, most first; ``None`` when none."""
    if not by_country:
        return None
    return bar_chart(
        title=_("Officials trained per country"),
        data=[(name, float(count)) for name, count in by_country],
        category_title=_("Country"),
        value_title=_("Officials who completed a course"),
        decimals=0,
    )
