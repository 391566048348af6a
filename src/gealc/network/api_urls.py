"""Network endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.network import api

urlpatterns = [
    path("countries/", api.CountryList.as_view(), name="country-list"),
    path("countries/<str:iso3>/", api.CountryDetail.as_view(), name="country-detail"),
    path("institutions/", api.InstitutionList.as_view(), name="institution-list"),
    path("institutions/<id:pk>/", api.InstitutionDetail.as_view(), name="institution-detail"),
    path("people/", api.PersonList.as_view(), name="person-list"),
    path("people/<id:pk>/", api.PersonDetail.as_view(), name="person-detail"),
    path("appointments/", api.AppointmentList.as_view(), name="appointment-list"),
    path("appointments/<id:pk>/end/", api.AppointmentEnd.as_view(), name="appointment-end"),
    path("organisations/", api.OrganisationList.as_view(), name="organisation-list"),
    path("governance/bodies/", api.GovernanceBodyList.as_view(), name="governance-body-list"),
    path("governance/mandates/", api.MandateList.as_view(), name="mandate-list"),
]
