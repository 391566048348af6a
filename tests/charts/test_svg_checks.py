"""The chart checks find what they look for: a cut label, a label outside the picture, two
legends for one encoding."""

from gealc.charts.chart import make_chart

from .svg_checks import clipped_texts, duplicate_legends, legend_titles

LONG = "Saint Vincent and the Grenadines"


def _bars(**axis: object) -> str:
    spec = {
        "data": {"values": [{"name": LONG, "value": 1}, {"name": "Chile", "value": 2}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "name", "type": "nominal", "axis": axis},
            "x": {"field": "value", "type": "quantitative"},
            "color": {"field": "name", "type": "nominal", "title": "Country"},
        },
    }
    return make_chart(title="t", summary="s", columns=(), rows=(), spec=spec).raw_svg


def test_a_whole_label_passes() -> None:
    assert clipped_texts(_bars()) == []


def test_a_label_cut_with_an_ellipsis_is_found() -> None:
    problems = clipped_texts(_bars(labelLimit=60))

    assert any("truncated" in problem for problem in problems)


def test_a_label_drawn_outside_the_picture_is_found() -> None:
    spec = {
        "autosize": "none",  # nothing grows the picture to fit the text
        "width": 100,
        "height": 40,
        "data": {"values": [{"name": LONG}]},
        "mark": {"type": "text", "align": "left", "x": 60, "y": 20},
        "encoding": {"text": {"field": "name"}},
    }
    svg = make_chart(title="", summary="s", columns=(), rows=(), spec=spec).raw_svg

    assert any(LONG in problem and "spans x" in problem for problem in clipped_texts(svg))


def test_one_legend_per_encoding() -> None:
    svg = _bars()

    assert legend_titles(svg) == ["Country"]
    assert duplicate_legends(svg) == []


def test_two_legends_for_one_encoding_are_found() -> None:
    layer = {
        "mark": "point",
        "encoding": {
            "x": {"field": "value", "type": "quantitative"},
            "color": {"field": "name", "type": "nominal", "title": "Country"},
        },
    }
    spec = {
        "data": {"values": [{"name": "A", "value": 1}, {"name": "B", "value": 2}]},
        "layer": [layer, {**layer, "mark": "tick"}],
        "resolve": {"scale": {"color": "independent"}},
    }
    svg = make_chart(title="t", summary="s", columns=(), rows=(), spec=spec).raw_svg

    assert duplicate_legends(svg) == ["Country"]
