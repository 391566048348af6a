"""JSON shapes of participation's API: consultations, their questions and the contributions
the public may read (never a hidden one, an account or an address), and the body of an
answer."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from gealc.participation.models import Consultation, Contribution, Option, Question
from gealc.participation.sanitise import plain_text

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "order", "label"]


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)
    # Only the comment questions of a consultation on a framework name a dimension or indicator.
    dimension = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Question
        fields = ["id", "order", "kind", "text", "help_text", "dimension", "indicator", "options"]


class ConsultationSerializer(serializers.ModelSerializer):
    subject_name = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "slug",
            "title",
            "description",
            "subject",
            "subject_name",
            "phase",
            "opens_at",
            "closes_at",
            "time_zone",
            "languages",
            "summary_published_at",
            "is_demo",
        ]

    def get_subject_name(self, consultation: Consultation) -> str:
        """What the consultation is on (a framework version, a plan …); empty for a topic."""
        subject = consultation.subject_object
        return str(subject) if subject is not None else ""


class ConsultationDetailSerializer(ConsultationSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "synthesis", "response", "questions"]


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(source="public_name")
    sector = serializers.CharField()
    country = serializers.CharField(source="country.iso3", allow_null=True, default=None)
    organisation = serializers.SerializerMethodField()
    organisation_verified = serializers.SerializerMethodField()

    def get_organisation(self, author: object) -> str | None:
        organisation = getattr(author, "organisation", None)
        if organisation is None or author.has_left:  # type: ignore[attr-defined]
            return None
        return str(organisation.name)

    def get_organisation_verified(self, author: object) -> bool:
        organisation = getattr(author, "organisation", None)
        return bool(organisation is not None and organisation.is_verified)


class ContributionSerializer(serializers.ModelSerializer):
    consultation = serializers.CharField(source="question.consultation.slug")
    in_reply_to = serializers.IntegerField(source="parent_id", allow_null=True)
    author = AuthorSerializer()
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, read_only=True)
    text_plain = serializers.SerializerMethodField()
    chosen = serializers.ListField(child=serializers.CharField(), source="chosen_labels")

    class Meta:
        model = Contribution
        fields = [
            "id",
            "consultation",
            "question",
            "in_reply_to",
            "author",
            "language",
            "text",
            "text_plain",
            "choices",
            "chosen",
            "scale",
            "created_at",
            "updated_at",
        ]

    def get_text_plain(self, contribution: Contribution) -> str:
        """The text without markup (``text`` is sanitised HTML)."""
        return plain_text(contribution.text)


class AnswerSerializer(serializers.Serializer):
    """An answer to one question: ``text`` for free text (a comment otherwise), ``choices``
    (option ids: one, several, or all of them in ranked order) and ``scale`` (1 to 5)."""

    language = serializers.ChoiceField(choices=LANGUAGE_CODES)
    text = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=50
    )
    scale = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
