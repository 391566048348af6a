"""The member map: a choropleth of the region coloured by the category of each country."""

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
OTHER_COLOUR = "#d9d9d9"
# Below this area (square degrees, about 1,000 km² near the tropics) a shape is a few
# pixels wide on the region map, so the country also gets a point symbol.
SMALL_SHAPE_AREA = 0.25
MAP_WIDTH = 520
MAP_HEIGHT = 600


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
    small = [c for c in on_map if atlas[c.feature_id].area < SMALL_SHAPE_AREA]
    categories = list(dict.fromkeys(c.category for c in countries))
    spec = _map_spec(title, legend_title or _("Category"), region, on_map, small, categories)
    return make_chart(
        title=title,
        summary=_map_summary(on_map, small, outside, unknown),
        columns=(_("Country"), _("Category"), _("On the map")),
        rows=[(c.name, c.category, _placement(c, on_map, small, unknown)) for c in countries],
        spec=spec,
        notes=[
            _("No map shape for %(name)s (code %(code)s).")
            % {"name": c.name, "code": c.iso_numeric}
            for c in unknown
        ],
    )


def _placement(
    country: MapCountry,
    on_map: list[MapCountry],
    small: list[MapCountry],
    unknown: list[MapCountry],
) -> str:
    if country in small:
        return _("Yes, marked with a point (small island state)")
    if country in on_map:
        return _("Yes")
    if country in unknown:
        return _("No: unknown country code")
    return _("No: outside the region shown")


def _map_summary(
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
        sentences.append(
            ngettext(
                "%(count)d small island state is marked with a point.",
                "%(count)d small island states are marked with a point.",
                len(small),
            )
            % {"count": len(small)}
        )
    if outside:
        names = ", ".join(f"{c.name} ({c.category})" for c in outside)
        sentences.append(_("Outside the region shown: %(names)s.") % {"names": names})
    if unknown:
        names = ", ".join(c.name for c in unknown)
        sentences.append(_("Not on the map (unknown code): %(names)s.") % {"names": names})
    return " ".join(sentences)


def _map_spec(
    title: str,
    legend_title: str,
    region: MapRegion,
    on_map: list[MapCountry],
    small: list[MapCountry],
    categories: list[str],
) -> dict[str, Any]:
    other = _("Other countries and territories")
    colour = {
        "field": "category",
        "type": "nominal",
        "title": legend_title,
        "scale": {
            "domain": [*categories, other],
            "range": [*CATEGORY_COLOURS[: len(categories)], OTHER_COLOUR],
        },
        "legend": {"orient": "bottom-left", "direction": "vertical"},
    }
    rows = [{"id": c.feature_id, "name": c.name, "category": c.category} for c in on_map]
    coarse_ids = region.feature_ids & feature_ids(WORLD_ATLAS_COARSE)
    shape_layers = [
        _shape_layer(atlas_file, ids, rows, colour, other)
        for atlas_file, ids in (
            (WORLD_ATLAS_COARSE, coarse_ids),
            (WORLD_ATLAS, region.feature_ids - coarse_ids),
        )
        if ids
    ]
    return {
        "title": title,
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "projection": {"type": "mercator"},
        "layer": [*shape_layers, _point_layer(small, colour)],
    }


def _shape_layer(
    atlas_file: str,
    ids: frozenset[str],
    rows: list[dict[str, str]],
    colour: dict[str, Any],
    other: str,
) -> dict[str, Any]:
    """The atlas shapes whose id is in ``ids``, coloured by the category of their row."""
    lookup = {"data": {"values": rows}, "key": "id", "fields": ["name", "category"]}
    return {
        "data": {
            "url": STATIC_DATA_PREFIX + atlas_file,
            "format": {"type": "topojson", "feature": WORLD_ATLAS_OBJECT},
        },
        "transform": [
            {"filter": {"field": "id", "oneOf": sorted(ids)}},
            {"lookup": "id", "from": lookup},
            {"calculate": f"datum.category || {json.dumps(other)}", "as": "category"},
            {"calculate": "datum.name || datum.properties.name", "as": "name"},
        ],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
        "encoding": {"color": colour, "tooltip": [{"field": "name"}, {"field": "category"}]},
    }


def _point_layer(small: list[MapCountry], colour: dict[str, Any]) -> dict[str, Any]:
    """A point at the centroid of each small country, so that it can be seen and hovered."""
    atlas = shapes()
    points = [
        {
            "name": c.name,
            "category": c.category,
            "longitude": atlas[c.feature_id].longitude,
            "latitude": atlas[c.feature_id].latitude,
        }
        for c in small
    ]
    return {
        "data": {"values": points},
        "mark": {"type": "circle", "size": 70, "stroke": "#1a1a1a", "strokeWidth": 1, "opacity": 1},
        "encoding": {
            "longitude": {"field": "longitude", "type": "quantitative"},
            "latitude": {"field": "latitude", "type": "quantitative"},
            "color": {**colour, "legend": None},
            "tooltip": [{"field": "name"}, {"field": "category"}],
        },
    }
