"""Admin for the secretariat: every language column and the change history, with every change
made by the knowledge hub's services (``gealc.core.service_admin``), as on the pages and the API.

Workflows (submitting, publishing and returning a practice, importing and publishing
software, replication requests, maturity self-assessments) happen on their pages; here their
records are read, content is corrected, and awards are granted by ``award_grant`` (so only to
a published practice).
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from modeltranslation.admin import TranslationTabularInline

from gealc.core.admin import HistoryAdmin, TranslatedHistoryAdmin
from gealc.core.service_admin import ServiceAdmin, ServiceInline, call_service, form_data
from gealc.knowledge import services
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
    SoftwareEntry,
    SoftwareUsage,
    Tag,
)


def _translations(data: Mapping[str, Any], field: str) -> dict[str, str]:
    """``{"es": …, "pt": …}`` from a form's ``name_es``, ``name_pt`` … columns."""
    prefix = f"{field}_"
    return {k.removeprefix(prefix): v for k, v in data.items() if k.startswith(prefix) and v}


class ChildrenInline(ServiceInline, admin.TabularInline):
    """A practice's metrics or links: ``practice_update`` replaces them all at once. A subclass
    names the practice's field it ``replaces`` and turns a form's data into its input ``row``."""

    extra = 0
    replaces = ""
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    row: Callable[[Mapping[str, Any]], Any]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.TabularInline.has_add_permission(self, request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.TabularInline.has_change_permission(self, request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin.TabularInline.has_delete_permission(self, request, obj)

    def save_rows(self, request: HttpRequest, parent: Any, formset: Any) -> None:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if not formset.has_changed():
            return
        kept = [
            self.row(form_data(row, change=False))
            for row in formset.forms
            if row not in formset.deleted_forms and (row.instance.pk or row.has_changed())
        ]
        update = {"actor": request.user, "practice": parent, "data": {}, self.replaces: kept}
        call_service(services.practice_update, **update)


class MetricInline(ChildrenInline):
    model = PracticeMetric
    replaces = "metrics"

    def row(self, data: Mapping[str, Any]) -> services.MetricInput:
        fields = ("name", "value", "unit", "year")
        return services.MetricInput(**{k: data[k] for k in fields if k in data})


class LinkInline(ChildrenInline):
    model = PracticeLink
    replaces = "links"

    def row(self, data: Mapping[str, Any]) -> services.LinkInput:
        return services.LinkInput(title=data["title"], url=data["url"])


class AttachmentInline(ServiceInline, admin.TabularInline):
    """Attachments are added (their file checked by the service); they are not rewritten."""

    model = PracticeAttachment
    extra = 0

    def create(self, actor: Any, parent: Practice, data: Mapping[str, Any]) -> Any:
        return services.practice_attachment_add(
            actor=actor, practice=parent, title=data["title"], file=data["file"]
        )


class AwardInline(ServiceInline, TranslationTabularInline):
    """Awards are granted by ``award_grant``: only to a published practice."""

    model = Award
    extra = 0

    def create(self, actor: Any, parent: Practice, data: Mapping[str, Any]) -> Any:
        return services.award_grant(
            actor=actor,
            practice=parent,
            year=data["year"],
            category=data["category"],
            titles=_translations(data, "title"),
            is_demo=data.get("is_demo", False),
        )


class TransitionInline(ServiceInline, admin.TabularInline):
    """The record of the workflow: written by its services, read here."""

    model = PracticeTransition
    extra = 0
    readonly_fields = ("from_state", "to_state", "actor", "reason", "at")


@admin.register(Tag)
class TagAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("name", "kind", "slug", "order")
    list_filter = ("kind",)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Tag:
        return services.tag_create(
            actor=actor,
            kind=data["kind"],
            slug=data["slug"],
            names=_translations(data, "name"),
            order=data.get("order", 0),
        )

    def update(self, actor: Any, obj: Tag, data: Mapping[str, Any]) -> Tag:
        return services.tag_update(actor=actor, tag=obj, data=data)


PRACTICE_RELATIONS = ("tags", "institutions", "contacts")


@admin.register(Practice)
class PracticeAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    """A practice's content is corrected here; its workflow (submitting, publishing,
    returning) happens on its page, whose services record each step."""

    list_display = ("title", "country", "state", "published_at", "is_demo")
    list_filter = ("state", "is_demo", "country", "tags")
    search_fields = ("search_text", "slug")
    autocomplete_fields = ("country", "institutions", "contacts")
    inlines = (MetricInline, LinkInline, AttachmentInline, AwardInline, TransitionInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        workflow = ("slug", "state", "published_at", "created_by")
        return workflow if obj is None else ("country", "is_demo", *workflow)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Practice:
        fields = {k: v for k, v in data.items() if k not in (*PRACTICE_RELATIONS, "country")}
        relations = {k: data[k] for k in PRACTICE_RELATIONS if k in data}
        return services.practice_propose(
            actor=actor,
            country=data["country"],
            data={k: v for k, v in fields.items() if k != "is_demo"},
            is_demo=fields.get("is_demo", False),
            **relations,
        )

    def update(self, actor: Any, obj: Practice, data: Mapping[str, Any]) -> Practice:
        fields = {k: v for k, v in data.items() if k not in PRACTICE_RELATIONS}
        relations = {k: data[k] for k in PRACTICE_RELATIONS if k in data}
        return services.practice_update(actor=actor, practice=obj, data=fields, **relations)


class UsageInline(ServiceInline, admin.TabularInline):
    model = SoftwareUsage
    extra = 0


@admin.register(SoftwareEntry)
class SoftwareEntryAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    """Entries are imported from their publiccode.yml, published and used through the
    catalogue's pages and API (their services); read here."""

    list_display = ("name", "licence", "development_status", "state", "country", "is_demo")
    list_filter = ("state", "development_status", "software_type", "is_demo")
    search_fields = ("search_text", "slug", "url")
    inlines = (UsageInline,)


@admin.register(OpenDataSet)
class OpenDataSetAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("name", "slug", "order", "active", "is_demo")
    list_filter = ("active",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else ("slug", "is_demo")

    def create(self, actor: Any, data: Mapping[str, Any]) -> OpenDataSet:
        dataset = services.dataset_create(
            actor=actor,
            slug=data["slug"],
            names=_translations(data, "name"),
            descriptions=_translations(data, "description"),
            order=data.get("order", 0),
            is_demo=data.get("is_demo", False),
        )
        if data.get("active", True):
            return dataset
        return self.update(actor, dataset, {"active": False})

    def update(self, actor: Any, obj: OpenDataSet, data: Mapping[str, Any]) -> OpenDataSet:
        return services.dataset_update(actor=actor, dataset=obj, data=data)


@admin.register(DatasetStatus)
class DatasetStatusAdmin(ServiceAdmin, HistoryAdmin):
    list_display = ("dataset", "country", "published", "format", "machine_readable", "last_checked")
    list_filter = ("dataset", "published", "machine_readable", "update_frequency")
    autocomplete_fields = ("country",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else ("dataset", "country", "is_demo")

    def create(self, actor: Any, data: Mapping[str, Any]) -> DatasetStatus:
        where = ("dataset", "country", "is_demo")
        return services.dataset_status_update(
            actor=actor,
            dataset=data["dataset"],
            country=data["country"],
            data={k: v for k, v in data.items() if k not in where},
            is_demo=data.get("is_demo", False),
        )

    def update(self, actor: Any, obj: DatasetStatus, data: Mapping[str, Any]) -> DatasetStatus:
        return services.dataset_status_update(
            actor=actor, dataset=obj.dataset, country=obj.country, data=data
        )


@admin.register(MaturityAssessment)
class MaturityAssessmentAdmin(ServiceAdmin, HistoryAdmin):
    """Submitted and scored by ``maturity_submit``; read here."""

    list_display = ("country", "year", "overall", "submitted_by", "submitted_at")
    list_filter = ("year",)
