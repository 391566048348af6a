"""Charts and maps rendered to SVG on the server, each with a summary and a data table.

Build a chart with one of the builders and pass it to ``templates/includes/chart.html``::

    chart = member_map([MapCountry("032", "Argentina", "Member"), ...])
    {% include "includes/chart.html" with chart=chart %}
"""

from gealc.charts.basic import bar_chart, line_chart
from gealc.charts.chart import Chart
from gealc.charts.maps import MapCountry, member_map

__all__ = ["Chart", "MapCountry", "bar_chart", "line_chart", "member_map"]
