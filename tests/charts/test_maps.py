import itertools
import math
import re

from gealc.charts import MapCountry, member_map
from gealc.charts.geo import LATIN_AMERICA_AND_CARIBBEAN, WORLD_ATLAS, feature_ids, shapes
from gealc.charts.maps import MARKER_RADIUS, PROJECTION, Marker, marker_layout

from .members import EASTERN_CARIBBEAN, MEMBERS, SMALL_STATES, member_countries

# A circle is a named path placed with translate(x,y) and drawn with arcs (A).
CIRCLE_CENTRE = re.compile(
    r'<path role="img"[^>]*transform="translate\(([\d.]+),([\d.]+)\)"[^>]*d="M[^"]*A'
)


def test_the_atlas_has_every_member_and_the_region() -> None:
    assert set(MEMBERS) <= feature_ids(WORLD_ATLAS)
    assert LATIN_AMERICA_AND_CARIBBEAN.feature_ids <= feature_ids(WORLD_ATLAS)


def test_centroids_fall_inside_the_bounding_box_of_the_country() -> None:
    uruguay = shapes()["858"]
    assert -58.5 < uruguay.longitude < -53.0
    assert -35.0 < uruguay.latitude < -30.0
    west, south, east, north = uruguay.bounds
    assert west < uruguay.longitude < east
    assert south < uruguay.latitude < north
    barbados = shapes()["052"]
    assert barbados.area < 0.1
    assert -59.7 < barbados.longitude < -59.4


def test_all_33_members_appear_in_the_data_table() -> None:
    chart = member_map(member_countries())

    assert sorted(row[0] for row in chart.rows) == sorted(MEMBERS.values())
    assert all(row[2].startswith("Yes") for row in chart.rows)
    assert chart.notes == ()
    assert "The map shows 33 countries (Member: 33)." in chart.summary


def test_small_states_are_circles_and_the_eastern_caribbean_a_callout() -> None:
    chart = member_map(member_countries())

    circled = {row[0] for row in chart.rows if "circle" in row[2]}
    assert circled == {MEMBERS[code] for code in SMALL_STATES}
    assert {"Bahamas", "Trinidad and Tobago", "Jamaica"} <= circled
    assert "10 small island states are marked with a circle: Antigua and Barbuda," in chart.summary
    circles = chart.spec["layer"][-1]
    assert {p["name"] for p in circles["data"]["values"]} == circled
    layout = marker_layout(list(MEMBERS))
    assert {code for code, marker in layout.items() if marker.in_callout} == EASTERN_CARIBBEAN


def closest_markers(markers: list[Marker]) -> float:
    """The smallest distance between two circles' centres (infinite with fewer than two)."""
    return min(
        (math.hypot(a.x - b.x, a.y - b.y) for a, b in itertools.combinations(markers, 2)),
        default=math.inf,
    )


def test_no_two_member_circles_are_closer_than_their_diameter() -> None:
    markers = list(marker_layout(list(MEMBERS)).values())

    assert len(markers) == len(SMALL_STATES)
    assert closest_markers(markers) >= 2 * MARKER_RADIUS


def test_no_two_circles_overlap_in_the_rendered_svg() -> None:
    svg = member_map(member_countries()).raw_svg
    centres = [(float(x), float(y)) for x, y in CIRCLE_CENTRE.findall(svg)]

    assert len(centres) == len(SMALL_STATES)
    distances = [math.dist(a, b) for a, b in itertools.combinations(centres, 2)]
    assert min(distances) >= 2 * MARKER_RADIUS - 0.5


def test_every_member_is_a_named_mark() -> None:
    chart = member_map(member_countries())
    svg = chart.raw_svg

    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert sorted(titles) == sorted(f"{name}: Member" for name in MEMBERS.values())
    named = re.findall(r'<path role="img" aria-label="([^"]*)"[^>]*><title>', svg)
    assert sorted(named) == sorted(titles)
    # The SVG is a group of named marks, itself named by the caption and its summary.
    root = str(chart.svg).split(">", 1)[0]
    assert 'role="group"' in root
    assert f'aria-labelledby="{chart.title_id}"' in root
    assert f'aria-describedby="{chart.summary_id}"' in root


def test_the_projection_inverts_its_points() -> None:
    x, y = PROJECTION.point(-61.2, 13.2)
    longitude, latitude = PROJECTION.invert(x, y)

    assert math.isclose(longitude, -61.2)
    assert math.isclose(latitude, 13.2)


def test_shapes_are_filtered_to_the_region_so_the_svg_stays_small() -> None:
    chart = member_map(member_countries())

    paths = re.findall(r"<path", chart.raw_svg)
    # shapes of the region (grey and coloured) and circles, not the ~240 of the world
    assert len(paths) < 160
    assert len(chart.raw_svg) < 80_000


def test_observers_outside_the_region_and_unknown_codes_are_reported() -> None:
    countries = [
        *member_countries(),
        MapCountry("724", "Spain", "Observer"),
        MapCountry("999", "Atlantis", "Observer"),
    ]

    chart = member_map(countries)

    rows = {row[0]: row for row in chart.rows}
    assert rows["Spain"] == ("Spain", "Observer", "No: outside the region shown")
    assert rows["Atlantis"] == ("Atlantis", "Observer", "No: unknown country code")
    assert "Outside the region shown: Spain (Observer)." in chart.summary
    assert "Not on the map (unknown code): Atlantis." in chart.summary
    assert chart.notes == ("No map shape for Atlantis (code 999).",)


def test_categories_get_distinct_colours_and_one_legend() -> None:
    countries = [MapCountry("076", "Brazil", "South America"), MapCountry(32, "Argentina", "X")]

    chart = member_map(countries, legend_title="Subregion")

    colour = chart.spec["layer"][0]["layer"][1]["encoding"]["color"]
    assert colour["title"] == "Subregion"
    assert colour["scale"]["domain"] == ["South America", "X"]
    assert len(set(colour["scale"]["range"])) == 2
    assert chart.rows[1] == ("Argentina", "X", "Yes")
    assert chart.raw_svg.count(">Subregion</text>") == 1


def test_an_empty_network_still_renders() -> None:
    chart = member_map([])

    assert chart.rows == ()
    assert "The map shows 0 countries" in chart.summary
    assert chart.raw_svg.startswith("<svg")
