"""Forms of the working-group pages: they parse and check the shape of the input; the services
decide what is allowed and valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gealc.groups.models import Action, Meeting, ProgressUpdate, WorkingGroup, WorkPlan
from gealc.network.models import Country, Person

ALL = [("", _("All"))]


class PlanFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        WorkingGroup.objects.all(), required=False, to_field_name="slug", label=_("Group")
    )
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, to_field_name="iso3", label=_("Country")
    )
    indicator = forms.CharField(
        required=False,
        max_length=80,
        label=_("Indicator code"),
        help_text=_("For example interoperability or transactional_procedures."),
    )


class CalendarFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        WorkingGroup.objects.all(), required=False, to_field_name="slug", label=_("Group")
    )
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, to_field_name="iso3", label=_("Country")
    )
    kind = forms.ChoiceField(choices=ALL + Meeting.Kind.choices, required=False, label=_("Kind"))


class ProgressForm(forms.Form):
    country = forms.ModelChoiceField(
        Country.objects.none(), label=_("Reporting for"), to_field_name="iso3"
    )
    level = forms.ChoiceField(choices=ProgressUpdate.Level.choices, label=_("Completion level"))
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the evidence shows this level."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What was done, and where it can be checked."),
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, image, spreadsheet, document or text; at most 10 MB."),
    )

    def __init__(self, *args: Any, countries: QuerySet[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        only = list(countries[:2])
        if len(only) == 1:  # one country to report for: chosen already
            self.initial.setdefault("country", only[0].iso3)


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        choices=[(ACCEPT, _("Accept")), (RETURN, _("Return with a note"))],
        widget=forms.RadioSelect,
        label=_("Review"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    plan = forms.ModelChoiceField(
        WorkPlan.objects.all(), required=False, label=_("Work plan it adopts or changes")
    )
    adopts_plan = forms.BooleanField(required=False, label=_("This decision adopts the plan"))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), required=False, max_length=300)
    owner = forms.ModelChoiceField(Person.objects.none(), required=False, label=_("Owner"))
    due = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("title") or data.get("owner") or data.get("due"))


class CarriedActionForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices, label=_("Status"))


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3, max_num=20)
ActionFormSet = forms.formset_factory(ActionForm, extra=3, max_num=30)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("As printed on the certificate, for example ABCD-EFGH-JK23."),
    )


class TrainingFilterForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label=_("Year"))
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, to_field_name="iso3", label=_("Country")
    )
