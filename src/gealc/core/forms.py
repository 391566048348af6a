"""What every app's forms share: a service's refusal shown on the form, and the status code of
a page that shows a form again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


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
