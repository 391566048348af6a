"""Admin base classes every app's admin shares.

- :class:`NeverDeletedAdmin`: rows others refer to, or whose record must survive, are kept;
- :class:`ReadOnlyAdmin`: rows only the services write, read here and never changed;
- :class:`TranslatedHistoryAdmin`: every language column and the change history.

The first two decide permissions only: put ``SimpleHistoryAdmin`` before them for a model
with history (``class RoundAdmin(SimpleHistoryAdmin, ReadOnlyAdmin)``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
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


class TranslatedHistoryAdmin(SimpleHistoryAdmin, TranslationAdmin):
    # Websites typed without a scheme are https today (and Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
