"""Admin pages that change data through the apps' services, as the pages and the API do.

Wagtail shares its actions between its admin, its pages and its API; here a ``ServiceAdmin``
shares the services. An add form goes to ``create``, the changed fields of a change form to
``update``, a deletion to ``remove``, and each row of a ``ServiceInline`` to the inline's own
three. An admin that leaves one of them out does not offer that action (no "Add" button, a
read-only form, no "Delete"), so nothing is ever written past a service's permission check,
validation and history.

A service that refuses (``ValidationError``, ``PermissionDenied``) rolls back everything the
request did, and the form comes back with the service's messages on it and what was typed
still in it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from gealc.core.admin import AddressInitialAdmin

# The request attribute that carries a refusal from the first attempt to the second.
REFUSAL = "_gealc_service_refusal"
ROW_FIELDS = {"id", "DELETE"}


class ServiceRefused(Exception):
    """A service said no during an admin save; the save is rolled back and shown again."""

    def __init__(self, error: ValidationError | PermissionDenied) -> None:
        super().__init__(str(error))
        self.error = error


def _offers(admin_object: object, name: str) -> bool:
    """Whether the admin names a service for ``name`` (create, update or remove)."""
    return getattr(admin_object, name) is not None


def call_service(service: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a service; its refusal becomes ``ServiceRefused`` (the form shown again)."""
    try:
        return service(*args, **kwargs)
    except (ValidationError, PermissionDenied) as error:
        raise ServiceRefused(error) from error


def form_data(form: forms.BaseForm, change: bool) -> dict[str, Any]:
    """What the form asks to write: every field on an add, the changed ones on a change."""
    names = form.changed_data if change else list(form.cleaned_data)
    return {name: form.cleaned_data[name] for name in names if name not in ROW_FIELDS}


def refusal_messages(error: ValidationError | PermissionDenied) -> dict[str, list[str]]:
    if isinstance(error, PermissionDenied):
        return {NON_FIELD_ERRORS: [str(error) or _("You are not allowed to make this change.")]}
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in texts] for name, texts in error.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(message) for message in error.messages]}


def _with_refusal(form_class: type[forms.ModelForm], error: Any) -> type[forms.ModelForm]:
    """The form class, failing validation with the service's messages (by field where the
    form has the field, above the form otherwise)."""

    class RefusedForm(form_class):  # type: ignore[valid-type,misc]
        def clean(self) -> dict[str, Any]:
            cleaned = super().clean()
            for name, texts in refusal_messages(error).items():
                field = name if name in self.fields else None
                prefix = "" if field or name == NON_FIELD_ERRORS else f"{name}: "
                for text in texts:
                    self.add_error(field, f"{prefix}{text}")
            return cleaned

    RefusedForm.__name__ = form_class.__name__
    return RefusedForm


def _refused(request: HttpRequest, refused: ServiceRefused) -> HttpResponse:
    """A refused deletion: its messages, and the page again (nothing was deleted)."""
    for field_messages in refusal_messages(refused.error).values():
        for message in field_messages:
            messages.error(request, message)
    return HttpResponseRedirect(request.get_full_path())


def _become(target: models.Model, saved: models.Model) -> None:
    """Make the admin's object the saved one, so its messages, log and redirect name it."""
    vars(target).update(vars(saved))
    target._state.adding = False


class ServiceInline(admin.options.InlineModelAdmin):
    """An inline whose rows are written by services; without them the rows are read-only.

    A subclass defines the methods it offers: ``create(actor, parent, data)``,
    ``update(actor, obj, data)``, ``remove(actor, obj)``; an action it leaves undefined is
    not offered."""

    create: Callable[[Any, models.Model, Mapping[str, Any]], models.Model] | None = None
    update: Callable[[Any, models.Model, Mapping[str, Any]], models.Model] | None = None
    remove: Callable[[Any, models.Model], None] | None = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _offers(self, "create") and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _offers(self, "update") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _offers(self, "remove") and super().has_delete_permission(request, obj)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self
        return formset

    def save_rows(self, request: HttpRequest, parent: models.Model, formset: Any) -> None:
        """Each deleted, new or changed row through the inline's service; the formset keeps
        what was done, as its ``save`` would, for the admin's change message."""
        fk_name = formset.fk.name
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            if row in formset.deleted_forms:
                if row.instance.pk is not None:
                    call_service(self.remove, request.user, row.instance)
                    formset.deleted_objects.append(row.instance)
            elif row.instance.pk is None:
                if row.has_changed():
                    data = form_data(row, change=False)
                    data.pop(fk_name, None)
                    created = call_service(self.create, request.user, parent, data)
                    formset.new_objects.append(created)
            elif row.has_changed():
                call_service(self.update, request.user, row.instance, form_data(row, change=True))
                formset.changed_objects.append((row.instance, row.changed_data))


class ServiceAdmin(AddressInitialAdmin):
    """A model admin whose writes are the app's services (see the module's docstring).

    A subclass defines the methods it offers: ``create(actor, data)``,
    ``update(actor, obj, data)``, ``remove(actor, obj)``; an action it leaves undefined is
    not offered."""

    create: Callable[[Any, Mapping[str, Any]], models.Model] | None = None
    update: Callable[[Any, models.Model, Mapping[str, Any]], models.Model] | None = None
    remove: Callable[[Any, models.Model], None] | None = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _offers(self, "create") and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _offers(self, "update") and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _offers(self, "remove") and super().has_delete_permission(request, obj)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, REFUSAL, None)
        return form_class if refusal is None else _with_refusal(form_class, refusal)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefused as refused:
            # The first attempt's transaction is rolled back; the second shows the form again
            # (what was typed included) with the refusal as its errors, and saves nothing.
            setattr(request, REFUSAL, refused.error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        data = form_data(form, change)
        if change:
            saved = call_service(self.update, request.user, obj, data)
        else:
            saved = call_service(self.create, request.user, data)
        _become(obj, saved)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The services set the many-to-many fields they take; the form does not.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        inline = getattr(formset, "service_inline", None)
        if inline is None:
            raise TypeError(f"{type(self).__name__}'s inlines must be ServiceInlines.")
        inline.save_rows(request, form.instance, formset)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        call_service(self.remove, request.user, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceRefused as refused:
            return _refused(request, refused)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:  # the "delete selected" action
            return super().changelist_view(request, extra_context)
        except ServiceRefused as refused:
            return _refused(request, refused)
