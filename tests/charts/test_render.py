import re

from django.core.cache import cache
from django.templatetags.static import static
from django.utils import translation

from gealc.charts import bar_chart, member_map
from gealc.charts.render import browser_spec, cache_key, render_svg

from .members import member_countries

SPEC = {
    "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 2}]},
    "mark": "bar",
    "encoding": {
        "x": {"field": "a", "type": "nominal"},
        "y": {"field": "b", "type": "quantitative"},
    },
}


def test_the_svg_is_cached_under_a_hash_of_the_spec() -> None:
    first = render_svg(SPEC)

    assert cache.get(cache_key(SPEC)) == first
    # Whatever is cached under the key is returned: the second call does not re-render.
    cache.set(cache_key(SPEC), "<svg>cached</svg>")
    assert render_svg(SPEC) == "<svg>cached</svg>"


def test_the_same_chart_twice_gives_the_same_bytes() -> None:
    first = member_map(member_countries())
    second = member_map(member_countries())

    assert first.raw_svg == second.raw_svg
    assert first.element_id == second.element_id


def test_the_key_changes_with_the_spec_and_the_language() -> None:
    other = {**SPEC, "mark": "point"}
    assert cache_key(SPEC) != cache_key(other)
    with translation.override("fr"):
        french = cache_key(SPEC)
    assert french != cache_key(SPEC)


def test_path_coordinates_are_rounded_to_a_tenth_of_a_pixel() -> None:
    svg = member_map(member_countries()).raw_svg

    assert 'd="M' in svg
    assert not any(len(number.split(".")[-1]) > 1 for number in _path_numbers(svg) if "." in number)


def test_the_browser_spec_fetches_the_atlas_from_static_files() -> None:
    chart = member_map(member_countries())

    urls = [layer["data"].get("url") for layer in browser_spec(chart.spec)["layer"]]
    assert static("vendor/world-atlas/countries-110m.json") in urls
    assert static("vendor/world-atlas/countries-50m.json") in urls
    assert all("values" not in layer["data"] for layer in browser_spec(chart.spec)["layer"][:2])


def test_vega_roles_and_labels_inside_the_image_are_removed() -> None:
    chart = bar_chart(title="T", data=[("a", 1.0)], category_title="C", value_title="V")

    # The figure's summary and table describe the data; roles inside an image confuse readers.
    assert re.search(r"\s(role|aria-[a-z-]+)=", chart.raw_svg) is None
    assert str(chart.svg).count("role=") == 1


def _path_numbers(svg: str) -> list[str]:
    return [n for d in re.findall(r' d="([^"]*)"', svg) for n in re.findall(r"[\d.]+", d)]
