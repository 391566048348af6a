"""Accounts endpoints under ``/api/v1/`` (namespace ``api``)."""

from django.urls import path

from gealc.accounts import api

urlpatterns = [
    path("invitations/", api.InvitationList.as_view(), name="invitation-list"),
    path("invitations/<id:pk>/revoke/", api.InvitationRevoke.as_view(), name="invitation-revoke"),
]
