"""Stakeholders, public consultations, their questions and the contributions to them.

A stakeholder registers through the site's sign-up (allauth, with e-mail verification) and
names their organisation (an existing one, or a new one); the secretariat verifies or rejects
them with a reason. Unverified people read and follow; verified ones contribute.

A consultation is on something of the network (a framework version, a work plan, a
commitment, a practice, or a free topic) and goes through phases: announced → open → closed
→ summary published. Texts the network writes are translated (``translation.py``);
contributions stay in the contributor's language, which is recorded.

Nothing is deleted: a contribution is hidden (and restored) with a reason; a person who leaves
has their personal data erased and their contributions stay, attributed to "a former
participant".
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gealc.groups.models import Commitment, WorkPlan, validate_time_zone
from gealc.knowledge.models import Practice
from gealc.measurement.models import Dimension, FrameworkVersion, Indicator
from gealc.network.models import Country, validate_language_list

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    TECHNICAL_COMMUNITY = "technical_community", _("Technical community")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    # Members of the network answer in the threads of a consultation.
    NETWORK = "network", _("Member of the network")


class Verification(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class StakeholderOrganisation(models.Model):
    """An organisation stakeholders belong to; the secretariat verifies it (a badge) or
    rejects it with a reason."""

    name = models.CharField(_("name"), max_length=300)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="stakeholder_organisations",
        verbose_name=_("country"),
    )
    website = models.URLField(_("website"), blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_at = models.DateTimeField(_("verified or rejected at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder organisation")
        verbose_name_plural = _("stakeholder organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"],
                name="participation_organisation_unique",
                violation_error_message=_(
                    "This organisation is already registered in this country: choose it."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(verification="rejected") | ~Q(rejection_reason=""),
                name="participation_organisation_rejected_with_reason",
                violation_error_message=_("Say why the organisation is rejected."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def is_rejected(self) -> bool:
        return self.verification == Verification.REJECTED


class Stakeholder(models.Model):
    """A person taking part in consultations: a stakeholder who registered, or a member of the
    network answering in a thread. Its personal data are erased when the person leaves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholder",
        verbose_name=_("account"),
    )
    display_name = models.CharField(_("name shown"), max_length=150)
    organisation = models.ForeignKey(
        StakeholderOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("organisation"),
    )
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stakeholders",
        verbose_name=_("country"),
        help_text=_("Empty only for a member of the network who serves no country."),
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_list]
    )
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.PENDING,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=~Q(verification="rejected") | ~Q(rejection_reason=""),
                name="participation_stakeholder_rejected_with_reason",
                violation_error_message=_("Say why the registration is rejected."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_name)

    def clean(self) -> None:
        super().clean()
        if self.sector != Sector.NETWORK and self.country_id is None:
            raise ValidationError({"country": _("Say which country you are in.")})

    @property
    def has_left(self) -> bool:
        return self.left_at is not None

    @property
    def public_name(self) -> str:
        return str(_("A former participant")) if self.has_left else self.display_name

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED and not self.has_left

    @property
    def has_public_profile(self) -> bool:
        """A verified stakeholder who stays has a public page (members have theirs in the
        directory)."""
        return self.is_verified and self.sector != Sector.NETWORK

    @property
    def is_pending(self) -> bool:
        return self.verification == Verification.PENDING


class Consultation(models.Model):
    class Subject(models.TextChoices):
        FRAMEWORK = "framework", _("A framework version")
        WORK_PLAN = "work_plan", _("A work plan")
        COMMITMENT = "commitment", _("A commitment")
        PRACTICE = "practice", _("A practice")
        TOPIC = "topic", _("A free topic")

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ANNOUNCED = "announced", _("Announced")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        SUMMARY_PUBLISHED = "summary_published", _("Summary published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    framework = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("framework version"),
    )
    work_plan = models.ForeignKey(
        WorkPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("work plan"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("commitment"),
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("practice"),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_list]
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default="draft")
    synthesis = models.TextField(_("the secretariat's synthesis"), blank=True)
    response = models.TextField(_("the network's response"), blank=True)
    summary_published_at = models.DateTimeField(_("summary published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-opens_at", "slug"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="participation_consultation_closes_after_opening",
                violation_error_message=_("A consultation closes after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        required = {
            self.Subject.FRAMEWORK: "framework",
            self.Subject.WORK_PLAN: "work_plan",
            self.Subject.COMMITMENT: "commitment",
            self.Subject.PRACTICE: "practice",
        }
        errors = {}
        for subject, field in required.items():
            linked = getattr(self, f"{field}_id") is not None
            if subject == self.subject and not linked:
                errors[field] = _("Choose what this consultation is on.")
            elif subject != self.subject and linked:
                errors[field] = _("Only a consultation on this kind of subject links to it.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("A consultation closes after it opens.")
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_opens(self) -> datetime.datetime:
        return self.opens_at.astimezone(self.zone)

    @property
    def local_closes(self) -> datetime.datetime:
        return self.closes_at.astimezone(self.zone)

    @property
    def is_public(self) -> bool:
        return self.phase != self.Phase.DRAFT

    @property
    def accepts_contributions(self) -> bool:
        """Open, and its closing time not past (a late close by the secretariat changes
        nothing: past ``closes_at`` nobody contributes)."""
        return self.accepts_contributions_at(timezone.now())

    def accepts_contributions_at(self, moment: datetime.datetime) -> bool:
        return self.phase == self.Phase.OPEN and self.opens_at <= moment < self.closes_at

    @property
    def is_draft(self) -> bool:
        return self.phase == self.Phase.DRAFT

    @property
    def is_announced(self) -> bool:
        return self.phase == self.Phase.ANNOUNCED

    @property
    def is_open(self) -> bool:
        return self.phase == self.Phase.OPEN

    @property
    def is_closed(self) -> bool:
        return self.phase == self.Phase.CLOSED

    @property
    def has_summary(self) -> bool:
        return self.phase == self.Phase.SUMMARY_PUBLISHED

    @property
    def subject_object(self) -> models.Model | None:
        return self.framework or self.work_plan or self.commitment or self.practice


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale from 1 to 5")
        RANKING = "ranking", _("Ranking of options")

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("consultation"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("explanation"), blank=True)
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimension"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE, self.Kind.RANKING)

    @property
    def is_ranking(self) -> bool:
        return self.kind == self.Kind.RANKING

    @property
    def is_closed_question(self) -> bool:
        return self.kind != self.Kind.TEXT


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="options", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("option"), max_length=300)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class Contribution(models.Model):
    """An answer to a question (one per person and question, editable until the consultation
    closes), or a member's reply in its thread (``parent``)."""

    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("question"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("author"),
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("text"), blank=True, max_length=10000)
    choices = models.JSONField(
        _("options chosen"),
        default=list,
        blank=True,
        help_text=_("Option ids: the one chosen, those chosen, or all of them in ranked order."),
    )
    scale = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    under_review = models.BooleanField(_("hidden pending review"), default=False)
    moderation_reason = models.TextField(_("reason of the last moderation"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["question", "created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "author"],
                condition=Q(parent__isnull=True),
                name="participation_one_answer_per_question",
                violation_error_message=_("You have already answered this question: edit it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.question}"

    @property
    def is_reply(self) -> bool:
        return self.parent_id is not None

    @property
    def chosen_labels(self) -> list[str]:
        """The options chosen, in the order given (a ranking's order)."""
        labels = {option.pk: option.label for option in self.question.options.all()}
        return [labels[pk] for pk in self.choices if pk in labels]

    @property
    def is_visible(self) -> bool:
        return not self.is_hidden


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        OFFENSIVE = "offensive", _("Offensive")
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL_DATA = "personal_data", _("Personal data")

    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("contribution"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="participation_reports",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"],
                name="participation_one_report_per_person",
                violation_error_message=_("You have already reported this contribution."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.contribution_id}"


class Follow(models.Model):
    """Someone following a consultation: told when it opens and when its summary is out."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="follows",
        verbose_name=_("consultation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_follows",
        verbose_name=_("follower"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="participation_follow_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.consultation}"
