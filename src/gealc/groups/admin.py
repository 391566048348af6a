"""Admin for the secretariat: groups and courses are created and changed through the services
(``gealc.core.service_admin``), like on the pages; the other records (memberships, plans,
commitments, progress, meetings, minutes, enrolments, certificates) are written by the pages'
workflows and only read here, with their change history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gealc.core.admin import HistoryAdmin, ReadOnlyHistoryAdmin, TranslatedHistoryAdmin
from gealc.core.service_admin import ServiceAdmin
from gealc.groups import services
from gealc.groups.models import (
    Action,
    Certificate,
    Commitment,
    Course,
    Decision,
    Document,
    Edition,
    Enrolment,
    Meeting,
    Membership,
    ProgressUpdate,
    Registration,
    WorkingGroup,
    WorkingLine,
    WorkPlan,
)

RELATIONS = ("working_line", "coordinating_country", "co_coordinating_country")


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("name", "working_line", "coordinating_country", "status", "is_demo")
    list_filter = ("status", "working_line")
    exclude = ("slug",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else (*RELATIONS, "is_demo")

    def create(self, actor: Any, data: Mapping[str, Any]) -> WorkingGroup:
        fields = {k: v for k, v in data.items() if k not in (*RELATIONS, "is_demo")}
        return services.group_create(
            actor=actor,
            data=fields,
            working_line=data["working_line"],
            coordinating_country=data["coordinating_country"],
            co_coordinating_country=data.get("co_coordinating_country"),
            is_demo=data.get("is_demo", False),
        )

    def update(self, actor: Any, obj: WorkingGroup, data: Mapping[str, Any]) -> WorkingGroup:
        # The admin's form carries no version: it checks against the row it has just read.
        return services.group_update(
            actor=actor, group=obj, data=data, expected_version=obj.version
        )


@admin.register(Course)
class CourseAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("title", "modality", "provider", "working_line", "is_demo")
    list_filter = ("modality", "working_line")
    exclude = ("slug",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("working_line", "is_demo") if obj is not None else ()

    def create(self, actor: Any, data: Mapping[str, Any]) -> Course:
        fields = {k: v for k, v in data.items() if k not in ("working_line", "is_demo")}
        return services.course_create(
            actor=actor,
            data=fields,
            working_line=data["working_line"],
            is_demo=data.get("is_demo", False),
        )

    def update(self, actor: Any, obj: Course, data: Mapping[str, Any]) -> Course:
        return services.course_update(
            actor=actor, course=obj, data=data, expected_version=obj.version
        )


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin, HistoryAdmin):
    """Scheduling and changing a meeting notifies people (``meeting_schedule``/``_update``)."""

    list_display = ("title", "kind", "group", "starts_at", "time_zone", "cancelled", "is_demo")
    list_filter = ("kind", "group", "cancelled")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("group", "is_demo") if obj is not None else ()

    def create(self, actor: Any, data: Mapping[str, Any]) -> Meeting:
        fields = {k: v for k, v in data.items() if k not in ("group", "is_demo")}
        return services.meeting_schedule(
            actor=actor, data=fields, group=data.get("group"), is_demo=data.get("is_demo", False)
        )

    def update(self, actor: Any, obj: Meeting, data: Mapping[str, Any]) -> Meeting:
        return services.meeting_update(actor=actor, meeting=obj, data=data)


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin, HistoryAdmin):
    """Members are added with ``membership_add``; a membership is ended on the group's
    history, never deleted."""

    list_display = ("person", "group", "country", "role", "start", "end")
    list_filter = ("group", "role")

    def create(self, actor: Any, data: Mapping[str, Any]) -> Membership:
        return services.membership_add(
            actor=actor,
            group=data["group"],
            person=data["person"],
            role=data["role"],
            country=data.get("country"),
            start=data["start"],
            is_demo=data.get("is_demo", False),
        )


for model, columns in (
    (WorkingLine, ("name", "slug", "dimension_code", "order")),
    (Document, ("title", "group", "meeting", "is_public", "uploaded_at")),
    (WorkPlan, ("year", "adopted_on", "adopted_at_meeting")),
    (Commitment, ("title", "plan", "group", "lead_country", "outcome")),
    (ProgressUpdate, ("commitment", "country", "level", "date", "review_state")),
    (Registration, ("person", "meeting", "country", "attended")),
    (Decision, ("meeting", "number", "date", "plan")),
    (Action, ("title", "owner", "due", "status", "meeting")),
    (Edition, ("course", "start", "end")),
    (Enrolment, ("name", "edition", "country", "completed_on")),
    (Certificate, ("code", "enrolment", "issued_on", "expires_on", "revoked_on")),
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyHistoryAdmin,), {"list_display": columns})
    )
