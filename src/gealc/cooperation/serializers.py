"""JSON shapes of the cooperation API: only the public parts (no people, no drafts, no
fund entries of a request)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gealc.cooperation.models import Offer, Request
from gealc.groups.serializers import CountryRefSerializer, WorkingLineSerializer


class RequestSerializer(serializers.ModelSerializer):
    requesting_country = CountryRefSerializer()
    provider_country = CountryRefSerializer(allow_null=True)
    working_line = WorkingLineSerializer()
    indicators = serializers.SerializerMethodField()
    practice = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Request
        fields = [
            "id",
            "title",
            "need",
            "requesting_country",
            "working_line",
            "indicators",
            "modality",
            "languages",
            "practice",
            "state",
            "provider_country",
            "planned_start",
            "planned_end",
            "created_at",
            "is_demo",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_indicators(self, obj: Request) -> list[str]:
        return [indicator.code for indicator in obj.indicators.all()]


class OfferSerializer(serializers.ModelSerializer):
    country = CountryRefSerializer()
    working_line = WorkingLineSerializer()
    practices = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    software = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "title",
            "description",
            "country",
            "working_line",
            "modalities",
            "practices",
            "software",
            "start",
            "end",
            "is_demo",
        ]


class YearNumbersSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    requests = serializers.IntegerField()
    modalities = serializers.DictField(child=serializers.IntegerField())
    countries_received = serializers.IntegerField()
    countries_gave = serializers.IntegerField()
    fund_spent = serializers.DictField(child=serializers.DecimalField(14, 2))
