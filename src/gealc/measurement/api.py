"""The measurement API under ``/api/v1/rounds/`` and ``/api/v1/frameworks/``.

Handlers parse, authorise and call the services. A submission the user may not read is a
404 (drafts of other countries do not appear to exist); a refused change to one they may
read is a 403; a stale version is a 409 with what was sent and what is stored (a value row that
gives the ``version`` of the value it read conflicts only if that value changed; one that does
not, if anything in the submission changed since ``expected_version``); invalid data is a 400
naming the field (``values.3.value`` for the fourth row of a batch).
Session and token authentication both work (``Authorization: Token …``; an unknown token is
a 401). A confidential value shows only its status to whoever it is confidential to
(``rules.is_confidential_to``), in values, validation reports and evidence metadata alike; the
template and the export, which hold every number, need ``measurement.view_confidential``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gealc.core import filters
from gealc.core.api import answer_example, list_example, request_example
from gealc.core.permissions import RulePermission, require_permission
from gealc.measurement import exports, frameworks, imports, selectors, services, spreadsheets
from gealc.measurement import rules as measurement_rules
from gealc.measurement.models import FrameworkVersion, Round, Submission, Value
from gealc.measurement.serializers import (
    CommentInputSerializer,
    CommentSerializer,
    ConflictSerializer,
    FrameworkVersionSerializer,
    ImportInputSerializer,
    ImportReportSerializer,
    ReasonSerializer,
    RoundSerializer,
    SubmissionDetailSerializer,
    SubmissionSummarySerializer,
    SubmitSerializer,
    ValidateSerializer,
    ValidationReportSerializer,
    ValueSerializer,
    ValuesUpdateSerializer,
    ValueUpdateSerializer,
    validation_report_data,
)

DRY_RUN = OpenApiParameter(
    "dry_run", OpenApiTypes.BOOL, description="Check and report the changes without saving"
)
SPEC_FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["yaml", "json"], description="yaml (default) or json"
)
CONFLICT = OpenApiResponse(
    ConflictSerializer, description="The lock version, or the version of a value sent, is stale."
)
VALUE_FIELDS = ("value", "status", "evidence_url", "comment")


def _is_true(value: str | None) -> bool:
    return (value or "").lower() in {"1", "true", "yes"}


def conflict_response(conflict: services.ConflictError, expected_version: int) -> Response:
    """409 with the message and both sides of every conflicting value."""
    details = imports.conflict_details(conflict, expected_version)
    body = {
        "message": details["message"],
        "field": "expected_version",
        "errors": {"expected_version": [str(message) for message in conflict.messages]},
        **details,
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


class FileDownload(APIView):
    """An endpoint that answers with a file chosen by ``?format=``.

    DRF reads ``?format=`` to pick a renderer and answers 404 when none has that name; here
    the parameter names the file type, so negotiation falls back to JSON (for errors).
    """

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        return super().perform_content_negotiation(request, force=True)


def download(body: bytes, filename: str) -> HttpResponse:
    content_type = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if filename.endswith(".xlsx")
        else "text/csv; charset=utf-8"
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SubmissionView(APIView):
    """Base of the endpoints under ``rounds/{id}/submissions/{iso3}/``."""

    def submission(self) -> Submission:
        return selectors.submission_get_visible(
            self.request.user, self.kwargs["pk"], self.kwargs["iso3"]
        )

    def is_insider(self, submission: Submission) -> bool:
        """Reads the submission as its country, a reviewer or the secretariat would.

        Everyone else reads it only because it is published: they never see the number of a
        confidential value (``rules.is_confidential_to``), the review threads or the files.
        """
        return bool(measurement_rules.reads_confidential.test(self.request.user, submission))

    def value_context(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def editable(self, submission: Submission) -> Submission:
        """403 saying why unless the user may change its values now (``rules``: draft or
        returned in an open round, for administrators too)."""
        measurement_rules.require_change(self.request.user, submission)
        return submission


# --- frameworks and rounds ----------------------------------------------------------------

FRAMEWORK_FILTERS = (
    filters.code("code", gettext_lazy("Code of a framework (such as GEALC-DGI), any case")),
    filters.choice(
        "status", gettext_lazy("draft or frozen (used by a round)"), FrameworkVersion.Status.values
    ),
)
ROUND_FILTERS = (
    filters.YEAR,
    filters.choice("status", gettext_lazy("open, closed or published"), Round.Status.values),
    filters.code("framework", gettext_lazy("Code of the round's framework, any case")),
)
SUBMISSION_FILTERS = (
    filters.choice("state", gettext_lazy("State of the submission"), Submission.State.values),
    filters.COUNTRY,
)


@list_example(
    {
        "code": "GEALC-DGI",
        "version": "2025.1",
        "name": "Indicadores de Gobierno Digital de la Red GEALC",
        "description": "Quince indicadores en seis dimensiones que cada país informa cada año.",
        "changelog": "2025.1: new indicator satisfaction_measured.",
        "status": "frozen",
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(FRAMEWORK_FILTERS))
class FrameworkList(generics.ListAPIView):
    """The measurement frameworks, every version, newest first within a code."""

    serializer_class = FrameworkVersionSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(FRAMEWORK_FILTERS, self.request.query_params)
        return selectors.framework_version_list(**params)


class FrameworkSpec(FileDownload):
    """The framework version as the document the engine and the import read (YAML or JSON)."""

    permission_classes = [permissions.AllowAny]

    @answer_example(
        {
            "framework": {
                "code": "GEALC-DGI",
                "version": "2024.1",
                "name": {"en": "GEALC Digital Government Indicators"},
                "variables": [{"code": "procedures_total", "unit": "NUM"}],
                "dimensions": [
                    {
                        "code": "digital_services",
                        "indicators": [
                            {
                                "code": "transactional_procedures",
                                "formula": "100 * procedures_transactional / procedures_total",
                            }
                        ],
                    }
                ],
                "rules": [],
            },
            "index": {"nodes": [{"code": "digital_services", "weight": 0.25}]},
        }
    )
    @extend_schema(
        parameters=[SPEC_FORMAT],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "application/yaml"): OpenApiTypes.STR,
        },
    )
    def get(self, request: Request, code: str, version: str) -> Response | HttpResponse:
        framework = get_object_or_404(FrameworkVersion, code=code, version=version)
        document = frameworks.export_document(framework)
        if request.query_params.get("format", "yaml").lower() == "json":
            return Response(document)
        response = HttpResponse(frameworks.dump_yaml(document), content_type="application/yaml")
        response["Content-Disposition"] = f'inline; filename="{code}-{version}.yaml"'
        return response


@list_example(
    {
        "id": 2,
        "reference_year": 2025,
        "framework": "GEALC-DGI",
        "framework_version": "2025.1",
        "opens_on": "2026-11-04",
        "closes_on": "2027-02-02",
        "status": "open",
        "status_reason": "",
        "countries": ["ATG", "ARG", "BHS"],
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(ROUND_FILTERS))
class RoundList(generics.ListAPIView):
    """The measurement rounds: reference year, framework version, dates, status, countries."""

    serializer_class = RoundSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(ROUND_FILTERS, self.request.query_params)
        return selectors.round_list(**params).prefetch_related("countries")


@answer_example(
    {
        "id": 2,
        "reference_year": 2025,
        "framework": "GEALC-DGI",
        "framework_version": "2025.1",
        "opens_on": "2026-01-15",
        "closes_on": "2026-04-30",
        "status": "open",
        "status_reason": "",
        "countries": ["ARG", "BRA", "URY"],
        "is_demo": False,
    }
)
class RoundDetail(generics.RetrieveAPIView):
    """A measurement round by id."""

    serializer_class = RoundSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        return selectors.round_list().prefetch_related("countries")


@list_example(
    {
        "round": 2,
        "country": "URY",
        "country_name": "Uruguay",
        "state": "submitted",
        "lock_version": 4,
        "updated_at": "2026-02-10T14:03:00-03:00",
        "is_demo": False,
    }
)
@extend_schema(parameters=filters.parameters(SUBMISSION_FILTERS))
class RoundSubmissionList(generics.ListAPIView):
    """The round's submissions the user may read (published ones for the public)."""

    serializer_class = SubmissionSummarySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        round_ = selectors.round_get(self.kwargs["pk"])
        params = filters.parse(SUBMISSION_FILTERS, self.request.query_params)
        return selectors.submissions_visible_to(self.request.user, round_, **params)  # type: ignore[return-value]


# --- one submission ------------------------------------------------------------------------


SUBMISSION_EXAMPLE = {
    "round": 2,
    "country": "URY",
    "country_name": "Uruguay",
    "state": "submitted",
    "lock_version": 7,
    "updated_at": "2026-02-10T16:45:00-03:00",
    "is_demo": False,
    "reviewers": ["reviewer@example.org"],
    "transitions": [
        {
            "from_state": "draft",
            "to_state": "submitted",
            "actor": "focal.point@example.gub.uy",
            "at": "2026-02-10T16:45:00-03:00",
            "reason": "",
        }
    ],
}
VALUE_EXAMPLE = {
    "variable": "procedures_total",
    "value": "1240",
    "status": "reported",
    "evidence_url": "https://tramites.example.gub.uy/estadisticas",
    "evidence_file": None,
    "comment": "",
    "version": 3,
    "updated_by": "focal.point@example.gub.uy",
    "updated_at": "2026-02-03T10:20:00-03:00",
}
VALUES_REQUEST_EXAMPLE = {
    "expected_version": 7,
    "values": [
        {"variable": "procedures_total", "value": "1240", "status": "reported", "version": 2}
    ],
}


class SubmissionDetail(SubmissionView):
    @answer_example(SUBMISSION_EXAMPLE)
    @extend_schema(responses=SubmissionDetailSerializer)
    def get(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.submission()
        body = dict(SubmissionDetailSerializer(submission).data)
        body["validation"] = report_data(request, submission)
        return Response(body)


def report_data(request: Request, submission: Submission) -> dict[str, Any]:
    """The validation report, without the numbers of values confidential to the reader."""
    justifications = dict(submission.justifications.values_list("rule__code", "text"))
    report = selectors.submission_validation_report_for(request.user, submission)
    return validation_report_data(report, justifications)


class SubmissionValidation(SubmissionView):
    @answer_example(
        {
            "is_valid": True,
            "errors": [],
            "warnings": [
                {
                    "severity": "warning",
                    "rule": "procedures_growth",
                    "variable": "procedures_transactional",
                    "message": "More than doubled since the last round.",
                    "values": {"procedures_transactional": "868", "previous": "410"},
                    "justification": "A new national portal opened in 2025.",
                }
            ],
        }
    )
    @extend_schema(responses=ValidationReportSerializer)
    def get(self, request: Request, pk: int, iso3: str) -> Response:
        return Response(report_data(request, self.submission()))


class SubmissionValues(SubmissionView):
    """Read every value; write many at once, all or nothing, against the lock version and
    the version of each value given."""

    @list_example(
        {
            "variable": "procedures_total",
            "value": "1240",
            "status": "reported",
            "evidence_url": "https://tramites.example.gub.uy/estadisticas",
            "evidence_file": None,
            "comment": "",
            "version": 2,
            "updated_by": "focal.point@example.gub.uy",
            "updated_at": "2026-02-03T10:20:00-03:00",
        }
    )
    @extend_schema(responses=ValueSerializer(many=True))
    def get(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.submission()
        values = selectors.submission_values(submission)
        return Response(ValueSerializer(values, many=True, context=self.value_context()).data)

    @answer_example(VALUE_EXAMPLE)  # drf-spectacular shows it in a list, as answered
    @request_example(VALUES_REQUEST_EXAMPLE)
    @extend_schema(
        request=ValuesUpdateSerializer,
        responses={200: ValueSerializer(many=True), 409: CONFLICT},
    )
    def put(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.editable(self.submission())
        data = ValuesUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rows = merge_stored(submission, data.validated_data["values"])
        try:
            services.values_save_many(
                actor=request.user,
                submission=submission,
                rows=rows,
                expected_version=data.validated_data["expected_version"],
            )
        except services.ConflictError as conflict:
            return conflict_response(conflict, data.validated_data["expected_version"])
        except ValidationError as error:
            raise ValidationError(rows_errors(error, rows)) from error
        return self.get(request, pk, iso3)

    @answer_example(VALUE_EXAMPLE)  # drf-spectacular shows it in a list, as answered
    @request_example(VALUES_REQUEST_EXAMPLE)
    @extend_schema(
        operation_id="rounds_submissions_values_update_many",
        request=ValuesUpdateSerializer,
        responses={200: ValueSerializer(many=True), 409: CONFLICT},
    )
    def patch(self, request: Request, pk: int, iso3: str) -> Response:
        return self.put(request, pk, iso3)


def merge_stored(submission: Submission, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Service rows with every field: what the client left out keeps its stored content; the
    ``version`` read, when given, becomes the row's ``expected_version``."""
    stored = {value.variable.code: value for value in selectors.submission_values(submission)}
    merged = []
    for row in rows:
        value = stored.get(row["variable"])
        full = {"variable_code": row["variable"]}
        for name in VALUE_FIELDS:
            default = getattr(value, name) if value is not None else None
            if default is None and name in ("evidence_url", "comment"):
                default = ""
            if default is None and name == "status":
                default = Value.Status.REPORTED
            full[name] = row.get(name, default)
        if "version" in row:
            full["expected_version"] = row["version"]
        merged.append(full)
    return merged


def rows_errors(error: ValidationError, rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Service errors keyed ``values.<n>.<field>`` when they name a variable of the batch."""
    if not hasattr(error, "error_dict"):
        return {"values": list(error.messages)}
    index = {row["variable_code"]: number for number, row in enumerate(rows)}
    keyed: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        code, _dot, field = key.partition(".")
        if code in index:
            key = f"values.{index[code]}.{field or 'value'}"
        elif code == "rows":
            key = f"values.{field}.variable"
        keyed.setdefault(key, []).extend(messages)
    return keyed


class SubmissionValue(SubmissionView):
    @answer_example(VALUE_EXAMPLE)
    @extend_schema(responses=ValueSerializer)
    def get(self, request: Request, pk: int, iso3: str, code: str) -> Response:
        submission = self.submission()
        value = selectors.value_get(submission, code)
        return Response(ValueSerializer(value, context=self.value_context()).data)

    @answer_example(VALUE_EXAMPLE)
    @request_example({"value": "1240", "status": "reported", "version": 2, "expected_version": 7})
    @extend_schema(request=ValueUpdateSerializer, responses={200: ValueSerializer, 409: CONFLICT})
    def patch(self, request: Request, pk: int, iso3: str, code: str) -> Response:
        submission = self.editable(self.submission())
        data = ValueUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {**data.validated_data, "variable": code}
        expected = fields.pop("expected_version")
        row = merge_stored(submission, [fields])[0]
        try:
            services.value_save(
                actor=request.user,
                submission=submission,
                variable_code=code,
                value=row["value"],
                status=row["status"],
                evidence_url=row["evidence_url"],
                evidence_file=None,
                comment=row["comment"],
                expected_version=expected,
                expected_value_version=row.get("expected_version", services.VERSION_NOT_GIVEN),
            )
        except services.ConflictError as conflict:
            return conflict_response(conflict, expected)
        return self.get(request, pk, iso3, code)


class WorkflowStep(SubmissionView, ABC):
    """POST a workflow step; the body's serializer and the service differ per step."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly, RulePermission]
    permission_required: str = ""
    input_serializer: type | None = None

    def post(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.submission()
        self.check_object_permissions(request, submission)
        arguments: dict[str, Any] = {}
        if self.input_serializer is not None:
            data = self.input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            arguments = dict(data.validated_data)
        try:
            self.call(request, submission, **arguments)
        except services.ConflictError as conflict:
            return conflict_response(conflict, arguments.get("expected_version") or 0)
        submission.refresh_from_db()
        return Response(SubmissionDetailSerializer(submission).data)

    @abstractmethod
    def call(self, request: Request, submission: Submission, **arguments: Any) -> None:
        """Run the step's service."""


@answer_example(SUBMISSION_EXAMPLE)
@request_example(
    {
        "justifications": {"procedures_growth": "A new national portal opened in 2025."},
        "expected_version": 6,
    }
)
@extend_schema(request=SubmitSerializer, responses=SubmissionDetailSerializer)
class SubmissionSubmit(WorkflowStep):
    permission_required = "measurement.submit_submission"
    input_serializer = SubmitSerializer

    def call(self, request: Request, submission: Submission, **arguments: Any) -> None:
        services.submission_submit(
            actor=request.user,
            submission=submission,
            justifications=arguments["justifications"],
            expected_version=arguments.get("expected_version"),
        )


@answer_example({**SUBMISSION_EXAMPLE, "state": "returned", "lock_version": 8})
@request_example({"reason": "The total of procedures leaves out the municipalities."})
@extend_schema(request=ReasonSerializer, responses=SubmissionDetailSerializer)
class SubmissionReturn(WorkflowStep):
    permission_required = "measurement.return_submission"
    input_serializer = ReasonSerializer

    def call(self, request: Request, submission: Submission, **arguments: Any) -> None:
        services.submission_return(
            actor=request.user, submission=submission, reason=arguments["reason"]
        )


@answer_example({**SUBMISSION_EXAMPLE, "state": "validated", "lock_version": 8})
@request_example({"reason": "Figures checked against the national portal."})
@extend_schema(request=ValidateSerializer, responses=SubmissionDetailSerializer)
class SubmissionValidate(WorkflowStep):
    permission_required = "measurement.validate_submission"
    input_serializer = ValidateSerializer

    def call(self, request: Request, submission: Submission, **arguments: Any) -> None:
        services.submission_validate(
            actor=request.user, submission=submission, reason=arguments["reason"]
        )


@answer_example({**SUBMISSION_EXAMPLE, "state": "published", "lock_version": 9})
@extend_schema(request=None, responses=SubmissionDetailSerializer)
class SubmissionPublish(WorkflowStep):
    permission_required = "measurement.publish_submission"

    def call(self, request: Request, submission: Submission, **arguments: Any) -> None:
        services.submission_publish(actor=request.user, submission=submission)


class SubmissionComments(SubmissionView):
    @list_example(
        {
            "id": 31,
            "variable": "procedures_total",
            "author": "reviewer@example.org",
            "text": "Does the total include municipal procedures?",
            "parent": None,
            "created_at": "2026-02-05T09:12:00-03:00",
            "resolved": False,
        }
    )
    @extend_schema(responses=CommentSerializer(many=True))
    def get(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.submission()
        if not self.is_insider(submission):
            return Response([])  # review threads are not part of what is published
        comments = selectors.submission_comments(submission)
        return Response(CommentSerializer(comments, many=True).data)

    @answer_example(
        {
            "id": 32,
            "variable": "procedures_total",
            "author": "focal.point@example.gub.uy",
            "text": "Municipal procedures are not included.",
            "parent": 31,
            "created_at": "2026-02-05T11:40:00-03:00",
            "resolved": False,
        },
        status="201",
    )
    @request_example(
        {
            "variable": "procedures_total",
            "text": "Municipal procedures are not included.",
            "parent": 31,
        }
    )
    @extend_schema(request=CommentInputSerializer, responses={201: CommentSerializer})
    def post(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.submission()
        require_permission(request, "measurement.comment_submission", submission)
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        value = selectors.value_find(submission, data.validated_data["variable"])
        if value is None:
            raise ValidationError({"variable": _("No such variable in this submission.")})
        comment = services.comment_add(
            actor=request.user,
            value=value,
            text=data.validated_data["text"],
            parent_id=data.validated_data.get("parent"),
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class SubmissionImport(SubmissionView):
    """Upload a filled-in template; ``?dry_run=1`` reports without saving."""

    parser_classes = [MultiPartParser, FormParser]

    @answer_example(
        {
            "ok": True,
            "dry_run": False,
            "saved": True,
            "rows": 24,
            "problems": [],
            "changes": [{"variable": "procedures_total", "before": "1180", "after": "1240"}],
            "conflict": None,
        }
    )
    @extend_schema(
        request={"multipart/form-data": ImportInputSerializer},
        parameters=[DRY_RUN],
        responses={
            200: ImportReportSerializer,
            400: ImportReportSerializer,
            409: ImportReportSerializer,
        },
    )
    def post(self, request: Request, pk: int, iso3: str) -> Response:
        submission = self.editable(self.submission())
        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dry_run = _is_true(request.query_params.get("dry_run"))
        expected = data.validated_data.get("expected_version")
        if expected is None and not dry_run:
            raise ValidationError(
                {"expected_version": _("Send the lock_version you read as expected_version.")}
            )
        report = services.values_import(
            actor=request.user,
            submission=submission,
            upload=data.validated_data["file"],
            expected_version=expected,
            dry_run=dry_run,
        )
        if report.conflict is not None:
            code = status.HTTP_409_CONFLICT
        elif report.problems:
            code = status.HTTP_400_BAD_REQUEST
        else:
            code = status.HTTP_200_OK
        return Response(report.as_dict(), status=code)


class SubmissionExport(SubmissionView, FileDownload):
    @extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "xlsx"])],
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request, pk: int, iso3: str) -> HttpResponse:
        submission = self.submission()
        # It holds confidential numbers: the public downloads the round's published values
        # (the observatory's open-data file, /api/v1/rounds/<id>/published-values/).
        require_permission(request, "measurement.view_confidential", submission)
        if request.query_params.get("format", "csv").lower() == "xlsx":
            body = exports.submission_xlsx(submission)
            return download(body, spreadsheets.submission_filename(submission, "export", "xlsx"))
        return download(
            exports.submission_csv(submission),
            spreadsheets.submission_filename(submission, "export", "csv"),
        )


class SubmissionTemplate(SubmissionView, FileDownload):
    @extend_schema(
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["xlsx", "csv"])],
        responses={
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY
        },
    )
    def get(self, request: Request, pk: int, iso3: str) -> HttpResponse:
        submission = self.submission()
        # Pre-filled with every current value, confidential ones too: as the export.
        require_permission(request, "measurement.view_confidential", submission)
        if request.query_params.get("format", "xlsx").lower() == "csv":
            body = spreadsheets.submission_template_csv(submission)
            return download(body, spreadsheets.submission_filename(submission, "template", "csv"))
        body = spreadsheets.submission_template_xlsx(submission)
        return download(body, spreadsheets.submission_filename(submission, "template", "xlsx"))
