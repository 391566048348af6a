"""The network graph of who helped whom, built on the site's chart primitives
(``gealc.charts``): countries on a circle, an arrow-less line from each provider to each
country it helped (thicker for more exchanges), providers in the accent colour."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.charts import Chart
from gealc.charts.chart import make_chart
from gealc.charts.theme import ACCENT
from gealc.cooperation.selectors import Edge

SIZE = 480
RADIUS = 180


def _positions(names: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Countries evenly on a circle, in name order, the first at the top."""
    step = 2 * math.pi / max(len(names), 1)
    centre = SIZE / 2
    return {
        name: (
            round(centre + RADIUS * math.sin(i * step), 1),
            round(centre - RADIUS * math.cos(i * step), 1),
        )
        for i, name in enumerate(names)
    }


def _summary(edges: Sequence[Edge]) -> str:
    given = Counter[str]()
    for edge in edges:
        given[edge.provider.name] += edge.count
    top, most = sorted(given.items(), key=lambda item: (-item[1], item[0]))[0]
    exchanges = sum(edge.count for edge in edges)
    receivers = len({edge.receiver.pk for edge in edges})
    return (
        ngettext(
            "%(providers)s countries helped %(receivers)s in %(count)s exchange.",
            "%(providers)s countries helped %(receivers)s in %(count)s exchanges.",
            exchanges,
        )
        % {"providers": len(given), "receivers": receivers, "count": exchanges}
        + " "
        + _("%(country)s helped most (%(count)s).") % {"country": top, "count": most}
    )


def helped_graph(edges: Sequence[Edge]) -> Chart | None:
    """Who helped whom; ``None`` when nobody has yet."""
    if not edges:
        return None
    providers = {edge.provider.name for edge in edges}
    names = sorted({edge.provider.name for edge in edges} | {edge.receiver.name for edge in edges})
    where = _positions(names)
    lines = [
        {
            "x": where[e.provider.name][0],
            "y": where[e.provider.name][1],
            "x2": where[e.receiver.name][0],
            "y2": where[e.receiver.name][1],
            "count": e.count,
            "pair": f"{e.provider.name} → {e.receiver.name}",
        }
        for e in edges
    ]
    nodes = [{"x": where[n][0], "y": where[n][1], "name": n, "gave": n in providers} for n in names]
    title = _("Who helped whom")
    return make_chart(
        title=title,
        summary=_summary(edges),
        columns=(_("Provider"), _("Country helped"), _("Exchanges")),
        rows=[(e.provider.name, e.receiver.name, e.count) for e in edges],
        spec=_graph_spec(title, lines, nodes),
    )


def _graph_spec(
    title: str, lines: list[dict[str, Any]], nodes: list[dict[str, Any]]
) -> dict[str, Any]:
    """Vega-Lite layers: a line per pair (as thick as its exchanges), then the countries as
    dots (coloured when they gave help) with their names."""
    axis = {"axis": None, "scale": {"domain": [0, SIZE]}}
    return {
        "title": title,
        "width": SIZE,
        "height": SIZE,
        "layer": [
            {
                "data": {"values": lines},
                "mark": {"type": "rule", "opacity": 0.6, "color": "#6b7280"},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeWidth": {"field": "count", "type": "quantitative", "legend": None},
                    "tooltip": [{"field": "pair"}, {"field": "count"}],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "circle", "size": 120, "opacity": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "color": {
                        "field": "gave",
                        "type": "nominal",
                        "scale": {"domain": [True, False], "range": [ACCENT, "#9ca3af"]},
                        "legend": None,
                    },
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "text", "dy": -12, "fontSize": 11},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", **axis},
                    "y": {"field": "y", "type": "quantitative", **axis},
                    "text": {"field": "name"},
                },
            },
        ],
    }
