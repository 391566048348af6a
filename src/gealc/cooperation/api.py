"""The cooperation read API: requests (their public parts; members also read the ones not yet
accepted, drafts stay with their country), standing offers and the numbers per year — lists
with validated filters (a bad one is a 400 naming it) and pagination."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from gealc.cooperation import selectors
from gealc.cooperation.models import Modality, Request, State
from gealc.cooperation.serializers import (
    OfferSerializer,
    RequestSerializer,
    YearNumbersSerializer,
)
from gealc.core import filters
from gealc.core.api import answer_example, list_example

REQUEST_FILTERS = (
    filters.iso3("country", _("Requesting or provider country (ISO 3166-1 alpha-3)")),
    filters.choice("state", _("State of the request"), State.values),
    filters.code("working_line", _("Slug of a working line, such as interoperability")),
    filters.choice("modality", _("Modality of the exchange"), Modality.values),
    filters.code("practice", _("Slug of the practice the request wants to replicate")),
    filters.calendar_year("year", _("Year the request was filed")),
)
OFFER_FILTERS = (
    filters.iso3("country", _("Offering country (ISO 3166-1 alpha-3)")),
    filters.code("working_line", _("Slug of a working line, such as interoperability")),
)
COUNTRY_SAMPLE = {"iso3": "URY", "name": "Uruguay"}
LINE_SAMPLE = {"slug": "interoperability", "name": "Interoperabilidad"}
REQUEST_SAMPLE = {
    "id": 12,
    "title": "Plataforma de interoperabilidad",
    "need": "Queremos conectar los registros civiles con los de salud.",
    "requesting_country": {"iso3": "PRY", "name": "Paraguay"},
    "working_line": LINE_SAMPLE,
    "indicators": ["institutions_connected_share"],
    "modality": "expert_mission",
    "languages": ["es"],
    "practice": None,
    "state": "planned",
    "provider_country": COUNTRY_SAMPLE,
    "planned_start": "2025-09-08",
    "planned_end": "2025-09-10",
    "created_at": "2025-05-02T14:00:00Z",
    "is_demo": True,
}
OFFER_SAMPLE = {
    "id": 3,
    "title": "Compartimos nuestra plataforma de interoperabilidad",
    "description": "",
    "country": COUNTRY_SAMPLE,
    "working_line": LINE_SAMPLE,
    "modalities": ["virtual_session", "study_visit"],
    "practices": ["pdi-uruguay"],
    "software": [],
    "start": "2024-01-01",
    "end": None,
    "is_demo": True,
}
NUMBERS_SAMPLE = {
    "year": 2025,
    "requests": 9,
    "modalities": {"expert_mission": 4, "virtual_session": 5},
    "countries_received": 5,
    "countries_gave": 3,
    "fund_spent": {"USD": "18500.00"},
}


@list_example(REQUEST_SAMPLE)
@extend_schema(parameters=filters.parameters(REQUEST_FILTERS))
class RequestList(generics.ListAPIView):
    """Cooperation requests the reader may see, newest first."""

    serializer_class = RequestSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(REQUEST_FILTERS, self.request.query_params)
        return selectors.request_list(
            self.request.user,
            country=params.get("country"),
            state=params.get("state"),
            working_line=params.get("working_line"),
            modality=params.get("modality"),
            practice=params.get("practice"),
            year=params.get("year"),
        ).prefetch_related("indicators")


@answer_example(REQUEST_SAMPLE)
class RequestDetail(generics.RetrieveAPIView):
    """One cooperation request (its public parts)."""

    serializer_class = RequestSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Request:
        try:
            return selectors.request_get_visible(self.kwargs["pk"], self.request.user)
        except Request.DoesNotExist:
            raise NotFound(_("No such cooperation request.")) from None


@list_example(OFFER_SAMPLE)
@extend_schema(parameters=filters.parameters(OFFER_FILTERS))
class OfferList(generics.ListAPIView):
    """Current standing offers of the countries."""

    serializer_class = OfferSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(OFFER_FILTERS, self.request.query_params)
        return selectors.current_offers(
            country=params.get("country"), working_line=params.get("working_line")
        )


@list_example(NUMBERS_SAMPLE)
class Statistics(APIView):
    """Cooperation in numbers per year: requests past acceptance, modalities, countries that
    received and gave help, and the fund spent (per currency)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=YearNumbersSerializer(many=True))
    def get(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        numbers = selectors.numbers_by_year()
        return Response(YearNumbersSerializer(numbers, many=True).data)
