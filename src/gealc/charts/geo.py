"""The vendored world-atlas TopoJSON: where it is, which shapes it has, and their centroids.

Vega-Lite draws the shapes; Python only needs, once per process, the list of feature ids
(to report countries the atlas does not know) and the area and centroid of small shapes
(to mark island states that are too small to see with a point).
"""

import itertools
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# 110m keeps the SVG small; 50m is the coarsest that still has every small Caribbean state,
# so shapes come from 110m where it has them and from 50m otherwise.
WORLD_ATLAS_COARSE = "vendor/world-atlas/countries-110m.json"
WORLD_ATLAS = "vendor/world-atlas/countries-50m.json"
WORLD_ATLAS_OBJECT = "countries"

Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """Where a country's shape lies: area in square degrees and the area-weighted centroid."""

    name: str
    area: float
    longitude: float
    latitude: float
    # The bounding box of the outer rings: west, south, east, north (degrees).
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class MapRegion:
    """A part of the world drawn as the base map, as ISO 3166-1 numeric ids of the atlas."""

    name: str
    feature_ids: frozenset[str]


# UN M49 region 419 as the atlas has it: the 33 sovereign states, then the territories.
# fmt: off
_LAC_CODES = (
    28, 32, 44, 52, 68, 76, 84, 152, 170, 188, 192, 212, 214, 218, 222, 308, 320,
    328, 332, 340, 388, 484, 558, 591, 600, 604, 659, 662, 670, 740, 780, 858, 862,
)
_LAC_TERRITORY_CODES = (92, 136, 238, 239, 500, 531, 533, 534, 630, 652, 660, 663, 796, 850)
# fmt: on
LATIN_AMERICA_AND_CARIBBEAN = MapRegion(
    name="Latin America and the Caribbean",
    feature_ids=frozenset(f"{code:03d}" for code in _LAC_CODES + _LAC_TERRITORY_CODES),
)


@cache
def load_topology(path: str = WORLD_ATLAS) -> dict:
    """The parsed TopoJSON file under our static directory (read once per process)."""
    with (STATIC_DIR / path).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def feature_ids(path: str) -> frozenset[str]:
    """The ids of the features of an atlas file."""
    geometries = load_topology(path)["objects"][WORLD_ATLAS_OBJECT]["geometries"]
    return frozenset(geometry["id"] for geometry in geometries if "id" in geometry)


@cache
def shapes(path: str = WORLD_ATLAS) -> dict[str, Shape]:
    """Every feature of the atlas by its id, with its area and centroid."""
    topology = load_topology(path)
    arcs = _decode_arcs(topology)
    result: dict[str, Shape] = {}
    for geometry in topology["objects"][WORLD_ATLAS_OBJECT]["geometries"]:
        if "id" not in geometry or "arcs" not in geometry:
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        outer_rings = [_ring(arcs, polygon[0]) for polygon in polygons]
        result[geometry["id"]] = _shape(geometry["properties"].get("name", ""), outer_rings)
    return result


def _decode_arcs(topology: dict) -> list[list[Point]]:
    """Undo TopoJSON's quantisation and delta encoding of the arcs."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[Point]], indexes: list[int]) -> list[Point]:
    """A closed ring from arc indexes; a negative index ~i means arc i reversed."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _shape(name: str, rings: list[list[Point]]) -> Shape:
    """Area and area-weighted centroid of the rings (shoelace formula, planar degrees)."""
    total_area = weighted_x = weighted_y = 0.0
    for ring in rings:
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if math.isclose(area, 0.0):
            continue
        total_area += abs(area) / 2
        weighted_x += cx / (3 * area) * abs(area) / 2
        weighted_y += cy / (3 * area) * abs(area) / 2
    points = [point for ring in rings for point in ring]
    bounds = (
        min(x for x, _y in points),
        min(y for _x, y in points),
        max(x for x, _y in points),
        max(y for _x, y in points),
    )
    if math.isclose(total_area, 0.0):
        return Shape(name, 0.0, rings[0][0][0], rings[0][0][1], bounds)
    return Shape(name, total_area, weighted_x / total_area, weighted_y / total_area, bounds)
