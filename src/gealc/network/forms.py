"""Forms of the network pages: they parse input; the services validate and change state.

Errors the services raise (``ValidationError`` naming fields) are put back on these forms by
``add_service_errors`` so that the reader sees each message next to the field it concerns.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gealc.core.forms import VersionedForm, add_service_errors
from gealc.network import selectors
from gealc.network.models import Appointment, Country, Institution, Person
from gealc.network.services import NewAppointment

# Changes of government outside these dates are certainly typing mistakes.
EARLIEST_CHANGE = datetime.date(1990, 1, 1)
LATEST_CHANGE = datetime.date(2100, 12, 31)

# Per-language columns an institution edit offers, for the names and descriptions.
TRANSLATED_INSTITUTION_FIELDS = ("name", "description")


def _language_label(label: str, code: str) -> str:
    languages = dict(settings.LANGUAGES)
    return f"{label} ({languages.get(code, code)})"


class InstitutionForm(VersionedForm):
    """An institution's public description, edited in every language of the site, from the
    version its editor opened."""

    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Institution.Kind.choices)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("The full address, such as https://www.example.gov."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default_language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        translated: dict[str, forms.Field] = {}
        for code, _name in settings.LANGUAGES:
            translated[f"name_{code}"] = forms.CharField(
                label=_language_label(str(_("Name")), code),
                max_length=300,
                required=code == default_language,
            )
        for code, _name in settings.LANGUAGES:
            translated[f"description_{code}"] = forms.CharField(
                label=_language_label(str(_("Description")), code),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        # Names first, then the short fields, then the descriptions: the order people read.
        ordered = {name: field for name, field in translated.items() if name.startswith("name_")}
        ordered |= dict(self.fields)
        ordered |= {n: f for n, f in translated.items() if n.startswith("description_")}
        self.fields = ordered

    @classmethod
    def initial_for(cls, institution: Institution) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "acronym": institution.acronym,
            "kind": institution.kind,
            "website": institution.website,
            "expected_version": institution.version,
        }
        for field in TRANSLATED_INSTITUTION_FIELDS:
            for code, _name in settings.LANGUAGES:
                initial[f"{field}_{code}"] = getattr(institution, f"{field}_{code}", "") or ""
        # The required name starts from what readers see now (a fallback from another
        # language when the default one was never filled in) rather than empty.
        default_name = f"name_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
        initial[default_name] = initial.get(default_name) or institution.name
        return initial


class TransitionForm(forms.Form):
    """A change of government: when it happens and why the current appointments end."""

    date = forms.DateField(
        label=_("Date of the change"),
        help_text=_(
            "The first day of the new appointments (YYYY-MM-DD). Current ones end the day before."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ended_reason = forms.CharField(
        label=_("Why the current appointments end"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_date(self) -> datetime.date:
        date = self.cleaned_data["date"]
        # Far-off years are typing mistakes (and the day before year 1 does not exist).
        if not EARLIEST_CHANGE <= date <= LATEST_CHANGE:
            raise ValidationError(
                _("Give a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_CHANGE.isoformat(), "latest": LATEST_CHANGE.isoformat()}
            )
        return date


class NewAppointmentForm(forms.Form):
    """One appointment of the new government: an existing person or a new one by name."""

    role = forms.ChoiceField(label=_("Role"), choices=Appointment.Role.choices)
    person = forms.ModelChoiceField(
        label=_("Existing person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— a new person —"),
    )
    given_name = forms.CharField(label=_("Given name (new person)"), max_length=150, required=False)
    family_name = forms.CharField(
        label=_("Family name (new person)"), max_length=150, required=False
    )
    email = forms.EmailField(label=_("E-mail (new person)"), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("The national authority"),
    )
    working_line = forms.CharField(
        label=_("Working line"),
        max_length=200,
        required=False,
        help_text=_("Required for focal points, e.g. measurement or open data."),
    )

    def __init__(
        self,
        *args: Any,
        people: Iterable[Person] = (),
        institutions: Iterable[Institution] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person_ids = [person.pk for person in people]
        self.fields["person"].queryset = Person.objects.filter(pk__in=person_ids)
        institution_ids = [institution.pk for institution in institutions]
        self.fields["institution"].queryset = Institution.objects.filter(pk__in=institution_ids)

    def is_filled(self) -> bool:
        """Whether the row names someone; blank rows of the form are ignored."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("person") or data.get("given_name") or data.get("family_name"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("person") and (data.get("given_name") or data.get("family_name")):
            raise ValidationError(
                _("Choose an existing person or give a new person's name, not both.")
            )
        return data

    def new_appointment(self) -> NewAppointment:
        data = self.cleaned_data
        return NewAppointment(
            role=data["role"],
            person=data.get("person"),
            given_name=data.get("given_name", ""),
            family_name=data.get("family_name", ""),
            email=data.get("email", ""),
            institution=data.get("institution"),
            working_line=data.get("working_line", ""),
        )


NewAppointmentFormSet = forms.formset_factory(NewAppointmentForm, extra=0)

# The roles a new government usually fills, one row each, in the order of the form.
TRANSITION_ROLES = (
    Appointment.Role.HEAD_OF_AUTHORITY,
    Appointment.Role.DELEGATE,
    Appointment.Role.ALTERNATE,
    Appointment.Role.FOCAL_POINT,
)


def new_appointment_formset(
    country: Country,
    people: Sequence[Person],
    data: Mapping[str, Any] | None = None,
) -> forms.BaseFormSet:
    return NewAppointmentFormSet(
        data=data,
        prefix="new",
        initial=[{"role": role} for role in TRANSITION_ROLES],
        form_kwargs={"people": people, "institutions": selectors.country_institutions(country)},
    )


def add_transition_errors(
    form: TransitionForm,
    formset: forms.BaseFormSet,
    rows: Sequence[int],
    error: ValidationError,
) -> None:
    """Put each error of ``services.government_transition`` where it belongs.

    Errors named ``new_appointments.<i>.<field>`` go on the row of the i-th appointment sent
    (``rows[i]`` is its index in the formset); the others go on the main form.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    general: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        prefix, _dot, rest = key.partition(".")
        index, _dot, field = rest.partition(".")
        if prefix != "new_appointments" or not index.isdigit() or int(index) >= len(rows):
            general[key] = messages
            continue
        row = formset.forms[rows[int(index)]]
        row.add_error(field if field in row.fields else None, messages)
    if general:
        add_service_errors(form, ValidationError(general))
