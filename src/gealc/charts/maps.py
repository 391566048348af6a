"""The region map: every country a named mark, small island states legible in a callout.

The projection is fixed here (Mercator fitted to the region, with room on the Atlantic side
for the callout), so Python knows where every mark lands: countries too small to see get a
circle, the Eastern Caribbean's in a column beside the islands with a leader line to each,
and no two circles overlap (``marker_layout``). Every member's shape or circle carries its
name as a ``<title>`` and an accessible name; the map's one legend is the colour's.

``member_map`` colours countries by a category (membership, practices); the observatory's
score map colours them by score through the same ``region_map_spec``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.charts import theme
from gealc.charts.chart import Chart, make_chart
from gealc.charts.geo import (
    LATIN_AMERICA_AND_CARIBBEAN,
    WORLD_ATLAS,
    WORLD_ATLAS_COARSE,
    WORLD_ATLAS_OBJECT,
    MapRegion,
    feature_ids,
    shapes,
)
from gealc.charts.render import STATIC_DATA_PREFIX

# Okabe-Ito: told apart with the common colour-vision deficiencies; grey for the rest.
CATEGORY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
OTHER_COLOUR = theme.NO_DATA

# Below this area (square degrees) a shape is a sliver or a dot at the map's size: the
# country gets a circle (Bahamas, Jamaica, Trinidad and Tobago and the seven smallest).
SMALL_SHAPE_AREA = 1.5
MARKER_RADIUS = 7.0  # pixels
MARKER_GAP = 5.0  # pixels between two circles of the callout

MAP_WIDTH = 640
# The region (west, south, east, north) and, east of it, the Atlantic room of the callout.
REGION_BOUNDS = (-118.0, -56.0, -14.0, 33.0)
# Circles east of this longitude and south of this latitude are the Eastern Caribbean's.
CALLOUT_WEST, CALLOUT_NORTH = -64.0, 18.5
CALLOUT_LONGITUDE = -50.0  # where the callout's column stands
CALLOUT_TOP_LATITUDE = 27.0


@dataclass(frozen=True)
class Projection:
    """Mercator with a fixed scale and translation (Vega's "mercator" with the same values)."""

    scale: float
    translate_x: float
    translate_y: float
    width: int
    height: int

    @classmethod
    def fitted(cls, bounds: tuple[float, float, float, float], width: int) -> Projection:
        west, south, east, north = bounds
        scale = width / math.radians(east - west)
        top, bottom = _mercator_y(north), _mercator_y(south)
        height = round(scale * (top - bottom))
        return cls(scale, -scale * math.radians(west), scale * top, width, height)

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = self.translate_x + self.scale * math.radians(longitude)
        y = self.translate_y - self.scale * _mercator_y(latitude)
        return x, y

    def invert(self, x: float, y: float) -> tuple[float, float]:
        longitude = math.degrees((x - self.translate_x) / self.scale)
        latitude = math.degrees(2 * math.atan(math.exp((self.translate_y - y) / self.scale)))
        return longitude, latitude - 90.0

    def vega(self) -> dict[str, Any]:
        return {
            "type": "mercator",
            "scale": self.scale,
            "translate": [self.translate_x, self.translate_y],
        }


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


PROJECTION = Projection.fitted(REGION_BOUNDS, MAP_WIDTH)


@dataclass(frozen=True)
class Marker:
    """The circle of a small country: where it is drawn and where the country really is."""

    feature_id: str
    x: float
    y: float
    home_x: float
    home_y: float
    in_callout: bool

    @property
    def moved(self) -> bool:
        return math.hypot(self.x - self.home_x, self.y - self.home_y) > MARKER_RADIUS


def needs_marker(feature_id: str) -> bool:
    return shapes()[feature_id].area < SMALL_SHAPE_AREA


def marker_layout(ids: Sequence[str], projection: Projection = PROJECTION) -> dict[str, Marker]:
    """A circle for each small country of ``ids``: the Eastern Caribbean's in a column (north
    to south, as on the map) in the Atlantic, the others at their centroid."""
    atlas = shapes()
    homes = {
        i: projection.point(atlas[i].longitude, atlas[i].latitude) for i in ids if needs_marker(i)
    }
    callout = sorted((i for i in homes if _in_callout(i)), key=lambda i: (-atlas[i].latitude, i))
    column_x, top_y = projection.point(CALLOUT_LONGITUDE, CALLOUT_TOP_LATITUDE)
    step = 2 * MARKER_RADIUS + MARKER_GAP
    markers = {
        i: Marker(i, column_x, top_y + n * step, *homes[i], in_callout=True)
        for n, i in enumerate(callout)
    }
    for i in homes.keys() - markers.keys():
        markers[i] = Marker(i, *homes[i], *homes[i], in_callout=False)
    return markers


def _in_callout(feature_id: str) -> bool:
    shape = shapes()[feature_id]
    return shape.longitude > CALLOUT_WEST and shape.latitude < CALLOUT_NORTH


# The spec ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapMark:
    """A country drawn on the map: its atlas id, name, the colour field's value and the
    text its mark is named with (name and value)."""

    feature_id: str
    name: str
    value: str | float | None
    label: str


def region_map_spec(
    *,
    title: str,
    marks: Sequence[MapMark],
    colour: dict[str, Any],
    region: MapRegion = LATIN_AMERICA_AND_CARIBBEAN,
    projection: Projection = PROJECTION,
) -> dict[str, Any]:
    """Grey shapes for the whole region, the given countries coloured and named, circles for
    the small ones (one legend: the colour's)."""
    markers = marker_layout([m.feature_id for m in marks], projection)
    rows = [
        {
            "id": m.feature_id,
            "name": m.name,
            "value": m.value,
            "label": m.label,
            "named": m.feature_id not in markers,
        }
        for m in marks
    ]
    coarse_ids = region.feature_ids & feature_ids(WORLD_ATLAS_COARSE)
    shape_layers = [
        _shape_layer(atlas_file, ids, rows, colour)
        for atlas_file, ids in (
            (WORLD_ATLAS_COARSE, coarse_ids),
            (WORLD_ATLAS, region.feature_ids - coarse_ids),
        )
        if ids
    ]
    by_id = {m.feature_id: m for m in marks}
    placed = [(by_id[i], marker) for i, marker in markers.items()]
    return {
        "title": title,
        "width": projection.width,
        "height": projection.height,
        "projection": projection.vega(),
        "layer": [
            *shape_layers,
            *_callout_layers(placed, projection),
            _marker_layer(placed, projection, colour),
        ],
    }


def _shape_layer(
    atlas_file: str, ids: frozenset[str], rows: list[dict[str, Any]], colour: dict[str, Any]
) -> dict[str, Any]:
    """Every shape of ``ids`` in grey (unnamed), then the given countries' coloured over
    them, named unless a circle names them."""
    source = {
        "url": STATIC_DATA_PREFIX + atlas_file,
        "format": {"type": "topojson", "feature": WORLD_ATLAS_OBJECT},
    }
    lookup = {"data": {"values": rows}, "key": "id", "fields": ["name", "value", "label", "named"]}
    shape = {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6}
    coloured = {"field": "value", **{k: v for k, v in colour.items() if k != "field"}}
    return {
        "data": source,
        "transform": [
            {"filter": {"field": "id", "oneOf": sorted(ids)}},
            {"lookup": "id", "from": lookup},
        ],
        "layer": [
            {"mark": {**shape, "fill": OTHER_COLOUR, "aria": False}},
            {
                "transform": [{"filter": "datum.named === true && isValid(datum.value)"}],
                "mark": {**shape, "aria": True},
                "encoding": {"color": coloured, "description": {"field": "label"}},
            },
            {
                "transform": [{"filter": "datum.named === false && isValid(datum.value)"}],
                "mark": {**shape, "aria": False},
                "encoding": {"color": {**coloured, "legend": None}},
            },
        ],
    }


def _marker_values(
    placed: Sequence[tuple[MapMark, Marker]], projection: Projection
) -> list[dict[str, Any]]:
    values = []
    for mark, marker in placed:
        longitude, latitude = projection.invert(marker.x, marker.y)
        home_longitude, home_latitude = projection.invert(marker.home_x, marker.home_y)
        values.append(
            {
                "name": mark.name,
                "value": mark.value,
                "label": mark.label,
                "longitude": longitude,
                "latitude": latitude,
                "home_longitude": home_longitude,
                "home_latitude": home_latitude,
                "moved": marker.moved,
                "in_callout": marker.in_callout,
            }
        )
    return values


def _marker_layer(
    placed: Sequence[tuple[MapMark, Marker]], projection: Projection, colour: dict[str, Any]
) -> dict[str, Any]:
    """A circle for each small country, named, coloured like the shapes (no second legend);
    a circle for a country with no value is white."""
    values = _marker_values(placed, projection)
    coloured = {"field": "value", **{k: v for k, v in colour.items() if k != "field"}}
    return {
        "data": {"values": values},
        "mark": {
            "type": "circle",
            "size": round(math.pi * MARKER_RADIUS**2),
            "stroke": theme.TEXT,
            "strokeWidth": 1,
            "opacity": 1,
            "aria": True,
        },
        "encoding": {
            "longitude": {"field": "longitude", "type": "quantitative"},
            "latitude": {"field": "latitude", "type": "quantitative"},
            "color": {
                "condition": {"test": "isValid(datum.value)", **coloured, "legend": None},
                "value": "#ffffff",
            },
            "description": {"field": "label"},
        },
    }


def _callout_layers(
    placed: Sequence[tuple[MapMark, Marker]], projection: Projection
) -> list[dict[str, Any]]:
    """Leader lines from moved circles to the islands, and the callout's names and heading."""
    values = _marker_values(placed, projection)
    moved = [v for v in values if v["moved"]]
    callout = [v for v in values if v["in_callout"]]
    in_place = [v for v in values if not v["in_callout"]]
    text = {"type": "text", "baseline": "middle", "fontSize": 11.5, "aria": False}
    position = {
        "longitude": {"field": "longitude", "type": "quantitative"},
        "latitude": {"field": "latitude", "type": "quantitative"},
    }
    layers: list[dict[str, Any]] = []
    if in_place:  # named on the sea side, to their left
        layers.append(
            {
                "data": {"values": in_place},
                "mark": {**text, "align": "right", "dx": -MARKER_RADIUS - 3, "color": theme.TEXT},
                "encoding": {**position, "text": {"field": "name"}},
            }
        )
    if moved:
        layers.append(
            {
                "data": {"values": moved},
                "mark": {"type": "rule", "color": theme.MUTED, "strokeWidth": 0.8, "aria": False},
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    "longitude2": {"field": "home_longitude"},
                    "latitude2": {"field": "home_latitude"},
                },
            }
        )
    if callout:
        layers.append(
            {
                "data": {"values": callout},
                "mark": {**text, "align": "left", "dx": MARKER_RADIUS + 4, "color": theme.TEXT},
                "encoding": {**position, "text": {"field": "name"}},
            }
        )
        column_x, top_y = projection.point(CALLOUT_LONGITUDE, CALLOUT_TOP_LATITUDE)
        longitude, latitude = projection.invert(
            column_x - MARKER_RADIUS, top_y - 2.5 * MARKER_RADIUS
        )
        heading = {"longitude": longitude, "latitude": latitude, "name": _("Eastern Caribbean")}
        layers.append(
            {
                "data": {"values": [heading]},
                "mark": {**text, "align": "left", "fontWeight": 600, "color": theme.MUTED},
                "encoding": {**position, "text": {"field": "name"}},
            }
        )
    return layers


# The member map ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapCountry:
    """A country to show: ISO 3166-1 numeric code (e.g. "032"), name and category label."""

    iso_numeric: str
    name: str
    category: str

    @property
    def feature_id(self) -> str:
        return str(self.iso_numeric).strip().zfill(3)


def member_map(
    countries: Sequence[MapCountry],
    *,
    title: str | None = None,
    legend_title: str | None = None,
    region: MapRegion = LATIN_AMERICA_AND_CARIBBEAN,
) -> Chart:
    """The region with each given country coloured by its category.

    Countries outside the region (observers elsewhere) and codes the atlas does not know
    are listed in the summary and the table instead of being drawn.
    """
    title = title or _("Member countries")
    atlas = shapes()
    on_map = [c for c in countries if c.feature_id in region.feature_ids]
    outside = [c for c in countries if c.feature_id in atlas and c not in on_map]
    unknown = [c for c in countries if c.feature_id not in atlas]
    small = [c for c in on_map if needs_marker(c.feature_id)]
    categories = list(dict.fromkeys(c.category for c in countries))
    colour = {
        "type": "nominal",
        "title": legend_title or _("Category"),
        "scale": {
            "domain": categories,
            "range": list(CATEGORY_COLOURS[: len(categories)]) or [theme.ACCENT],
        },
        "legend": {"orient": "bottom-left", "direction": "vertical", "columns": 1},
    }
    marks = [MapMark(c.feature_id, c.name, c.category, f"{c.name}: {c.category}") for c in on_map]
    return make_chart(
        title=title,
        summary=_member_summary(on_map, small, outside, unknown),
        columns=(_("Country"), _("Category"), _("On the map")),
        rows=[(c.name, c.category, _placement(c, on_map, small, unknown)) for c in countries],
        spec=region_map_spec(title=title, marks=marks, colour=colour, region=region),
        notes=[
            _("No map shape for %(name)s (code %(code)s).")
            % {"name": c.name, "code": c.iso_numeric}
            for c in unknown
        ],
        named_marks=True,
    )


def _placement(
    country: MapCountry,
    on_map: list[MapCountry],
    small: list[MapCountry],
    unknown: list[MapCountry],
) -> str:
    if country in small:
        return _("Yes, marked with a circle (small island state)")
    if country in on_map:
        return _("Yes")
    if country in unknown:
        return _("No: unknown country code")
    return _("No: outside the region shown")


def _member_summary(
    on_map: list[MapCountry],
    small: list[MapCountry],
    outside: list[MapCountry],
    unknown: list[MapCountry],
) -> str:
    counts = Counter(c.category for c in on_map)
    by_category = ", ".join(f"{category}: {count}" for category, count in counts.items())
    sentences = [
        ngettext(
            "The map shows %(count)d country (%(by_category)s).",
            "The map shows %(count)d countries (%(by_category)s).",
            len(on_map),
        )
        % {"count": len(on_map), "by_category": by_category}
    ]
    if small:
        sentences.append(small_states_sentence([c.name for c in small]))
    if outside:
        names = ", ".join(f"{c.name} ({c.category})" for c in outside)
        sentences.append(_("Outside the region shown: %(names)s.") % {"names": names})
    if unknown:
        names = ", ".join(c.name for c in unknown)
        sentences.append(_("Not on the map (unknown code): %(names)s.") % {"names": names})
    return " ".join(sentences)


def small_states_sentence(names: Sequence[str]) -> str:
    """Which countries are circles (the summary says what the picture shows)."""
    return ngettext(
        "%(count)d small island state is marked with a circle: %(names)s.",
        "%(count)d small island states are marked with a circle: %(names)s.",
        len(names),
    ) % {"count": len(names), "names": ", ".join(sorted(names))}
