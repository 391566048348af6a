"""Forms of participation: the stakeholder's sign-up (allauth's, with the profile's fields),
the profile step for an account that exists, an answer to each kind of question, a reply, a
report, and the secretariat's moderation, verification and summary."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gealc.network.models import Country
from gealc.participation import selectors, services
from gealc.participation.models import (
    LANGUAGE_CHOICES,
    Question,
    Report,
    Sector,
    Stakeholder,
    StakeholderOrganisation,
)

SECTOR_CHOICES = [(value, label) for value, label in Sector.choices if value != Sector.NETWORK]
TEXT_LIMIT = 10000


class ProfileFields(forms.Form):
    """The stakeholder's profile: who they are, their organisation, sector, country and
    languages."""

    display_name = forms.CharField(
        label=_("Your name, as shown with your contributions"), max_length=150
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"),
        queryset=StakeholderOrganisation.objects.none(),
        required=False,
        help_text=_("Choose it if it is listed; otherwise name it below."),
    )
    new_organisation = forms.CharField(
        label=_("Or the name of a new organisation"), max_length=300, required=False
    )
    organisation_website = forms.URLField(
        label=_("Its website"), required=False, assume_scheme="https"
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you read"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_choosable()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen, named = data.get("organisation"), (data.get("new_organisation") or "").strip()
        if bool(chosen) == bool(named):
            self.add_error(
                "organisation",
                _("Choose your organisation, or name a new one (one of the two)."),
            )
        elif named and data.get("country"):
            taken = StakeholderOrganisation.objects.filter(
                name__iexact=named, country=data["country"]
            )
            if taken.exists():
                self.add_error(
                    "new_organisation",
                    _("This organisation is already registered in this country: choose it."),
                )
        return data

    def register(self, user: Any) -> Stakeholder:
        data = self.cleaned_data
        named = (data.get("new_organisation") or "").strip()
        new = services.NewOrganisation(named, data.get("organisation_website") or "")
        return services.stakeholder_register(
            actor=user,
            display_name=data["display_name"],
            sector=data["sector"],
            country=data["country"],
            languages=data.get("languages") or [],
            organisation=data.get("organisation"),
            new_organisation=new if named else None,
        )


class StakeholderSignupForm(ProfileFields, SignupForm):
    """allauth's sign-up (e-mail, username, password; e-mail verification follows) with the
    stakeholder's profile, registered in the same request."""

    field_order = [
        "email",
        "username",
        "password1",
        "password2",
        "display_name",
        "sector",
        "country",
        "organisation",
        "new_organisation",
        "organisation_website",
        "languages",
    ]

    def custom_signup(self, request: HttpRequest, user: Any) -> None:
        self.register(user)


class ProfileForm(ProfileFields):
    """The profile step for someone who already has an account."""


def language_initial() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(LANGUAGE_CHOICES) else settings.LANGUAGE_CODE[:2]


class AnswerForm(forms.Form):
    """An answer to one question; the fields depend on its kind."""

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"q{question.pk}")
        super().__init__(*args, **kwargs)
        self.question = question
        options = [(option.pk, option.label) for option in question.options.all()]
        kind = question.kind
        if kind == Question.Kind.SINGLE:
            self.fields["choice"] = forms.TypedChoiceField(
                label=question.text, choices=options, coerce=int, widget=forms.RadioSelect
            )
        elif kind == Question.Kind.MULTIPLE:
            self.fields["choices"] = forms.TypedMultipleChoiceField(
                label=question.text,
                choices=options,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
            )
        elif kind == Question.Kind.SCALE:
            points = [(point, str(point)) for point in selectors.SCALE_POINTS]
            self.fields["scale"] = forms.TypedChoiceField(
                label=question.text,
                choices=points,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=_("1 is the lowest, 5 the highest."),
            )
        elif kind == Question.Kind.RANKING:
            positions = [(n, str(n)) for n in range(1, len(options) + 1)]
            for pk, label in options:
                self.fields[f"rank_{pk}"] = forms.TypedChoiceField(
                    label=_("Position of “%(option)s”") % {"option": label},
                    choices=positions,
                    coerce=int,
                )
        text_label = _("Your answer") if kind == Question.Kind.TEXT else _("Comment (optional)")
        self.fields["text"] = forms.CharField(
            label=text_label,
            widget=forms.Textarea(attrs={"rows": 4}),
            required=kind == Question.Kind.TEXT,
            max_length=TEXT_LIMIT,
            help_text=_("Links and simple formatting are kept; any other markup is removed."),
        )
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of your answer"), choices=LANGUAGE_CHOICES, initial=language_initial()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.question.kind == Question.Kind.RANKING:
            ranks = {name: data.get(name) for name in self.fields if name.startswith("rank_")}
            if None not in ranks.values() and len(set(ranks.values())) != len(ranks):
                raise forms.ValidationError(_("Give each option a different position."))
        return data

    def answer(self) -> dict[str, Any]:
        """The service's arguments from the cleaned data."""
        data = self.cleaned_data
        if "choice" in data:
            choices = [data["choice"]]
        elif "choices" in data:
            choices = list(data["choices"])
        else:
            ranks = {int(name[5:]): data[name] for name in data if name.startswith("rank_")}
            choices = sorted(ranks, key=lambda pk: ranks[pk])
        return {
            "language": data["language"],
            "text": data.get("text") or "",
            "choices": choices,
            "scale": data.get("scale"),
        }

    @classmethod
    def initial_for(cls, question: Question, answer: Any) -> dict[str, Any]:
        if answer is None:
            return {}
        initial: dict[str, Any] = {"text": answer.text, "language": answer.language}
        if question.kind == Question.Kind.SINGLE and answer.choices:
            initial["choice"] = answer.choices[0]
        elif question.kind == Question.Kind.MULTIPLE:
            initial["choices"] = answer.choices
        elif question.kind == Question.Kind.SCALE:
            initial["scale"] = answer.scale
        elif question.kind == Question.Kind.RANKING:
            for position, pk in enumerate(answer.choices, start=1):
                initial[f"rank_{pk}"] = position
        return initial


class ReplyForm(forms.Form):
    prefix = "reply"  # a contribution's page holds three forms: their fields' ids differ
    text = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )
    language = forms.ChoiceField(label=_("Language of your reply"), choices=LANGUAGE_CHOICES)


class ReportForm(forms.Form):
    prefix = "report"
    reason = forms.ChoiceField(label=_("Why report it?"), choices=Report.Reason.choices)
    note = forms.CharField(label=_("Details (optional)"), max_length=500, required=False)


class ReasonForm(forms.Form):
    prefix = "moderation"
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class SummaryForm(forms.Form):
    """The secretariat's synthesis and the network's response, in each language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[f"synthesis_{code}"] = forms.CharField(
                label=_("Synthesis (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
            )
        for code, name in settings.LANGUAGES:
            self.fields[f"response_{code}"] = forms.CharField(
                label=_("The network's response (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 6}),
                required=False,
            )
