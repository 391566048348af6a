"""Pages of the network directory: countries, people, governance and the member forms."""

from django.urls import path

from gealc.network import views

urlpatterns = [
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:iso3>/", views.country_detail, name="country_detail"),
    path(
        "countries/<str:iso3>/history/",
        views.country_role_history,
        name="country_role_history",
    ),
    path(
        "countries/<str:iso3>/transition/",
        views.appointment_transition,
        name="appointment_transition",
    ),
    path("directory/", views.directory, name="directory"),
    path("people/<id:pk>/", views.person_detail, name="person_detail"),
    path("governance/", views.governance, name="governance"),
    path("institutions/<id:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
]
