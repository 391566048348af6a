"""JSON shapes of the measurement API.

Output serializers describe rounds, submissions, values, comments and validation reports.
Input serializers only parse: the services check permissions, states, ranges and the lock
versions (the submission's, and each value's when a row gives the ``version`` it read), and
their errors come back as ``{"message", "field", "errors"}``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gealc.measurement import rules as measurement_rules
from gealc.measurement.models import (
    Comment,
    FrameworkVersion,
    Round,
    Submission,
    Transition,
    Value,
)
from gealc.measurement.spreadsheets import format_number


class FrameworkVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FrameworkVersion
        fields = ("code", "version", "name", "description", "changelog", "status", "is_demo")


class RoundSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework_version.code", read_only=True)
    framework_version = serializers.CharField(source="framework_version.version", read_only=True)
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)

    class Meta:
        model = Round
        fields = (
            "id",
            "reference_year",
            "framework",
            "framework_version",
            "opens_on",
            "closes_on",
            "status",
            "status_reason",
            "countries",
            "is_demo",
        )


class SubmissionSummarySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso3", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    round = serializers.IntegerField(source="round_id", read_only=True)

    class Meta:
        model = Submission
        fields = (
            "round",
            "country",
            "country_name",
            "state",
            "lock_version",
            "updated_at",
            "is_demo",
        )


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = Transition
        fields = ("from_state", "to_state", "actor", "at", "reason")


class ValidationIssueSerializer(serializers.Serializer):
    severity = serializers.ChoiceField(choices=["error", "warning"])
    rule = serializers.CharField(help_text=_("A framework rule code, or kind:variable."))
    variable = serializers.CharField()
    message = serializers.CharField()
    values = serializers.DictField(child=serializers.FloatField(allow_null=True))
    justification = serializers.CharField(allow_blank=True)


class ValidationReportSerializer(serializers.Serializer):
    is_valid = serializers.BooleanField(help_text=_("No errors: the submission can be sent."))
    errors = ValidationIssueSerializer(many=True)
    warnings = ValidationIssueSerializer(many=True)


def validation_report_data(report: Any, justifications: dict[str, str]) -> dict[str, Any]:
    """A ``validation.ValidationReport`` as JSON, with the written justification per warning."""

    def issue(item: Any) -> dict[str, Any]:
        return {
            "severity": item.severity,
            "rule": item.rule,
            "variable": item.variable,
            "message": str(item.message),
            "values": dict(item.values),
            "justification": justifications.get(item.rule, ""),
        }

    return {
        "is_valid": report.is_valid,
        "errors": [issue(item) for item in report.errors],
        "warnings": [issue(item) for item in report.warnings],
    }


class SubmissionDetailSerializer(SubmissionSummarySerializer):
    reviewers = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta(SubmissionSummarySerializer.Meta):
        fields = (*SubmissionSummarySerializer.Meta.fields, "reviewers", "transitions")


class ValueSerializer(serializers.ModelSerializer):
    variable = serializers.CharField(source="variable.code", read_only=True)
    value = serializers.SerializerMethodField()
    evidence_file = serializers.SerializerMethodField()
    updated_by = serializers.CharField(source="updated_by.username", default=None, read_only=True)

    class Meta:
        model = Value
        fields = (
            "variable",
            "value",
            "status",
            "evidence_url",
            "evidence_file",
            "comment",
            "version",
            "updated_by",
            "updated_at",
        )

    def to_representation(self, instance: Value) -> dict[str, Any]:
        """A confidential value shows only its status to a reader it is confidential to
        (``context["user"]``, required): no number, evidence or comment."""
        data = super().to_representation(instance)
        if measurement_rules.is_confidential_to(self.context["user"], instance):
            data.update(value=None, evidence_url="", evidence_file=None, comment="")
        return data

    def get_value(self, instance: Value) -> str | None:
        """A decimal as a string, exact."""
        return None if instance.value is None else format_number(instance.value)

    def get_evidence_file(self, instance: Value) -> str | None:
        return instance.evidence_file.name if instance.evidence_file else None


class ValueInputSerializer(serializers.Serializer):
    """One value to write; a field left out keeps what is stored."""

    variable = serializers.CharField(max_length=63, required=False)
    value = serializers.DecimalField(
        max_digits=24, decimal_places=6, allow_null=True, required=False
    )
    status = serializers.ChoiceField(choices=Value.Status.choices, required=False)
    evidence_url = serializers.URLField(max_length=500, allow_blank=True, required=False)
    comment = serializers.CharField(allow_blank=True, required=False, max_length=10_000)
    version = serializers.IntegerField(
        min_value=1,
        allow_null=True,
        required=False,
        help_text=_(
            "The version of this value you read (null if it did not exist yet). With it, the "
            "write gets 409 Conflict only if someone else changed this value since; without "
            "it, if anything in the submission changed since expected_version."
        ),
    )


EXPECTED_VERSION_HELP = _(
    "The submission's lock_version you read. If it is stale, the write still succeeds when "
    "every row gives its value's version and none of those values changed; otherwise it gets "
    "409 Conflict."
)


class ValueUpdateSerializer(ValueInputSerializer):
    expected_version = serializers.IntegerField(min_value=1, help_text=EXPECTED_VERSION_HELP)


class ValuesUpdateSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1, help_text=EXPECTED_VERSION_HELP)
    values = ValueInputSerializer(many=True, allow_empty=False, max_length=100_000)

    def validate_values(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen: set[str] = set()
        for number, row in enumerate(rows):
            code = row.get("variable")
            if not code:
                raise serializers.ValidationError({number: {"variable": [_("Name the variable.")]}})
            if code in seen:
                raise serializers.ValidationError(
                    {number: {"variable": [_("This variable appears twice.")]}}
                )
            seen.add(code)
        return rows


class ConflictItemSerializer(serializers.Serializer):
    variable = serializers.CharField()
    theirs = serializers.CharField(help_text=_("What is stored now, saved by someone else."))
    theirs_by = serializers.CharField()
    mine = serializers.CharField(help_text=_("What you sent."))


class ConflictSerializer(serializers.Serializer):
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    errors = serializers.DictField()
    expected_version = serializers.IntegerField(allow_null=True)
    current_version = serializers.IntegerField(
        allow_null=True, help_text=_("The lock_version to retry with.")
    )
    conflicts = ConflictItemSerializer(many=True)


class SubmitSerializer(serializers.Serializer):
    justifications = serializers.DictField(
        child=serializers.CharField(max_length=10_000),
        required=False,
        default=dict,
        help_text=_("A written justification per warning: rule code → text."),
    )
    expected_version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("The lock_version you reviewed; a stale one gets 409 Conflict."),
    )


class ValidateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=10_000, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=10_000)


class CommentSerializer(serializers.ModelSerializer):
    variable = serializers.CharField(source="value.variable.code", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Comment
        fields = ("id", "variable", "author", "text", "parent", "created_at", "resolved")


class CommentInputSerializer(serializers.Serializer):
    variable = serializers.CharField(max_length=63)
    text = serializers.CharField(max_length=10_000)
    parent = serializers.IntegerField(required=False, allow_null=True)


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A filled-in template: .xlsx or .csv (UTF-8)."))
    expected_version = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        help_text=_("The submission's lock_version you read; required unless dry_run=1."),
    )


class ImportProblemSerializer(serializers.Serializer):
    sheet = serializers.CharField(allow_null=True)
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    cell = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    saved = serializers.BooleanField()
    rows = serializers.IntegerField()
    problems = ImportProblemSerializer(many=True)
    changes = serializers.ListField(child=serializers.DictField())
    conflict = serializers.DictField(allow_null=True)
