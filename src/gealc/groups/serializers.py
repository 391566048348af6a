"""JSON shapes of the working groups' public API: only what the public may read (no e-mails,
no attendance of named people, no members-only meeting)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gealc.groups.models import Commitment, Course, Meeting, WorkingGroup, WorkPlan
from gealc.groups.selectors import level_of
from gealc.knowledge import selectors as knowledge_selectors


class CountryRefSerializer(serializers.Serializer):
    iso3 = serializers.CharField()
    name = serializers.CharField()


class WorkingLineSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class GroupSerializer(serializers.ModelSerializer):
    working_line = WorkingLineSerializer()
    coordinating_country = CountryRefSerializer()
    co_coordinating_country = CountryRefSerializer(allow_null=True)

    class Meta:
        model = WorkingGroup
        fields = [
            "slug",
            "name",
            "mandate",
            "working_line",
            "coordinating_country",
            "co_coordinating_country",
            "start",
            "end",
            "status",
            "is_demo",
        ]


class PlanSerializer(serializers.ModelSerializer):
    commitments = serializers.SerializerMethodField()

    class Meta:
        model = WorkPlan
        fields = ["year", "adopted_on", "adopted_at_meeting", "commitments", "is_demo"]

    def get_commitments(self, plan: WorkPlan) -> int:
        return plan.commitments.count()


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class CommitmentSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="plan.year")
    group = serializers.CharField(source="group.slug")
    lead_country = CountryRefSerializer()
    countries = CountryRefSerializer(many=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True)
    level = serializers.SerializerMethodField()
    carried_from = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "year",
            "group",
            "title",
            "description",
            "lead_country",
            "countries",
            "start",
            "end",
            "indicators",
            "milestones",
            "level",
            "outcome",
            "carried_from",
            "is_demo",
        ]

    @extend_schema_field(
        serializers.ChoiceField(choices=["not_started", "limited", "substantial", "complete"])
    )
    def get_level(self, commitment: Commitment) -> str:
        return level_of(commitment)


class AgendaItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    title = serializers.CharField()
    presenter = serializers.CharField()
    duration_minutes = serializers.IntegerField(allow_null=True)


class DecisionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(many=True)
    decisions = DecisionSerializer(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "group",
            "starts_at",
            "ends_at",
            "time_zone",
            "place",
            "online_link",
            "cancelled",
            "agenda",
            "decisions",
            "is_demo",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_group(self, meeting: Meeting) -> Any:
        return meeting.group.slug if meeting.group else None


class EditionSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    place = serializers.CharField()


class CourseSerializer(serializers.ModelSerializer):
    working_line = WorkingLineSerializer()
    editions = EditionSerializer(many=True)

    class Meta:
        model = Course
        fields = [
            "slug",
            "title",
            "description",
            "provider",
            "modality",
            "language",
            "link",
            "working_line",
            "editions",
            "is_demo",
        ]


class DocumentRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document: Any) -> str:
        return reverse("group_document", args=[document.pk])


class GroupDetailSerializer(GroupSerializer):
    """A group with the countries taking part now and its public documents (never who the
    delegates are: names and e-mails are for members of the network)."""

    member_countries = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    class Meta(GroupSerializer.Meta):
        fields = [*GroupSerializer.Meta.fields, "member_countries", "documents"]

    @extend_schema_field(CountryRefSerializer(many=True))
    def get_member_countries(self, group: WorkingGroup) -> Any:
        memberships = group.memberships.current().filter(country__isnull=False)
        countries = {m.country for m in memberships.select_related("country")}
        ordered = sorted(countries, key=lambda country: country.iso3)
        return CountryRefSerializer(ordered, many=True).data

    @extend_schema_field(DocumentRefSerializer(many=True))
    def get_documents(self, group: WorkingGroup) -> Any:
        return DocumentRefSerializer(group.documents.filter(is_public=True), many=True).data


class CommitmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    group = serializers.CharField(source="group.slug")


class PlanDetailSerializer(PlanSerializer):
    commitment_list = CommitmentRefSerializer(many=True, source="commitments")

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "commitment_list"]


class CommitmentDetailSerializer(CommitmentSerializer):
    """A commitment with what it builds on, its budget and where it went at year end."""

    practices = serializers.SerializerMethodField()
    software = serializers.SerializerMethodField()
    datasets = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    carried_to = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(CommitmentSerializer.Meta):
        fields = [
            *CommitmentSerializer.Meta.fields,
            "outcome_reason",
            "budget",
            "budget_currency",
            "practices",
            "software",
            "datasets",
            "carried_to",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_practices(self, commitment: Commitment) -> list[str]:
        """Published practices only: a draft is for its country."""
        published = knowledge_selectors.practices_published().filter(commitments=commitment)
        return list(published.values_list("slug", flat=True))

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_software(self, commitment: Commitment) -> list[str]:
        published = knowledge_selectors.software_published().filter(commitments=commitment)
        return list(published.values_list("slug", flat=True))
