"""Cooperation endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.cooperation import api

urlpatterns = [
    path("cooperation/requests/", api.RequestList.as_view(), name="cooperation-request-list"),
    path(
        "cooperation/requests/<int:pk>/",
        api.RequestDetail.as_view(),
        name="cooperation-request-detail",
    ),
    path("cooperation/offers/", api.OfferList.as_view(), name="cooperation-offer-list"),
    path("cooperation/statistics/", api.Statistics.as_view(), name="cooperation-statistics"),
]
