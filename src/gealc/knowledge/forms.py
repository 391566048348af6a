"""Forms of the knowledge-hub pages: they parse input; the services validate and change state.

A service's ``ValidationError`` is put back on the form (next to the field it names) by
``add_service_errors``; metric and link rows (``metrics[2].value``) go to their row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gealc.knowledge import maturity
from gealc.knowledge.models import (
    LANGUAGE_CHOICES,
    Award,
    DatasetStatus,
    Practice,
    PracticeMetric,
    SoftwareUsage,
    Tag,
)
from gealc.knowledge.services import LinkInput, MetricInput
from gealc.network.models import Country, Institution, Person

# Longest text read from a filter or search box; more is cut rather than refused.
MAX_QUERY_LENGTH = 200
# Translated text fields of a practice, in the order a case study is read.
PRACTICE_TEXT_FIELDS = (
    "title",
    "summary",
    "problem",
    "solution",
    "results",
    "replication_conditions",
)
ROW_ERROR = re.compile(r"^(?P<set>metrics|links)\[(?P<index>\d+)\]\.(?P<field>\w+)$")
MAX_PUBLICCODE_BYTES = 512 * 1024


def _any_choice(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


# Filters ----------------------------------------------------------------------------------


class PracticeFilterForm(forms.Form):
    """The practice list's filters (a GET form: the list works without JavaScript)."""

    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY_LENGTH)
    country = forms.ChoiceField(label=_("Country"), required=False)
    working_line = forms.ChoiceField(label=_("Working line"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)
    award = forms.ChoiceField(label=_("Award"), required=False)

    def __init__(self, *args: Any, options: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["country"].choices = _any_choice(_("All countries")) + [  # type: ignore[attr-defined]
            (c.iso3, c.name) for c in options["countries"]
        ]
        fields["working_line"].choices = _any_choice(_("All working lines")) + [  # type: ignore[attr-defined]
            (t.slug, t.name) for t in options["working_lines"]
        ]
        fields["year"].choices = _any_choice(_("All years")) + [  # type: ignore[attr-defined]
            (str(y), str(y)) for y in options["years"]
        ]
        fields["award"].choices = [  # type: ignore[attr-defined]
            ("", _("With or without an award")),
            ("any", _("Any award")),
            *options["award_categories"],
        ]


class SoftwareFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=MAX_QUERY_LENGTH)
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    licence = forms.ChoiceField(label=_("Licence"), required=False)
    development_status = forms.ChoiceField(label=_("Development status"), required=False)

    def __init__(self, *args: Any, options: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["category"].choices = _any_choice(_("All categories")) + [  # type: ignore[attr-defined]
            (c, c) for c in options["categories"]
        ]
        fields["country"].choices = _any_choice(_("All countries")) + [  # type: ignore[attr-defined]
            (c.iso3, c.name) for c in options["countries"]
        ]
        fields["licence"].choices = _any_choice(_("All licences")) + [  # type: ignore[attr-defined]
            (licence, licence) for licence in options["licences"]
        ]
        fields["development_status"].choices = _any_choice(  # type: ignore[attr-defined]
            _("Any status")
        ) + list(options["development_statuses"])


def filters_of(form: forms.Form) -> dict[str, Any] | None:
    """The filters a valid form asks for; ``None`` when a value is not one offered."""
    return {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else None


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the site"), required=False, max_length=MAX_QUERY_LENGTH)
    kind = forms.CharField(required=False, widget=forms.HiddenInput)

    def query(self) -> tuple[str, str]:
        """The words and kind asked for; an over-long text is cut, never refused."""
        data = self.data
        return str(data.get("q", ""))[:MAX_QUERY_LENGTH].strip(), str(data.get("kind", ""))[:20]


# Practices --------------------------------------------------------------------------------


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class PracticeForm(forms.Form):
    """A practice's case study in one language (``language``), with its shared fields.

    The text fields are read and written in the chosen language's columns, so a translation
    is the same form with another language.
    """

    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problem = forms.CharField(label=_("Problem"), required=False, widget=forms.Textarea)
    solution = forms.CharField(label=_("Solution"), required=False, widget=forms.Textarea)
    results = forms.CharField(label=_("Results"), required=False, widget=forms.Textarea)
    replication_conditions = forms.CharField(
        label=_("Conditions for replicating it"), required=False, widget=forms.Textarea
    )
    original_language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES)
    tags = forms.ModelMultipleChoiceField(
        label=_("Working lines and dimensions"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cost_amount = forms.DecimalField(
        label=_("Cost"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    cost_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("A three-letter ISO 4217 code, such as USD."),
    )
    cost_notes = forms.CharField(label=_("Cost notes"), required=False, max_length=300)
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    technologies = forms.CharField(
        label=_("Technologies"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, such as: Python, PostgreSQL."),
    )
    attachment_title = forms.CharField(
        label=_("Title of a new attachment"), required=False, max_length=200
    )
    attachment_file = forms.FileField(
        label=_("New attachment"),
        required=False,
        help_text=_("PDF, office documents, CSV, text or images, up to 10 MB."),
    )

    def __init__(
        self,
        *args: Any,
        language: str,
        countries: QuerySet[Country],
        people: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["country"].queryset = countries  # type: ignore[attr-defined]
        if countries.count() == 1:
            self.fields["country"].initial = countries.first()
        for name in PRACTICE_TEXT_FIELDS:
            field = self.fields[name]
            field.label = f"{field.label} ({_language_name(language)})"
        if people is None:  # the country is not chosen yet: these come with editing
            for name in ("institutions", "contacts"):
                del self.fields[name]
        else:
            self.fields["institutions"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
                country__in=countries
            ).order_by("name")
            self.fields["contacts"].queryset = people.order_by("family_name", "given_name")  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, practice: Practice, language: str) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(practice, f"{name}_{language}", "") or "" for name in PRACTICE_TEXT_FIELDS
        }
        for name in ("cost_amount", "cost_currency", "cost_notes", "start_date", "end_date"):
            initial[name] = getattr(practice, name)
        initial.update(
            country=practice.country,
            original_language=practice.original_language,
            technologies=", ".join(practice.technologies or []),
            tags=list(practice.tags.all()),
            institutions=list(practice.institutions.all()),
            contacts=list(practice.contacts.all()),
        )
        return initial

    def clean_cost_currency(self) -> str:
        return str(self.cleaned_data.get("cost_currency") or "").strip().upper()

    def data_for_service(self) -> dict[str, Any]:
        """The practice fields, the text ones in the columns of the form's language."""
        cleaned = self.cleaned_data
        data = {f"{name}_{self.language}": cleaned[name] for name in PRACTICE_TEXT_FIELDS}
        for name in ("cost_amount", "cost_currency", "cost_notes", "start_date", "end_date"):
            data[name] = cleaned[name]
        data["original_language"] = cleaned["original_language"]
        technologies = str(cleaned.get("technologies") or "").split(",")
        data["technologies"] = [item.strip() for item in technologies if item.strip()]
        return data

    def relations(self) -> dict[str, Any]:
        names = ("tags", "institutions", "contacts")
        return {name: self.cleaned_data[name] for name in names if name in self.fields}


class MetricForm(forms.Form):
    name = forms.CharField(label=_("Metric"), max_length=200, required=False)
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=18, decimal_places=4)
    unit = forms.CharField(label=_("Unit"), max_length=60, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if any(v not in (None, "") for v in cleaned.values()):
            if not cleaned.get("name"):
                self.add_error("name", _("Name the metric."))
            if cleaned.get("value") is None and "value" not in self.errors:
                self.add_error("value", _("Give the metric's value."))
        return cleaned

    def as_input(self) -> MetricInput | None:
        cleaned = self.cleaned_data
        if not cleaned.get("name") or self.cleaned_data.get("DELETE"):
            return None
        return MetricInput(cleaned["name"], cleaned["value"], cleaned["unit"], cleaned["year"])


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Link title"), max_length=200, required=False)
    url = forms.URLField(label=_("Address"), max_length=500, required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("url") and not cleaned.get("title"):
            self.add_error("title", _("Give the link a title."))
        if cleaned.get("title") and not cleaned.get("url") and "url" not in self.errors:
            self.add_error("url", _("Give the address."))
        return cleaned

    def as_input(self) -> LinkInput | None:
        cleaned = self.cleaned_data
        if not cleaned.get("url") or cleaned.get("DELETE"):
            return None
        return LinkInput(cleaned["title"], cleaned["url"])


MetricFormSet = forms.formset_factory(MetricForm, extra=2, can_delete=True, max_num=50)
LinkFormSet = forms.formset_factory(LinkForm, extra=2, can_delete=True, max_num=50)


def metric_initial(metrics: Iterable[PracticeMetric]) -> list[dict[str, Any]]:
    return [{"name": m.name, "value": m.value, "unit": m.unit, "year": m.year} for m in metrics]


def rows_of(formset: forms.BaseFormSet) -> list[Any]:
    return [row for form in formset.forms if (row := form.as_input()) is not None]


def add_practice_errors(
    form: PracticeForm,
    metrics: forms.BaseFormSet,
    links: forms.BaseFormSet,
    error: ValidationError,
) -> None:
    """Put a service's errors on the form, the metric and link rows they name, or the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    rows = {"metrics": [f for f in metrics.forms if f.as_input()], "links": []}
    rows["links"] = [f for f in links.forms if f.as_input()]
    texts = {f"{name}_{form.language}": name for name in PRACTICE_TEXT_FIELDS}
    for name, messages in error.message_dict.items():
        match = ROW_ERROR.match(name)
        if match and int(match["index"]) < len(rows[match["set"]]):
            row = rows[match["set"]][int(match["index"])]
            field = match["field"] if match["field"] in row.fields else None
            row.add_error(field, messages)
            continue
        field = texts.get(name, name)
        form.add_error(field if field in form.fields else None, messages)


class ReviewForm(forms.Form):
    PUBLISH = "publish"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(PUBLISH, _("Publish")), (RETURN, _("Return to the country for changes"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning: say what the country should change."),
    )


class AwardForm(forms.Form):
    """The network's award for a published practice, its title in every language of the site
    (the one of the default language required, as for an institution's name)."""

    prefix = "award"  # the practice page has other forms: keep the field ids apart

    year = forms.IntegerField(label=_("Award year"), min_value=2000, max_value=2100)
    category = forms.ChoiceField(label=_("Award category"), choices=Award.Category.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label = _("Award title")
        for code, _name in settings.LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=f"{label} ({_language_name(code)})",
                max_length=300,
                required=code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
            )

    def titles(self) -> dict[str, str]:
        """The titles given, by language code, as ``services.award_grant`` takes them."""
        given = ((code, self.cleaned_data.get(f"title_{code}")) for code, _n in settings.LANGUAGES)
        return {code: title for code, title in given if title}


# Software ---------------------------------------------------------------------------------


class PubliccodeImportForm(forms.Form):
    file = forms.FileField(
        label=_("publiccode.yml file"),
        required=False,
        help_text=_("The file from the software's repository (up to 512 KB)."),
    )
    text = forms.CharField(
        label=_("Or paste its text"),
        required=False,
        max_length=MAX_PUBLICCODE_BYTES,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_PUBLICCODE_BYTES:
                self.add_error("file", _("The file is larger than 512 KB."))
                return cleaned
            cleaned["publiccode"] = upload.read()
        elif cleaned.get("text", "").strip():
            cleaned["publiccode"] = cleaned["text"]
        else:
            raise ValidationError(_("Choose a publiccode.yml file or paste its text."))
        return cleaned


class SoftwarePublishForm(forms.Form):
    """The secretariat's confirmation before an entry goes into the public catalogue."""

    prefix = "publish"

    confirm = forms.BooleanField(
        label=_("I have checked this entry: everyone may read it in the catalogue.")
    )


class SoftwareUsageForm(forms.Form):
    """A country records (or removes) that it uses, maintains or adapted the software.

    Only the countries the user speaks for are offered, but any country is read: the view
    then refuses another country's (403) rather than calling it a mistyped choice.
    """

    prefix = "usage"  # the software page has other forms: keep the field ids apart

    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    relation = forms.ChoiceField(
        label=_("What the country does with it"), choices=SoftwareUsage.Relation.choices
    )
    since = forms.DateField(
        label=_("Since"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When the country started; left empty, a date already recorded is kept."),
    )
    remove = forms.BooleanField(
        label=_("Remove this record instead: the country no longer does this."), required=False
    )

    def __init__(self, *args: Any, countries: QuerySet[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        choices: list[tuple[Any, str]] = [(c.pk, c.name) for c in countries]
        if len(choices) == 1:
            field.initial = choices[0][0]
        else:
            choices.insert(0, ("", "---------"))
        field.choices = choices


# Open data --------------------------------------------------------------------------------


class DatasetStatusForm(forms.Form):
    published = forms.BooleanField(label=_("Published"), required=False)
    url = forms.URLField(label=_("Address"), required=False, max_length=500, assume_scheme="https")
    format = forms.CharField(
        label=_("Format"), required=False, max_length=60, help_text=_("Such as CSV, JSON or XLSX.")
    )
    licence = forms.CharField(
        label=_("Licence"), required=False, max_length=120, help_text=_("Such as CC-BY-4.0.")
    )
    update_frequency = forms.ChoiceField(
        label=_("Update frequency"), choices=DatasetStatus.Frequency.choices
    )
    machine_readable = forms.BooleanField(label=_("Machine-readable"), required=False)
    last_checked = forms.DateField(
        label=_("Last checked"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, status: DatasetStatus | None) -> dict[str, Any]:
        if status is None:
            return {"update_frequency": DatasetStatus.Frequency.UNKNOWN}
        return {name: getattr(status, name) for name in cls.base_fields}


# Maturity ---------------------------------------------------------------------------------


class MaturityForm(forms.Form):
    """One radio group per question of the questionnaire, grouped by dimension."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        for question in maturity.questions():
            self.fields[question.key] = forms.TypedChoiceField(
                label=maturity.localised(question.text, language),
                choices=[
                    (level["value"], maturity.localised(level["label"], language))
                    for level in question.levels
                ],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def dimensions(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(key, name, fields) per dimension, in the questionnaire's order."""
        by_dimension: dict[str, list[forms.BoundField]] = {key: [] for key in maturity.DIMENSIONS}
        for question in maturity.questions():
            by_dimension[question.dimension].append(self[question.key])
        return [(key, maturity.dimension_name(key), by_dimension[key]) for key in by_dimension]
