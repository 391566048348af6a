"""Charts of the knowledge hub, built from the site's chart primitives (``gealc.charts``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from gealc.charts import Chart, MapCountry, bar_chart, member_map
from gealc.knowledge.selectors import MaturityComparison
from gealc.network.models import Country


def _band_label(count: int) -> str:
    """A few count bands keep the legend short; the band is written in the table too, so
    colour is never the only cue."""
    if count == 1:
        return _("1 practice")
    if count <= 3:
        return _("2 to 3 practices")
    return _("4 practices or more")


def practice_map(counts: Sequence[tuple[Country, int]]) -> Chart | None:
    """Countries with practices, coloured by how many; ``None`` when there are none."""
    countries = [(country, n) for country, n in counts if n > 0]
    if not countries:
        return None
    ordered = sorted(countries, key=lambda pair: (-pair[1], pair[0].name))
    return member_map(
        [MapCountry(c.iso_numeric, c.name, _band_label(n)) for c, n in ordered],
        title=_("Practices per country"),
        legend_title=_("Practices"),
    )


def maturity_chart(comparison: MaturityComparison) -> Chart | None:
    """Each country's overall open-data maturity (0 to 100), highest first."""
    if not comparison.rows:
        return None
    return bar_chart(
        title=_("Open-data maturity by country"),
        data=[(row.country.name, row.overall) for row in comparison.rows],
        category_title=_("Country"),
        value_title=_("Overall score (0 to 100)"),
        value_domain=(0, 100),
    )
