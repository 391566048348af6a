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


def test_interactive_view_embeds_the_spec_and_loads_vega_lazily() -> None:
    chart = _chart()

    _, tags = _render(chart=chart, interactive=True)

    assert chart.spec_element_id in {attrs.get("id") for _, attrs in tags}
    scripts = [attrs for tag, attrs in tags if tag == "script" and attrs.get("src")]
    assert len(scripts) == 1
    assert scripts[0]["src"].endswith("gealc/charts.js")
    assert scripts[0]["data-vega-embed"].endswith("vega-embed.min.js")
