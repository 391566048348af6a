"""Admin for the secretariat: every language column and the change history, with every change
made by the network's services (``gealc.core.service_admin``), as on the pages and the API.

Nothing is deleted here: appointments and mandates are ended, so the record of who held what
survives; countries come from the shipped file (``network_load``) and are kept, as are the
institutions, people, organisations and bodies that appointments and history refer to.
"""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from gealc.core.admin import HistoryAdmin, TranslatedHistoryAdmin
from gealc.core.service_admin import ServiceAdmin
from gealc.network import services
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


def _in_some_language(data: Mapping[str, Any], field: str) -> str:
    """A translated field's value for a create service: the active language's, or the first
    one given (the update that follows sets every language's column)."""
    active = translation.get_language() or LANGUAGE_CODES[0]
    codes = sorted(LANGUAGE_CODES, key=lambda code: code != active[:2])
    return next((data[f"{field}_{c}"] for c in codes if data.get(f"{field}_{c}")), "")


def _left_over(instance: models.Model, data: Mapping[str, Any], taken: set[str]) -> dict:
    """The values a create service did not take and did not already store."""
    return {k: v for k, v in data.items() if k not in taken and getattr(instance, k) != v}


@admin.register(Country)
class CountryAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    """Countries are installed from the shipped file (``network_load``); here they change."""

    list_display = ("iso3", "name", "subregion", "membership", "member_since")
    list_filter = ("subregion", "membership")
    search_fields = ("iso3", "search_text")
    readonly_fields = ("iso3", "iso_numeric")

    def update(self, actor: Any, obj: Country, data: Mapping[str, Any]) -> Country:
        return services.country_update(actor=actor, country=obj, data=data)


INSTITUTION_CREATE = {
    "country",
    "kind",
    "acronym",
    "website",
    "parent",
    "is_national_authority",
    "is_demo",
}


@admin.register(Institution)
class InstitutionAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("name", "acronym", "country", "kind", "is_national_authority", "is_demo")
    list_filter = ("kind", "is_national_authority", "is_demo", "country")
    search_fields = ("search_text",)
    autocomplete_fields = ("country", "parent")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("version",) if obj is None else ("country", "is_demo", "version")

    def create(self, actor: Any, data: Mapping[str, Any]) -> Institution:
        taken = {name: data[name] for name in INSTITUTION_CREATE if name in data}
        institution = services.institution_create(
            actor=actor, name=_in_some_language(data, "name"), **taken
        )
        return self.update(actor, institution, _left_over(institution, data, set(taken)))

    def update(self, actor: Any, obj: Institution, data: Mapping[str, Any]) -> Institution:
        if not data:
            return obj
        return services.institution_update(
            actor=actor, institution=obj, expected_version=obj.version, data=data
        )


PERSON_CREATE = {
    "given_name",
    "family_name",
    "email",
    "phone",
    "languages",
    "public_profile",
    "user",
    "is_demo",
}


@admin.register(Person)
class PersonAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("family_name", "given_name", "email", "public_profile", "user", "is_demo")
    list_filter = ("public_profile", "is_demo")
    search_fields = ("search_text",)
    autocomplete_fields = ("user",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else ("is_demo",)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Person:
        taken = {name: data[name] for name in PERSON_CREATE if name in data}
        person = services.person_create(actor=actor, **taken)
        return self.update(actor, person, _left_over(person, data, set(taken)))

    def update(self, actor: Any, obj: Person, data: Mapping[str, Any]) -> Person:
        return services.person_update(actor=actor, person=obj, data=data) if data else obj


def _end_of(data: Mapping[str, Any]) -> Any:
    if not data.get("end"):
        raise ValidationError({"end": _("Give the last day, to end it.")})
    return data["end"]


@admin.register(Appointment)
class AppointmentAdmin(ServiceAdmin, HistoryAdmin):
    """Appointments start and end here; what they were is never rewritten."""

    list_display = ("person", "role", "institution", "start", "end", "is_demo")
    list_filter = ("role", "institution__country", "is_demo")
    search_fields = ("person__search_text", "institution__search_text")
    autocomplete_fields = ("person", "institution")
    date_hierarchy = "start"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("person", "institution", "role", "start", "working_line", "is_demo")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        still_running = obj is None or obj.end is None
        return still_running and super().has_change_permission(request, obj)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Appointment:
        fields = {k: v for k, v in data.items() if k not in ("end", "end_reason")}
        appointment = services.appointment_start(actor=actor, **fields)
        return self.update(actor, appointment, data) if data.get("end") else appointment

    def update(self, actor: Any, obj: Appointment, data: Mapping[str, Any]) -> Appointment:
        return services.appointment_end(
            actor=actor, appointment=obj, end=_end_of(data), reason=data.get("end_reason", "")
        )


ORGANISATION_CREATE = {"kind", "website", "countries", "is_demo"}


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("name", "acronym", "kind", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "acronym")
    filter_horizontal = ("countries",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else ("is_demo",)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Organisation:
        taken = {name: data[name] for name in ORGANISATION_CREATE if name in data}
        organisation = services.organisation_create(
            actor=actor, name=_in_some_language(data, "name"), **taken
        )
        return self.update(actor, organisation, _left_over(organisation, data, set(taken)))

    def update(self, actor: Any, obj: Organisation, data: Mapping[str, Any]) -> Organisation:
        fields = {k: v for k, v in data.items() if k != "countries"}
        return services.organisation_update(
            actor=actor, organisation=obj, data=fields, countries=data.get("countries")
        )


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("code", "name", "position")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if obj is None else ("code",)

    def create(self, actor: Any, data: Mapping[str, Any]) -> GovernanceBody:
        fields = {k: v for k, v in data.items() if k != "code"}
        return services.governance_body_create(actor=actor, code=data.get("code", ""), data=fields)

    def update(self, actor: Any, obj: GovernanceBody, data: Mapping[str, Any]) -> GovernanceBody:
        return services.governance_body_update(actor=actor, body=obj, data=data)


@admin.register(Mandate)
class MandateAdmin(ServiceAdmin, HistoryAdmin):
    """Mandates start and end here; what they were is never rewritten."""

    list_display = ("body", "seat", "country", "organisation", "person", "start", "end")
    list_filter = ("body", "seat", "is_demo")
    autocomplete_fields = ("country", "organisation", "person")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return ("body", "seat", "country", "organisation", "person", "start", "is_demo")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        still_running = obj is None or obj.end is None
        return still_running and super().has_change_permission(request, obj)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Mandate:
        return services.mandate_start(actor=actor, **data)

    def update(self, actor: Any, obj: Mandate, data: Mapping[str, Any]) -> Mandate:
        return services.mandate_end(actor=actor, mandate=obj, end=_end_of(data))
