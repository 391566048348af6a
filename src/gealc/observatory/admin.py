"""Admin: index runs and the EGDI benchmark are read here, never changed (services do that)."""

from __future__ import annotations

from django.contrib import admin

from gealc.core.admin import ReadOnlyAdmin
from gealc.observatory.models import EgdiValue, IndexRun


@admin.register(IndexRun)
class IndexRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "title", "round", "status", "published_at", "uncertainty_runs")
    list_filter = ("status", "is_demo")
    search_fields = ("title", "changelog")


@admin.register(EgdiValue)
class EgdiValueAdmin(ReadOnlyAdmin):
    list_display = ("year", "iso3", "name", "egdi", "egdi_rank", "osi", "hci", "tii")
    list_filter = ("year",)
    search_fields = ("iso3", "name")
