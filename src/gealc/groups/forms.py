"""Forms of the working-group pages: they parse and check the shape of the input; the services
decide what is allowed and valid."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gealc.core.forms import LocalDateTimeField, VersionedForm
from gealc.groups.models import (
    Action,
    AgendaItem,
    Commitment,
    Course,
    Meeting,
    Membership,
    ProgressUpdate,
    WorkingGroup,
    WorkingLine,
    WorkPlan,
    validate_time_zone,
)
from gealc.groups.services import ActionInput, DecisionInput
from gealc.knowledge import selectors as knowledge_selectors
from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry
from gealc.measurement.models import Indicator
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


class MinutesForms:
    """A meeting's minutes as one form: its decisions, its new actions (owned by one of
    ``owners``) and the status of each open action ``carried`` onto its agenda."""

    def __init__(
        self,
        data: Mapping[str, Any] | None,
        *,
        owners: QuerySet[Person],
        carried: Sequence[AgendaItem],
    ) -> None:
        self.decisions = DecisionFormSet(data, prefix="decisions")
        self.actions = ActionFormSet(data, prefix="actions", form_kwargs={"people": owners})
        self.carried = [
            (
                item,
                CarriedActionForm(
                    data,
                    prefix=f"carried-{item.carried_action_id}",
                    initial={"status": item.carried_action.status},
                ),
            )
            for item in carried
        ]

    def is_valid(self) -> bool:
        """Every part checked, so that each shows its own errors."""
        checked = [self.decisions.is_valid(), self.actions.is_valid()]
        checked += [form.is_valid() for _item, form in self.carried]
        return all(checked)

    def decision_inputs(self) -> list[DecisionInput]:
        return [
            DecisionInput(data["text"], data["plan"], data["adopts_plan"])
            for data in (form.cleaned_data for form in self.decisions)
            if data.get("text") or data.get("adopts_plan")
        ]

    def action_inputs(self) -> list[ActionInput]:
        return [
            ActionInput(
                form.cleaned_data["title"], form.cleaned_data["owner"], form.cleaned_data["due"]
            )
            for form in self.actions
            if not form.is_blank()
        ]

    def reviewed_actions(self) -> dict[int, str]:
        """The carried actions whose status the minutes change (only those are sent)."""
        return {
            item.carried_action_id: form.cleaned_data["status"]
            for item, form in self.carried
            if form.cleaned_data["status"] != item.carried_action.status
        }


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


# Forms of the pages that change the groups, plans, meetings and training -------------------

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT, help_text=help_text)


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class CommitmentForm(forms.Form):
    """A commitment of a year's plan; its title and description are written in the editor's
    language (the other languages are filled in by translators)."""

    group = forms.ModelChoiceField(
        WorkingGroup.objects.none(), label=_("Group"), to_field_name="slug"
    )
    lead_country = forms.ModelChoiceField(
        Country.objects.all(), label=_("Lead country"), to_field_name="iso3"
    )
    countries = forms.ModelMultipleChoiceField(
        Country.objects.all(),
        required=False,
        to_field_name="iso3",
        label=_("Participating countries"),
        widget=forms.CheckboxSelectMultiple,
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea({"rows": 3})
    )
    start = _date(_("Start"))
    end = _date(_("End"))
    indicators = forms.ModelMultipleChoiceField(
        Indicator.objects.none(),
        required=False,
        label=_("Indicators it is meant to move"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    practices = forms.ModelMultipleChoiceField(
        Practice.objects.none(), required=False, label=_("Practices it builds on")
    )
    software = forms.ModelMultipleChoiceField(
        SoftwareEntry.objects.none(), required=False, label=_("Public software it builds on")
    )
    datasets = forms.ModelMultipleChoiceField(
        OpenDataSet.objects.none(), required=False, label=_("Open-data sets it builds on")
    )
    budget = forms.DecimalField(
        label=_("Budget"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    budget_currency = forms.CharField(
        label=_("Currency"),
        required=False,
        max_length=3,
        help_text=_("Three letters (ISO 4217), for example USD."),
    )

    RELATIONS = ("countries", "indicators", "practices", "software", "datasets")

    def __init__(self, *args: Any, groups: QuerySet[WorkingGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["indicators"].queryset = Indicator.objects.select_related("framework")
        # A code recurs in each framework version: name the version too.
        self.fields["indicators"].label_from_instance = _indicator_label
        self.fields["practices"].queryset = knowledge_selectors.practices_published()
        self.fields["software"].queryset = knowledge_selectors.software_published()
        self.fields["datasets"].queryset = OpenDataSet.objects.all()

    def clean_budget_currency(self) -> str:
        currency = str(self.cleaned_data.get("budget_currency") or "").strip().upper()
        if currency and not (len(currency) == 3 and currency.isalpha()):
            raise forms.ValidationError(_("Give three letters, for example USD."))
        return currency

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("budget") is not None and not data.get("budget_currency"):
            self.add_error("budget_currency", _("Say in which currency the budget is."))
        return data

    def data_for_service(self, language: str) -> dict[str, Any]:
        cleaned = self.cleaned_data
        return {
            f"title_{language}": cleaned["title"],
            f"description_{language}": cleaned["description"],
            "start": cleaned["start"],
            "end": cleaned["end"],
            "budget": cleaned["budget"],
            "budget_currency": cleaned["budget_currency"],
        }

    def relations(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.RELATIONS}


def _indicator_label(indicator: Indicator) -> str:
    return f"{indicator.name} ({indicator.code}, {indicator.framework})"


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), required=False, max_length=300)
    due = _date(_("Due date"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("title") and not data.get("due"):
            self.add_error("due", _("Give the milestone a due date."))
        if data.get("due") and not data.get("title"):
            self.add_error("title", _("Say what the milestone is."))
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=4, max_num=20)


class MilestoneDoneForm(forms.Form):
    done_on = _date(_("Done on"))


class CloseForm(forms.Form):
    """How an open commitment ends its year: never silently lost."""

    outcome = forms.ChoiceField(
        label=_("Outcome at year end"),
        widget=forms.RadioSelect,
        choices=[
            choice for choice in Commitment.Outcome.choices if choice[0] != Commitment.Outcome.OPEN
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Required when the commitment is dropped."),
    )
    next_plan = forms.ModelChoiceField(
        WorkPlan.objects.none(),
        required=False,
        to_field_name="year",
        label=_("Plan it goes to"),
        help_text=_("For a commitment carried over or replaced."),
    )
    replacement_title = forms.CharField(
        label=_("Title of the commitment that replaces it"), required=False, max_length=300
    )

    def __init__(self, *args: Any, plans: QuerySet[WorkPlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_plan"].queryset = plans

    def replacement(self, language: str) -> dict[str, Any] | None:
        title = self.cleaned_data.get("replacement_title")
        plan = self.cleaned_data.get("next_plan")
        if not title or plan is None:
            return None
        return {
            f"title_{language}": title,
            "start": datetime.date(plan.year, 1, 1),
            "end": datetime.date(plan.year, 12, 31),
        }


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, image, spreadsheet, document or text; at most 10 MB.")
    )
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        help_text=_("Unticked, only members of the network see it."),
    )


class MembershipForm(forms.Form):
    """A person of the directory joins the group, for a country (a stakeholder guest for
    none), with a role, from a date."""

    person = forms.ModelChoiceField(Person.objects.none(), label=_("Person of the directory"))
    role = forms.ChoiceField(choices=Membership.Role.choices, label=_("Role"))
    country = forms.ModelChoiceField(
        Country.objects.all(),
        required=False,
        to_field_name="iso3",
        label=_("Country"),
        help_text=_("The country the person represents; empty for a stakeholder guest."),
    )
    start = _date(_("Start"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("family_name", "given_name")


class MembershipEndForm(forms.Form):
    end = _date(_("End"))
    reason = forms.CharField(
        label=_("Reason for ending"), max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class MeetingForm(forms.Form):
    """A meeting's details; its start and end are read in the meeting's own time zone."""

    kind = forms.ChoiceField(choices=Meeting.Kind.choices, label=_("Kind"))
    group = forms.ModelChoiceField(
        WorkingGroup.objects.none(),
        required=False,
        to_field_name="slug",
        label=_("Group"),
        help_text=_("Empty for a meeting of the whole network."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea({"rows": 3})
    )
    starts_at = LocalDateTimeField(label=_("Starts at"))
    ends_at = LocalDateTimeField(label=_("Ends at"))
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="America/Montevideo",
        help_text=_("The zone the times above are in, for example America/Montevideo."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=300)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Shown in the public calendar and feeds."),
    )
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)

    def __init__(
        self, *args: Any, groups: QuerySet[WorkingGroup] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if groups is None:  # an existing meeting keeps its group
            del self.fields["group"]
        else:
            del self.fields["cancelled"]  # a meeting is scheduled, then maybe cancelled
            self.fields["group"].queryset = groups

    def clean_time_zone(self) -> str:
        zone = str(self.cleaned_data["time_zone"]).strip()
        validate_time_zone(zone)
        return zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("time_zone")
        for name in ("starts_at", "ends_at"):
            if zone and data.get(name):  # the clock time in the meeting's zone
                naive = (
                    timezone.make_naive(data[name]) if timezone.is_aware(data[name]) else data[name]
                )
                data[name] = naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))
        return data

    def data_for_service(self) -> dict[str, Any]:
        names = [name for name in self.fields if name != "group"]
        return {name: self.cleaned_data[name] for name in names}

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        fields = ("kind", "title", "description", "time_zone", "place", "online_link")
        initial = {name: getattr(meeting, name) for name in fields}
        initial.update(
            starts_at=meeting.local_start.replace(tzinfo=None),
            ends_at=meeting.local_end.replace(tzinfo=None),
            is_public=meeting.is_public,
            cancelled=meeting.cancelled,
        )
        return initial


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), required=False, max_length=300)
    presenter = forms.CharField(label=_("Presenter"), required=False, max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=1440
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("presenter") or data.get("duration_minutes")) and not data.get("title"):
            self.add_error("title", _("Give the agenda item a title."))
        return data


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=4, max_num=40)


class AttendanceForm(forms.Form):
    """One box per registration: ticked, the person attended; unticked, they did not."""

    def __init__(self, *args: Any, registrations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[f"attended-{registration.pk}"] = forms.BooleanField(
                label=str(registration.person.full_name),
                required=False,
                initial=bool(registration.attended),
            )

    def attended(self) -> dict[int, bool]:
        return {r.pk: bool(self.cleaned_data[f"attended-{r.pk}"]) for r in self.registrations}


class CreateOrEditForm(VersionedForm):
    """A form that creates a record, or (``editing``) changes one from the version its editor
    opened. Its translated texts (``TRANSLATED``: name, label, long) come first, one field per
    language of the site, the site's default language required."""

    TRANSLATED: tuple[tuple[str, Any, bool], ...] = ()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["expected_version"]
        texts: dict[str, forms.Field] = {}
        for name, label, long in self.TRANSLATED:
            for code, language in settings.LANGUAGES:
                texts[f"{name}_{code}"] = forms.CharField(
                    label=f"{label} ({language})",
                    required=not long and code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE,
                    max_length=5000 if long else 300,
                    widget=forms.Textarea({"rows": 3}) if long else None,
                )
        self.fields = {**texts, **self.fields}

    @classmethod
    def initial_for(cls, record: Model) -> dict[str, Any]:
        """The record's values as this form shows them (choices by their key)."""
        initial: dict[str, Any] = {"expected_version": getattr(record, "version", None)}
        for name in [*cls.base_fields, *cls._translated_names()]:
            if name != "expected_version":
                value = getattr(record, name)
                initial[name] = _key(cls.base_fields.get(name), value)
        return initial

    @classmethod
    def _translated_names(cls) -> list[str]:
        return [
            f"{name}_{code}" for name, _l, _t in cls.TRANSLATED for code, _n in settings.LANGUAGES
        ]


def _key(field: forms.Field | None, value: Any) -> Any:
    """A related record as the key its choice field reads (a slug, an ISO3 code)."""
    if isinstance(field, forms.ModelChoiceField) and value is not None:
        return getattr(value, field.to_field_name or "pk")
    return value


class GroupForm(CreateOrEditForm):
    """A working group: its name and mandate in every language, its working line, who
    coordinates it, its dates and status."""

    TRANSLATED = (("name", _("Name"), False), ("mandate", _("Mandate"), True))

    working_line = forms.ModelChoiceField(
        WorkingLine.objects.all(), label=_("Working line"), to_field_name="slug"
    )
    coordinating_country = forms.ModelChoiceField(
        Country.objects.all(), label=_("Coordinating country"), to_field_name="iso3"
    )
    co_coordinating_country = forms.ModelChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Co-coordinating country"),
        to_field_name="iso3",
        help_text=_("Optional; another country than the coordinating one."),
    )
    start = _date(_("Start"))
    end = _date(_("End"), required=False, help_text=_("Empty while the group works."))
    status = forms.ChoiceField(choices=WorkingGroup.Status.choices, label=_("Status"))

    RELATIONS = ("working_line", "coordinating_country", "co_coordinating_country")

    def details(self) -> dict[str, Any]:
        """The texts, dates and status, as ``group_create``'s ``data``."""
        return {k: v for k, v in self.changes().items() if k not in self.RELATIONS}

    def relations(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.RELATIONS}


class CourseForm(CreateOrEditForm):
    """A course: its title and description in every language, who gives it, how, in which
    language, where to follow it and how long its certificates are valid."""

    TRANSLATED = (("title", _("Title"), False), ("description", _("Description"), True))

    provider = forms.CharField(label=_("Provider"), max_length=200)
    modality = forms.ChoiceField(choices=Course.Modality.choices, label=_("Modality"))
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language of the course"))
    link = forms.URLField(
        label=_("Course platform"),
        required=False,
        assume_scheme="https",
        help_text=_("The address where the course is followed, if it has one."),
    )
    working_line = forms.ModelChoiceField(
        WorkingLine.objects.all(), label=_("Working line"), to_field_name="slug"
    )
    certificate_valid_years = forms.IntegerField(
        label=_("Certificates valid for (years)"),
        required=False,
        min_value=1,
        max_value=50,
        help_text=_("Empty: certificates do not expire."),
    )

    def details(self) -> dict[str, Any]:
        """Everything but the working line, as ``course_create``'s ``data``."""
        return {k: v for k, v in self.changes().items() if k != "working_line"}


class EditionForm(CreateOrEditForm):
    start = _date(_("Start"))
    end = _date(_("End"))
    place = forms.CharField(
        label=_("Place"), required=False, max_length=300, help_text=_("Empty for online.")
    )


class EnrolForm(forms.Form):
    """Someone of the directory, or someone invited by name and e-mail."""

    person = forms.ModelChoiceField(
        Person.objects.none(), required=False, label=_("Person of the directory")
    )
    name = forms.CharField(
        label=_("Or the name of someone invited"), required=False, max_length=300
    )
    email = forms.EmailField(label=_("Their e-mail"), required=False)
    country = forms.ModelChoiceField(
        Country.objects.all(), label=_("Country"), to_field_name="iso3"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.order_by("family_name", "given_name")


class EnrolmentRecordForm(forms.Form):
    attended = forms.BooleanField(label=_("Attended"), required=False)
    completed_on = _date(_("Completed on"), required=False)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=2000)
