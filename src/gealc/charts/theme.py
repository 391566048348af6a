"""One look for every chart: the font and colours of the pages, a fixed colour for each
region and each dimension (the same in every chart), and label room that never clips.

Colours are Okabe-Ito (told apart with the common colour-vision deficiencies), darkened
where a line or a bar must reach 3:1 against white.
"""

import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

FONT = "'Source Sans 3', 'Liberation Sans', Arial, sans-serif"
TEXT = "#16202a"
MUTED = "#4f5b66"
GRID = "#d5dbe1"
ACCENT = "#0b5394"
NO_DATA = "#d9d9d9"

# Series without a fixed colour (countries compared, EGDI components) take these in order.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#B07A00", "#56B4E9", "#16202a")

# The whole network and its subregions (network.Country.Subregion codes), always alike.
REGION_COLOURS: dict[str, str] = {
    "The whole network": "#16202a",
    "South America": "#0072B2",
    "Central America and Mexico": "#D55E00",
    "Caribbean": "#009E73",
    "Europe": "#CC79A7",
}
REGION_CODES = {
    "region": "The whole network",
    "south_america": "South America",
    "central_america_mexico": "Central America and Mexico",
    "caribbean": "Caribbean",
    "europe": "Europe",
}

# Dimensions take these by their position in the framework (the first dimension is always
# blue, in every chart of every page).
DIMENSION_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#B07A00",
    "#56B4E9",
    "#6a3d9a",
    "#4f5b66",
)

# Character widths of the chart font at 12 px, generous: labels get room for their longest
# text instead of Vega's default 180 px limit with an ellipsis.
LABEL_FONT_SIZE = 12
AVERAGE_CHARACTER_PX = 6.6


def region_colour(code: str) -> str:
    """The fixed colour of a subregion code ("region" for the whole network)."""
    return REGION_COLOURS[REGION_CODES.get(code, "The whole network")]


def dimension_colour(position: int) -> str:
    return DIMENSION_COLOURS[position % len(DIMENSION_COLOURS)]


def colour_scale(labels: Sequence[str], fixed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A nominal scale giving each label its fixed colour, else the next series colour."""
    fixed = fixed or {}
    spare = iter(c for c in SERIES_COLOURS if c not in fixed.values())
    return {
        "domain": list(labels),
        "range": [fixed.get(label) or next(spare, TEXT) for label in labels],
    }


def wrapped_labels_expression(labels: Sequence[str], width: int) -> str:
    """A Vega label expression that draws each label on as many lines as fit ``width``
    pixels (a facet's header over a narrow panel), instead of cutting it."""
    per_line = max(8, int(width / AVERAGE_CHARACTER_PX))
    lines = {str(label): textwrap.wrap(str(label), per_line) or [""] for label in labels}
    return f"{json.dumps(lines, ensure_ascii=False)}[datum.value] || datum.value"


CONFIG: dict[str, Any] = {
    "aria": False,
    "font": FONT,
    "background": "#ffffff",
    "padding": 8,
    "view": {"stroke": None},
    "axis": {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelFontSize": LABEL_FONT_SIZE,
        "titleFontSize": 12,
        "titleFontWeight": 600,
        "gridColor": GRID,
        "domainColor": MUTED,
        "tickColor": MUTED,
        "labelLimit": 0,
    },
    "legend": {
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelFontSize": LABEL_FONT_SIZE,
        "titleFontSize": 12,
        "titleFontWeight": 600,
        "labelLimit": 0,
        "orient": "bottom",
        "direction": "horizontal",
        "columns": 2,
    },
    "header": {
        "labelFontSize": LABEL_FONT_SIZE,
        "labelColor": TEXT,
        "titleColor": TEXT,
        "labelLimit": 0,
    },
    "title": {"color": TEXT, "fontSize": 15, "fontWeight": 700, "anchor": "start", "limit": 0},
    "range": {"category": list(SERIES_COLOURS)},
}
