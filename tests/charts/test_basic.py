from gealc.charts import bar_chart, line_chart

SCORES = [("Uruguay", 0.91), ("Chile", 0.87), ("Haiti", 0.21), ("Brazil", 0.88)]


def test_bar_chart_orders_the_table_and_names_the_extremes() -> None:
    chart = bar_chart(
        title="Index score", data=SCORES, category_title="Country", value_title="Score", decimals=2
    )

    assert chart.rows == (("Uruguay", 0.91), ("Brazil", 0.88), ("Chile", 0.87), ("Haiti", 0.21))
    assert chart.columns == ("Country", "Score")
    assert chart.summary == "4 values. Highest: Uruguay (0.91). Lowest: Haiti (0.21)."
    assert "Index score" in chart.raw_svg
    assert "Uruguay" in chart.raw_svg


def test_bar_chart_summary_follows_the_language() -> None:
    from django.utils import translation

    with translation.override("es"):
        chart = bar_chart(
            title="Puntaje", data=SCORES, category_title="País", value_title="Puntaje", decimals=2
        )

    assert "0,91" in chart.summary  # decimal comma in Spanish


def test_bar_chart_without_data() -> None:
    chart = bar_chart(title="Nothing", data=[], category_title="Country", value_title="Score")

    assert chart.rows == ()
    assert chart.summary == "No data to show."
    assert chart.raw_svg.startswith("<svg")


def test_line_chart_rows_and_summary() -> None:
    series = {"Uruguay": [(2020, 0.85), (2022, 0.89), (2024, 0.91)], "Haiti": [(2020, 0.2)]}

    chart = line_chart(
        title="EGDI over time",
        series=series,
        x_title="Year",
        y_title="EGDI",
        series_title="Country",
        decimals=2,
    )

    assert chart.rows == (
        ("Uruguay", 2020, 0.85),
        ("Uruguay", 2022, 0.89),
        ("Uruguay", 2024, 0.91),
        ("Haiti", 2020, 0.2),
    )
    assert "Uruguay: from 0.85 in 2020 to 0.91 in 2024." in chart.summary
    assert "Highest: 0.91 (Uruguay, 2024)." in chart.summary
    assert "Lowest: 0.20 (Haiti, 2020)." in chart.summary
    assert "EGDI over time" in chart.raw_svg


def test_line_chart_without_data() -> None:
    chart = line_chart(
        title="Empty", series={"A": []}, x_title="Year", y_title="Y", series_title="Series"
    )

    assert chart.summary == "No data to show."
