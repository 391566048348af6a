"""The heat-map of the agreements matrix, built on the shared chart primitives
(``gealc.charts``): a square per pair of countries bound by an agreement in force, coloured by
the year since when, with a text summary and the pairs as its data table."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.agreements.models import Agreement
from gealc.agreements.selectors import Matrix
from gealc.charts import Chart
from gealc.charts.chart import make_chart
from gealc.core.l10n import format_date, format_number

CELL_PX = 26


def matrix_summary(matrix: Matrix) -> str:
    """ "3 of 528 pairs of the network's 33 member countries recognise each other's digital
    signatures at the end of 2024." (or exchange data under an agreement)"""
    params = {
        "linked": format_number(matrix.linked_pairs),
        "possible": format_number(matrix.possible_pairs),
        "members": format_number(matrix.network_size),
        "year": matrix.year,
    }
    if matrix.kind == Agreement.Kind.SIGNATURES:
        text = ngettext(
            "%(linked)s of %(possible)s pairs of the network's %(members)s member countries "
            "recognises each other's digital signatures at the end of %(year)s.",
            "%(linked)s of %(possible)s pairs of the network's %(members)s member countries "
            "recognise each other's digital signatures at the end of %(year)s.",
            matrix.linked_pairs,
        )
    else:
        text = ngettext(
            "%(linked)s of %(possible)s pairs of the network's %(members)s member countries "
            "exchanges data under an agreement in force at the end of %(year)s.",
            "%(linked)s of %(possible)s pairs of the network's %(members)s member countries "
            "exchange data under an agreement in force at the end of %(year)s.",
            matrix.linked_pairs,
        )
    return text % params


def matrix_chart(matrix: Matrix) -> Chart | None:
    """The matrix as a heat-map; ``None`` when no pair is linked that year."""
    if not matrix.pairs:
        return None
    names = [country.name for country in matrix.countries]
    since_title = _("In force since (year)")
    values = [
        {
            "row": row.name,
            "column": column.name,
            "since": cell.since.year,
            "agreement": str(cell.agreement),
        }
        for first, second, cell in matrix.pairs
        for row, column in ((first, second), (second, first))
    ]
    axis = {"type": "nominal", "sort": names, "axis": {"labelLimit": 0}}
    side = CELL_PX * len(names)
    title = _("Agreements matrix, end of %(year)s") % {"year": matrix.year}
    spec = {
        "title": title,
        "width": side,
        "height": side,
        "data": {"values": values},
        "mark": {"type": "rect", "stroke": "#ffffff"},
        "encoding": {
            "x": {**axis, "field": "column", "title": _("Country")},
            "y": {**axis, "field": "row", "title": _("Country")},
            "color": {
                "field": "since",
                "type": "ordinal",
                "title": since_title,
                "scale": {"scheme": "blues"},
            },
            "tooltip": [
                {"field": "row", "title": _("Country")},
                {"field": "column", "title": _("Country")},
                {"field": "agreement", "title": _("Agreement")},
                {"field": "since", "title": since_title},
            ],
        },
    }
    return make_chart(
        title=title,
        summary=matrix_summary(matrix),
        columns=(_("Country"), _("Country"), _("Agreement"), _("Since")),
        rows=[
            (first.name, second.name, str(cell.agreement), format_date(cell.since))
            for first, second, cell in matrix.pairs
        ],
        spec=spec,
        element_id="chart-agreements-matrix",
    )
