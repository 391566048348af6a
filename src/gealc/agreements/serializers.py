"""JSON shapes of the agreements API: agreements with their parties and status history (never
who recorded a change), and the matrix of a year."""

from __future__ import annotations

from rest_framework import serializers

from gealc.agreements.models import Agreement, Party, Transition
from gealc.groups.serializers import CountryRefSerializer


class PartySerializer(serializers.ModelSerializer):
    country = CountryRefSerializer()
    joined = serializers.DateField(source="start")
    left = serializers.DateField(source="end", allow_null=True)

    class Meta:
        model = Party
        fields = ["country", "joined", "left"]


class AgreementTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transition
        fields = ["from_status", "to_status", "date", "reason"]


class AgreementSerializer(serializers.ModelSerializer):
    parties = PartySerializer(many=True)
    transitions = AgreementTransitionSerializer(many=True)
    working_lines = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "kind",
            "title",
            "summary",
            "status",
            "negotiation_start",
            "signed_on",
            "in_force_on",
            "ended_on",
            "parties",
            "transitions",
            "working_lines",
            "is_demo",
        ]


class PairSerializer(serializers.Serializer):
    countries = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2)
    agreement = serializers.CharField(help_text="Slug of the agreement binding the pair")
    title = serializers.CharField()
    since = serializers.DateField()


class MatrixSerializer(serializers.Serializer):
    kind = serializers.CharField()
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    member_countries = serializers.IntegerField()
    possible_pairs = serializers.IntegerField()
    linked_pairs = serializers.IntegerField()
    countries = CountryRefSerializer(many=True)
    pairs = PairSerializer(many=True)
