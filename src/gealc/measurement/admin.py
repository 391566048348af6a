"""Admin for the secretariat: every language column and the history; nothing deletable.

Workflow states, lock versions and transitions are read-only here: they change only through
the services (pages, API, imports), which check permissions and record who did what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from gealc.core.admin import HistoryAdmin, NeverDeletedAdmin, ReadOnlyHistoryAdmin
from gealc.core.service_admin import ServiceAdmin
from gealc.measurement import services
from gealc.measurement.models import (
    Comment,
    Dimension,
    FrameworkVersion,
    Indicator,
    Justification,
    ReviewerAssignment,
    Round,
    Submission,
    Transition,
    ValidationRule,
    Value,
    Variable,
)


class FrameworkPartAdmin(ServiceAdmin, HistoryAdmin, NeverDeletedAdmin, TranslationAdmin):
    """A draft version's texts and weights are corrected here, through
    ``services.framework_part_update``; versions and their parts are created by importing a
    framework document (or copying a version), never one by one here."""

    list_filter = ("framework",)
    search_fields = ("code", "name")

    def update(self, actor: Any, obj: Any, data: Mapping[str, Any]) -> Any:
        return services.framework_part_update(actor=actor, part=obj, changes=data)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        frozen = getattr(getattr(obj, "framework", obj), "is_frozen", False)
        return not frozen and super().has_change_permission(request, obj)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrameworkPartAdmin):
    list_display = ("code", "version", "name", "status", "is_demo")
    list_filter = ("status", "is_demo")
    readonly_fields = ("status", "index_spec", "previous")


@admin.register(Dimension)
class DimensionAdmin(FrameworkPartAdmin):
    list_display = ("code", "name", "framework", "weight", "order")


@admin.register(Indicator)
class IndicatorAdmin(FrameworkPartAdmin):
    list_display = ("code", "name", "dimension", "formula", "unit", "direction")


@admin.register(Variable)
class VariableAdmin(FrameworkPartAdmin):
    list_display = ("code", "name", "framework", "value_type", "unit", "evidence_required")


@admin.register(ValidationRule)
class ValidationRuleAdmin(FrameworkPartAdmin):
    list_display = ("code", "framework", "kind", "left", "operator", "right", "severity")


@admin.register(Round)
class RoundAdmin(ReadOnlyHistoryAdmin):
    list_display = ("reference_year", "framework_version", "opens_on", "closes_on", "status")
    list_filter = ("status", "is_demo")


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("country", "round", "state", "lock_version", "updated_at", "is_demo")
    list_filter = ("state", "round")
    search_fields = ("country__iso3", "country__search_text")


@admin.register(Value)
class ValueAdmin(ReadOnlyHistoryAdmin):
    list_display = ("submission", "variable", "value", "status", "updated_by", "updated_at")
    list_filter = ("status", "submission__round")
    search_fields = ("variable__code", "submission__country__iso3")


@admin.register(Transition)
class TransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("submission", "from_state", "to_state", "actor", "at")
    list_filter = ("to_state",)


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("submission", "reviewer", "assigned_by", "assigned_at")


@admin.register(Justification)
class JustificationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("submission", "rule", "author", "updated_at")


@admin.register(Comment)
class CommentAdmin(ReadOnlyHistoryAdmin):
    list_display = ("value", "author", "created_at", "resolved")
