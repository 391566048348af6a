"""Admin base classes every app's admin shares.

- :class:`AddressInitialAdmin`: under all of them, the add page's initial values from its
  address kept only when a related field's value can be an id;
- :class:`NeverDeletedAdmin`: rows others refer to, or whose record must survive, are kept;
- :class:`ReadOnlyAdmin`: rows only the services write, read here and never changed;
- :class:`HistoryAdmin`: the change history, to read (never simple-history's own admin);
- :class:`ReadOnlyHistoryAdmin`: both of the last two;
- :class:`TranslatedHistoryAdmin`: every language column and the change history.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin


class AddressInitialAdmin(admin.ModelAdmin):
    """The add page takes initial values from its address (``?country=3``). A related
    field's value that cannot be an id of its model is dropped: Django's autocomplete widget
    looks it up, and a text where an id goes (``?country=<script>``) was a 500."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if (
                field.is_relation
                and not field.auto_created
                and not _can_be_ids(field, initial[name])
            ):
                del initial[name]
        return initial


def _can_be_ids(field: Any, value: Any) -> bool:
    target = field.target_field
    try:
        for item in value if isinstance(value, list) else [value]:
            target.to_python(item)
    except ValidationError:
        return False
    return True


class NeverDeletedAdmin(AddressInitialAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(NeverDeletedAdmin):
    """Rows that only the services write."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin, AddressInitialAdmin):
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
