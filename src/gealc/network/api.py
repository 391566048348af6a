"""The network's JSON API: read endpoints for everyone, writes through the services.

Handlers only parse, authorise and call: a refused write is a 403 before anything is parsed,
invalid data a 400 naming the field, an unknown code a 404 (see ``gealc.core.api``).
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gealc.core import filters
from gealc.core.api import answer_example, list_example, request_example
from gealc.core.permissions import require_permission
from gealc.network import selectors, services
from gealc.network.models import Appointment, Country, GovernanceBody, Institution, Organisation
from gealc.network.serializers import (
    AppointmentEndSerializer,
    AppointmentSerializer,
    AppointmentStartSerializer,
    CountryDetailSerializer,
    CountrySerializer,
    GovernanceBodySerializer,
    InstitutionCreateSerializer,
    InstitutionSerializer,
    InstitutionUpdateSerializer,
    MandateSerializer,
    OrganisationSerializer,
    PersonSerializer,
)

COUNTRY_FILTERS = (
    filters.choice("membership", gettext_lazy("member or observer"), Country.Membership.values),
    filters.choice("subregion", gettext_lazy("Code of a subregion"), Country.Subregion.values),
)
PERSON_FILTERS = (
    filters.iso3("country", gettext_lazy("Alpha-3 code of a country the person served in")),
    filters.boolean(
        "current", gettext_lazy("true: only people holding an appointment today; false: none")
    ),
    filters.words("q", gettext_lazy("Words of the name to find (accents and case ignored)")),
)
ORGANISATION_FILTERS = (
    filters.choice("kind", gettext_lazy("Kind (sector) of organisation"), Organisation.Kind.values),
    filters.iso3("country", gettext_lazy("Alpha-3 code of a country it works with")),
)
GOVERNANCE_BODY_FILTERS = (
    filters.choice("code", gettext_lazy("Code of a governance body"), GovernanceBody.Code.values),
)

COUNTRY_PARAMETER = OpenApiParameter(
    "country", OpenApiTypes.STR, description="ISO 3166-1 alpha-3 code, any case"
)
CURRENT_PARAMETER = OpenApiParameter(
    "current", OpenApiTypes.BOOL, description="Only what is running today"
)


def _is_true(value: str | None, name: str = "current") -> bool:
    """A boolean query parameter: absent is false; anything but true/false (or 1/0, yes/no)
    is a 400 naming it rather than silently false."""
    if value is None:
        return False
    answers = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
    if value.lower() not in answers:
        raise ValidationError({name: [_("Give true or false.")]})
    return answers[value.lower()]


class NetworkAPIView(generics.GenericAPIView):
    """Contact details in every serializer only for network members."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["show_contacts"] = self.request.user.has_perm("network.view_contacts")
        return context


@list_example(
    {
        "iso3": "ATG",
        "iso_numeric": "028",
        "name": "Antigua y Barbuda",
        "names": {
            "es": "Antigua y Barbuda",
            "pt": "Antígua e Barbuda",
            "en": "Antigua and Barbuda",
            "fr": "Antigua-et-Barbuda",
        },
        "subregion": "caribbean",
        "membership": "member",
        "member_since": None,
    }
)
@extend_schema(parameters=filters.parameters(COUNTRY_FILTERS))
class CountryList(NetworkAPIView, generics.ListAPIView):
    serializer_class = CountrySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        return selectors.country_list(**filters.parse(COUNTRY_FILTERS, self.request.query_params))


INSTITUTION_EXAMPLE = {
    "id": 41,
    "country": "URY",
    "name": "Agencia de Gobierno Digital — Uruguay",
    "names": {
        "es": "Agencia de Gobierno Digital — Uruguay",
        "pt": "Agência de Governo Digital — Uruguai",
        "en": "Digital Government Agency — Uruguay",
        "fr": "Agence du gouvernement numérique — Uruguay",
    },
    "acronym": "AGD",
    "kind": "digital_government_authority",
    "website": "https://agd-ury.example.org",
    "description": "",
    "descriptions": {"es": "", "pt": "", "en": "", "fr": ""},
    "parent": None,
    "is_national_authority": True,
    "version": 2,
    "is_demo": False,
}
APPOINTMENT_EXAMPLE = {
    "id": 74,
    "person": {"id": 74, "given_name": "Martín", "family_name": "Ibáñez", "is_demo": False},
    "institution": 41,
    "country": "URY",
    "role": "delegate",
    "working_line": "",
    "start": "2025-03-01",
    "end": None,
    "end_reason": "",
    "is_current": True,
    "is_demo": False,
}


@answer_example(
    {
        "iso3": "URY",
        "iso_numeric": "858",
        "name": "Uruguay",
        "names": {"es": "Uruguay", "pt": "Uruguai", "en": "Uruguay", "fr": "Uruguay"},
        "subregion": "south_america",
        "membership": "member",
        "member_since": "2005-04-01",
        "national_authority": INSTITUTION_EXAMPLE,
        "current_appointments": [APPOINTMENT_EXAMPLE],
    }
)
class CountryDetail(NetworkAPIView, generics.RetrieveAPIView):
    serializer_class = CountryDetailSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "iso3"

    def get_object(self) -> Any:
        return selectors.country_get(self.kwargs["iso3"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        country = selectors.country_get(self.kwargs["iso3"])
        context["national_authority"] = selectors.country_national_authority(country)
        context["current_appointments"] = selectors.country_current_appointments(country)
        return context


@list_example(
    {
        "id": 36,
        "country": "AND",
        "name": "Agencia de Gobierno Digital — Andorra",
        "names": {
            "es": "Agencia de Gobierno Digital — Andorra",
            "pt": "Agência de Governo Digital — Andorra",
            "en": "Digital Government Agency — Andorra",
            "fr": "Agence du gouvernement numérique — Andorre",
        },
        "acronym": "AGD",
        "kind": "digital_government_authority",
        "website": "https://agd-and.example.org",
        "description": "",
        "descriptions": {"es": "", "pt": "", "en": "", "fr": ""},
        "parent": None,
        "is_national_authority": True,
        "version": 1,
        "is_demo": False,
    }
)
@extend_schema(parameters=[COUNTRY_PARAMETER])
class InstitutionList(NetworkAPIView, generics.ListCreateAPIView):
    serializer_class = InstitutionSerializer

    def get_queryset(self) -> QuerySet:
        return selectors.institution_list(self.request.query_params.get("country"))

    @extend_schema(request=InstitutionCreateSerializer, responses={201: InstitutionSerializer})
    @answer_example(INSTITUTION_EXAMPLE, status="201")
    @request_example(
        {
            "country": "URY",
            "name": "Agencia de Gobierno Digital — Uruguay",
            "acronym": "AGD",
            "kind": "digital_government_authority",
            "website": "https://agd-ury.example.org",
        }
    )
    def post(self, request: Request) -> Response:
        data = InstitutionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        require_permission(request, "network.add_institution", data.validated_data["country"])
        institution = services.institution_create(actor=request.user, **data.validated_data)
        body = InstitutionSerializer(institution, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@answer_example(INSTITUTION_EXAMPLE)
class InstitutionDetail(NetworkAPIView, generics.RetrieveAPIView):
    serializer_class = InstitutionSerializer
    queryset = Institution.objects.select_related("country")

    @extend_schema(request=InstitutionUpdateSerializer, responses={200: InstitutionSerializer})
    @request_example({"version": 1, "acronym": "AGD", "website": "https://agd-ury.example.org"})
    def patch(self, request: Request, pk: int) -> Response:
        institution = self.get_object()
        require_permission(request, "network.change_institution", institution)
        data = InstitutionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        institution = services.institution_update(
            actor=request.user, institution=institution, expected_version=version, data=changes
        )
        return Response(InstitutionSerializer(institution).data)


@list_example(
    {
        "id": 85,
        "given_name": "Fabienne",
        "family_name": "Augustin",
        "languages": ["fr"],
        "public_profile": True,
        "biography": "",
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(PERSON_FILTERS))
class PersonList(NetworkAPIView, generics.ListAPIView):
    """Everyone, with contact details, for network members; public profiles otherwise."""

    serializer_class = PersonSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(PERSON_FILTERS, self.request.query_params)
        return selectors.person_list(self.request.user, **params)


@answer_example(
    {
        "id": 85,
        "given_name": "Fabienne",
        "family_name": "Augustin",
        "languages": ["fr"],
        "public_profile": True,
        "biography": "",
        "is_demo": False,
    }
)
class PersonDetail(NetworkAPIView, generics.RetrieveAPIView):
    serializer_class = PersonSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.person_get_visible(self.kwargs["pk"], self.request.user)


@list_example(
    {
        "id": 74,
        "person": {"id": 74, "given_name": "Martín", "family_name": "Ibáñez", "is_demo": True},
        "institution": 17,
        "country": "GTM",
        "role": "head_of_authority",
        "working_line": "",
        "start": "2024-01-14",
        "end": None,
        "end_reason": "",
        "is_current": True,
        "is_demo": False,
    }
)
@extend_schema(parameters=[COUNTRY_PARAMETER, CURRENT_PARAMETER])
class AppointmentList(NetworkAPIView, generics.ListCreateAPIView):
    serializer_class = AppointmentSerializer

    def get_queryset(self) -> QuerySet:
        params = self.request.query_params
        return selectors.appointment_list(
            params.get("country"), current=_is_true(params.get("current"))
        )

    @extend_schema(request=AppointmentStartSerializer, responses={201: AppointmentSerializer})
    @answer_example(APPOINTMENT_EXAMPLE, status="201")
    @request_example({"person": 74, "institution": 41, "role": "delegate", "start": "2025-03-01"})
    def post(self, request: Request) -> Response:
        data = AppointmentStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        require_permission(request, "network.add_appointment", data.validated_data["institution"])
        appointment = services.appointment_start(actor=request.user, **data.validated_data)
        body = AppointmentSerializer(appointment, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class AppointmentEnd(NetworkAPIView):
    """End an appointment (appointments are never deleted)."""

    serializer_class = AppointmentSerializer
    queryset = Appointment.objects.select_related("person", "institution__country")

    @extend_schema(request=AppointmentEndSerializer, responses={200: AppointmentSerializer})
    @answer_example(
        {
            **APPOINTMENT_EXAMPLE,
            "end": "2026-02-28",
            "end_reason": "Term ended",
            "is_current": False,
        }
    )
    @request_example({"end": "2026-02-28", "reason": "Term ended"})
    def post(self, request: Request, pk: int) -> Response:
        appointment = get_object_or_404(self.get_queryset(), pk=pk)
        require_permission(request, "network.change_appointment", appointment)
        data = AppointmentEndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.appointment_end(
            actor=request.user, appointment=appointment, **data.validated_data
        )
        return Response(
            AppointmentSerializer(appointment, context=self.get_serializer_context()).data
        )


@list_example(
    {
        "id": 1,
        "name": "Banco Interamericano de Desarrollo",
        "names": {
            "es": "Banco Interamericano de Desarrollo",
            "pt": "",
            "en": "Inter-American Development Bank",
            "fr": "",
        },
        "acronym": "BID",
        "acronyms": {"es": "BID", "pt": "BID", "en": "IDB", "fr": "BID"},
        "kind": "donor",
        "website": "",
        "description": "",
        "countries": [],
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(ORGANISATION_FILTERS))
class OrganisationList(NetworkAPIView, generics.ListAPIView):
    serializer_class = OrganisationSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(ORGANISATION_FILTERS, self.request.query_params)
        return selectors.organisation_list(**params)


@list_example(
    {
        "id": 1,
        "code": "members_assembly",
        "name": "Asamblea de miembros",
        "names": {
            "es": "Asamblea de miembros",
            "pt": "Assembleia de membros",
            "en": "Members' Assembly",
            "fr": "Assemblée des membres",
        },
        "description": "",
        "position": 1,
    }
)
@extend_schema(parameters=filters.parameters(GOVERNANCE_BODY_FILTERS))
class GovernanceBodyList(NetworkAPIView, generics.ListAPIView):
    serializer_class = GovernanceBodySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(GOVERNANCE_BODY_FILTERS, self.request.query_params)
        return selectors.governance_body_list(**params)


@list_example(
    {
        "id": 1,
        "body": "members_assembly",
        "seat": "member",
        "country": "ATG",
        "organisation": None,
        "person": None,
        "start": "2019-03-01",
        "end": None,
        "is_current": True,
        "is_demo": False,
    }
)
@extend_schema(
    parameters=[
        CURRENT_PARAMETER,
        OpenApiParameter("body", OpenApiTypes.STR, description="Code of a governance body"),
    ]
)
class MandateList(NetworkAPIView, generics.ListAPIView):
    serializer_class = MandateSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = self.request.query_params
        return selectors.mandate_list(params.get("body"), current=_is_true(params.get("current")))
