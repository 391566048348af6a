"""Pages of the knowledge hub: practices, public software, open data, maturity and search.

Fixed words (``propose``, ``import``, ``maturity``) come before the slugs they would match.
"""

from django.urls import path

from gealc.knowledge import views

urlpatterns = [
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/propose/", views.practice_propose, name="practice_propose"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("practices/<slug:slug>/edit/", views.practice_edit, name="practice_edit"),
    path(
        "practices/<slug:slug>/attachments/<int:pk>/",
        views.practice_attachment,
        name="practice_attachment",
    ),
    path("practices/<slug:slug>/review/", views.practice_review, name="practice_review"),
    path("practices/<slug:slug>/award/", views.practice_award, name="practice_award"),
    path("software/", views.software_list, name="software_list"),
    path("software/import/", views.software_import, name="software_import"),
    path("software/<slug:slug>/", views.software_detail, name="software_detail"),
    path(
        "software/<slug:slug>/publiccode.yml",
        views.software_publiccode,
        name="software_publiccode",
    ),
    path("software/<slug:slug>/publish/", views.software_publish, name="software_publish"),
    path("software/<slug:slug>/usage/", views.software_usage, name="software_usage"),
    path("open-data/", views.dataset_list, name="dataset_list"),
    path("open-data/maturity/", views.maturity_comparison, name="maturity_comparison"),
    path("open-data/maturity/<str:iso3>/", views.maturity_assessment, name="maturity_assessment"),
    path("open-data/<slug:slug>/", views.dataset_detail, name="dataset_detail"),
    path(
        "open-data/<slug:slug>/<str:iso3>/edit/",
        views.dataset_status_edit,
        name="dataset_status_edit",
    ),
    path("search/", views.search, name="search"),
]
