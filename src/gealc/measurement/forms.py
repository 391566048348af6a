"""Forms of the measurement pages: they parse input; the services validate and change state.

The entry form of a submission is one small form per variable (prefixed with the variable's
code, so every input has a unique, stable name and id) plus the versions the page was read at:
the submission's lock version and each value's version. Each row also sends back, hidden, what
it showed, so a row counts as changed only if its author changed it, and a save conflicts only
on the values someone else changed since (see ``services``). Errors the services raise are put
back on the row of the variable they name.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from gealc.measurement.models import (
    EVIDENCE_EXTENSIONS,
    FrameworkVersion,
    Submission,
    Value,
    Variable,
    format_decimal,
)
from gealc.network.models import Country

# The fields of a value a row of the entry form edits (the file is handled on its own).
VALUE_FIELDS = ("value", "status", "evidence_url", "comment")
MAX_REASON = 5000
MAX_COMMENT = 5000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class RoundCreateForm(forms.Form):
    framework_version = forms.ModelChoiceField(
        label=_("Framework version"),
        queryset=FrameworkVersion.objects.order_by("code", "-created_at"),
        help_text=_("Once a round uses it, the version cannot change any more."),
    )
    reference_year = forms.IntegerField(
        label=_("Reference year"),
        min_value=1990,
        max_value=2100,
        help_text=_("The year the figures describe, such as 2025."),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DateInput(),
        help_text=_("The deadline for submissions; reminders are sent before and after it."),
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Participating countries"),
        queryset=Country.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The round cannot close before it opens."))
        return data

    @classmethod
    def initial_for_today(cls, today: datetime.date) -> dict[str, Any]:
        members = Country.objects.filter(membership=Country.Membership.MEMBER)
        return {
            "reference_year": today.year,
            "opens_on": today,
            "closes_on": today + datetime.timedelta(days=90),
            "countries": list(members.values_list("pk", flat=True)),
            "framework_version": FrameworkVersion.objects.order_by("-created_at").first(),
        }


class ReasonForm(forms.Form):
    """Why a round is closed or reopened, or why a submission is returned."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone involved sees it in the history."),
    )


class ReviewerAssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())

    def __init__(self, *args: Any, reviewers: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        field.queryset = User.objects.filter(pk__in=[user.pk for user in reviewers])
        field.label_from_instance = lambda user: user.get_full_name() or user.username


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in template (XLSX or CSV)"),
        help_text=_(
            "Nothing is saved until you confirm: first you see every problem and every change."
        ),
    )


def _spaces_out(text: str) -> str:
    return "".join(text.split()).replace("\u202f", "")


def delocalize_number(text: str) -> str:
    """A number as the reader writes it (“1.234,5” or “1 234,5” in Spanish, “1 234,5” in
    French, “1,234.5” in English) → “1234.5”. Spaces always group; the mark that is not the
    decimal one groups only between groups of three digits, so “75.5” typed on a Spanish page
    is still 75.5. Anything else is left for the field to refuse.
    """
    number = _spaces_out(text)
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    grouping = "." if decimal == "," else ","
    if re.fullmatch(
        rf"[-+]?\d{{1,3}}({re.escape(grouping)}\d{{3}})+({re.escape(decimal)}\d*)?", number
    ):
        number = number.replace(grouping, "")
    return number.replace(decimal, ".")


class LocalizedDecimalField(forms.DecimalField):
    """A number shown with the reader's grouping and decimal marks (250.000.000 in Spanish)
    and read back from them, whatever the site's USE_THOUSAND_SEPARATOR."""

    widget = forms.TextInput

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return value

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = delocalize_number(value)
        return super().to_python(value)


YES_NO = (("1", _("Yes")), ("0", _("No")))


def _yes_no(value: str) -> Decimal:
    """The answer as a number; a text that is none (a tampered hidden initial) is a
    ``ValueError``, which the field reports as an invalid choice."""
    try:
        return Decimal(value)
    except ArithmeticError:
        raise ValueError(value) from None


class YesNoField(forms.TypedChoiceField):
    """Yes (1) or no (0) as radio buttons; a posted "1.000000" or "0.0" (a script, a page
    that wrote the stored number) is the same answer."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        try:
            number = Decimal(text)
        except ArithmeticError:
            return text
        return str(int(number)) if number in (0, 1) else text


def _accepted_types() -> str:
    # Lazy: written when the form is shown, in the reader's language, not at import.
    return str(_("Accepted types: %(types)s.")) % {"types": ", ".join(EVIDENCE_EXTENSIONS)}


class ValueRowForm(forms.Form):
    """One variable of a submission: the value, its status, the evidence and a comment.

    A yes/no variable is a pair of radio buttons (stored as 1 or 0); a number is written with
    the reader's grouping and decimal marks, its unit beside the field."""

    value = LocalizedDecimalField(label=_("Value"), required=False, max_digits=24, decimal_places=6)
    # Not required: a row sent without a status (an old page, a script) means "reported".
    status = forms.ChoiceField(label=_("Status"), choices=Value.Status.choices, required=False)
    evidence_url = forms.URLField(
        label=_("Evidence link"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=lazy(_accepted_types, str)(),
    )
    comment = forms.CharField(
        label=_("Note on the value"),
        help_text=_("Optional: how the figure was obtained, or anything reviewers should know."),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, variable: Variable, remembers_initial: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.variable = variable
        # The page keeps what it showed (hidden "initial-" inputs), and changes are measured
        # against that rather than against what is stored now, which someone else may have
        # changed meanwhile. A post without them (a page older than this) compares with storage.
        if variable.value_type == Variable.ValueType.BOOLEAN:
            self.fields["value"] = YesNoField(
                label=_("Answer"),
                choices=YES_NO,
                coerce=_yes_no,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        else:
            self.fields["value"].widget.attrs["inputmode"] = "decimal"
        for name in VALUE_FIELDS:
            self.fields[name].show_hidden_initial = remembers_initial
        if variable.unit:
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": variable.unit}
        for name, field in self.fields.items():
            described = [f"variable-{variable.code}-name"]
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_helptext")
            field.widget.attrs["aria-describedby"] = " ".join(described)

    @property
    def is_yes_no(self) -> bool:
        return isinstance(self.fields["value"].widget, forms.RadioSelect)

    def anchor(self, name: str) -> str:
        """The id of the control an error summary links to (a radio group's first button)."""
        bound = self[name]
        return bound.id_for_label or f"{bound.auto_id}_0"

    def describe_errors(self) -> None:
        """Each control with an error is described by it (``<id>_error``, where the template
        writes the message), and every control of a row with a row-wide error by that one."""
        row_wide = f"variable-{self.variable.code}-errors" if self.non_field_errors() else ""
        for name, field in self.fields.items():
            own = f"{self[name].auto_id}_error" if self.errors.get(name) else ""
            described = field.widget.attrs.get("aria-describedby", "").split()
            extra = [item for item in (own, row_wide) if item and item not in described]
            field.widget.attrs["aria-describedby"] = " ".join([*described, *extra])

    def was_sent(self) -> bool:
        """Whether the request carried this row at all (a partial post leaves others alone)."""
        names = [self.add_prefix(name) for name in self.fields]
        return any(name in self.data or name in self.files for name in names)

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or Value.Status.REPORTED

    @staticmethod
    def initial_for(value: Value | None) -> dict[str, Any]:
        if value is None:
            return {"status": Value.Status.REPORTED}
        number = value.value
        return {
            "value": None if number is None else Decimal(format_decimal(number)),
            "status": value.status,
            "evidence_url": value.evidence_url,
            "comment": value.comment,
        }

    def as_service_row(self) -> dict[str, Any]:
        data = self.cleaned_data
        row: dict[str, Any] = {"variable_code": self.variable.code}
        row |= {name: data.get(name) for name in VALUE_FIELDS}
        row["evidence_url"] = row["evidence_url"] or ""
        row["comment"] = row["comment"] or ""
        if data.get("evidence_file"):
            row["evidence_file"] = data["evidence_file"]
        return row

    def unbound(self) -> ValueRowForm:
        """This row as the page first showed it (for a section that was not sent)."""
        return ValueRowForm(
            variable=self.variable,
            remembers_initial=self.fields["status"].show_hidden_initial,
            initial=self.initial,
            prefix=self.prefix,
        )


class LockForm(forms.Form):
    """The versions the page was read at: the submission's lock version, and per variable the
    version of its value (empty where there was none yet). A post that lacks a variable's
    version (a page older than per-value locking) leaves it out: that row then conflicts with
    any change to the submission, as before."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, codes: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in codes:
            name = self.version_name(code)
            if not self.is_bound or self.add_prefix(name) in self.data:
                self.fields[name] = forms.IntegerField(
                    widget=forms.HiddenInput, required=False, min_value=1
                )

    @staticmethod
    def version_name(code: str) -> str:
        return f"version_{code}"

    def gives_version_of(self, code: str) -> bool:
        return self.version_name(code) in self.fields

    def value_version(self, code: str) -> int | None:
        """The version of the value the author saw; ``None`` if there was none."""
        version: int | None = self.cleaned_data.get(self.version_name(code))
        return version

    @staticmethod
    def initial_for(submission: Submission, values: Mapping[str, Value]) -> dict[str, Any]:
        versions = {LockForm.version_name(code): value.version for code, value in values.items()}
        return {"expected_version": submission.lock_version, **versions}


class EntryForm:
    """The whole entry form: the versions read (:class:`LockForm`) and one
    :class:`ValueRowForm` per variable."""

    def __init__(
        self,
        submission: Submission,
        variables: Sequence[Variable],
        values: Mapping[str, Value],
        data: Any = None,
        files: Any = None,
    ) -> None:
        self.submission = submission
        bound = data is not None
        self.codes = [variable.code for variable in variables]
        self.lock = LockForm(
            data,
            codes=self.codes,
            initial=LockForm.initial_for(submission, values),
            prefix="lock",
        )
        self.rows: dict[str, ValueRowForm] = {
            variable.code: ValueRowForm(
                data if bound else None,
                files if bound else None,
                variable=variable,
                remembers_initial=self.lock.gives_version_of(variable.code),
                initial=ValueRowForm.initial_for(values.get(variable.code)),
                prefix=f"v-{variable.code}",
            )
            for variable in variables
        }
        # A section saved on its own sends only its rows: the others show what they showed.
        self.rows = {
            code: row if not bound or row.was_sent() else row.unbound()
            for code, row in self.rows.items()
        }
        self.non_field_errors: list[str] = []

    def is_valid(self) -> bool:
        # Every row is checked (no short-circuit), so that every error is shown at once.
        results = [row.is_valid() for row in self.rows.values() if row.is_bound]
        self._describe_row_errors()
        if not self.lock.is_valid():
            stale = _("This page is out of date or incomplete: reload it and try again.")
            self.non_field_errors.append(str(stale))
            return False
        return all(results)

    @property
    def expected_version(self) -> int:
        return int(self.lock.cleaned_data["expected_version"])

    def changed_rows(self) -> list[dict[str, Any]]:
        """The service rows of the variables whose inputs differ from what the page showed,
        each with the version of the value it showed when the page sent it."""
        rows = []
        for code, row in self.rows.items():
            if not (row.is_bound and row.was_sent() and row.has_changed()):
                continue
            service_row = row.as_service_row()
            if self.lock.gives_version_of(code):
                service_row["expected_version"] = self.lock.value_version(code)
            rows.append(service_row)
        return rows

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the errors of ``values_save_many`` (keyed ``<code>.<field>``) on their rows."""
        if not hasattr(error, "error_dict"):
            self.non_field_errors.extend(error.messages)
            return
        for key, messages in error.message_dict.items():
            code, _dot, name = key.partition(".")
            row = self.rows.get(code)
            if row is None:
                self.non_field_errors.extend(messages)
            else:
                row.add_error(name if name in row.fields else None, messages)
        self._describe_row_errors()

    def _describe_row_errors(self) -> None:
        for row in self.rows.values():
            if row.is_bound:
                row.describe_errors()

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor id, variable name, message) for every error, to list at the top."""
        summary: list[tuple[str, str, str]] = []
        for row in self.rows.values():
            if not row.is_bound:
                continue
            for field_name, errors in row.errors.items():
                anchor = (
                    row.anchor(field_name)
                    if field_name in row.fields
                    else f"variable-{row.variable.code}"
                )
                summary.extend((anchor, row.variable.name, str(error)) for error in errors)
        return summary

    def rebase(self, lock_version: int, value_versions: Mapping[str, int | None]) -> None:
        """Keep the user's input but base it on ``lock_version`` and on the stored versions of
        the values in conflict: saving again then replaces those values knowingly."""
        data = self.lock.data.copy()
        data[self.lock.add_prefix("expected_version")] = str(lock_version)
        for code, version in value_versions.items():
            if self.lock.gives_version_of(code):
                name = self.lock.add_prefix(LockForm.version_name(code))
                data[name] = "" if version is None else str(version)
        self.lock = LockForm(data, codes=self.codes, prefix="lock")
        self.lock.is_valid()


class SubmitForm(forms.Form):
    """Submitting: one justification per warning of the validation report."""

    def __init__(self, *args: Any, warnings: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warning_codes: list[str] = []
        for warning in warnings:
            code = str(warning.rule)
            if code in self.warning_codes:
                continue
            self.warning_codes.append(code)
            self.fields[f"justification_{code}"] = forms.CharField(
                label=_("Justification for: %(message)s") % {"message": warning.message},
                max_length=MAX_REASON,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Explain why the figure is right although it looks unusual."),
            )

    def add_service_errors(self, error: ValidationError) -> None:
        """``justifications.<rule>`` errors go on their textarea, the others on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            _prefix, _dot, code = key.partition(".")
            name = f"justification_{code}"
            self.add_error(name if name in self.fields else None, messages)

    def justifications(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"justification_{code}"] for code in self.warning_codes}
