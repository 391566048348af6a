"""The knowledge hub's JSON API: practices, public software (with publiccode.yml), the common
open-data sets and the unified search.

Handlers only parse, authorise and call: a refused write is a 403 before anything is parsed,
invalid data a 400 naming the field (a publiccode.yml problem names its key path), an unknown
or invisible entry a 404 (see ``gealc.core.api``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gealc.core import filters
from gealc.core.api import answer_example, list_example, request_example
from gealc.core.permissions import require_permission
from gealc.knowledge import selectors, services
from gealc.knowledge.models import Award, DatasetStatus, SoftwareEntry
from gealc.knowledge.serializers import (
    DatasetStatusSerializer,
    DatasetStatusUpdateSerializer,
    OpenDataSetSerializer,
    PracticeDetailSerializer,
    PracticeSerializer,
    PubliccodeImportSerializer,
    SearchResultsSerializer,
    SoftwareDetailSerializer,
    SoftwareSerializer,
)
from gealc.network import selectors as network_selectors

YAML_CONTENT_TYPE = "application/yaml; charset=utf-8"
DATASET_FILTERS = (
    filters.words(
        "q", gettext_lazy("Words of the name or description to find (accents and case ignored)")
    ),
)


def _parameter(name: str, description: str, kind: Any = OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, kind, description=description)


WORDS = filters.words("q", gettext_lazy("Words to find (accents and case ignored)"))
PRACTICE_FILTERS = (
    filters.iso3("country", gettext_lazy("ISO 3166-1 alpha-3 code, any case")),
    filters.code("working_line", gettext_lazy("Slug of a working line")),
    filters.code("dimension", gettext_lazy("Slug of a dimension")),
    filters.calendar_year("year", gettext_lazy("The practice ran during that year")),
    filters.choice(
        "award",
        gettext_lazy("'any' or an award category"),
        ["any", *Award.Category.values],
    ),
    WORDS,
)
SOFTWARE_FILTERS = (
    filters.code("category", gettext_lazy("A publiccode.yml category, e.g. digital-citizenship")),
    filters.iso3(
        "country", gettext_lazy("Alpha-3 code of a country that uses, maintains or adapted it")
    ),
    filters.words("licence", gettext_lazy("An SPDX identifier within the licence expression")),
    filters.choice(
        "development_status",
        gettext_lazy("The publiccode.yml development status"),
        SoftwareEntry.DevelopmentStatus.values,
    ),
    filters.code("platform", gettext_lazy("web, windows, mac, linux, ios, android or another")),
    WORDS,
)


@list_example(
    {
        "id": 12,
        "slug": "historia-clinica-electronica-demo",
        "title": "Historia clínica electrónica",
        "titles": {
            "es": "Historia clínica electrónica",
            "pt": "",
            "en": "Electronic health records",
            "fr": "",
        },
        "summary": "Práctica de demostración de Ecuador: historia clínica electrónica.",
        "country": {"iso3": "ECU", "name": "Ecuador"},
        "tags": [
            {"kind": "dimension", "slug": "services", "name": "Servicios en línea"},
            {"kind": "working_line", "slug": "interoperability", "name": "Interoperabilidad"},
        ],
        "awards": [],
        "state": "published",
        "start_date": "2020-01-01",
        "end_date": "2025-12-31",
        "original_language": "es",
        "published_at": "2026-12-04T10:02:10.706537-05:00",
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(PRACTICE_FILTERS))
class PracticeList(generics.ListAPIView):
    """Good practices of the network, filtered; members also see drafts they may read."""

    serializer_class = PracticeSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        return selectors.practice_list(
            filters.parse(PRACTICE_FILTERS, self.request.query_params), self.request.user
        )


@answer_example(
    {
        "id": 12,
        "slug": "ventanilla-unica-de-tramites",
        "title": "Ventanilla única de trámites",
        "titles": {
            "es": "Ventanilla única de trámites",
            "pt": "Balcão único de serviços",
            "en": "One-stop shop for procedures",
            "fr": "Guichet unique des démarches",
        },
        "summary": "Un solo punto de acceso en línea a los trámites del Estado.",
        "summaries": {"es": "Un solo punto de acceso en línea a los trámites del Estado."},
        "country": {"iso3": "URY", "name": "Uruguay"},
        "tags": [
            {"kind": "working_line", "slug": "digital-services", "name": "Servicios digitales"}
        ],
        "awards": [{"year": 2024, "category": "innovation", "title": "Premio de ejemplo"}],
        "state": "published",
        "start_date": "2021-03-01",
        "end_date": None,
        "original_language": "es",
        "published_at": "2025-02-10T14:00:00Z",
        "is_demo": True,
        "problem": "Trámites dispersos en decenas de sitios.",
        "solution": "Un catálogo único con identidad digital.",
        "results": "El 70 % de los trámites en línea.",
        "replication_conditions": "Identidad digital nacional.",
        "cost_amount": "250000.00",
        "cost_currency": "USD",
        "cost_notes": "",
        "technologies": ["Django"],
        "metrics": [{"name": "Trámites en línea", "value": "70.0", "unit": "%", "year": 2024}],
        "links": [{"title": "Portal", "url": "https://tramites.ury.example.org"}],
        "institutions": ["Agencia de Gobierno Digital — Uruguay"],
    }
)
class PracticeDetail(generics.RetrieveAPIView):
    """A practice by slug, with its metrics, links, attachments and awards."""

    serializer_class = PracticeDetailSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"

    def get_object(self) -> Any:
        return selectors.practice_get_visible(self.kwargs["slug"], self.request.user)


@list_example(
    {
        "id": 5,
        "slug": "agenda-de-turnos-demo",
        "name": "Agenda de turnos",
        "url": "https://git.example.org/demo/agenda-de-turnos-demo",
        "landing_url": "",
        "software_version": "1.0.0",
        "release_date": "2025-01-15",
        "platforms": ["web", "linux"],
        "categories": ["appointment-scheduling"],
        "development_status": "stable",
        "software_type": "standalone/web",
        "licence": "GPL-3.0-or-later",
        "main_copyright_owner": "Red de demostración",
        "short_description": "Agenda de turnos: software público de la red.",
        "short_descriptions": {
            "es": "Agenda de turnos: software público de la red.",
            "pt": "",
            "en": "",
            "fr": "",
        },
        "maintenance_type": "community",
        "is_based_on": None,
        "is_based_on_urls": [],
        "country": {"iso3": "CRI", "name": "Costa Rica"},
        "usages": [
            {
                "country": {"iso3": "CRI", "name": "Costa Rica"},
                "relation": "maintains",
                "since": None,
            }
        ],
        "state": "published",
        "publiccode_url": "https://hub.example.org/api/v1/software/5/publiccode.yml",
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(SOFTWARE_FILTERS))
class SoftwareList(generics.ListAPIView):
    """The public software catalogue (publiccode.yml entries), filtered."""

    serializer_class = SoftwareSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        return selectors.software_list(
            filters.parse(SOFTWARE_FILTERS, self.request.query_params), self.request.user
        )


SOFTWARE_EXAMPLE = {
    "id": 4,
    "slug": "firma-digital",
    "name": "Firma digital",
    "url": "https://code.example.org/ury/firma-digital",
    "landing_url": "",
    "software_version": "2.1.0",
    "release_date": "2025-05-02",
    "platforms": ["web"],
    "categories": ["digital-signature"],
    "development_status": "stable",
    "software_type": "standalone/web",
    "licence": "AGPL-3.0-or-later",
    "main_copyright_owner": "Agencia de Gobierno Digital — Uruguay",
    "short_description": "Firma de documentos en línea.",
    "short_descriptions": {"es": "Firma de documentos en línea."},
    "maintenance_type": "internal",
    "is_based_on": None,
    "is_based_on_urls": [],
    "country": {"iso3": "URY", "name": "Uruguay"},
    "usages": [
        {"country": {"iso3": "PRY", "name": "Paraguay"}, "relation": "uses", "since": "2024-06-01"}
    ],
    "state": "published",
    "publiccode_url": "/api/v1/software/4/publiccode.yml",
    "is_demo": True,
    "long_description": "Firma de documentos en línea con certificados nacionales.",
    "long_descriptions": {"es": "Firma de documentos en línea con certificados nacionales."},
    "feature_list": ["Firma en lote"],
    "descriptions": {},
    "repo_owner": "Agencia de Gobierno Digital — Uruguay",
    "maintenance_contacts": [],
    "localisation_ready": True,
    "available_languages": ["es"],
    "regional_versions": [],
}


@answer_example(SOFTWARE_EXAMPLE)
class SoftwareDetail(generics.RetrieveAPIView):
    """A software entry by id or slug, with its usages and regional versions."""

    serializer_class = SoftwareDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.software_get_visible(self.kwargs["pk"], self.request.user)


class SoftwarePubliccode(APIView):
    """The software entry as a publiccode.yml document."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={
            # A YAML document (a mapping), not a JSON string.
            (200, "application/yaml"): OpenApiResponse(
                response=OpenApiTypes.OBJECT, description="The entry as a publiccode.yml file"
            )
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        entry = selectors.software_get_visible(pk, request.user)
        text = services.software_export_publiccode(entry=entry)
        response = HttpResponse(text, content_type=YAML_CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{entry.slug}-publiccode.yml"'
        return response


class SoftwareImport(APIView):
    """Import or update a software entry from a publiccode.yml document (secretariat)."""

    serializer_class = PubliccodeImportSerializer

    @extend_schema(
        request=PubliccodeImportSerializer,
        responses={201: SoftwareDetailSerializer, 200: SoftwareDetailSerializer},
    )
    @answer_example(SOFTWARE_EXAMPLE, status="201")
    @answer_example(SOFTWARE_EXAMPLE)
    @request_example(
        {
            "publiccode": "publiccodeYmlVersion: '0.4'\nname: Firma digital\n"
            "url: https://code.example.org/ury/firma-digital\n...",
            "country": "URY",
        }
    )
    def post(self, request: Request) -> Response:
        require_permission(request, "knowledge.import_software")
        data = PubliccodeImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data.get("country")
        try:
            country = network_selectors.country_get(code) if code else None
        except Http404 as unknown:  # a field of the body, not the address: a 400 naming it
            raise ValidationError({"country": str(unknown)}) from None
        saved = services.software_import_publiccode(
            actor=request.user, text=data.validated_data["publiccode"], country=country
        )
        body = SoftwareDetailSerializer(saved.instance, context={"request": request}).data
        answer = status.HTTP_201_CREATED if saved.created else status.HTTP_200_OK
        return Response(body, status=answer)


@list_example(
    {
        "id": 1,
        "slug": "budget",
        "name": "Presupuesto",
        "names": {"es": "Presupuesto", "pt": "Orçamento", "en": "Budget", "fr": "Budget"},
        "description": "Conjunto común acordado por el grupo de datos abiertos: presupuesto.",
        "order": 1,
        "active": True,
        "statuses": [
            {
                "country": {"iso3": "ARG", "name": "Argentina"},
                "published": True,
                "url": "https://datos.arg.example.org/budget",
                "format": "CSV",
                "licence": "CC-BY-4.0",
                "update_frequency": "monthly",
                "machine_readable": True,
                "last_checked": "2025-01-13",
                "notes": "",
            },
            {
                "country": {"iso3": "ATG", "name": "Antigua y Barbuda"},
                "published": True,
                "url": "https://datos.atg.example.org/budget",
                "format": "CSV",
                "licence": "CC-BY-4.0",
                "update_frequency": "monthly",
                "machine_readable": True,
                "last_checked": "2025-09-17",
                "notes": "",
            },
            {
                "country": {"iso3": "BHS", "name": "Bahamas"},
                "published": True,
                "url": "https://datos.bhs.example.org/budget",
                "format": "CSV",
                "licence": "ODbL-1.0",
                "update_frequency": "yearly",
                "machine_readable": True,
                "last_checked": "2025-03-07",
                "notes": "",
            },
        ],
    }
)
@extend_schema(parameters=filters.parameters(DATASET_FILTERS))
class DatasetList(generics.ListAPIView):
    """The network's reference open data sets, with each country's status."""

    serializer_class = OpenDataSetSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(DATASET_FILTERS, self.request.query_params)
        statuses = DatasetStatus.objects.select_related("country").order_by("country__iso3")
        datasets = selectors.dataset_list(**params)
        return datasets.prefetch_related(Prefetch("statuses", queryset=statuses))


@extend_schema_view(
    get=answer_example(
        {
            "id": 1,
            "slug": "budget",
            "name": "Presupuesto",
            "names": {"es": "Presupuesto", "pt": "Orçamento", "en": "Budget", "fr": "Budget"},
            "description": "Conjunto común acordado por el grupo de datos abiertos.",
            "order": 1,
            "active": True,
            "statuses": [
                {
                    "country": {"iso3": "URY", "name": "Uruguay"},
                    "published": True,
                    "url": "https://datos.ury.example.org/budget",
                    "format": "CSV",
                    "licence": "CC-BY-4.0",
                    "update_frequency": "monthly",
                    "machine_readable": True,
                    "last_checked": "2025-09-17",
                    "notes": "",
                }
            ],
        }
    )
)
class DatasetDetail(generics.RetrieveAPIView):
    """A reference open data set by slug, with each country's status."""

    serializer_class = OpenDataSetSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.dataset_get(self.kwargs["slug"])

    @extend_schema(request=DatasetStatusUpdateSerializer, responses={200: DatasetStatusSerializer})
    @answer_example(
        {
            "country": {"iso3": "URY", "name": "Uruguay"},
            "published": True,
            "url": "https://datos.ury.example.org/budget",
            "format": "CSV",
            "licence": "CC-BY-4.0",
            "update_frequency": "monthly",
            "machine_readable": True,
            "last_checked": "2025-09-17",
            "notes": "",
        }
    )
    @request_example({"country": "URY", "published": True, "update_frequency": "monthly"})
    def patch(self, request: Request, slug: str) -> Response:
        """Update one country's status of the data set (own-country members, secretariat)."""
        dataset = selectors.dataset_get(slug)
        code = str(request.data.get("country", "") or "").strip()
        if not code:
            raise ValidationError({"country": _("Give the country's alpha-3 code.")})
        country = network_selectors.country_get(code)
        require_permission(request, "knowledge.change_datasetstatus", country)
        data = DatasetStatusUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k != "country"}
        row = services.dataset_status_update(
            actor=request.user, dataset=dataset, country=country, data=changes
        )
        return Response(DatasetStatusSerializer(row).data)


@extend_schema(
    parameters=[
        _parameter("q", "Words to find (accents and case ignored)"),
        _parameter("kind", "practice, software, dataset, country, person or indicator"),
        _parameter("language", "es, pt, en or fr (default: the request's language)"),
    ],
    responses=SearchResultsSerializer,
)
@answer_example(
    {
        "query": "firma",
        "kind": "",
        "total": 1,
        "facets": {"software": 1},
        "results": [
            {
                "kind": "software",
                "title": "Firma digital",
                "summary": "Firma de documentos en línea.",
                "url": "/es/knowledge/software/firma-digital/",
            }
        ],
        "suggestion": None,
    }
)
class Search(APIView):
    """Search practices, software, data sets, countries, people and indicators at once."""

    permission_classes = [permissions.AllowAny]

    def get(self, request: Request) -> Response:
        results = selectors.search(
            request.query_params.get("q", ""),
            kind=request.query_params.get("kind", ""),
            viewer=request.user,
            language=request.query_params.get("language")
            or getattr(request, "LANGUAGE_CODE", None),
        )
        return Response(SearchResultsSerializer(results).data)
