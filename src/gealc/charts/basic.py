"""Generic bar and line charts, reused wherever a page compares values or shows a trend."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from django.utils.translation import gettext as _

from gealc.charts import theme
from gealc.charts.chart import Chart, make_chart
from gealc.core.l10n import format_number

ACCENT = theme.ACCENT
SERIES_COLOURS = theme.SERIES_COLOURS
BAR_STEP = 22  # pixels per bar: the chart grows with the number of categories
CHART_WIDTH = 520
CHART_HEIGHT = 300

XType = Literal["ordinal", "quantitative", "temporal"]


def bar_chart(
    *,
    title: str,
    data: Sequence[tuple[str, float]],
    category_title: str,
    value_title: str,
    decimals: int = 1,
    value_domain: tuple[float, float] | None = None,
) -> Chart:
    """Horizontal bars, highest first; ``data`` is (label, value) pairs."""
    ordered = sorted(data, key=lambda pair: pair[1], reverse=True)
    value_scale: dict[str, Any] = {"zero": True}
    if value_domain is not None:
        value_scale = {"domain": list(value_domain)}
    spec = {
        "title": title,
        "width": CHART_WIDTH,
        "height": {"step": BAR_STEP},
        "data": {"values": [{"label": label, "value": value} for label, value in ordered]},
        "mark": {"type": "bar", "color": ACCENT},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "title": category_title, "sort": None},
            "x": {
                "field": "value",
                "type": "quantitative",
                "title": value_title,
                "scale": value_scale,
                "axis": {"format": f",.{decimals}f"},
            },
            "tooltip": [
                {"field": "label", "title": category_title},
                {"field": "value", "title": value_title, "format": f",.{decimals}f"},
            ],
        },
    }
    return make_chart(
        title=title,
        summary=_bar_summary(ordered, decimals),
        columns=(category_title, value_title),
        rows=ordered,
        spec=spec,
    )


def _bar_summary(ordered: Sequence[tuple[str, float]], decimals: int) -> str:
    if not ordered:
        return _("No data to show.")
    (top, top_value), (bottom, bottom_value) = ordered[0], ordered[-1]
    return _(
        "%(count)s values. Highest: %(top)s (%(top_value)s). Lowest: %(bottom)s (%(bottom_value)s)."
    ) % {
        "count": len(ordered),
        "top": top,
        "top_value": format_number(top_value, decimals),
        "bottom": bottom,
        "bottom_value": format_number(bottom_value, decimals),
    }


def line_chart(
    *,
    title: str,
    series: Mapping[str, Sequence[tuple[int | float | str, float]]],
    x_title: str,
    y_title: str,
    series_title: str,
    x_type: XType = "ordinal",
    decimals: int = 1,
    colours: Mapping[str, str] | None = None,
) -> Chart:
    """One line per series; each series is (x, y) pairs in the order to draw them.
    ``colours`` fixes a series' colour (a region's is the same in every chart)."""
    rows = [(name, x, y) for name, points in series.items() for x, y in points]
    names = list(series)
    colour_scale = theme.colour_scale(names, colours)
    spec = {
        "title": title,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "data": {"values": [{"series": name, "x": x, "y": y} for name, x, y in rows]},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "x",
                "type": x_type,
                "title": x_title,
                "sort": None,
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "y",
                "type": "quantitative",
                "title": y_title,
                "axis": {"format": f",.{decimals}f"},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "title": series_title,
                "scale": colour_scale,
            },
            # A second channel besides colour, so that lines differ without colour vision;
            # the same domain, so that both make one legend.
            "shape": {
                "field": "series",
                "type": "nominal",
                "title": series_title,
                "scale": {"domain": names},
            },
            "tooltip": [
                {"field": "series", "title": series_title},
                {"field": "x", "title": x_title},
                {"field": "y", "title": y_title, "format": f",.{decimals}f"},
            ],
        },
    }
    return make_chart(
        title=title,
        summary=_line_summary(series, decimals),
        columns=(series_title, x_title, y_title),
        rows=rows,
        spec=spec,
    )


def _line_summary(
    series: Mapping[str, Sequence[tuple[int | float | str, float]]], decimals: int
) -> str:
    drawn = {name: points for name, points in series.items() if points}
    if not drawn:
        return _("No data to show.")
    sentences = [
        _("%(series)s: from %(first)s in %(first_x)s to %(last)s in %(last_x)s.")
        % {
            "series": name,
            "first": format_number(points[0][1], decimals),
            "first_x": points[0][0],
            "last": format_number(points[-1][1], decimals),
            "last_x": points[-1][0],
        }
        for name, points in drawn.items()
    ]
    everything = [(y, name, x) for name, points in drawn.items() for x, y in points]
    high, low = max(everything, key=lambda item: item[0]), min(everything, key=lambda i: i[0])
    sentences.append(
        _("Highest: %(value)s (%(series)s, %(x)s).")
        % {"value": format_number(high[0], decimals), "series": high[1], "x": high[2]}
    )
    sentences.append(
        _("Lowest: %(value)s (%(series)s, %(x)s).")
        % {"value": format_number(low[0], decimals), "series": low[1], "x": low[2]}
    )
    return " ".join(sentences)
