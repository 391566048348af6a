"""The observatory's charts: Vega-Lite specs built from stored run figures, rendered to SVG.

Built on the shared primitives of ``gealc.charts`` (``make_chart`` renders and caches the SVG
by a hash of the spec; ``bar_chart``/``line_chart`` for the plain cases; the atlas helpers of
``gealc.charts.geo`` for the map). Every builder takes plain rows (numbers and labels the
pages read through selectors), never models, so the same chart serves the page, the PDF and
the JSON spec of the optional interactive view.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.charts import Chart, bar_chart, line_chart, theme
from gealc.charts.basic import ACCENT, CHART_WIDTH
from gealc.charts.chart import make_chart
from gealc.charts.geo import LATIN_AMERICA_AND_CARIBBEAN
from gealc.charts.maps import MapMark, needs_marker, region_map_spec, small_states_sentence
from gealc.core.l10n import format_number

# A sequential scheme readable in grey-scale too; the table and summary carry the numbers.
SCORE_SCHEME = "blues"
ROW_STEP = 18
FACET_WIDTH = 110
DECIMALS = 1


def _fmt(value: float | None, decimals: int = DECIMALS) -> str:
    # The float is rounded first, as everywhere else on the page, then written in the locale.
    return "—" if value is None else format_number(round(value, decimals), decimals)


# The map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapScore:
    """A country on the score map: ISO 3166-1 numeric code, name and score (None: no data)."""

    iso_numeric: str
    name: str
    score: float | None

    @property
    def feature_id(self) -> str:
        return str(self.iso_numeric).strip().zfill(3)


def score_map(countries: Sequence[MapScore], *, title: str, score_title: str) -> Chart:
    """A choropleth of the region coloured by score (sequential); small states as circles,
    every country named."""
    region = LATIN_AMERICA_AND_CARIBBEAN
    on_map = [c for c in countries if c.feature_id in region.feature_ids]
    small = [c for c in on_map if needs_marker(c.feature_id)]
    scored = [c for c in countries if c.score is not None]
    colour = {
        "type": "quantitative",
        "title": score_title,
        "scale": {"scheme": SCORE_SCHEME, "domain": [0, 100]},
        "legend": {"orient": "bottom-left", "direction": "horizontal", "format": ".0f"},
    }
    marks = [MapMark(c.feature_id, c.name, c.score, f"{c.name}: {_fmt(c.score)}") for c in on_map]
    ordered = sorted(countries, key=lambda c: (c.score is None, -(c.score or 0), c.name))
    return make_chart(
        title=title,
        summary=_map_summary(scored, small),
        columns=(_("Country"), score_title),
        rows=[(c.name, _fmt(c.score)) for c in ordered],
        spec=region_map_spec(title=title, marks=marks, colour=colour),
        element_id="chart-map",
        named_marks=True,
    )


def _map_summary(scored: Sequence[MapScore], small: Sequence[MapScore]) -> str:
    if not scored:
        return _("No data to show.")
    top = max(scored, key=lambda c: c.score or 0)
    bottom = min(scored, key=lambda c: c.score or 0)
    sentences = [
        ngettext(
            "%(count)d country has a score; darker is higher.",
            "%(count)d countries have a score; darker is higher.",
            len(scored),
        )
        % {"count": len(scored)},
        _("Highest: %(top)s (%(top_value)s). Lowest: %(bottom)s (%(bottom_value)s).")
        % {
            "top": top.name,
            "top_value": _fmt(top.score),
            "bottom": bottom.name,
            "bottom_value": _fmt(bottom.score),
        },
    ]
    if small:
        sentences.append(small_states_sentence([c.name for c in small]))
    return " ".join(sentences)


# Ranks with their uncertainty -------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    name: str
    score: float | None
    rank: int | None
    rank_q05: float | None
    rank_q95: float | None


def rank_interval_chart(rows: Sequence[RankRow], *, title: str) -> Chart:
    """A dot at each country's nominal rank and a bar from its 5th to its 95th percentile."""
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: (r.rank, r.name))
    values = [
        {
            "name": r.name,
            "rank": r.rank,
            "low": r.rank_q05 if r.rank_q05 is not None else r.rank,
            "high": r.rank_q95 if r.rank_q95 is not None else r.rank,
            "score": r.score,
        }
        for r in ranked
    ]
    country_axis = {"field": "name", "type": "nominal", "title": _("Country"), "sort": None}
    rank_title = _("Rank (1 is best)")
    rank_axis = {"format": "d", "tickMinStep": 1}
    spec = {
        "title": title,
        "width": CHART_WIDTH,
        "height": {"step": ROW_STEP},
        "data": {"values": values},
        "encoding": {"y": country_axis},
        "layer": [
            {
                "mark": {"type": "rule", "strokeWidth": 4, "color": "#9ecae1"},
                "encoding": {
                    "x": {
                        "field": "low",
                        "type": "quantitative",
                        "title": rank_title,
                        "axis": rank_axis,
                        "scale": {"zero": False},
                    },
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 60, "color": ACCENT},
                "encoding": {
                    "x": {
                        "field": "rank",
                        "type": "quantitative",
                        "title": rank_title,
                        "axis": rank_axis,
                    },
                    "tooltip": [
                        {"field": "name", "title": _("Country")},
                        {"field": "rank", "title": _("Rank")},
                        {"field": "low", "title": _("5th percentile")},
                        {"field": "high", "title": _("95th percentile")},
                    ],
                },
            },
        ],
    }
    return make_chart(
        title=title,
        summary=_rank_summary(ranked),
        columns=(_("Country"), _("Rank"), _("Rank interval (5-95 %)"), _("Score")),
        rows=[(r.name, r.rank, _interval(r.rank_q05, r.rank_q95), _fmt(r.score)) for r in ranked],
        spec=spec,
        element_id="chart-ranks",
    )


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return "—"
    return f"{_fmt(low, 0)}-{_fmt(high, 0)}"


def _rank_summary(ranked: Sequence[RankRow]) -> str:
    if not ranked:
        return _("No data to show.")
    widths = [((r.rank_q95 or r.rank or 0) - (r.rank_q05 or r.rank or 0), r.name) for r in ranked]
    widest = max(widths)
    return _(
        "%(count)s countries ranked. First: %(first)s. The widest rank interval is %(name)s's "
        "(%(width)s places): its rank depends most on the method's assumptions."
    ) % {
        "count": len(ranked),
        "first": ranked[0].name,
        "name": widest[1],
        "width": _fmt(widest[0], 0),
    }


# Grouped bars: dimensions by country, averages by group ------------------------------------


def _dimension_panels(dimensions: list[str]) -> dict[str, Any]:
    return {
        "field": "dimension",
        "type": "nominal",
        "title": None,
        "sort": dimensions,
        "header": {
            "labelAngle": 0,
            "labelAlign": "left",
            "labelAnchor": "start",
            "labelFontWeight": 600,
            "labelExpr": theme.wrapped_labels_expression(dimensions, FACET_WIDTH),
        },
    }


def _dimension_colours(dimensions: list[str]) -> dict[str, Any]:
    return {
        "field": "dimension",
        "type": "nominal",
        "scale": {
            "domain": dimensions,
            "range": [theme.dimension_colour(i) for i in range(len(dimensions))],
        },
        "legend": None,
    }


def dimension_chart(
    rows: Sequence[tuple[str, str, float | None]], *, title: str, dimension_title: str
) -> Chart:
    """Small multiples: one panel per dimension, a bar per country; rows are
    (country, dimension, score) in the order to show them."""
    countries = list(dict.fromkeys(country for country, _d, _s in rows))
    dimensions = list(dict.fromkeys(dimension for _c, dimension, _s in rows))
    score_title = _("Score (0-100)")
    spec = {
        "title": title,
        "data": {
            "values": [
                {"country": c, "dimension": d, "score": s} for c, d, s in rows if s is not None
            ]
        },
        "mark": {"type": "bar"},
        "width": FACET_WIDTH,
        "height": {"step": 13},
        "spacing": 12,
        "encoding": {
            # Small multiples, a panel per dimension in the dimension's own colour; its name
            # on as many lines as it needs above the panel (never cut), so no legend.
            "column": _dimension_panels(dimensions),
            "color": _dimension_colours(dimensions),
            "y": {"field": "country", "type": "nominal", "title": None, "sort": countries},
            "x": {
                "field": "score",
                "type": "quantitative",
                "title": score_title,
                "scale": {"domain": [0, 100]},
            },
            "tooltip": [
                {"field": "country", "title": _("Country")},
                {"field": "dimension", "title": dimension_title},
                {"field": "score", "title": score_title, "format": ".1f"},
            ],
        },
    }
    by_country: dict[str, dict[str, float | None]] = {}
    for country, dimension, score in rows:
        by_country.setdefault(country, {})[dimension] = score
    return make_chart(
        title=title,
        summary=_dimension_summary(rows, dimensions),
        columns=(_("Country"), *dimensions),
        rows=[(c, *(_fmt(by_country[c].get(d)) for d in dimensions)) for c in countries],
        spec=spec,
        element_id="chart-dimensions",
    )


def _dimension_summary(rows: Sequence[tuple[str, str, float | None]], dimensions: list[str]) -> str:
    sentences = []
    for dimension in dimensions:
        scored = [(s, c) for c, d, s in rows if d == dimension and s is not None]
        if scored:
            top, bottom = max(scored), min(scored)
            sentences.append(
                _(
                    "%(dimension)s: highest %(top)s (%(top_value)s), lowest %(bottom)s "
                    "(%(bottom_value)s)."
                )
                % {
                    "dimension": dimension,
                    "top": top[1],
                    "top_value": _fmt(top[0]),
                    "bottom": bottom[1],
                    "bottom_value": _fmt(bottom[0]),
                }
            )
    return " ".join(sentences) or _("No data to show.")


def grouped_bar_chart(
    rows: Sequence[tuple[str, str, float | None]],
    *,
    title: str,
    category_title: str,
    group_title: str,
    value_title: str,
    element_id: str,
    colours: Mapping[str, str] | None = None,
) -> Chart:
    """Horizontal bars grouped by category, one bar per group within each (colour and
    position both tell the groups apart); rows are (category, group, value); ``colours``
    fixes a group's colour (a region's is the same in every chart)."""
    categories = list(dict.fromkeys(category for category, _g, _v in rows))
    groups = list(dict.fromkeys(group for _c, group, _v in rows))
    spec = {
        "title": title,
        "width": CHART_WIDTH,
        "height": {"step": 12},
        "data": {
            "values": [{"category": c, "group": g, "value": v} for c, g, v in rows if v is not None]
        },
        "mark": {"type": "bar"},
        "encoding": {
            # The table names the axis; a title beside long labels would overlap them.
            "y": {
                "field": "category",
                "type": "nominal",
                "title": None,
                "sort": categories,
                "axis": {"labelPadding": 6},
            },
            "yOffset": {"field": "group", "type": "nominal", "sort": groups},
            "x": {"field": "value", "type": "quantitative", "title": value_title},
            "color": {
                "field": "group",
                "type": "nominal",
                "title": group_title,
                "sort": groups,
                "scale": theme.colour_scale(groups, colours),
                "legend": {"orient": "bottom", "columns": 2},
            },
            "tooltip": [
                {"field": "category", "title": category_title},
                {"field": "group", "title": group_title},
                {"field": "value", "title": value_title, "format": ".1f"},
            ],
        },
    }
    table: dict[str, dict[str, float | None]] = {}
    for category, group, value in rows:
        table.setdefault(category, {})[group] = value
    return make_chart(
        title=title,
        summary=_grouped_summary(rows, groups),
        columns=(category_title, *groups),
        rows=[(c, *(_fmt(table[c].get(g)) for g in groups)) for c in categories],
        spec=spec,
        element_id=element_id,
    )


def _grouped_summary(rows: Sequence[tuple[str, str, float | None]], groups: list[str]) -> str:
    sentences = []
    for group in groups:
        values = [(v, c) for c, g, v in rows if g == group and v is not None]
        if values:
            high, low = max(values), min(values)
            sentences.append(
                _(
                    "%(group)s: highest in %(high)s (%(high_value)s), lowest in %(low)s "
                    "(%(low_value)s)."
                )
                % {
                    "group": group,
                    "high": high[1],
                    "high_value": _fmt(high[0]),
                    "low": low[1],
                    "low_value": _fmt(low[0]),
                }
            )
    return " ".join(sentences) or _("No data to show.")


# Lines over time, distributions ------------------------------------------------------------


def trend_chart(
    series: dict[str, list[tuple[int, float]]],
    *,
    title: str,
    y_title: str,
    series_title: str,
    colours: Mapping[str, str] | None = None,
) -> Chart:
    """Scores over the reference years (one line per series; ``colours`` fixes some)."""
    return line_chart(
        colours=colours,
        title=title,
        series={
            name: [(x, round(y, DECIMALS)) for x, y in points] for name, points in series.items()
        },
        x_title=_("Year"),
        y_title=y_title,
        series_title=series_title,
        decimals=DECIMALS,
    )


def egdi_chart(points: Sequence[Any], *, title: str) -> Chart:
    """A country's UN EGDI and its components over the editions (0-1 scale, 3 decimals);
    ``points`` have ``year``, ``egdi``, ``osi``, ``hci`` and ``tii``."""
    names = {
        "egdi": _("EGDI"),
        "osi": _("Online Service Index"),
        "hci": _("Human Capital Index"),
        "tii": _("Telecommunication Infrastructure Index"),
    }
    series = {
        label: [
            (p.year, round(getattr(p, field), 3)) for p in points if getattr(p, field) is not None
        ]
        for field, label in names.items()
    }
    return line_chart(
        title=title,
        series=series,
        x_title=_("Edition"),
        y_title=_("Value (0-1)"),
        series_title=_("Index"),
        decimals=3,
    )


def distribution_chart(
    values: Sequence[tuple[str, float]], *, title: str, value_title: str
) -> Chart:
    """Every country's value, highest first, with the median named in the summary."""
    chart = bar_chart(
        title=title,
        data=[(name, round(value, 2)) for name, value in values],
        category_title=_("Country"),
        value_title=value_title,
        decimals=2,
    )
    if not values:
        return chart
    median = statistics.median(v for _n, v in values)
    return Chart(
        **{
            **chart.__dict__,
            "summary": f"{chart.summary} " + _("Median: %(median)s.") % {"median": _fmt(median, 2)},
        }
    )
