"""What every app's forms share: a service's refusal shown on the form, the status code of a
page that shows a form again, and the change form that reports an edit someone else saved
meanwhile instead of overwriting it (``VersionedForm`` and ``save_versioned``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gealc.core.l10n import format_date, format_number


def add_service_errors(
    form: forms.Form, error: ValidationError, rename: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form: on the field it names when the form
    has that field (after ``rename``), otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        field = (rename or {}).get(name, name)
        form.add_error(field if field in form.fields else None, messages)


def form_status(*forms_shown: Any) -> int:
    """400 when a submitted form (or formset) is shown again with its errors, else 200."""
    refused = any(
        form is not None and form.is_bound and not form.is_valid() for form in forms_shown
    )
    return 400 if refused else 200


class LocalDateTimeField(forms.DateTimeField):
    """A date and time as the browser's date-time field writes it (no seconds, no zone), in
    the years 1900 to 2999: a meeting in the year 9999 is a slip of the keyboard, and at the
    calendar's edge moving it into another time zone overflows."""

    widget = forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {
        "out_of_range": _("Enter a date and time between the years %(first)s and %(last)s."),
    }
    years = (1900, 2999)

    def to_python(self, value: Any) -> datetime.datetime | None:
        moment = super().to_python(value)
        first, last = self.years
        if moment is not None and not first <= moment.year <= last:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": first, "last": last},
            )
        return moment


class Conflict(NamedTuple):
    """A field someone else saved while the editor worked: its label, the value saved now and
    the editor's, as the page shows them (``includes/edit_conflict.html`` lists them)."""

    label: str
    saved: str
    yours: str


class VersionedForm(forms.Form):
    """A change form that carries the version its editor started from, so that a change made
    meanwhile by someone else is reported (``save_versioned``) instead of overwritten."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "expected_version" in self.errors:  # a hidden field's error: say it at the top
            self.add_error(None, _("This form is incomplete. Open the edit page again and retry."))
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned values without the version, by field name."""
        return {
            name: value for name, value in self.cleaned_data.items() if name != "expected_version"
        }

    def saved_values(self, record: Any) -> dict[str, Any]:
        """``record``'s values as this form's cleaned data would hold them: by default each
        changed field's attribute (a many-to-many field's records as a list)."""
        values = {}
        for name in self.changes():
            value = getattr(record, name)
            values[name] = list(value.all()) if isinstance(value, models.Manager) else value
        return values

    def conflicts(self, record: Any) -> list[Conflict]:
        """Each field whose value saved in ``record`` differs from the one this editor sent."""
        saved = self.saved_values(record)
        rows = []
        for name, value in self.changes().items():
            field = self.fields[name]
            row = Conflict(str(field.label), _shown(field, saved[name]), _shown(field, value))
            if row.saved != row.yours:
                rows.append(row)
        return rows

    def rebase(self, version: int) -> None:
        """Base the editor's input on ``version``, saved meanwhile: sending the form again then
        applies the change knowingly."""
        self.data = self.data.copy()
        self.data[self.add_prefix("expected_version")] = str(version)


def _shown(field: forms.Field, value: Any) -> str:
    """A value as the reader sees it on the page: a date and a number in their language, a
    choice by its label, related records by their names, nothing as empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple | QuerySet):
        return ", ".join(sorted(_shown(field, item) for item in value))
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_number(value, getattr(field, "decimal_places", None))
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


class VersionedRecord(Protocol):
    """A record whose ``version`` goes up at each change, read again from the database."""

    version: int

    def refresh_from_db(self) -> None: ...


@dataclass(frozen=True)
class Refused:
    """A change the service refused, its reasons on the form; ``conflicts`` are the fields
    someone else saved meanwhile (none for any other refusal)."""

    conflicts: list[Conflict]


def save_versioned(
    form: VersionedForm, record: VersionedRecord, save: Callable[[], object]
) -> Refused | None:
    """Save a valid change form through ``save`` (a service call); None when it saved.

    When the service refuses because someone saved ``record`` meanwhile (code ``stale``), the
    form keeps the editor's input, now based on the saved version, and the refusal lists what
    differs; any other refusal goes onto the form (``add_service_errors``).
    """
    try:
        save()
    except ValidationError as error:
        if getattr(error, "code", None) != "stale":
            add_service_errors(form, error)
            return Refused(conflicts=[])
        record.refresh_from_db()
        form.rebase(record.version)
        form.add_error(None, error.messages)
        return Refused(conflicts=form.conflicts(record))
    return None
