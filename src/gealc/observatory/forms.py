"""Forms of the observatory pages: choosing countries to compare, and the secretariat's
compute, publish and correct steps (the services validate; forms only parse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gealc.core.forms import add_service_errors
from gealc.measurement.models import Round
from gealc.observatory import selectors, services


class CompareForm(forms.Form):
    """Two to six countries of the run; codes also come comma-separated (``BRA,URY``)."""

    countries = forms.MultipleChoiceField(
        label=_("Countries to compare"),
        help_text=_("Choose from two to six countries."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = choices

    def full_clean(self) -> None:
        # Split "BRA,URY" before the choice check, so both spellings of the address work.
        if self.is_bound and hasattr(self.data, "getlist"):
            data = self.data.copy()
            parts = [p for value in data.getlist("countries") for p in str(value).split(",")]
            data.setlist("countries", [p.strip().upper() for p in parts if p.strip()])
            self.data = data
        super().full_clean()

    def codes(self) -> list[str]:
        """The chosen codes, 2 to 6 and all in the run, or the form's errors say why not."""
        if not self.is_valid():
            return []
        try:
            codes = selectors.parse_countries(self.cleaned_data["countries"])
        except ValidationError as error:
            add_service_errors(self, error)
            return []
        return codes


class ComputeForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=Round.objects.select_related("framework_version").order_by("-reference_year"),
        help_text=_("Only its validated and published submissions are used."),
    )
    uncertainty_runs = forms.IntegerField(
        label=_("Uncertainty runs"),
        min_value=2,
        max_value=services.MAX_UNCERTAINTY_RUNS,
        initial=services.DEFAULT_UNCERTAINTY_RUNS,
        help_text=_("Monte Carlo runs that vary the method's assumptions (10,000 recommended)."),
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        required=False,
        min_value=0,
        max_value=2**32 - 1,
        help_text=_("The same seed and inputs give the same results."),
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the scores, the coherence report and the uncertainty analysis."),
        help_text=_("A published run can never change; a correction is a new run."),
    )


class CorrectionForm(forms.Form):
    changelog = forms.CharField(
        label=_("What changed and why"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    uncertainty_runs = forms.IntegerField(
        label=_("Uncertainty runs"),
        min_value=2,
        max_value=services.MAX_UNCERTAINTY_RUNS,
        required=False,
        help_text=_("Leave empty to use the corrected run's."),
    )
