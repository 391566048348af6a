"""Knowledge-hub endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.knowledge import api

urlpatterns = [
    path("practices/", api.PracticeList.as_view(), name="practice-list"),
    path("practices/<slug:slug>/", api.PracticeDetail.as_view(), name="practice-detail"),
    path("software/", api.SoftwareList.as_view(), name="software-list"),
    # Before the detail, whose key may be a slug.
    path("software/import/", api.SoftwareImport.as_view(), name="software-import"),
    path(
        "software/<id:pk>/publiccode.yml",
        api.SoftwarePubliccode.as_view(),
        name="software-publiccode",
    ),
    path("software/<str:pk>/", api.SoftwareDetail.as_view(), name="software-detail"),
    path("datasets/", api.DatasetList.as_view(), name="dataset-list"),
    path("datasets/<slug:slug>/", api.DatasetDetail.as_view(), name="dataset-detail"),
    path("search/", api.Search.as_view(), name="search"),
]
