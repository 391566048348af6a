"""JSON shapes of the network API.

Output serializers show contact details (e-mail, phone) only when the view says the viewer is
a network member (``context["show_contacts"]``). Input serializers only parse; the services
validate the whole object and check permissions.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gealc.core.fields import JsonTypedSerializer
from gealc.network.models import (
    LANGUAGE_CODES,
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
)

CONTACT_FIELDS = ("email", "phone")


def _all_languages(instance: Any, field: str) -> dict[str, str]:
    return {code: getattr(instance, f"{field}_{code}") or "" for code in LANGUAGE_CODES}


class TranslationsField(serializers.Field):
    """A translated model field in every language: ``{"es": …, "pt": …, "en": …, "fr": …}``."""

    def __init__(self, field: str, **kwargs: Any) -> None:
        self.translated_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        return _all_languages(value, self.translated_field)


extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})(
    TranslationsField
)


class CountrySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ("iso3", "name")


class CountrySerializer(serializers.ModelSerializer):
    names = TranslationsField("name")

    class Meta:
        model = Country
        fields = ("iso3", "iso_numeric", "name", "names", "subregion", "membership", "member_since")


class PersonSerializer(serializers.ModelSerializer):
    """A person; e-mail and phone are left out unless the viewer is a network member."""

    class Meta:
        model = Person
        fields = (
            "id",
            "given_name",
            "family_name",
            "email",
            "phone",
            "languages",
            "public_profile",
            "biography",
            "is_demo",
        )

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("show_contacts", False):
            for name in CONTACT_FIELDS:
                data.pop(name, None)
        return data


class PersonSummarySerializer(PersonSerializer):
    class Meta(PersonSerializer.Meta):
        fields = ("id", "given_name", "family_name", "email", "phone", "is_demo")


class InstitutionSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    names = TranslationsField("name")
    descriptions = TranslationsField("description")

    class Meta:
        model = Institution
        fields = (
            "id",
            "country",
            "name",
            "names",
            "acronym",
            "kind",
            "website",
            "description",
            "descriptions",
            "parent",
            "is_national_authority",
            "version",
            "is_demo",
        )


class AppointmentSerializer(serializers.ModelSerializer):
    person = PersonSummarySerializer(read_only=True)
    institution = serializers.PrimaryKeyRelatedField(read_only=True)
    country = serializers.CharField(source="institution.country.iso3", read_only=True)
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Appointment
        fields = (
            "id",
            "person",
            "institution",
            "country",
            "role",
            "working_line",
            "start",
            "end",
            "end_reason",
            "is_current",
            "is_demo",
        )


class CountryDetailSerializer(CountrySerializer):
    national_authority = serializers.SerializerMethodField()
    current_appointments = serializers.SerializerMethodField()

    class Meta(CountrySerializer.Meta):
        fields = (*CountrySerializer.Meta.fields, "national_authority", "current_appointments")

    @extend_schema_field(InstitutionSerializer(allow_null=True))
    def get_national_authority(self, country: Country) -> dict[str, Any] | None:
        authority = self.context["national_authority"]
        return InstitutionSerializer(authority, context=self.context).data if authority else None

    @extend_schema_field(AppointmentSerializer(many=True))
    def get_current_appointments(self, country: Country) -> list[dict[str, Any]]:
        appointments = self.context["current_appointments"]
        return AppointmentSerializer(appointments, many=True, context=self.context).data


class OrganisationSerializer(serializers.ModelSerializer):
    names = TranslationsField("name")
    acronyms = TranslationsField("acronym")
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = (
            "id",
            "name",
            "names",
            "acronym",
            "acronyms",
            "kind",
            "website",
            "description",
            "countries",
            "is_demo",
        )


class GovernanceBodySerializer(serializers.ModelSerializer):
    names = TranslationsField("name")

    class Meta:
        model = GovernanceBody
        fields = ("id", "code", "name", "names", "description", "position")


class MandateSerializer(serializers.ModelSerializer):
    body = serializers.SerializerMethodField()
    # A seat is held by a country or by an organisation: each may be null.
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True, allow_null=True)
    organisation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    person = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = Mandate
        fields = (
            "id",
            "body",
            "seat",
            "country",
            "organisation",
            "person",
            "start",
            "end",
            "is_current",
            "is_demo",
        )

    @extend_schema_field(serializers.CharField(help_text="Code of the governance body"))
    def get_body(self, mandate: Mandate) -> str:
        return mandate.body.code

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_person(self, mandate: Mandate) -> str | None:
        return mandate.person.full_name if mandate.person else None


# Input ------------------------------------------------------------------------------------


class InstitutionUpdateSerializer(JsonTypedSerializer):
    version = serializers.IntegerField(
        help_text=_("The version you read; the change is refused if it has changed since.")
    )
    name = serializers.CharField(required=False, max_length=300)
    acronym = serializers.CharField(required=False, allow_blank=True, max_length=30)
    kind = serializers.ChoiceField(choices=Institution.Kind.choices, required=False)
    website = serializers.URLField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    is_national_authority = serializers.BooleanField(required=False)
    name_es = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_pt = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_fr = serializers.CharField(required=False, allow_blank=True, max_length=300)
    description_es = serializers.CharField(required=False, allow_blank=True)
    description_pt = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    description_fr = serializers.CharField(required=False, allow_blank=True)


class InstitutionCreateSerializer(JsonTypedSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    name = serializers.CharField(max_length=300)
    acronym = serializers.CharField(required=False, allow_blank=True, max_length=30)
    kind = serializers.ChoiceField(choices=Institution.Kind.choices, required=False)
    website = serializers.URLField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    is_national_authority = serializers.BooleanField(required=False)


class AppointmentStartSerializer(JsonTypedSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    role = serializers.ChoiceField(choices=Appointment.Role.choices)
    start = serializers.DateField()
    working_line = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AppointmentEndSerializer(JsonTypedSerializer):
    end = serializers.DateField()
    reason = serializers.CharField(required=False, allow_blank=True)
