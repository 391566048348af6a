"""Pages of the integration agreements. Fixed words (``matrix``, ``new``, ``documents``) come
before the slugs they would match."""

from django.urls import path

from gealc.agreements import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/matrix/", views.agreement_matrix, name="agreement_matrix"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/documents/<int:pk>/", views.document_download, name="agreement_document"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<slug:slug>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<slug:slug>/parties/", views.party_add, name="agreement_party_add"),
    path(
        "agreements/<slug:slug>/parties/<int:pk>/leave/",
        views.party_leave,
        name="agreement_party_leave",
    ),
    path("agreements/<slug:slug>/status/", views.agreement_transition, name="agreement_status"),
    path("agreements/<slug:slug>/documents/", views.document_upload, name="agreement_upload"),
    path("countries/<str:iso3>/agreements/", views.country_agreements, name="country_agreements"),
]
