"""Admin for the secretariat: every language column and the change history.

Workflow changes (publishing, returning, awards, imports) belong to the services and pages;
the admin is for corrections, and its saves are recorded in the history like any other.
"""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    PracticeAttachment,
    PracticeLink,
    PracticeMetric,
    PracticeTransition,
    ReplicationRequest,
    SoftwareEntry,
    SoftwareUsage,
    Tag,
)


class TranslatedHistoryAdmin(SimpleHistoryAdmin, TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class MetricInline(admin.TabularInline):
    model = PracticeMetric
    extra = 0


class LinkInline(admin.TabularInline):
    model = PracticeLink
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = PracticeAttachment
    extra = 0


class AwardInline(TranslationTabularInline):
    model = Award
    extra = 0


class TransitionInline(admin.TabularInline):
    model = PracticeTransition
    extra = 0
    readonly_fields = ("from_state", "to_state", "actor", "reason", "at")
    can_delete = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "kind", "slug", "order")
    list_filter = ("kind",)


@admin.register(Practice)
class PracticeAdmin(TranslatedHistoryAdmin):
    list_display = ("title", "country", "state", "published_at", "is_demo")
    list_filter = ("state", "is_demo", "country", "tags")
    search_fields = ("search_text", "slug")
    autocomplete_fields = ("country", "institutions", "contacts")
    readonly_fields = ("state", "published_at", "created_by")
    inlines = (MetricInline, LinkInline, AttachmentInline, AwardInline, TransitionInline)


@admin.register(ReplicationRequest)
class ReplicationRequestAdmin(SimpleHistoryAdmin):
    list_display = ("practice", "requester", "requester_country", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = ("recipients",)


class UsageInline(admin.TabularInline):
    model = SoftwareUsage
    extra = 0
    autocomplete_fields = ("country",)


@admin.register(SoftwareEntry)
class SoftwareEntryAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "licence", "development_status", "state", "country", "is_demo")
    list_filter = ("state", "development_status", "software_type", "is_demo")
    search_fields = ("search_text", "slug", "url")
    readonly_fields = ("publiccode_yml",)
    inlines = (UsageInline,)


@admin.register(OpenDataSet)
class OpenDataSetAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "slug", "order", "active", "is_demo")
    list_filter = ("active",)


@admin.register(DatasetStatus)
class DatasetStatusAdmin(SimpleHistoryAdmin):
    list_display = ("dataset", "country", "published", "format", "machine_readable", "last_checked")
    list_filter = ("dataset", "published", "machine_readable", "update_frequency")
    autocomplete_fields = ("country",)


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("country", "year", "overall", "submitted_by", "submitted_at")
    list_filter = ("year",)
    readonly_fields = ("scores", "overall")
