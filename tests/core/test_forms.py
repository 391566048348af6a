"""A service's refusal shown on the form, and the status of a page that shows a form again."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from gealc.core.forms import add_service_errors, form_status


class Named(forms.Form):
    name = forms.CharField()
    code = forms.CharField(required=False)


def test_errors_go_to_the_field_they_name_or_to_the_top() -> None:
    form = Named(data={"name": "x"})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError({"name": ["Taken."], "slug": ["Too long."], "acronym": ["Bad."]}),
        rename={"acronym": "code"},
    )
    assert form.errors["name"] == ["Taken."]
    assert form.errors["code"] == ["Bad."]
    assert form.non_field_errors() == ["Too long."]
    other = Named(data={"name": "x"})
    other.is_valid()
    add_service_errors(other, ValidationError("Not now."))
    assert other.non_field_errors() == ["Not now."]


def test_a_form_shown_again_with_errors_is_a_400() -> None:
    assert form_status(Named()) == 200
    assert form_status(Named(data={"name": "x"}), None) == 200
    assert form_status(Named(data={})) == 400
    refused = Named(data={"name": "x"})
    refused.is_valid()
    add_service_errors(refused, ValidationError("No."))
    assert form_status(refused) == 400
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-code": "a"}
    rows = forms.formset_factory(Named)(data=data)
    assert form_status(Named(data={"name": "x"}), rows) == 400  # the row has no name
