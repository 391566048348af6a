"""The public observatory API: published runs, their scores, the values that went in (also
as a round's open-data file), the indicators and the UN EGDI benchmark.

Read-only and the same for everyone: handlers parse the filters (a bad one is a 400 naming
the parameter), read through the selectors and serialize; an unknown run, country or
indicator is a 404. ``gealc.observatory.http.PublishedReadView`` adds validators (ETag,
Last-Modified, 304), caching under the published generation, throttling of anonymous clients;
``ReadOnlyCorsMiddleware`` lets other sites read them.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from gealc.core import filters
from gealc.core.api import answer_example, list_example
from gealc.core.filters import Filter
from gealc.core.http import PublicReadThrottle
from gealc.measurement.api import FileDownload
from gealc.network import selectors as network_selectors
from gealc.observatory import exports, files, selectors
from gealc.observatory.http import PublishedReadView
from gealc.observatory.models import IndexRun
from gealc.observatory.serializers import (
    CountryScoresSerializer,
    EgdiSerializer,
    ErrorSerializer,
    IndicatorSerializer,
    PublishedValueSerializer,
    RunDetailSerializer,
    RunSerializer,
    ScoreSerializer,
    ValuesFileSerializer,
)

ERRORS = {400: ErrorSerializer, 404: ErrorSerializer, 429: ErrorSerializer}
TAGS = ["observatory"]


def _schema(serializer: Any, query: Sequence[Filter] = (), many: bool = False) -> Any:
    return extend_schema(
        tags=TAGS,
        parameters=filters.parameters(query),
        responses={200: serializer(many=True) if many else serializer, **ERRORS},
    )


def _run(pk: Any) -> IndexRun:
    try:
        return selectors.run_get(pk)
    except IndexRun.DoesNotExist:
        raise NotFound(_("No published run with the id %(id)s.") % {"id": pk}) from None


class PublishedList(PublishedReadView):
    """A paginated list whose declared ``query`` filters are parsed before anything is read."""

    query: Sequence[Filter] = ()

    @abstractmethod
    def rows(self, params: dict[str, Any], **kwargs: Any) -> QuerySet:
        """The rows to paginate, given the parsed filters."""

    def read(self, request: Request, **kwargs: Any) -> Response:
        params = filters.parse(self.query, request.query_params)
        page = self.paginate_queryset(self.rows(params, **kwargs))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# Indicators ------------------------------------------------------------------------------------

INDICATOR_FILTERS = (filters.FRAMEWORK, filters.DIMENSION)


INDICATOR_EXAMPLE = {
    "code": "transactional_procedures",
    "name": "Trámites transaccionales en línea",
    "names": {
        "es": "Trámites transaccionales en línea",
        "pt": "Serviços transacionais on-line",
        "en": "Procedures fully online",
        "fr": "Démarches entièrement en ligne",
    },
    "definition": "Porcentaje de trámites nacionales totalmente transaccionales en línea.",
    "definitions": {
        "es": "Porcentaje de trámites nacionales totalmente transaccionales en línea.",
        "pt": "Percentual de serviços nacionais totalmente transacionais on-line.",
        "en": "Share of national procedures that are fully transactional online.",
        "fr": "Part des démarches nationales entièrement réalisables en ligne.",
    },
    "framework": "GEALC-DGI",
    "framework_version": "2025.1",
    "dimension": "digital_services",
    "dimension_name": "Servicios digitales",
    "unit": "PC",
    "unit_text": "%",
    "direction": 1,
    "formula": "100 * procedures_transactional / procedures_total",
    "weight": 1.0,
    "plausible_min": 0.0,
    "plausible_max": 100.0,
    "goalpost_low": 0.0,
    "goalpost_high": 100.0,
    "evidence_required": True,
}


@list_example(INDICATOR_EXAMPLE)
@_schema(IndicatorSerializer, INDICATOR_FILTERS, many=True)
class IndicatorList(PublishedList):
    """Indicators of every framework version: definition, unit, direction, formula, weight."""

    serializer_class = IndicatorSerializer
    query = INDICATOR_FILTERS

    def rows(self, params: dict[str, Any], **kwargs: Any) -> QuerySet:
        return selectors.indicator_list(params.get("framework"), params.get("dimension"))


@_schema(IndicatorSerializer, (filters.FRAMEWORK,))
@answer_example(INDICATOR_EXAMPLE)
class IndicatorDetail(PublishedReadView):
    """An indicator by code, in the most recent framework version that has it."""

    serializer_class = IndicatorSerializer

    def read(self, request: Request, **kwargs: Any) -> Response:
        params = filters.parse((filters.FRAMEWORK,), request.query_params)
        code = kwargs["code"]
        found = None
        if filters.CODE_PATTERN.fullmatch(code):  # anything else names no indicator
            indicator = selectors.indicator_list(params.get("framework")).filter(code=code)
            found = indicator.order_by("-framework__created_at", "-framework__pk").first()
        if found is None:
            raise NotFound(_("No indicator with the code %(code)s.") % {"code": kwargs["code"]})
        return Response(self.get_serializer(found).data)


# Runs ------------------------------------------------------------------------------------------

RUN_FILTERS = (filters.ROUND, filters.YEAR)


RUN_EXAMPLE = {
    "id": 1,
    "title": "GEALC Digital Government Index 2024",
    "status": "published",
    "year": 2024,
    "round": 1,
    "framework": "GEALC-DGI",
    "framework_version": "2024.1",
    "published_at": "2026-12-04T10:02:10.154138-05:00",
    "superseded_at": None,
    "current_run": 1,
    "superseded_by": None,
    "corrects": None,
    "changelog": "",
    "engine_version": "1.0.0",
    "seed": 2024,
    "uncertainty_runs": 10000,
    "input_hash": "6a73d0d32472cb98f9f7ad228450ebc747709e7033eb4a640d95db3f9af04014",
    "is_demo": False,
    "downloads": {
        "csv": "/data/runs/1.csv",
        "xlsx": "/data/runs/1.xlsx",
        "json": "/data/runs/1.json",
        "sdmx.csv": "/data/runs/1.sdmx.csv",
        "sdmx2.csv": "/data/runs/1.sdmx2.csv",
    },
}


@list_example(RUN_EXAMPLE)
@_schema(RunSerializer, RUN_FILTERS, many=True)
class RunList(PublishedList):
    """Published runs (and superseded ones, each naming the correction), newest first."""

    serializer_class = RunSerializer
    query = RUN_FILTERS

    def rows(self, params: dict[str, Any], **kwargs: Any) -> QuerySet:
        runs = selectors.published_runs()
        if "round" in params:
            runs = runs.filter(round_id=params["round"])
        if "year" in params:
            runs = runs.filter(round__reference_year=params["year"])
        return runs


@_schema(RunDetailSerializer)
@answer_example(
    {
        **RUN_EXAMPLE,
        "nodes": [
            {
                "code": "index",
                "name": "Index",
                "level": 3,
                "parent": None,
                "weight": 1.0,
                "unit": "",
                "unit_text": "",
                "direction": 1,
            },
            {
                "code": "digital_services",
                "name": "Servicios digitales",
                "level": 2,
                "parent": "index",
                "weight": 0.25,
                "unit": "",
                "unit_text": "",
                "direction": 1,
            },
        ],
        "spec": {"framework": "GEALC-DGI", "version": "2024.1"},
        "coherence": {},
        "uncertainty": {"runs": 10000, "seed": 2024},
        "sensitivity": {},
        "changes": None,
    }
)
class RunDetail(PublishedReadView):
    """A published run: its method (the exact spec), structure, coherence, uncertainty and
    sensitivity analyses, its downloads and, for a correction, what it changed (computed
    against the run it corrects; null for a run that corrects nothing)."""

    serializer_class = RunDetailSerializer

    def read(self, request: Request, **kwargs: Any) -> Response:
        run = _run(kwargs["pk"])
        run.api_nodes = selectors.run_nodes(run)
        run.api_changes = selectors.run_changes(run)
        return Response(self.get_serializer(run).data)


SCORE_FILTERS = (filters.LEVEL, filters.NODE, filters.COUNTRY)


SCORE_EXAMPLE = {
    "country": "BRA",
    "country_name": "Brasil",
    "node": "index",
    "node_name": "Index",
    "level": 3,
    "score": 84.04200129020383,
    "rank": 1,
    "rank_median": 1.0,
    "rank_q05": 1.0,
    "rank_q95": 1.0,
    "score_q05": 82.78124061475667,
    "score_q95": 87.90174706491244,
}


@list_example(SCORE_EXAMPLE)
@_schema(ScoreSerializer, SCORE_FILTERS, many=True)
class RunScores(PublishedList):
    """Every country's score, rank and 5-95 % rank and score intervals at every node."""

    serializer_class = ScoreSerializer
    query = SCORE_FILTERS

    def rows(self, params: dict[str, Any], **kwargs: Any) -> QuerySet:
        run = _run(kwargs["pk"])
        self.node_names = {node.code: node.name for node in selectors.run_nodes(run)}
        scores = selectors.run_scores(run)
        if "level" in params:
            scores = scores.filter(level=params["level"])
        if "node" in params:
            scores = scores.filter(node=params["node"])
        if "country" in params:
            scores = scores.filter(country__iso3=params["country"])
        return scores

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "node_names": getattr(self, "node_names", {})}


# Countries -------------------------------------------------------------------------------------


@_schema(CountryScoresSerializer, (filters.RUN,))
@answer_example(
    {"country": "BRA", "country_name": "Brasil", "run": RUN_EXAMPLE, "scores": [SCORE_EXAMPLE]}
)
class CountryScores(PublishedReadView):
    """A country's scores at every level in the latest published run (``run`` picks another
    published run); ``run`` is null when nothing is published yet."""

    serializer_class = CountryScoresSerializer

    def read(self, request: Request, **kwargs: Any) -> Response:
        params = filters.parse((filters.RUN,), request.query_params)
        country = network_selectors.country_get(kwargs["iso3"])
        run = _run(params["run"]) if "run" in params else selectors.latest_published_run()
        scores = selectors.run_scores(run).filter(country=country) if run else []
        names = {node.code: node.name for node in selectors.run_nodes(run)} if run else {}
        body = {
            "country": country.iso3,
            "country_name": country.name,
            "run": RunSerializer(run).data if run else None,
            "scores": ScoreSerializer(scores, many=True, context={"node_names": names}).data,
        }
        return Response(body)


# Values and benchmarks -------------------------------------------------------------------------

VALUE_FILTERS = (filters.COUNTRY, filters.INDICATOR, filters.YEAR, filters.ROUND)


@list_example(
    {
        "run": 1,
        "round": 1,
        "year": 2024,
        "country": "ARG",
        "country_name": "Argentina",
        "kind": "indicator",
        "code": "base_registries",
        "value": 60.0,
        "status": "reported",
        "evidence_url": "",
    }
)
@_schema(PublishedValueSerializer, VALUE_FILTERS, many=True)
class ValueList(PublishedList):
    """Published values: what went into each round's current published run, reported
    variables with their status and evidence link, and the indicators computed from them."""

    serializer_class = PublishedValueSerializer
    query = VALUE_FILTERS

    def rows(self, params: dict[str, Any], **kwargs: Any) -> QuerySet:
        return selectors.published_values(
            round_id=params.get("round"),
            iso3=params.get("country"),
            code=params.get("indicator"),
            year=params.get("year"),
        )


FILE_FORMAT = filters.choice(
    "format",
    gettext_lazy("The file's format (csv when not given): the formats of /data/values/"),
    files.FILE_FORMATS,
)
VALUES_FILE_EXAMPLE = {
    "round": {"id": 1, "year": 2024},
    "licence": exports.licence_metadata(),
    "values": [
        {
            "round_id": 1,
            "year": 2024,
            "run_id": 1,
            "country_iso3": "ARG",
            "country_name": "Argentina",
            "kind": "indicator",
            "code": "base_registries",
            "value": 60.0,
            "unit": "PC",
            "status": "reported",
            "evidence_url": "",
            "is_demo": False,
        }
    ],
}


def _file_responses() -> dict[Any, Any]:
    """The file in each format (the JSON one described field by field), and the errors."""
    # SDMX-CSV 1.0 and 2.0 differ only in the parameters of their media type.
    answers: dict[Any, Any] = {
        (200, media_type.split(";")[0]): OpenApiTypes.BINARY
        for media_type in files.MEDIA_TYPES.values()
    }
    answers[(200, "application/json")] = ValuesFileSerializer
    return {**answers, **ERRORS}


@extend_schema(
    tags=TAGS,
    parameters=[FILE_FORMAT.parameter()],
    responses=_file_responses(),
    examples=[
        OpenApiExample(
            "The JSON file",
            value=VALUES_FILE_EXAMPLE,
            response_only=True,
            status_codes=["200"],
            media_type="application/json",
        )
    ],
)
class RoundPublishedValues(FileDownload):
    """A round's published values as a file: exactly the open-data file
    ``/data/values/<round>.<format>`` (the current published run's inputs, confidential
    numbers withheld, demo data marked in ``is_demo``), under the same name. A round with no
    published run is a 404."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicReadThrottle]

    def get(self, request: Request, pk: int) -> HttpResponse:
        file_format = filters.parse((FILE_FORMAT,), request.query_params).get("format", "csv")
        found = files.round_values_file(pk, file_format)
        if found is None:
            raise NotFound(_("No published values for the round %(id)s.") % {"id": pk})
        response = HttpResponse(found.content, content_type=found.media_type)
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response


EGDI_FILTERS = (filters.COUNTRY, filters.YEAR)


@list_example(
    {
        "year": 2024,
        "country": "DNK",
        "name": "Denmark",
        "egdi": 0.98474,
        "egdi_rank": 1,
        "osi": 0.99924,
        "hci": 0.95841,
        "tii": 0.99662,
        "epi": 0.9863,
    }
)
@_schema(EgdiSerializer, EGDI_FILTERS, many=True)
class EgdiList(PublishedList):
    """The UN E-Government Development Index and its components (OSI, HCI, TII) and the
    E-Participation Index, every UN member, editions 2014-2024 (source: UN DESA)."""

    serializer_class = EgdiSerializer
    query = EGDI_FILTERS

    def rows(self, params: dict[str, Any], **kwargs: Any) -> QuerySet:
        return selectors.egdi_values(iso3=params.get("country"), year=params.get("year"))
