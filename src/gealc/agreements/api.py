"""The agreements' read API: agreements with parties and status history, filtered by kind,
status, country and year (a bad filter is a 400 naming it) and paginated; the matrix of who
recognises whom at the end of a year, as JSON. The caller reads what the pages show it:
signed, in-force and ended agreements, and those negotiating of its own countries."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from gealc.agreements import selectors
from gealc.agreements.models import Agreement, Status, Transition
from gealc.agreements.serializers import AgreementSerializer, MatrixSerializer
from gealc.core import filters
from gealc.core.api import answer_example, list_example
from gealc.network.models import Country

YEAR = filters.calendar_year(
    "year", gettext_lazy("Year: agreements alive during it; for the matrix, as at its end")
)
AGREEMENT_FILTERS = (
    filters.choice("kind", gettext_lazy("Kind of agreement"), Agreement.Kind.values),
    filters.choice("status", gettext_lazy("Current status"), Status.values),
    filters.iso3("country", gettext_lazy("A party, now or before (ISO 3166-1 alpha-3)")),
    YEAR,
)
MATRIX_FILTERS = (
    filters.choice(
        "kind",
        gettext_lazy("signatures (the default) or data_exchange"),
        [kind.value for kind in selectors.MATRIX_KINDS],
    ),
    YEAR,
)
URY = {"iso3": "URY", "name": "Uruguay"}
CHL = {"iso3": "CHL", "name": "Chile"}


def _country(iso3: str | None) -> Country | None:
    if not iso3:
        return None
    country = Country.objects.filter(iso3=iso3).first()
    if country is None:
        raise ValidationError({"country": [_("country: no country of the network has this code")]})
    return country


@list_example(
    {
        "slug": "uruguay-chile-signatures",
        "kind": "signatures",
        "title": "Reconocimiento mutuo de firmas digitales Uruguay-Chile",
        "summary": "Las firmas electrónicas avanzadas de cada país valen en el otro.",
        "status": "in_force",
        "negotiation_start": "2020-01-10",
        "signed_on": "2020-06-01",
        "in_force_on": "2021-01-15",
        "ended_on": None,
        "parties": [
            {"country": URY, "joined": "2020-01-10", "left": None},
            {"country": CHL, "joined": "2020-01-10", "left": None},
        ],
        "transitions": [
            {"from_status": "", "to_status": "negotiating", "date": "2020-01-10", "reason": ""},
            {
                "from_status": "negotiating",
                "to_status": "signed",
                "date": "2020-06-01",
                "reason": "",
            },
            {"from_status": "signed", "to_status": "in_force", "date": "2021-01-15", "reason": ""},
        ],
        "working_lines": ["digital-identity"],
        "is_demo": True,
    }
)
@extend_schema(parameters=filters.parameters(AGREEMENT_FILTERS))
class AgreementList(generics.ListAPIView):
    """Integration agreements between countries, with their parties and status history."""

    serializer_class = AgreementSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(AGREEMENT_FILTERS, self.request.query_params)
        agreements = selectors.agreement_list(
            self.request.user,
            kind=params.get("kind"),
            status=params.get("status"),
            country=_country(params.get("country")),
            year=params.get("year"),
        )
        transitions = Transition.objects.order_by("date", "pk")
        return agreements.prefetch_related(
            Prefetch("transitions", queryset=transitions), "working_lines"
        ).order_by("-negotiation_start", "slug")


def matrix_data(matrix: selectors.Matrix) -> dict[str, Any]:
    return {
        "kind": matrix.kind,
        "year": matrix.year,
        "as_of": matrix.day,
        "member_countries": matrix.network_size,
        "possible_pairs": matrix.possible_pairs,
        "linked_pairs": matrix.linked_pairs,
        "countries": matrix.countries,
        "pairs": [
            {
                "countries": [first.iso3, second.iso3],
                "agreement": cell.agreement.slug,
                "title": cell.agreement.title,
                "since": cell.since,
            }
            for first, second, cell in matrix.pairs
        ],
    }


@answer_example(
    {
        "kind": "signatures",
        "year": 2024,
        "as_of": "2024-12-31",
        "member_countries": 33,
        "possible_pairs": 528,
        "linked_pairs": 1,
        "countries": [CHL, URY],
        "pairs": [
            {
                "countries": ["CHL", "URY"],
                "agreement": "uruguay-chile-signatures",
                "title": "Reconocimiento mutuo de firmas digitales Uruguay-Chile",
                "since": "2021-01-15",
            }
        ],
    }
)
@extend_schema(parameters=filters.parameters(MATRIX_FILTERS), responses=MatrixSerializer)
class AgreementMatrix(generics.GenericAPIView):
    """Which pairs of countries recognise each other's digital signatures (or exchange data)
    under an agreement in force at the end of a year (this year by default)."""

    serializer_class = MatrixSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get(self, request: Request) -> Response:
        params = filters.parse(MATRIX_FILTERS, request.query_params)
        matrix = selectors.matrix(
            request.user,
            kind=params.get("kind") or Agreement.Kind.SIGNATURES,
            year=params.get("year") or timezone.localdate().year,
        )
        return Response(MatrixSerializer(matrix_data(matrix)).data)
