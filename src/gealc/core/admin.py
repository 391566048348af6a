"""Admin base classes every app's admin shares.

- :class:`NeverDeletedAdmin`: rows others refer to, or whose record must survive, are kept;
- :class:`ReadOnlyAdmin`: rows only the services write, read here and never changed;
- :class:`HistoryAdmin`: the change history, to read (never simple-history's own admin);
- :class:`ReadOnlyHistoryAdmin`: both of the last two;
- :class:`TranslatedHistoryAdmin`: every language column and the change history.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin


class NeverDeletedAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NeverDeletedAdmin):
    """Rows that only the services write."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history, read only. simple-history's page of a past version is a form that
    saves that version directly (its "revert"), past the services, and it accepts the POST
    from anyone who may only view the history: here it is shown and never saved."""

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return True

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyHistoryAdmin(HistoryAdmin, ReadOnlyAdmin):
    """Rows that only the services write, with their history."""


class TranslatedHistoryAdmin(HistoryAdmin, TranslationAdmin):
    # Websites typed without a scheme are https today (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
