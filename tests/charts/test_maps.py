import re

from gealc.charts import MapCountry, member_map
from gealc.charts.geo import LATIN_AMERICA_AND_CARIBBEAN, WORLD_ATLAS, feature_ids, shapes

from .members import MEMBERS, SMALL_ISLAND_STATES, member_countries


def test_the_atlas_has_every_member_and_the_region() -> None:
    assert set(MEMBERS) <= feature_ids(WORLD_ATLAS)
    assert LATIN_AMERICA_AND_CARIBBEAN.feature_ids <= feature_ids(WORLD_ATLAS)


def test_centroids_fall_inside_the_bounding_box_of_the_country() -> None:
    uruguay = shapes()["858"]
    assert -58.5 < uruguay.longitude < -53.0
    assert -35.0 < uruguay.latitude < -30.0
    barbados = shapes()["052"]
    assert barbados.area < 0.1
    assert -59.7 < barbados.longitude < -59.4


def test_all_33_members_appear_in_the_data_table() -> None:
    chart = member_map(member_countries())

    assert sorted(row[0] for row in chart.rows) == sorted(MEMBERS.values())
    assert all(row[2].startswith("Yes") for row in chart.rows)
    assert chart.notes == ()
    assert "The map shows 33 countries (Member: 33)." in chart.summary


def test_small_island_states_are_marked_with_a_point() -> None:
    chart = member_map(member_countries())

    marked = {row[0] for row in chart.rows if "point" in row[2]}
    assert marked == {MEMBERS[code] for code in SMALL_ISLAND_STATES}
    assert "7 small island states are marked with a point." in chart.summary
    point_layer = chart.spec["layer"][-1]
    assert {p["name"] for p in point_layer["data"]["values"]} == marked


def test_the_svg_is_a_labelled_image_with_the_title() -> None:
    chart = member_map(member_countries(), title="Members of the network")

    svg = str(chart.svg)
    assert svg.startswith("<svg")
    assert "Members of the network" in svg
    root = svg.split(">", 1)[0]
    assert 'role="img"' in root
    assert f'aria-labelledby="{chart.title_id}"' in root
    assert f'aria-describedby="{chart.summary_id}"' in root
    assert root.count("role=") == 1


def test_shapes_are_filtered_to_the_region_so_the_svg_stays_small() -> None:
    chart = member_map(member_countries())

    paths = re.findall(r"<path", chart.raw_svg)
    # one path per shape of the region and per point, not the ~240 countries of the world
    assert len(paths) < 100
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


def test_categories_get_distinct_colours_and_a_grey_for_the_rest() -> None:
    countries = [MapCountry("076", "Brazil", "South America"), MapCountry(32, "Argentina", "X")]

    chart = member_map(countries, legend_title="Subregion")

    colour = chart.spec["layer"][0]["encoding"]["color"]
    assert colour["title"] == "Subregion"
    assert colour["scale"]["domain"] == ["South America", "X", "Other countries and territories"]
    assert len(set(colour["scale"]["range"])) == 3
    assert chart.rows[1] == ("Argentina", "X", "Yes")


def test_an_empty_network_still_renders() -> None:
    chart = member_map([])

    assert chart.rows == ()
    assert "The map shows 0 countries" in chart.summary
    assert chart.raw_svg.startswith("<svg")
