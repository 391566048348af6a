"""The invitations API: the secretariat lists every invitation, a country's head, delegate
or alternate their country's; whoever may invite creates one (the e-mail with the link goes
to the invitee, the answer never carries the link) and revokes a pending one. The same
services and rules as the pages decide; everyone else is refused (403)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gealc.accounts import selectors, services
from gealc.accounts.models import Invitation, Role
from gealc.accounts.serializers import InvitationCreateSerializer, InvitationSerializer
from gealc.core import filters
from gealc.core.api import answer_example, list_example, request_example
from gealc.core.permissions import require_permission
from gealc.network.models import Country, Organisation
from gealc.network.selectors import people_visible_to

INVITATION_FILTERS = (
    filters.choice("state", _("pending, accepted, revoked or expired"), Invitation.State.values),
    filters.choice("role", _("Role the person is invited to"), Role.values),
    filters.iso3("country", _("Country of a country member (ISO 3166-1 alpha-3)")),
)
REFUSED = OpenApiResponse(
    description="Not allowed: only the secretariat, or a country's head, delegate or "
    "alternate for their own country, manage invitations."
)
INVITATION_SAMPLE = {
    "id": 12,
    "person": {"id": 40, "name": "Nora Nueva"},
    "email": "nora.nueva@example.gov.py",
    "role": "member",
    "country": "PRY",
    "organisation": None,
    "appointment_role": "delegate",
    "working_line": "",
    "state": "pending",
    "invited_by": "Technical secretariat",
    "created": "2026-11-03T10:15:00-03:00",
    "expires": "2026-11-17T10:15:00-03:00",
    "accepted_at": None,
    "revoked_at": None,
}


def _site_url(request: Request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _found(choices: QuerySet, pk: int | None, field: str, message: Any) -> Any:
    """The row ``pk`` of ``choices``, or a 400 naming ``field``."""
    if pk is None:
        return None
    found = choices.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: [message]})
    return found


@list_example(INVITATION_SAMPLE)
@extend_schema(parameters=filters.parameters(INVITATION_FILTERS))
class InvitationList(generics.ListCreateAPIView):
    """Invitations the caller may see, newest first (``GET``); invite a person (``POST``)."""

    serializer_class = InvitationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Invitation]:
        params = filters.parse(INVITATION_FILTERS, self.request.query_params)
        invitations = selectors.invitations_visible_to(self.request.user)
        if params.get("state"):
            invitations = selectors.invitations_in_state(invitations, params["state"])
        if params.get("role"):
            invitations = invitations.filter(role=params["role"])
        if params.get("country"):
            invitations = invitations.filter(country__iso3=params["country"].upper())
        return invitations

    @extend_schema(responses={200: InvitationSerializer(many=True), 403: REFUSED})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_permission(request, "accounts.view_invitation")
        return super().get(request, *args, **kwargs)

    @answer_example(INVITATION_SAMPLE, status="201")
    @request_example({"person": 40, "role": "member", "country": "PRY"})
    @extend_schema(
        request=InvitationCreateSerializer, responses={201: InvitationSerializer, 403: REFUSED}
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["person"] = _found(
            people_visible_to(request.user),
            values["person"],
            "person",
            _("No person of the directory has this id."),
        )
        country = values.pop("country", None)
        values["country"] = None
        if country:
            values["country"] = Country.objects.filter(iso3=country.upper()).first()
            if values["country"] is None:
                raise ValidationError({"country": [_("No country of the network has this code.")]})
        values["organisation"] = _found(
            Organisation.objects.all(),
            values.get("organisation"),
            "organisation",
            _("No organisation of the directory has this id."),
        )
        sent = services.invitation_create(actor=request.user, site_url=_site_url(request), **values)
        body = InvitationSerializer(sent.invitation).data
        return Response(body, status=status.HTTP_201_CREATED)


class InvitationRevoke(APIView):
    """Revoke a pending invitation: its link stops working at once."""

    permission_classes = [permissions.IsAuthenticated]

    @answer_example(
        {**INVITATION_SAMPLE, "state": "revoked", "revoked_at": "2026-11-04T09:00:00-03:00"}
    )
    @extend_schema(request=None, responses={200: InvitationSerializer, 403: REFUSED})
    def post(self, request: Request, pk: int) -> Response:
        require_permission(request, "accounts.view_invitation")
        invitation = get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)
        services.invitation_revoke(actor=request.user, invitation=invitation)
        invitation.refresh_from_db()
        return Response(InvitationSerializer(invitation).data)
