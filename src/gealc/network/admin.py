"""Admin for the secretariat: every language column, the change history, and no deletion of
appointments or mandates (they are ended, so the record of who held what survives)."""

from django.contrib import admin
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from gealc.network.models import (
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
)


class TranslatedHistoryAdmin(SimpleHistoryAdmin, TranslationAdmin):
    # Websites typed without a scheme are https today (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class NeverDeletedAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Country)
class CountryAdmin(TranslatedHistoryAdmin):
    list_display = ("iso3", "name", "subregion", "membership", "member_since")
    list_filter = ("subregion", "membership")
    search_fields = ("iso3", "search_text")


@admin.register(Institution)
class InstitutionAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "acronym", "country", "kind", "is_national_authority", "is_demo")
    list_filter = ("kind", "is_national_authority", "is_demo", "country")
    search_fields = ("search_text",)
    autocomplete_fields = ("country", "parent")
    readonly_fields = ("version",)

    def save_model(
        self, request: HttpRequest, obj: Institution, form: object, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change:  # keep optimistic concurrency honest for edits made here too
            Institution.objects.filter(pk=obj.pk).update(version=F("version") + 1)


@admin.register(Person)
class PersonAdmin(TranslatedHistoryAdmin):
    list_display = ("family_name", "given_name", "email", "public_profile", "user", "is_demo")
    list_filter = ("public_profile", "is_demo")
    search_fields = ("search_text",)
    autocomplete_fields = ("user",)


@admin.register(Appointment)
class AppointmentAdmin(NeverDeletedAdmin):
    list_display = ("person", "role", "institution", "start", "end", "is_demo")
    list_filter = ("role", "institution__country", "is_demo")
    search_fields = ("person__search_text", "institution__search_text")
    autocomplete_fields = ("person", "institution")
    date_hierarchy = "start"


@admin.register(Organisation)
class OrganisationAdmin(TranslatedHistoryAdmin):
    list_display = ("name", "acronym", "kind", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "acronym")
    filter_horizontal = ("countries",)


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(TranslatedHistoryAdmin):
    list_display = ("code", "name", "position")


@admin.register(Mandate)
class MandateAdmin(NeverDeletedAdmin):
    list_display = ("body", "seat", "country", "organisation", "person", "start", "end")
    list_filter = ("body", "seat", "is_demo")
    autocomplete_fields = ("country", "organisation", "person")
