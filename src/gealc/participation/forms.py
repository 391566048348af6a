"""Forms of participation: the stakeholder's sign-up (allauth's, with the profile's fields),
the profile step for an account that exists, an answer to each kind of question, a reply, a
report, and the secretariat's moderation, verification and summary."""

from __future__ import annotations

import zoneinfo
from typing import Any

from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gealc.core.forms import LocalDateTimeField
from gealc.groups import selectors as groups_selectors
from gealc.groups.models import validate_time_zone
from gealc.knowledge import selectors as knowledge_selectors
from gealc.measurement import selectors as measurement_selectors
from gealc.network.models import Country
from gealc.participation import selectors, services
from gealc.participation.models import (
    LANGUAGE_CHOICES,
    Consultation,
    Question,
    Report,
    Sector,
    Stakeholder,
    StakeholderOrganisation,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
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


# The secretariat's consultation: its texts in every language of the site ------------------


def option_labels(text: str) -> list[dict[str, str]]:
    """One option per line; a line may give its translations as ``es | pt | en | fr`` (a
    line without ``|`` is the same in every language)."""
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        labels = parts if len(parts) == len(LANGUAGES) else [line.strip()] * len(LANGUAGES)
        options.append(
            {f"label_{code}": label for code, label in zip(LANGUAGES, labels, strict=True)}
        )
    return options


def _options_text(question: Question) -> str:
    return "\n".join(
        " | ".join(getattr(option, f"label_{code}") or "" for code in LANGUAGES)
        for option in question.options.all()
    )


def _per_language(form: forms.Form, name: str, label: Any, **options: Any) -> None:
    """A field ``name_<code>`` for each language of the site, labelled with the language."""
    for code, language in settings.LANGUAGES:
        field_label = _("%(field)s (%(language)s)") % {"field": label, "language": language}
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=field_label, required=False, **options
        )


def _texts(data: dict[str, Any], *names: str) -> dict[str, str]:
    return {f"{n}_{c}": (data.get(f"{n}_{c}") or "").strip() for n in names for c in LANGUAGES}


class ConsultationForm(forms.Form):
    """A consultation: its subject (when it is created), texts, dates in its own time zone,
    and the languages contributions are welcome in."""

    subject = forms.ChoiceField(label=_("What it is on"), choices=Consultation.Subject.choices)
    framework = forms.ModelChoiceField(
        label=_("Framework version (a draft)"), queryset=None, required=False
    )
    work_plan = forms.ModelChoiceField(label=_("Work plan"), queryset=None, required=False)
    commitment = forms.ModelChoiceField(label=_("Commitment"), queryset=None, required=False)
    practice = forms.ModelChoiceField(label=_("Practice"), queryset=None, required=False)
    opens_at = LocalDateTimeField(label=_("Opens at"))
    closes_at = LocalDateTimeField(label=_("Closes at"))
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_time_zone],
        initial="America/Montevideo",
        help_text=_("The zone the dates above are in, for example America/Montevideo."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Contributions welcome in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        links = ("subject", "framework", "work_plan", "commitment", "practice")
        if not creating:  # a consultation stays on what it was created on
            for name in links:
                del self.fields[name]
        else:
            drafts = measurement_selectors.framework_version_list(status="draft")
            self.fields["framework"].queryset = drafts
            self.fields["work_plan"].queryset = groups_selectors.plans_visible(user)
            self.fields["commitment"].queryset = groups_selectors.commitments(user)
            self.fields["practice"].queryset = knowledge_selectors.practices_visible_to(user)
        _per_language(self, "title", _("Title"), max_length=300)
        _per_language(self, "description", _("Description"), widget=forms.Textarea({"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("time_zone"):  # the dates are the clock times in the consultation's zone
            zone = zoneinfo.ZoneInfo(data["time_zone"])
            for name in ("opens_at", "closes_at"):
                if data.get(name):
                    data[name] = timezone.localtime(data[name]).replace(tzinfo=zone)
        if not any(_texts(data, "title").values()):
            self.add_error(f"title_{LANGUAGES[0]}", _("Give the title in at least one language."))
        return data

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("opens_at", "closes_at", "time_zone")}
        return {
            **fields,
            "languages": list(data["languages"]),
            **_texts(data, "title", "description"),
        }

    def subject_object(self) -> Any:
        subject = self.cleaned_data["subject"]
        return self.cleaned_data.get(subject) if subject in self.fields else None

    @staticmethod
    def initial_for(consultation: Consultation) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "opens_at": consultation.local_opens.replace(tzinfo=None),
            "closes_at": consultation.local_closes.replace(tzinfo=None),
            "time_zone": consultation.time_zone,
            "languages": consultation.languages,
        }
        for name in ("title", "description"):
            initial.update({f"{name}_{c}": getattr(consultation, f"{name}_{c}") for c in LANGUAGES})
        return initial


CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.RANKING)


class QuestionRowForm(forms.Form):
    """One question of the consultation: a new one, or one it has (``question``)."""

    question = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *Question.Kind.choices], required=False
    )
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("For a choice or a ranking: one option per line, as es | pt | en | fr."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "text", _("Question"), max_length=500)
        _per_language(self, "help_text", _("Explanation"), widget=forms.Textarea({"rows": 2}))

    def is_filled(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("question") or data.get("kind") or any(_texts(data, "text").values()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or not self.is_filled():
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Choose the kind of question."))
        kind, options = data.get("kind"), option_labels(data.get("options") or "")
        if kind in CHOICE_KINDS and len(options) < 2:
            self.add_error("options", _("Give at least two options, one per line."))
        if kind and kind not in CHOICE_KINDS and options:
            self.add_error("options", _("Only a choice or a ranking has options."))
        if not any(_texts(data, "text").values()):
            self.add_error(
                f"text_{LANGUAGES[0]}", _("Write the question in at least one language.")
            )
        return data

    def as_input(self) -> services.QuestionInput | None:
        data = self.cleaned_data
        if data.get("DELETE") or not self.is_filled():
            return None
        return services.QuestionInput(
            kind=data["kind"],
            text=_texts(data, "text", "help_text"),
            options=option_labels(data.get("options") or ""),
            pk=data.get("question"),
        )

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        initial: dict[str, Any] = {"question": question.pk, "kind": question.kind}
        for name in ("text", "help_text"):
            initial.update({f"{name}_{c}": getattr(question, f"{name}_{c}") for c in LANGUAGES})
        initial["options"] = _options_text(question)
        return initial


QuestionFormSet = forms.formset_factory(QuestionRowForm, extra=2, can_delete=True, max_num=200)


def question_formset(consultation: Consultation | None, data: Any = None) -> forms.BaseFormSet:
    questions = consultation.questions.prefetch_related("options") if consultation else []
    initial = [QuestionRowForm.initial_for(question) for question in questions]
    return QuestionFormSet(data, prefix="questions", initial=initial or None)


def question_inputs(formset: forms.BaseFormSet) -> list[services.QuestionInput]:
    return [row for form in formset.forms if (row := form.as_input()) is not None]
