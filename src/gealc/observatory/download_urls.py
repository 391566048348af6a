"""Open data downloads under ``/data/`` (no language prefix: a file is the same in every
language)."""

from django.urls import path, re_path

from gealc.observatory import download_views as views

urlpatterns = [
    path("LICENCE", views.licence, name="data_licence"),
    path("catalogue", views.catalogue_negotiated, name="data_catalogue_negotiated"),
    path("catalogue.jsonld", views.catalogue, name="data_catalogue"),
    path("catalogue.ttl", views.catalogue_turtle, name="data_catalogue_turtle"),
    path("dictionary.csv", views.dictionary, name="data_dictionary"),
    path("sdmx/structure.xml", views.sdmx_structure, name="data_sdmx_structure"),
    re_path(
        r"^runs/(?P<run_id>[0-9]{1,12})\.(?P<file_format>csv|xlsx|json|sdmx2?\.csv)$",
        views.run_download,
        name="data_run",
    ),
    re_path(
        r"^runs/(?P<run_id>[0-9]{1,12})\.changes\.(?P<file_format>csv|xlsx|json|sdmx2?\.csv)$",
        views.changes_download,
        name="data_run_changes",
    ),
    re_path(
        r"^values/(?P<round_id>[0-9]{1,12})\.(?P<file_format>csv|xlsx|json|sdmx2?\.csv)$",
        views.values_download,
        name="data_values",
    ),
    path("benchmarks/egdi.csv", views.egdi_download, name="data_egdi"),
    re_path(
        r"^(?P<collection>index|values)/all\.(?P<file_format>csv|xlsx|sdmx2?\.csv)$",
        views.bulk_download,
        name="data_bulk",
    ),
    re_path(
        r"^index/latest\.(?P<file_format>csv|xlsx|json|sdmx2?\.csv)$",
        views.latest_download,
        name="data_latest",
    ),
    path("datapackage.json", views.datapackage, name="data_package"),
]
