"""Forms of the cooperation pages: they parse and check the shape of the input; the services
decide what is allowed and valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gealc.cooperation.models import (
    Evaluation,
    Expert,
    FundBudget,
    Mission,
    Modality,
    Offer,
    Request,
    State,
)
from gealc.core.forms import VersionedForm
from gealc.groups.models import WorkingLine
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.measurement.models import Dimension, FrameworkVersion, Indicator
from gealc.network.models import Country
from gealc.observatory import selectors as observatory_selectors

ALL = [("", _("All"))]
LANGUAGE_CHOICES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("en", _("English")),
    ("fr", _("French")),
]
SCORES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]


def _latest_framework() -> FrameworkVersion | None:
    """The framework of the index published last: the dimensions and indicators a request
    names are that index's."""
    run = observatory_selectors.latest_published_run()
    return run.round.framework_version if run is not None else None


def _text_in(record: Any, name: str, language: str) -> str:
    """A translated text as written in ``language``, else as the page shows it (a change form
    saves it in ``language``)."""
    return getattr(record, f"{name}_{language}", "") or getattr(record, name)


class RequestForm(forms.Form):
    country = forms.ModelChoiceField(
        Country.objects.none(), label=_("Requesting country"), to_field_name="iso3"
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    need = forms.CharField(
        label=_("What your country needs"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
        help_text=_("In your own words: the problem, what you have tried, what you hope to learn."),
    )
    working_line = forms.ModelChoiceField(
        WorkingLine.objects.all(), label=_("Working line"), to_field_name="slug"
    )
    dimension = forms.ModelChoiceField(
        Dimension.objects.none(), label=_("Dimension of the index"), required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        Indicator.objects.none(),
        label=_("Indicators concerned"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    modality = forms.ChoiceField(choices=Modality.choices, label=_("Modality"))
    preferred_start = forms.DateField(
        label=_("Preferred from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    preferred_end = forms.DateField(
        label=_("Preferred until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        label=_("Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_partners = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        label=_("Partner countries you would like (optional)"),
        required=False,
        to_field_name="iso3",
    )
    practice = forms.ModelChoiceField(
        Practice.objects.filter(state=Practice.State.PUBLISHED),
        label=_("Practice to replicate"),
        required=False,
        to_field_name="slug",
    )

    def __init__(self, *args: Any, countries: QuerySet[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        framework = _latest_framework()
        if framework is not None:
            self.fields["dimension"].queryset = Dimension.objects.filter(framework=framework)
            self.fields["indicators"].queryset = Indicator.objects.filter(framework=framework)

    def service_data(self, language: str) -> dict[str, Any]:
        """The request's own fields, its texts in the language the user wrote them in."""
        data = self.cleaned_data
        return {
            f"title_{language}": data["title"],
            f"need_{language}": data["need"],
            "modality": data["modality"],
            "preferred_start": data["preferred_start"],
            "preferred_end": data["preferred_end"],
            "languages": list(data["languages"]),
        }


class RequestChangeForm(RequestForm, VersionedForm):
    """A request's texts (in the editor's language, as when it was filed), topic, modality,
    timing, languages, partners and practice; its country stays."""

    def __init__(self, *args: Any, request: Request, **kwargs: Any) -> None:
        countries = Country.objects.filter(pk=request.requesting_country_id)
        super().__init__(*args, countries=countries, **kwargs)
        del self.fields["country"]
        # What the request names stays choosable after a newer framework is published or
        # its practice is no longer published, so that saving does not drop it unseen.
        fields = self.fields
        fields["dimension"].queryset |= Dimension.objects.filter(pk=request.dimension_id)
        fields["indicators"].queryset |= Indicator.objects.filter(
            pk__in=request.indicators.values("pk")
        )
        fields["practice"].queryset |= Practice.objects.filter(pk=request.practice_id)

    @staticmethod
    def initial_for(request: Request, language: str) -> dict[str, Any]:
        return {
            "title": _text_in(request, "title", language),
            "need": _text_in(request, "need", language),
            "working_line": request.working_line,
            "dimension": request.dimension,
            "indicators": list(request.indicators.all()),
            "modality": request.modality,
            "preferred_start": request.preferred_start,
            "preferred_end": request.preferred_end,
            "languages": request.languages,
            "preferred_partners": list(request.preferred_partners.all()),
            "practice": request.practice,
            "expected_version": request.version,
        }


class FilterForm(forms.Form):
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, to_field_name="iso3", label=_("Country")
    )
    state = forms.ChoiceField(choices=ALL + State.choices, required=False, label=_("State"))
    working_line = forms.ModelChoiceField(
        WorkingLine.objects.all(), required=False, to_field_name="slug", label=_("Working line")
    )
    modality = forms.ChoiceField(
        choices=ALL + Modality.choices, required=False, label=_("Modality")
    )
    practice = forms.ModelChoiceField(
        Practice.objects.filter(state=Practice.State.PUBLISHED),
        required=False,
        to_field_name="slug",
        label=_("Practice"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MatchForm(forms.Form):
    provider = forms.ModelChoiceField(
        Country.objects.all(), label=_("Provider country"), to_field_name="iso3"
    )
    experts = forms.ModelMultipleChoiceField(
        Expert.objects.filter(declined_at__isnull=True).select_related("person"),
        label=_("Experts"),
        required=False,
    )


class PlanForm(forms.Form):
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda = forms.CharField(
        label=_("Agenda"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Report"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


def _score(label: object) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=SCORES, coerce=int, empty_value=None, required=False, label=label
    )


class SurveyForm(forms.Form):
    goals_met = _score(_("Goals met (1 to 5)"))
    knowledge_gained = _score(_("Knowledge gained (1 to 5)"))
    satisfaction = _score(_("Satisfaction (1 to 5)"))
    expected_use = forms.CharField(
        label=_("How will you use it?"), required=False, max_length=4000, widget=forms.Textarea
    )
    further_help = forms.CharField(
        label=_("Further help needed"), required=False, max_length=4000, widget=forms.Textarea
    )


class FollowUpForm(forms.Form):
    what_changed = forms.CharField(
        label=_("What changed since the exchange?"), max_length=4000, widget=forms.Textarea
    )
    further_help = forms.CharField(
        label=_("Further help needed"), required=False, max_length=4000, widget=forms.Textarea
    )


class FundApprovalForm(forms.Form):
    budget = forms.ModelChoiceField(FundBudget.objects.all(), label=_("Budget line"))
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0.01)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


EVALUATION_FORMS = {Evaluation.Kind.SURVEY: SurveyForm, Evaluation.Kind.FOLLOW_UP: FollowUpForm}


class OfferForm(forms.Form):
    country = forms.ModelChoiceField(
        Country.objects.none(), label=_("Offering country"), to_field_name="iso3"
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=8000, widget=forms.Textarea
    )
    working_line = forms.ModelChoiceField(
        WorkingLine.objects.all(), label=_("Working line"), to_field_name="slug"
    )
    modalities = forms.MultipleChoiceField(
        choices=Modality.choices,
        label=_("Modalities"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    practices = forms.ModelMultipleChoiceField(
        Practice.objects.none(), label=_("Practices"), required=False, to_field_name="slug"
    )
    software = forms.ModelMultipleChoiceField(
        SoftwareEntry.objects.filter(state=SoftwareEntry.State.PUBLISHED),
        label=_("Public software"),
        required=False,
        to_field_name="slug",
    )
    start = forms.DateField(label=_("Offered from"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, countries: QuerySet[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["practices"].queryset = Practice.objects.filter(
            country__in=countries, state=Practice.State.PUBLISHED
        )

    def service_data(self, language: str) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            f"title_{language}": data["title"],
            f"description_{language}": data["description"],
            "modalities": list(data["modalities"]),
            "start": data["start"],
        }


class OfferChangeForm(OfferForm, VersionedForm):
    """An offer's texts (in the editor's language, as when it was published), topic, modalities,
    start and links; its country stays."""

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        self.offer = offer
        super().__init__(*args, countries=Country.objects.filter(pk=offer.country_id), **kwargs)
        del self.fields["country"]

    @staticmethod
    def initial_for(offer: Offer, language: str) -> dict[str, Any]:
        return {
            "title": _text_in(offer, "title", language),
            "description": _text_in(offer, "description", language),
            "working_line": offer.working_line,
            "modalities": offer.modalities,
            "practices": list(offer.practices.all()),
            "software": list(offer.software.all()),
            "start": offer.start,
            "expected_version": offer.version,
        }


class MissionForm(forms.Form):
    expert = forms.ModelChoiceField(
        Expert.objects.filter(declined_at__isnull=True).select_related("person"),
        label=_("Expert"),
    )
    from_institution = forms.CharField(label=_("From institution"), max_length=300)
    to_institution = forms.CharField(label=_("To institution"), max_length=300)
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=8000, widget=forms.Textarea
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    travel_cost = forms.DecimalField(label=_("Travel"), min_value=0, decimal_places=2)
    per_diem = forms.DecimalField(label=_("Per diem"), min_value=0, decimal_places=2)
    fund_share = forms.DecimalField(label=_("Fund share"), min_value=0, decimal_places=2)
    co_financing = forms.DecimalField(label=_("Co-financing"), min_value=0, decimal_places=2)
    budget_line = forms.ModelChoiceField(
        FundBudget.objects.all(), label=_("Budget line"), required=False
    )


# Passed to the mission services apart from the mission's own fields.
MISSION_APART = ("expert", "budget_line", "expected_version")


def mission_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The mission's own fields of a mission form's cleaned data (the ``data`` of services)."""
    return {name: value for name, value in cleaned.items() if name not in MISSION_APART}


class MissionChangeForm(MissionForm, VersionedForm):
    """A mission's people, dates, agenda, costs and budget line; its expert may stay on it
    after leaving the roster."""

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        self.mission = mission
        super().__init__(*args, **kwargs)
        available = Q(declined_at__isnull=True) | Q(pk=mission.expert_id)
        self.fields["expert"].queryset = Expert.objects.filter(available).select_related("person")

    @staticmethod
    def initial_for(mission: Mission) -> dict[str, Any]:
        own = [name for name in MissionForm.base_fields if name not in MISSION_APART]
        initial = {name: getattr(mission, name) for name in own}
        return initial | {
            "expert": mission.expert_id,
            "budget_line": mission.budget_line_id,
            "expected_version": mission.version,
        }
