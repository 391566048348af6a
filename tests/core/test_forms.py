"""A service's refusal shown on the form, the status of a page that shows a form again, and a
change someone else saved meanwhile reported beside the editor's."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError

from gealc.core.forms import VersionedForm, add_service_errors, form_status, save_versioned


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


class Edited(VersionedForm):
    name = forms.CharField(label="Name")
    kind = forms.ChoiceField(label="Kind", choices=[("agency", "Agency"), ("ministry", "Ministry")])
    amount = forms.DecimalField(label="Amount", decimal_places=2)
    day = forms.DateField(label="Day")
    modes = forms.MultipleChoiceField(
        label="Modes", choices=[("visit", "Visit"), ("online", "Online")], required=False
    )


SENT = {
    "name": "Mine",
    "kind": "agency",
    "amount": "2000",
    "day": "2026-03-10",
    "modes": ["online", "visit"],
    "expected_version": "1",
}


class Record(SimpleNamespace):
    """A record someone saved as version 2 while the editor worked on version 1."""

    def refresh_from_db(self) -> None:
        self.version = 2


def _saved_meanwhile() -> Record:
    return Record(
        name="Theirs",
        kind="ministry",
        amount=Decimal("2000.00"),
        day=datetime.date(2026, 3, 11),
        modes=["visit", "online"],
        version=1,
    )


def _sent() -> Edited:
    form = Edited(data=SENT)
    assert form.is_valid()
    return form


def test_a_stale_change_keeps_the_input_on_the_saved_version_and_lists_what_differs(
    english: None,
) -> None:
    def save() -> None:
        raise ValidationError("Someone saved it.", code="stale")

    form = _sent()
    refused = save_versioned(form, _saved_meanwhile(), save)
    assert refused is not None
    # Equal amounts and the same choices in another order do not differ.
    assert refused.conflicts == [
        ("Name", "Theirs", "Mine"),
        ("Kind", "Ministry", "Agency"),
        ("Day", "March 11, 2026", "March 10, 2026"),
    ]
    assert form.non_field_errors() == ["Someone saved it."]
    assert form["expected_version"].value() == "2"  # sent again, it applies knowingly
    assert form["name"].value() == "Mine"


def test_any_other_refusal_goes_onto_the_form_and_a_saved_change_is_none() -> None:
    def refuse() -> None:
        raise ValidationError({"name": "Taken."})

    form = _sent()
    refused = save_versioned(form, _saved_meanwhile(), refuse)
    assert refused is not None
    assert refused.conflicts == []
    assert form.errors["name"] == ["Taken."]
    assert form["expected_version"].value() == "1"
    assert save_versioned(_sent(), _saved_meanwhile(), lambda: None) is None


def test_a_change_form_without_its_version_says_so_at_the_top(english: None) -> None:
    form = Edited(data={**SENT, "expected_version": ""})
    assert not form.is_valid()
    assert "This form is incomplete." in form.non_field_errors()[0]
