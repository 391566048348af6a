"""Participation endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.participation import api

urlpatterns = [
    path("consultations/", api.ConsultationList.as_view(), name="consultation-list"),
    path(
        "consultations/<slug:slug>/", api.ConsultationDetail.as_view(), name="consultation-detail"
    ),
    path(
        "consultations/<slug:slug>/contributions/",
        api.ContributionList.as_view(),
        name="consultation-contributions",
    ),
    path(
        "consultations/<slug:slug>/contributions/<int:pk>/",
        api.ContributionDetail.as_view(),
        name="contribution-detail",
    ),
    path(
        "consultations/<slug:slug>/questions/<int:pk>/answer/",
        api.QuestionAnswer.as_view(),
        name="question-answer",
    ),
]
