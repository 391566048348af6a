"""JSON shapes of the public observatory API (read-only).

Every number comes from rows stored when the run was computed (scores, inputs) or from the
shipped UN EGDI file; nothing here computes. Download links are paths on this site (the same
whatever host name the request used, so cached bodies can be shared).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gealc.measurement.models import Indicator, Value
from gealc.network.serializers import TranslationsField
from gealc.observatory import exports, files, selectors
from gealc.observatory.models import EgdiValue, IndexRun, RunInput, RunScore
from gealc.observatory.sdmx_structures import unit_code

DOWNLOAD_FORMATS = files.FILE_FORMATS


class ErrorSerializer(serializers.Serializer):
    """The error body of every endpoint (see ``gealc.core.api.exception_handler``)."""

    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    errors = serializers.JSONField()


class UnitCodeField(serializers.CharField):
    """A framework's free-text unit as its code, the same as in the CSV and SDMX files
    (``%`` is ``PC``; the codes and their labels are in the data dictionary)."""

    def to_representation(self, value: Any) -> str:
        return unit_code(value)


UNIT_HELP = "Unit code (PC, PER_1000_INHAB…; see /data/dictionary.csv); _Z for none."
UNIT_TEXT_HELP = "The unit as the framework words it."


class IndicatorSerializer(serializers.ModelSerializer):
    framework = serializers.CharField(source="framework.code", read_only=True)
    framework_version = serializers.CharField(source="framework.version", read_only=True)
    dimension = serializers.CharField(source="dimension.code", read_only=True)
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)
    names = TranslationsField("name")
    definitions = TranslationsField("definition")
    unit = UnitCodeField(read_only=True, help_text=UNIT_HELP)
    unit_text = serializers.CharField(source="unit", read_only=True, help_text=UNIT_TEXT_HELP)

    class Meta:
        model = Indicator
        fields = (
            "code",
            "name",
            "names",
            "definition",
            "definitions",
            "framework",
            "framework_version",
            "dimension",
            "dimension_name",
            "unit",
            "unit_text",
            "direction",
            "formula",
            "weight",
            "plausible_min",
            "plausible_max",
            "goalpost_low",
            "goalpost_high",
            "evidence_required",
        )


@extend_schema_field(
    {
        "type": "object",
        "properties": {name: {"type": "string"} for name in DOWNLOAD_FORMATS},
        "required": list(DOWNLOAD_FORMATS),
    }
)
class DownloadsField(serializers.Field):
    """Paths of the run's open-data files: ``{"csv": "/data/runs/3.csv", …}``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, value: int) -> dict[str, str]:
        return {
            name: reverse("data_run", kwargs={"run_id": value, "file_format": name})
            for name in DOWNLOAD_FORMATS
        }


class RunSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="round.reference_year", read_only=True)
    framework = serializers.CharField(source="framework_version.code", read_only=True)
    framework_version = serializers.CharField(source="framework_version.version", read_only=True)
    downloads = DownloadsField()
    current_run = serializers.IntegerField(
        source="current_run_id",
        read_only=True,
        allow_null=True,
        help_text="The round's current published run (this one unless it was superseded).",
    )
    superseded_by = serializers.IntegerField(
        source="superseded_by_id",
        read_only=True,
        allow_null=True,
        help_text="The published correction that superseded this run; null while current.",
    )

    class Meta:
        model = IndexRun
        fields = (
            "id",
            "title",
            "status",
            "year",
            "round",
            "framework",
            "framework_version",
            "published_at",
            "superseded_at",
            "current_run",
            "superseded_by",
            "corrects",
            "changelog",
            "engine_version",
            "seed",
            "uncertainty_runs",
            "input_hash",
            "is_demo",
            "downloads",
        )


class NodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    parent = serializers.CharField(allow_null=True)
    weight = serializers.FloatField()
    unit = UnitCodeField(help_text=UNIT_HELP)
    unit_text = serializers.CharField(source="unit", allow_blank=True, help_text=UNIT_TEXT_HELP)
    direction = serializers.IntegerField()


class MeasuresSerializer(serializers.Serializer):
    """A country's results at one node in one run (null where it has none)."""

    score = serializers.FloatField(allow_null=True)
    rank = serializers.FloatField(allow_null=True)
    rank_median = serializers.FloatField(allow_null=True)
    rank_q05 = serializers.FloatField(allow_null=True)
    rank_q95 = serializers.FloatField(allow_null=True)
    score_q05 = serializers.FloatField(allow_null=True)
    score_q95 = serializers.FloatField(allow_null=True)


class ScoreChangeSerializer(serializers.Serializer):
    """A country's results at one node (index, dimension or indicator) before and after a
    correction, with the measures that changed (null where it has no score or is not in that
    run)."""

    country = serializers.CharField(source="iso3")
    country_name = serializers.CharField(source="name")
    node = serializers.CharField()
    node_name = serializers.CharField()
    level = serializers.IntegerField()
    before_score = serializers.FloatField(allow_null=True)
    after_score = serializers.FloatField(allow_null=True)
    before_rank = serializers.IntegerField(allow_null=True)
    after_rank = serializers.IntegerField(allow_null=True)
    before = MeasuresSerializer()
    after = MeasuresSerializer()
    changed = serializers.ListField(child=serializers.ChoiceField(choices=selectors.SCORE_MEASURES))


class ChangeCountsSerializer(serializers.Serializer):
    """How many changed, by kind; an interval bound counts once per end that moved."""

    score = serializers.IntegerField()
    rank = serializers.IntegerField()
    rank_median = serializers.IntegerField()
    rank_bound = serializers.IntegerField()
    score_bound = serializers.IntegerField()
    input = serializers.IntegerField()


class InputChangeSerializer(serializers.Serializer):
    """A value that went in, before and after a correction (null where it did not go in)."""

    country = serializers.CharField(source="iso3")
    country_name = serializers.CharField(source="name")
    kind = serializers.ChoiceField(choices=RunInput.Kind.choices)
    code = serializers.CharField()
    before_value = serializers.FloatField(allow_null=True)
    after_value = serializers.FloatField(allow_null=True)
    before_status = serializers.ChoiceField(choices=Value.Status.choices, allow_null=True)
    after_status = serializers.ChoiceField(choices=Value.Status.choices, allow_null=True)


class RunChangesSerializer(serializers.Serializer):
    """What a correction changed against the run it corrects, computed from both runs."""

    corrects = serializers.IntegerField(source="corrects_id")
    counts = ChangeCountsSerializer()
    countries = serializers.ListField(child=serializers.CharField())
    scores = ScoreChangeSerializer(many=True)
    inputs = InputChangeSerializer(many=True)


class RunDetailSerializer(RunSerializer):
    """A run with its structure, the exact spec and the analyses it stored."""

    nodes = NodeSerializer(many=True, read_only=True, source="api_nodes")
    changes = RunChangesSerializer(read_only=True, allow_null=True, source="api_changes")
    spec = serializers.JSONField(read_only=True)
    coherence = serializers.JSONField(source="diagnostics.coherence", read_only=True)
    uncertainty = serializers.JSONField(source="diagnostics.uncertainty", read_only=True)
    sensitivity = serializers.JSONField(source="diagnostics.sensitivity", read_only=True)

    class Meta(RunSerializer.Meta):
        fields = (
            *RunSerializer.Meta.fields,
            "nodes",
            "spec",
            "coherence",
            "uncertainty",
            "sensitivity",
            "changes",
        )


class ScoreSerializer(serializers.ModelSerializer):
    """One country's score at one node with its rank and 5-95 % intervals."""

    country = serializers.CharField(source="country.iso3", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    node_name = serializers.SerializerMethodField()

    class Meta:
        model = RunScore
        fields = (
            "country",
            "country_name",
            "node",
            "node_name",
            "level",
            "score",
            "rank",
            "rank_median",
            "rank_q05",
            "rank_q95",
            "score_q05",
            "score_q95",
        )

    def get_node_name(self, score: RunScore) -> str:
        return str(self.context.get("node_names", {}).get(score.node, score.node))


class CountryScoresSerializer(serializers.Serializer):
    """A country's scores at every level in the latest published run (or the one asked)."""

    country = serializers.CharField()
    country_name = serializers.CharField()
    run = RunSerializer(allow_null=True)
    scores = ScoreSerializer(many=True)


class PublishedValueSerializer(serializers.ModelSerializer):
    """A published value: a reported variable (with its evidence) or a computed indicator."""

    run = serializers.IntegerField(source="run_id", read_only=True)
    round = serializers.IntegerField(source="run.round_id", read_only=True)
    year = serializers.IntegerField(source="run.round.reference_year", read_only=True)
    country = serializers.CharField(source="country.iso3", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)

    class Meta:
        model = RunInput
        fields = (
            "run",
            "round",
            "year",
            "country",
            "country_name",
            "kind",
            "code",
            "value",
            "status",
            "evidence_url",
        )


def _dictionary_field(kind: str, description: str) -> serializers.Field:
    """A column of the data dictionary (``exports.DICTIONARY``) as a field of a schema."""
    if kind == "integer":
        return serializers.IntegerField(help_text=description)
    if kind == "number":
        return serializers.FloatField(allow_null=True, help_text=description)
    if kind == "boolean":
        return serializers.BooleanField(help_text=description)
    return serializers.CharField(allow_blank=True, help_text=description)


class ValuesFileRowSerializer(serializers.Serializer):
    """A row of a round's values file: the ``values`` columns of the data dictionary."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            column: _dictionary_field(kind, description)
            for file, column, kind, description in exports.DICTIONARY
            if file == "values"
        }


class ValuesFileRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()


class ValuesFileLicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()
    attribution = serializers.CharField()


class ValuesFileSerializer(serializers.Serializer):
    """A round's values file as JSON (``exports.values_exports``): the round, the licence
    and the rows of the CSV (schema only: the file is written, never serialized)."""

    round = ValuesFileRoundSerializer()
    licence = ValuesFileLicenceSerializer()
    values = ValuesFileRowSerializer(many=True)


class EgdiSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="iso3", read_only=True)

    class Meta:
        model = EgdiValue
        fields = ("year", "country", "name", "egdi", "egdi_rank", "osi", "hci", "tii", "epi")
