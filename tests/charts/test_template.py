from html.parser import HTMLParser

from django.template.loader import render_to_string

from gealc.charts import bar_chart

SCORES = [("Uruguay", 0.91), ("Haiti", 0.21)]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _render(**context: object) -> tuple[str, list[tuple[str, dict[str, str | None]]]]:
    html = render_to_string("includes/chart.html", context)
    collector = _Collector()
    collector.feed(html)
    return html, collector.tags


def _chart():
    return bar_chart(title="Index", data=SCORES, category_title="Country", value_title="Score")


def test_figure_with_caption_summary_and_data_table() -> None:
    chart = _chart()

    html, tags = _render(chart=chart)

    names = [tag for tag, _ in tags]
    for expected in ("figure", "figcaption", "svg", "details", "summary", "table", "caption"):
        assert expected in names
    ids = {attrs.get("id") for _, attrs in tags}
    assert chart.title_id in ids
    assert chart.summary_id in ids
    assert [a["scope"] for t, a in tags if t == "th"] == ["col", "col", "row", "row"]
    assert "Highest: Uruguay (0.9)" in html
    assert "Data: Index" in html


def test_interactive_view_is_off_by_default() -> None:
    html, _ = _render(chart=_chart())

    assert "vega" not in html
    assert "application/json" not in html


def test_a_chart_offered_interactively_names_its_spec_url_and_carries_no_spec() -> None:
    chart = _chart()

    html, tags = _render(chart=chart, spec_url="/en/observatory/charts/rank.json")

    figure = next(attrs for tag, attrs in tags if tag == "figure")
    assert figure["data-spec-url"] == "/en/observatory/charts/rank.json"
    assert "<script" not in html  # the page's one control loads what is needed
    assert f"{chart.element_id}-spec" not in html  # no spec embedded in the page


def test_the_pages_one_interactive_control_loads_vega_lazily() -> None:
    html = render_to_string("includes/interactive_charts.html")
    collector = _Collector()
    collector.feed(html)

    scripts = [attrs for tag, attrs in collector.tags if tag == "script"]
    assert len(scripts) == 1
    assert scripts[0]["src"].endswith("gealc/charts.js")
    assert "defer" in scripts[0]
    assert scripts[0]["data-vega-embed"].endswith("vega-embed.min.js")
    section = next(attrs for tag, attrs in collector.tags if tag == "section")
    assert "hidden" in section  # shown by the script only


def test_a_map_is_never_offered_interactively() -> None:
    from gealc.charts import member_map

    from .members import member_countries

    html, _ = _render(chart=member_map(member_countries()), spec_url="/map.json")

    assert "data-spec-url" not in html
