"""Forms of the agreement pages: they parse and check the shape of the input; the services
decide what is allowed and valid."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gealc.agreements.models import Agreement, Status
from gealc.agreements.selectors import MATRIX_KINDS
from gealc.agreements.services import PartyInput
from gealc.groups.models import WorkingLine
from gealc.network.models import Country

ALL = [("", _("All"))]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


def _countries() -> Any:
    return Country.objects.order_by("name")


class FilterForm(forms.Form):
    kind = forms.ChoiceField(choices=ALL + Agreement.Kind.choices, required=False, label=_("Kind"))
    status = forms.ChoiceField(choices=ALL + Status.choices, required=False, label=_("Status"))
    country = forms.ModelChoiceField(
        _countries(), required=False, to_field_name="iso3", label=_("Country")
    )
    year = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=9999,
        label=_("Year"),
        help_text=_("Agreements negotiating, signed or in force during that year."),
    )


class MatrixForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in MATRIX_KINDS],
        required=False,
        label=_("Agreements"),
    )
    year = forms.TypedChoiceField(coerce=int, required=False, label=_("As at the end of"))

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


def language_columns(cleaned: dict[str, Any], *names: str) -> dict[str, Any]:
    """The translated fields typed in the page's language, as its columns (``title_en`` …)."""
    language = (get_language() or "es")[:2]
    return {f"{name}_{language}": cleaned[name] for name in names}


class TextsForm(forms.Form):
    """The agreement's texts in the page's language, and its working lines."""

    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    working_lines = forms.ModelMultipleChoiceField(
        WorkingLine.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Working lines"),
    )

    def texts(self) -> dict[str, Any]:
        return language_columns(self.cleaned_data, "title", "summary")


class AgreementForm(TextsForm):
    kind = forms.ChoiceField(choices=Agreement.Kind.choices, label=_("Kind"))
    negotiation_start = forms.DateField(label=_("Negotiation started on"), widget=DATE_WIDGET)
    countries = forms.ModelMultipleChoiceField(
        _countries(),
        to_field_name="iso3",
        label=_("Parties"),
        help_text=_("At least two countries; hold Ctrl (or ⌘) to choose several."),
    )
    parties_since = forms.DateField(
        label=_("Parties since"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("When the parties joined; empty: when the negotiation started."),
    )
    field_order = ["kind", "title", "summary", "negotiation_start", "countries", "parties_since"]

    def parties(self) -> list[PartyInput]:
        since = self.cleaned_data.get("parties_since") or self.cleaned_data["negotiation_start"]
        return [PartyInput(country, since) for country in self.cleaned_data["countries"]]


class PartyForm(forms.Form):
    country = forms.ModelChoiceField(_countries(), to_field_name="iso3", label=_("Country"))
    start = forms.DateField(label=_("Joined on"), widget=DATE_WIDGET)


class PartyLeaveForm(forms.Form):
    end = forms.DateField(label=_("Left on"), widget=DATE_WIDGET)
    end_reason = forms.CharField(label=_("Reason"), max_length=2000)


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices, label=_("New status"))
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, initial=datetime.date.today)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Required to go back to an earlier status."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"))
