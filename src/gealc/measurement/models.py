"""Measurement: indicator frameworks, yearly rounds, submissions, values and their review.

A :class:`FrameworkVersion` holds dimensions, indicators, the raw variables countries report
and validation rules. A :class:`Round` uses one version (which is then frozen) and has one
:class:`Submission` per participating country; a submission holds one :class:`Value` per
variable and goes ``draft → submitted → returned ↔ submitted → validated → published``, each
step recorded as a :class:`Transition`.

Translated fields are registered in ``translation.py``; change history is registered in
``apps.py`` after translation (so the historical tables keep every language column). Nothing
here is ever deleted: foreign keys protect, ``delete()`` refuses, services end or change state.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gealc.core.files import UploadValidator
from gealc.network.models import Country

CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,62}$",
    _("Use lower-case letters, digits and underscores, starting with a letter."),
)
FRAMEWORK_CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9_.-]{0,39}$",
    _("Use letters, digits, dots, dashes and underscores, starting with a letter."),
)
VERSION_VALIDATOR = RegexValidator(
    r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,19}$",
    _("Use letters, digits, dots, dashes and underscores, such as 2025.1."),
)
EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "csv", "xlsx", "ods", "odt", "docx", "txt")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class FrozenError(ValidationError):
    """A change to a framework version that a round already uses."""


class NeverDeleted(models.Model):
    """Rows of the measurement record are changed or ended, never deleted."""

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(
            _("%(model)s records are kept for the history and cannot be deleted.")
            % {"model": self._meta.verbose_name}
        )


# Frameworks -------------------------------------------------------------------------------


class FrameworkVersion(NeverDeleted):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FROZEN = "frozen", _("Frozen (used by a round)")

    code = models.CharField(_("code"), max_length=40, validators=[FRAMEWORK_CODE_VALIDATOR])
    version = models.CharField(_("version"), max_length=20, validators=[VERSION_VALIDATOR])
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    changelog = models.TextField(_("changelog"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    index_spec = models.JSONField(
        _("index method"),
        default=dict,
        blank=True,
        help_text=_("The gealc.index spec the composite index is computed with."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["code", "-created_at", "-version"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="measurement_framework_code_version_unique",
                violation_error_message=_("This framework already has a version with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = FrameworkVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == self.Status.FROZEN:
                raise FrozenError(
                    _("%(version)s is used by a round and cannot change; create a new version.")
                    % {"version": self}
                )
        super().save(*args, **kwargs)

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FROZEN


class FrameworkPart(NeverDeleted):
    """A piece of a framework version; refuses to change once the version is frozen."""

    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("framework version"),
    )
    code = models.CharField(_("code"), max_length=63, validators=[CODE_VALIDATOR])

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        status = FrameworkVersion.objects.filter(pk=self.framework_id).values_list(
            "status", flat=True
        )
        if status.first() == FrameworkVersion.Status.FROZEN:
            raise FrozenError(
                _("%(version)s is used by a round and cannot change; create a new version.")
                % {"version": self.framework}
            )
        super().save(*args, **kwargs)


def _unique_code(model: str) -> list[models.BaseConstraint]:
    return [
        models.UniqueConstraint(
            fields=["framework", "code"],
            name=f"measurement_{model}_code_unique",
            violation_error_message=_("This code is already used in this framework version."),
        )
    ]


class Dimension(FrameworkPart):
    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="dimensions",
        verbose_name=_("framework version"),
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = _unique_code("dimension")


class Variable(FrameworkPart):
    """A raw figure a country reports; indicators are computed from variables."""

    class ValueType(models.TextChoices):
        NUMBER = "number", _("Number")
        INTEGER = "integer", _("Whole number")
        PERCENTAGE = "percentage", _("Percentage (0 to 100)")
        BOOLEAN = "boolean", _("Yes (1) or no (0)")

    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="variables",
        verbose_name=_("framework version"),
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    guidance = models.TextField(_("guidance for the focal point"), blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    value_type = models.CharField(
        _("type"), max_length=12, choices=ValueType.choices, default=ValueType.NUMBER
    )
    min_value = models.FloatField(_("minimum"), null=True, blank=True)
    max_value = models.FloatField(_("maximum"), null=True, blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("variable")
        verbose_name_plural = _("variables")
        constraints = _unique_code("variable")

    def clean(self) -> None:
        super().clean()
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError({"max_value": _("The maximum must not be below the minimum.")})


class Indicator(FrameworkPart):
    """A variable or a formula over variables, normalised and aggregated by the index."""

    class Direction(models.IntegerChoices):
        POSITIVE = 1, _("Higher is better")
        NEGATIVE = -1, _("Lower is better")

    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("framework version"),
    )
    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("dimension")
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    guidance = models.TextField(_("source guidance"), blank=True)
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    direction = models.SmallIntegerField(
        _("direction"), choices=Direction.choices, default=Direction.POSITIVE
    )
    formula = models.CharField(
        _("formula"),
        max_length=1000,
        help_text=_("An expression over variable codes, such as 100 * a / b; or one code."),
    )
    plausible_min = models.FloatField(_("plausible minimum"), null=True, blank=True)
    plausible_max = models.FloatField(_("plausible maximum"), null=True, blank=True)
    # The indicator's scale: natural or agreed goalposts (0-100 for a percentage, 0-1 for a
    # yes/no) put every round on the same scale, so a value every country shares is still
    # scored; without them the framework's data-driven normalisation applies.
    goalpost_low = models.FloatField(
        _("low goalpost"),
        null=True,
        blank=True,
        help_text=_("The lower end of the indicator's scale, in its unit (natural or agreed)."),
    )
    goalpost_high = models.FloatField(
        _("high goalpost"),
        null=True,
        blank=True,
        help_text=_("The upper end of the indicator's scale, in its unit (natural or agreed)."),
    )
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = _unique_code("indicator")

    def clean(self) -> None:
        super().clean()
        if (
            self.dimension_id
            and self.framework_id
            and (self.dimension.framework_id != self.framework_id)
        ):
            raise ValidationError({"dimension": _("The dimension must be in the same version.")})
        if (self.goalpost_low is None) != (self.goalpost_high is None):
            raise ValidationError(
                {"goalpost_high": _("Give both goalposts (low and high) or neither.")}
            )
        if self.goalposts is not None and not self.goalposts[0] < self.goalposts[1]:
            raise ValidationError(
                {"goalpost_high": _("The high goalpost must be above the low goalpost.")}
            )

    @property
    def goalposts(self) -> tuple[float, float] | None:
        """``(low, high)`` when the indicator has a declared scale, else ``None``."""
        if self.goalpost_low is None or self.goalpost_high is None:
            return None
        return (self.goalpost_low, self.goalpost_high)


class ValidationRule(FrameworkPart):
    class Kind(models.TextChoices):
        RANGE = "range", _("Range of one variable")
        CROSS = "cross", _("Comparison between variables")
        YEAR_ON_YEAR = "yoy", _("Change since the previous round")

    class Operator(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        GE = ">=", "≥"
        GT = ">", ">"
        EQ = "==", "="
        NE = "!=", "≠"

    class Severity(models.TextChoices):
        ERROR = "error", _("Error (blocks submission)")
        WARNING = "warning", _("Warning (needs a justification)")

    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("framework version"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    left = models.CharField(_("left side"), max_length=500)
    operator = models.CharField(
        _("operator"), max_length=2, choices=Operator.choices, default=Operator.LE, blank=True
    )
    right = models.CharField(_("right side"), max_length=500, blank=True)
    threshold = models.FloatField(
        _("threshold (% change)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.ERROR
    )
    message = models.CharField(_("message"), max_length=500)

    class Meta:
        ordering = ["framework", "code"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        constraints = _unique_code("rule")

    @property
    def compares_with_last_round(self) -> bool:
        return self.kind == self.Kind.YEAR_ON_YEAR


# Rounds and submissions -------------------------------------------------------------------


class Round(NeverDeleted):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Published")

    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("framework version"),
    )
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    status_reason = models.TextField(_("reason for the last status change"), blank=True)
    countries = models.ManyToManyField(
        Country, related_name="measurement_rounds", verbose_name=_("participating countries")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-reference_year", "-opens_on"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="measurement_round_closes_after_opening",
                violation_error_message=_("The round cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return _("Round %(year)s (%(framework)s)") % {
            "year": self.reference_year,
            "framework": self.framework_version,
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Submission(NeverDeleted):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        VALIDATED = "validated", _("Validated")
        PUBLISHED = "published", _("Published")

    EDITABLE_STATES = (State.DRAFT, State.RETURNED)

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("round")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="measurement_submissions",
        verbose_name=_("country"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    # Optimistic locking: every change to the submission or one of its values increments it. A
    # save based on an older number is refused, unless each of its values names the version it
    # was based on (Value.version) and none of those changed (see services).
    lock_version = models.PositiveIntegerField(_("lock version"), default=1)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ReviewerAssignment",
        through_fields=("submission", "reviewer"),
        related_name="measurement_reviews",
        verbose_name=_("reviewers"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["round", "country__name"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "country"],
                name="measurement_one_submission_per_country",
                violation_error_message=_("This country already has a submission in this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.round}"

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES


class ReviewerAssignment(NeverDeleted):
    submission = models.ForeignKey(
        Submission,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("submission"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="measurement_assignments",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["submission", "assigned_at"]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"],
                name="measurement_reviewer_assigned_once",
                violation_error_message=_("This reviewer is already assigned."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.submission}"


def evidence_upload_to(instance: Value, filename: str) -> str:
    name = os.path.basename(filename)
    return f"measurement/evidence/{instance.submission_id}/{instance.variable_id}/{name}"


#: Evidence files, and the documents of groups and agreements, which are evidence too.
validate_evidence_file = UploadValidator(allowed=EVIDENCE_EXTENSIONS, max_bytes=EVIDENCE_MAX_BYTES)


class Value(NeverDeleted):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        NOT_AVAILABLE = "not_available", _("Not available")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")
        CONFIDENTIAL = "confidential", _("Confidential")

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="values", verbose_name=_("submission")
    )
    variable = models.ForeignKey(
        Variable, on_delete=models.PROTECT, related_name="values", verbose_name=_("variable")
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_upload_to,
        max_length=300,
        blank=True,
        validators=[validate_evidence_file],
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["submission", "variable__order", "variable__code"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "variable"],
                name="measurement_one_value_per_variable",
                violation_error_message=_("This variable already has a value."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.variable.code} = {self.display_value}"

    @property
    def display_value(self) -> str:
        if self.status != self.Status.REPORTED:
            return str(self.get_status_display())
        return "" if self.value is None else format_decimal(self.value)

    @property
    def is_reported(self) -> bool:
        return self.status == self.Status.REPORTED and self.value is not None

    @property
    def is_confidential(self) -> bool:
        return self.status == self.Status.CONFIDENTIAL


def format_decimal(number: Decimal) -> str:
    """``12.500000`` → ``12.5``; ``3.000000`` → ``3``."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Justification(NeverDeleted):
    """Why a warning is acceptable, written by the country before submitting."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.PROTECT,
        related_name="justifications",
        verbose_name=_("submission"),
    )
    rule = models.ForeignKey(
        ValidationRule,
        on_delete=models.PROTECT,
        related_name="justifications",
        verbose_name=_("rule"),
    )
    text = models.TextField(_("justification"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["submission", "rule__code"]
        verbose_name = _("justification")
        verbose_name_plural = _("justifications")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "rule"],
                name="measurement_one_justification_per_rule",
                violation_error_message=_("This warning is already justified."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule.code}: {self.text[:60]}"


class Transition(NeverDeleted):
    """One step of a submission's workflow: who, when, from what, to what and why."""

    submission = models.ForeignKey(
        Submission,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("submission"),
    )
    from_state = models.CharField(
        _("from"), max_length=12, choices=Submission.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=12, choices=Submission.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["submission", "at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class Comment(NeverDeleted):
    """A review thread on one value: reviewers ask, the country answers."""

    value = models.ForeignKey(
        Value, on_delete=models.PROTECT, related_name="comments", verbose_name=_("value")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        ordering = ["value", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
