"""JSON shapes of the knowledge API.

Output serializers give translated texts in the request's language plus every language
(``titles``: ``{"es": …}``); input serializers only parse, the services validate and authorise.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    OpenDataSet,
    Practice,
    PracticeLink,
    PracticeMetric,
    SoftwareEntry,
    SoftwareUsage,
    Tag,
)
from gealc.network.serializers import CountrySummarySerializer, TranslationsField


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ("kind", "slug", "name")


class AwardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Award
        fields = ("year", "category", "title")


class MetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeMetric
        fields = ("name", "value", "unit", "year")


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = PracticeLink
        fields = ("title", "url")


class PracticeSerializer(serializers.ModelSerializer):
    country = CountrySummarySerializer(read_only=True)
    titles = TranslationsField("title")
    tags = TagSerializer(many=True, read_only=True)
    awards = AwardSerializer(many=True, read_only=True)

    class Meta:
        model = Practice
        fields = (
            "id",
            "slug",
            "title",
            "titles",
            "summary",
            "country",
            "tags",
            "awards",
            "state",
            "start_date",
            "end_date",
            "original_language",
            "published_at",
            "is_demo",
        )


class PracticeDetailSerializer(PracticeSerializer):
    summaries = TranslationsField("summary")
    metrics = MetricSerializer(many=True, read_only=True)
    links = LinkSerializer(many=True, read_only=True)
    institutions = serializers.SerializerMethodField()

    class Meta(PracticeSerializer.Meta):
        fields = (
            *PracticeSerializer.Meta.fields,
            "summaries",
            "problem",
            "solution",
            "results",
            "replication_conditions",
            "cost_amount",
            "cost_currency",
            "cost_notes",
            "technologies",
            "metrics",
            "links",
            "institutions",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_institutions(self, practice: Practice) -> list[str]:
        return [str(institution) for institution in practice.institutions.all()]


class SoftwareUsageSerializer(serializers.ModelSerializer):
    country = CountrySummarySerializer(read_only=True)

    class Meta:
        model = SoftwareUsage
        fields = ("country", "relation", "since")


class SoftwareSerializer(serializers.ModelSerializer):
    country = CountrySummarySerializer(read_only=True, allow_null=True)  # none: regional
    short_descriptions = TranslationsField("short_description")
    usages = SoftwareUsageSerializer(many=True, read_only=True)
    is_based_on = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    publiccode_url = serializers.SerializerMethodField()

    class Meta:
        model = SoftwareEntry
        fields = (
            "id",
            "slug",
            "name",
            "url",
            "landing_url",
            "software_version",
            "release_date",
            "platforms",
            "categories",
            "development_status",
            "software_type",
            "licence",
            "main_copyright_owner",
            "short_description",
            "short_descriptions",
            "maintenance_type",
            "is_based_on",
            "is_based_on_urls",
            "country",
            "usages",
            "state",
            "publiccode_url",
            "is_demo",
        )

    def get_publiccode_url(self, entry: SoftwareEntry) -> str:
        request = self.context.get("request")
        path = f"/api/v1/software/{entry.pk}/publiccode.yml"
        return request.build_absolute_uri(path) if request else path


class SoftwareDetailSerializer(SoftwareSerializer):
    long_descriptions = TranslationsField("long_description")
    regional_versions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta(SoftwareSerializer.Meta):
        fields = (
            *SoftwareSerializer.Meta.fields,
            "long_description",
            "long_descriptions",
            "feature_list",
            "descriptions",
            "repo_owner",
            "maintenance_contacts",
            "localisation_ready",
            "available_languages",
            "regional_versions",
        )


class PubliccodeImportSerializer(serializers.Serializer):
    publiccode = serializers.CharField(
        help_text="The text of a publiccode.yml file (versions 0.2 to 0.7).",
        trim_whitespace=False,
    )
    country = serializers.CharField(
        required=False, help_text="ISO alpha-3 code of the proposing country (members: theirs)."
    )


class DatasetStatusSerializer(serializers.ModelSerializer):
    country = CountrySummarySerializer(read_only=True)

    class Meta:
        model = DatasetStatus
        fields = (
            "country",
            "published",
            "url",
            "format",
            "licence",
            "update_frequency",
            "machine_readable",
            "last_checked",
            "notes",
        )


class DatasetStatusUpdateSerializer(serializers.ModelSerializer):
    country = serializers.CharField(help_text="ISO alpha-3 code of the country.")

    class Meta:
        model = DatasetStatus
        fields = (
            "country",
            "published",
            "url",
            "format",
            "licence",
            "update_frequency",
            "machine_readable",
            "last_checked",
            "notes",
        )
        extra_kwargs = {name: {"required": False} for name in fields if name != "country"}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Model-level checks (published needs a URL) run in the service on the merged row.
        return attrs


class OpenDataSetSerializer(serializers.ModelSerializer):
    names = TranslationsField("name")
    statuses = DatasetStatusSerializer(many=True, read_only=True)

    class Meta:
        model = OpenDataSet
        fields = ("id", "slug", "name", "names", "description", "order", "active", "statuses")


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.CharField()


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    kind = serializers.CharField()
    total = serializers.IntegerField()
    facets = serializers.DictField(child=serializers.IntegerField())
    results = SearchHitSerializer(many=True, source="hits")
    suggestion = serializers.CharField(
        allow_null=True,
        help_text="When nothing was found: the query with its misspelt words corrected "
        '("did you mean"), to search again; otherwise null.',
    )
