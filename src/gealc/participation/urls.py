"""Pages of participation. Fixed words (``register``, ``contributions``) come before the slugs
they would match."""

from django.urls import path

from gealc.participation import views

urlpatterns = [
    path("consultations/", views.consultation_list, name="consultation_list"),
    path(
        "consultations/contributions/<int:pk>/",
        views.contribution_detail,
        name="contribution_detail",
    ),
    path(
        "consultations/contributions/<int:pk>/reply/",
        views.contribution_reply,
        name="contribution_reply",
    ),
    path(
        "consultations/contributions/<int:pk>/report/",
        views.contribution_report,
        name="contribution_report",
    ),
    path(
        "consultations/contributions/<int:pk>/moderate/",
        views.contribution_moderate,
        name="contribution_moderate",
    ),
    path("consultations/<slug:slug>/", views.consultation_detail, name="consultation_detail"),
    path("consultations/<slug:slug>/edit/", views.consultation_edit, name="consultation_edit"),
    path(
        "consultations/<slug:slug>/questions/<int:pk>/answer/",
        views.question_answer,
        name="question_answer",
    ),
    path(
        "consultations/<slug:slug>/follow/", views.consultation_follow, name="consultation_follow"
    ),
    path("consultations/<slug:slug>/phase/", views.consultation_phase, name="consultation_phase"),
    path(
        "consultations/<slug:slug>/summary/",
        views.consultation_summary,
        name="consultation_summary",
    ),
    path(
        "consultations/<slug:slug>/summary/pdf/",
        views.consultation_summary_pdf,
        name="consultation_summary_pdf",
    ),
    path(
        "consultations/<slug:slug>/contributions.csv",
        views.consultation_export,
        {"extension": "csv"},
        name="consultation_export_csv",
    ),
    path(
        "consultations/<slug:slug>/contributions.json",
        views.consultation_export,
        {"extension": "json"},
        name="consultation_export_json",
    ),
    path("participate/register/", views.stakeholder_signup, name="stakeholder_signup"),
    path("participate/profile/", views.stakeholder_profile, name="stakeholder_profile"),
    path("participate/leave/", views.stakeholder_leave, name="stakeholder_leave"),
    path(
        "participate/organisations/<int:pk>/",
        views.organisation_detail,
        name="stakeholder_organisation",
    ),
    path(
        "participate/people/<int:pk>/",
        views.stakeholder_public,
        name="stakeholder_public",
    ),
    path("participate/review/", views.review, name="participation_review"),
    path(
        "participate/consultations/new/",
        views.consultation_create,
        name="consultation_create",
    ),
    path(
        "participate/review/organisations/<int:pk>/",
        views.organisation_review,
        name="organisation_review",
    ),
    path(
        "participate/review/stakeholders/<int:pk>/",
        views.stakeholder_review,
        name="stakeholder_review",
    ),
]
