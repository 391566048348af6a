"""Observatory endpoints under ``/api/v1/`` (namespace ``api``): public and read-only."""

from django.urls import path

from gealc.observatory import api

urlpatterns = [
    path("indicators/", api.IndicatorList.as_view(), name="indicator-list"),
    path("indicators/<str:code>/", api.IndicatorDetail.as_view(), name="indicator-detail"),
    path("runs/", api.RunList.as_view(), name="run-list"),
    path("runs/<id:pk>/", api.RunDetail.as_view(), name="run-detail"),
    path("runs/<id:pk>/scores/", api.RunScores.as_view(), name="run-scores"),
    path("countries/<str:iso3>/scores/", api.CountryScores.as_view(), name="country-scores"),
    path("values/", api.ValueList.as_view(), name="value-list"),
    path(
        "rounds/<id:pk>/published-values/",
        api.RoundPublishedValues.as_view(),
        name="round-published-values",
    ),
    path("benchmarks/egdi/", api.EgdiList.as_view(), name="egdi-list"),
]
