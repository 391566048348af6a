"""The working groups' read API: groups, plans, commitments, the public parts of meetings,
and courses — lists with validated filters (a bad one is a 400 naming it) and pagination, and
the detail of each."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound, ValidationError

from gealc.core import filters
from gealc.core.api import answer_example, list_example
from gealc.groups import selectors
from gealc.groups.models import Meeting, WorkingGroup
from gealc.groups.serializers import (
    CommitmentDetailSerializer,
    CommitmentSerializer,
    CourseSerializer,
    GroupDetailSerializer,
    GroupSerializer,
    MeetingSerializer,
    PlanDetailSerializer,
    PlanSerializer,
)
from gealc.network.models import Country

GROUP_FILTERS = (
    filters.choice("status", _("active or closed"), WorkingGroup.Status.values),
    filters.code("working_line", _("Slug of a working line, such as interoperability")),
)
COMMITMENT_FILTERS = (
    filters.calendar_year("year", _("Year of the work plan")),
    filters.code("group", _("Slug of a working group")),
    filters.iso3("country", _("Lead or participating country (ISO 3166-1 alpha-3)")),
    filters.code("indicator", _("Code of a framework indicator the commitment is meant to move")),
)
MEETING_FILTERS = (
    filters.code("group", _("Slug of a working group")),
    filters.iso3("country", _("Meetings of the groups this country takes part in")),
    filters.choice("kind", _("Kind of meeting"), Meeting.Kind.values),
    filters.boolean("upcoming", _("Only meetings that have not ended")),
)
COUNTRY_SAMPLE = {"iso3": "URY", "name": "Uruguay"}
LINE_SAMPLE = {"slug": "interoperability", "name": "Interoperabilidad"}
GROUP_SAMPLE = {
    "slug": "interoperability",
    "name": "Grupo de interoperabilidad",
    "mandate": "Acordar estándares comunes de intercambio de datos.",
    "working_line": LINE_SAMPLE,
    "coordinating_country": COUNTRY_SAMPLE,
    "co_coordinating_country": None,
    "start": "2024-01-01",
    "end": None,
    "status": "active",
    "is_demo": True,
}
COMMITMENT_SAMPLE = {
    "id": 7,
    "year": 2025,
    "group": "interoperability",
    "title": "Catálogo regional de servicios de interoperabilidad",
    "description": "",
    "lead_country": COUNTRY_SAMPLE,
    "countries": [{"iso3": "BRA", "name": "Brasil"}],
    "start": "2025-01-01",
    "end": "2025-12-31",
    "indicators": ["institutions_connected_share"],
    "milestones": [{"title": "Inventario", "due": "2025-06-30", "done_on": "2025-06-20"}],
    "level": "substantial",
    "outcome": "carried_over",
    "carried_from": None,
    "is_demo": True,
}
MEETING_SAMPLE = {
    "id": 4,
    "kind": "assembly",
    "title": "Asamblea anual",
    "group": None,
    "starts_at": "2025-03-10T13:00:00Z",
    "ends_at": "2025-03-10T17:00:00Z",
    "time_zone": "America/Montevideo",
    "place": "Montevideo",
    "online_link": "",
    "cancelled": False,
    "agenda": [{"order": 1, "title": "Plan 2025", "presenter": "", "duration_minutes": 60}],
    "decisions": [{"number": 1, "date": "2025-03-10", "text": "Se adopta el plan 2025."}],
    "is_demo": True,
}
COURSE_SAMPLE = {
    "slug": "interoperability-basics",
    "title": "Fundamentos de interoperabilidad",
    "description": "",
    "provider": "Secretaría técnica",
    "modality": "online_course",
    "language": "es",
    "link": "https://cursos.example.org/interop",
    "working_line": LINE_SAMPLE,
    "editions": [{"start": "2025-05-01", "end": "2025-06-30", "place": ""}],
    "is_demo": True,
}


def _group(slug: str | None) -> WorkingGroup | None:
    if not slug:
        return None
    group = WorkingGroup.objects.filter(slug=slug).first()
    if group is None:
        raise ValidationError({"group": [_("group: no working group has this slug")]})
    return group


def _country(iso3: str | None) -> Country | None:
    if not iso3:
        return None
    country = Country.objects.filter(iso3=iso3.upper()).first()
    if country is None:
        raise ValidationError({"country": [_("country: no country of the network has this code")]})
    return country


@list_example(GROUP_SAMPLE)
@extend_schema(parameters=filters.parameters(GROUP_FILTERS))
class GroupList(generics.ListAPIView):
    """The network's working groups."""

    serializer_class = GroupSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(GROUP_FILTERS, self.request.query_params)
        return selectors.group_list(
            status=params.get("status") or "", line=params.get("working_line") or ""
        )


@list_example(
    {
        "year": 2025,
        "adopted_on": "2025-03-10",
        "adopted_at_meeting": 4,
        "commitments": 12,
        "is_demo": True,
    }
)
class PlanList(generics.ListAPIView):
    """Adopted annual work plans (members also see drafts)."""

    serializer_class = PlanSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        return selectors.plans_visible(self.request.user)


@list_example(COMMITMENT_SAMPLE)
@extend_schema(parameters=filters.parameters(COMMITMENT_FILTERS))
class CommitmentList(generics.ListAPIView):
    """Commitments of the work plans, by year, group, country or indicator."""

    serializer_class = CommitmentSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(COMMITMENT_FILTERS, self.request.query_params)
        return selectors.commitments(
            self.request.user,
            year=params.get("year"),
            group=_group(params.get("group")),
            country=_country(params.get("country")),
            indicator=params.get("indicator") or "",
        )


@list_example(MEETING_SAMPLE)
@extend_schema(parameters=filters.parameters(MEETING_FILTERS))
class MeetingList(generics.ListAPIView):
    """Public meetings of the network: agenda and decisions (never who attended)."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        params = filters.parse(MEETING_FILTERS, self.request.query_params)
        meetings = selectors.calendar(
            self.request.user,
            group=_group(params.get("group")),
            country=_country(params.get("country")),
            kind=params.get("kind") or "",
            upcoming_only=bool(params.get("upcoming")),
        ).filter(is_public=True)
        return meetings.prefetch_related("agenda", "decisions").select_related("group")


@list_example(COURSE_SAMPLE)
class CourseList(generics.ListAPIView):
    """Courses of the network with their editions (never who enrolled)."""

    serializer_class = CourseSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet:
        return selectors.course_list()


# Details ------------------------------------------------------------------------------------


@answer_example(
    {
        **GROUP_SAMPLE,
        "member_countries": [{"iso3": "BRA", "name": "Brasil"}, COUNTRY_SAMPLE],
        "documents": [{"title": "Términos de referencia", "url": "/es/groups/documents/3/"}],
    }
)
class GroupDetail(generics.RetrieveAPIView):
    """A working group: its countries and public documents (never who the delegates are)."""

    serializer_class = GroupDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.group_get(self.kwargs["slug"])


@answer_example(
    {
        "year": 2025,
        "adopted_on": "2025-03-10",
        "adopted_at_meeting": 4,
        "commitments": 1,
        "is_demo": True,
        "commitment_list": [
            {"id": 7, "title": "Catálogo regional de servicios", "group": "interoperability"}
        ],
    }
)
class PlanDetail(generics.RetrieveAPIView):
    """An adopted work plan and its commitments (members also see drafts)."""

    serializer_class = PlanDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.plan_get(self.kwargs["year"], self.request.user)


@answer_example(
    {
        **COMMITMENT_SAMPLE,
        "outcome_reason": "",
        "budget": "12000.00",
        "budget_currency": "USD",
        "practices": ["ventanilla-unica"],
        "software": [],
        "datasets": ["public-procurement"],
        "carried_to": [19],
    }
)
class CommitmentDetail(generics.RetrieveAPIView):
    """A commitment of a visible plan, with what it builds on and where it went at year end."""

    serializer_class = CommitmentDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.commitment_get(self.kwargs["pk"], self.request.user)


@answer_example(MEETING_SAMPLE)
class MeetingDetail(generics.RetrieveAPIView):
    """A public meeting: agenda and decisions (never who registered, attended or owns an
    action); a members-only meeting is not found here."""

    serializer_class = MeetingSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        meeting = selectors.meeting_get(self.kwargs["pk"], self.request.user)
        if not meeting.is_public:
            raise NotFound(_("No meeting to show here."))
        return meeting


@answer_example(COURSE_SAMPLE)
class CourseDetail(generics.RetrieveAPIView):
    """A course with its editions (never who enrolled)."""

    serializer_class = CourseSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Any:
        return selectors.course_get(self.kwargs["slug"])
