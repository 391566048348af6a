"""Observatory pages, under the language prefix (downloads are at /data/, the API under
/api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from gealc.observatory import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("observatory/", views.overview, name="observatory"),
    path("observatory/compare/", views.compare, name="observatory_compare"),
    path("observatory/methodology/", views.methodology, name="observatory_methodology"),
    path("observatory/downloads/", views.downloads_page, name="observatory_downloads"),
    path("observatory/countries/<str:iso3>/", views.country, name="observatory_country"),
    path(
        "observatory/countries/<str:iso3>/profile.pdf",
        views.country_pdf,
        name="observatory_country_pdf",
    ),
    path("observatory/indicators/<str:code>/", views.indicator, name="observatory_indicator"),
    # Each chart's spec as JSON, for the optional interactive view and for reuse.
    path("observatory/charts/<slug:name>.json", views.chart_spec, name="chart_spec"),
    path(
        "observatory/countries/<str:iso3>/charts/<slug:name>.json",
        views.chart_spec,
        name="chart_spec",
    ),
    path(
        "observatory/indicators/<str:code>/charts/<slug:name>.json",
        views.chart_spec,
        name="chart_spec",
    ),
    path("observatory/runs/", views.run_list, name="run_list"),
    path("observatory/runs/<id:pk>/", views.run_detail, name="run_detail"),
    path("observatory/runs/<id:pk>/progress/", views.run_progress, name="run_progress"),
    path("observatory/runs/<id:pk>/retry/", views.run_retry, name="run_retry"),
    path("observatory/runs/<id:pk>/discard/", views.run_discard, name="run_discard"),
    path("observatory/runs/<id:pk>/publish/", views.run_publish, name="run_publish"),
    path("observatory/runs/<id:pk>/correct/", views.run_correct, name="run_correct"),
]
