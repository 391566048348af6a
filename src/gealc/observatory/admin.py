"""Admin: index runs and the EGDI benchmark are read here, never changed (services do that)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gealc.observatory.models import EgdiValue, IndexRun


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
