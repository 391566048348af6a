"""Agreement endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.agreements import api

urlpatterns = [
    path("agreements/", api.AgreementList.as_view(), name="agreement-list"),
    path("agreements/matrix/", api.AgreementMatrix.as_view(), name="agreement-matrix"),
]
