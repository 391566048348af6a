"""Working groups and the network's year: groups and their members, annual work plans with
commitments and milestones, meetings with minutes, and training with certificates.

Nothing here is deleted: a membership, a commitment or an action ends with a date and a reason,
so the history survives a change of government like the directory does. Translated fields are
registered in ``translation.py``; change history in ``apps.py``.
"""

from __future__ import annotations

import datetime
import os
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gealc.measurement.models import validate_evidence_file
from gealc.network.models import Country, CurrentQuerySet, Person


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("Unknown time zone “%(zone)s”: use a name such as America/Montevideo."),
            code="invalid",
            params={"zone": value},
        )


def _dates_in_order(record: Any) -> dict[str, Any]:
    """The error of an end before the start, on the end date (the constraint below says it too,
    but at the top of a form; this names the field)."""
    if record.start and record.end and record.end < record.start:
        return {"end": _("The end date cannot be before the start date.")}
    return {}


def _version_field() -> models.PositiveIntegerField:
    # Optimistic concurrency: every update through a page increments it, and a change based on
    # an older version is refused instead of silently overwriting someone else's.
    return models.PositiveIntegerField(_("version"), default=1, editable=False)


def _end_after_start(model: str, *, open_ended: bool) -> models.CheckConstraint:
    """The end date is on or after the start (or empty, when ``open_ended``)."""
    after = Q(end__gte=models.F("start"))
    return models.CheckConstraint(
        condition=(Q(end__isnull=True) | after) if open_ended else after,
        name=f"groups_{model}_end_after_start",
        violation_error_message=_("The end date cannot be before the start date."),
    )


class WorkingLine(models.Model):
    """A line of the network's work (digital identity, interoperability …), seeded by a data
    migration; working groups, courses and, later, cooperation requests are classified by it."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    dimension_code = models.CharField(
        _("index dimension"),
        max_length=60,
        blank=True,
        help_text=_("Code of the index dimension this line works on, to set training against it."),
    )

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("working line")
        verbose_name_plural = _("working lines")

    def __str__(self) -> str:
        return self.name


class WorkingGroup(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=300)
    mandate = models.TextField(_("mandate"), blank=True)
    working_line = models.ForeignKey(
        WorkingLine, on_delete=models.PROTECT, related_name="groups", verbose_name=_("working line")
    )
    coordinating_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="coordinated_groups",
        verbose_name=_("coordinating country"),
    )
    co_coordinating_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="co_coordinated_groups",
        verbose_name=_("co-coordinating country"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    version = _version_field()
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["working_line__order", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            _end_after_start("group", open_ended=True),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = _dates_in_order(self)
        if (
            self.co_coordinating_country_id
            and self.co_coordinating_country_id == self.coordinating_country_id
        ):
            errors["co_coordinating_country"] = _("The co-coordinator must be another country.")
        if self.status == self.Status.CLOSED and self.end is None and "end" not in errors:
            errors["end"] = _("A closed group needs the date it ended.")
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A person in a group for a country, with a role and dates; ended, never deleted."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        GUEST = "guest", _("Stakeholder guest")

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("group")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("person"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("country"),
        help_text=_("The country the person represents; empty for a stakeholder guest."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["group", "role", "-start"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            _end_after_start("membership", open_ended=True),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(end__isnull=True),
                name="groups_one_open_membership",
                violation_error_message=_("This person is already a member of this group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.group}"

    def clean(self) -> None:
        super().clean()
        if self.role != self.Role.GUEST and not self.country_id:
            raise ValidationError({"country": _("Say which country this person represents.")})


def document_path(instance: Document, filename: str) -> str:
    return f"groups/documents/{timezone.now():%Y/%m}/{os.path.basename(filename)}"


class Document(models.Model):
    """A file in a group's space or a meeting's papers, uploaded through the storage API."""

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("group"),
    )
    meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=document_path, max_length=300, validators=[validate_evidence_file]
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Unticked, only members of the network see it.")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class WorkPlan(models.Model):
    """The network's plan of a year, adopted by the assembly on a dated decision."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_at_meeting = models.ForeignKey(
        "Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_plans",
        verbose_name=_("adopted at meeting"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")

    def __str__(self) -> str:
        return str(_("Work plan %(year)s") % {"year": self.year})

    @property
    def is_adopted(self) -> bool:
        return self.adopted_on is not None


class Commitment(models.Model):
    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETED = "completed", _("Completed")
        CARRIED_OVER = "carried_over", _("Carried over")
        DROPPED = "dropped", _("Dropped")
        REPLACED = "replaced", _("Replaced")

    plan = models.ForeignKey(
        WorkPlan, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("plan")
    )
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("group"),
    )
    lead_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="led_commitments", verbose_name=_("lead")
    )
    countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="commitments",
        verbose_name=_("participating countries"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(_("currency"), max_length=3, blank=True)
    indicators = models.ManyToManyField(
        "measurement.Indicator",
        blank=True,
        related_name="commitments",
        verbose_name=_("indicators it is meant to move"),
    )
    practices = models.ManyToManyField(
        "knowledge.Practice", blank=True, related_name="commitments", verbose_name=_("practices")
    )
    software = models.ManyToManyField(
        "knowledge.SoftwareEntry",
        blank=True,
        related_name="commitments",
        verbose_name=_("public software"),
    )
    datasets = models.ManyToManyField(
        "knowledge.OpenDataSet",
        blank=True,
        related_name="commitments",
        verbose_name=_("open-data sets"),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
        verbose_name=_("carried over from"),
    )
    outcome = models.CharField(
        _("outcome at year end"), max_length=16, choices=Outcome.choices, default=Outcome.OPEN
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["plan", "group", "title"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            _end_after_start("commitment", open_ended=False),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if errors := _dates_in_order(self):
            raise ValidationError(errors)

    @property
    def has_outcome(self) -> bool:
        """Closed at year end (completed, carried over, dropped…), no longer open."""
        return self.outcome != self.Outcome.OPEN

    @property
    def level(self) -> ProgressUpdate.Level:
        """The completion level of the latest accepted progress update."""
        update = self.progress_updates.filter(review_state=ProgressUpdate.Review.ACCEPTED).first()
        return update.level_choice if update else ProgressUpdate.Level.NOT_STARTED

    def get_level_display(self) -> str:
        return str(ProgressUpdate.Level(self.level).label)


class Milestone(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    title = models.CharField(_("title"), max_length=300)
    due = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        commitment = self.commitment if self.commitment_id else None
        if commitment and self.due and self.due > commitment.end:
            raise ValidationError(
                {
                    "due": _(
                        "The milestone is due after its commitment ends (%(end)s): "
                        "move it before the end or extend the commitment."
                    )
                    % {"end": commitment.end.isoformat()}
                }
            )

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due < (on or timezone.localdate())


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"groups/evidence/{timezone.now():%Y/%m}/{os.path.basename(filename)}"


class ProgressUpdate(models.Model):
    """A country's report of how far a commitment got (OGP-style levels), with evidence,
    reviewed by the group's coordinator."""

    class Level(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        LIMITED = "limited", _("Limited")
        SUBSTANTIAL = "substantial", _("Substantial")
        COMPLETE = "complete", _("Complete")

    class Review(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.PROTECT,
        related_name="progress_updates",
        verbose_name=_("commitment"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("reported by country")
    )
    level = models.CharField(_("completion level"), max_length=16, choices=Level.choices)
    date = models.DateField(_("date"))
    evidence = models.TextField(_("evidence"))
    evidence_url = models.URLField(_("evidence link"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"),
        upload_to=evidence_path,
        max_length=300,
        blank=True,
        validators=[validate_evidence_file],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    review_state = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.commitment} — {self.get_level_display()} ({self.date})"

    @property
    def level_choice(self) -> ProgressUpdate.Level:
        """The level as its choice, whose ``label`` the level badge shows."""
        return self.Level(self.level)

    @property
    def is_pending(self) -> bool:
        return self.review_state == self.Review.PENDING


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ANNUAL_MEETING = "annual_meeting", _("Annual meeting")
        ASSEMBLY = "assembly", _("Assembly")
        EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
        GROUP_MEETING = "group_meeting", _("Working-group meeting")
        WEBINAR = "webinar", _("Webinar")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("group"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown in the public calendar and feeds.")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    # Bumped at every change so that calendar programs replace the event they hold.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="groups_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting must end after it starts.")})
        if not self.place.strip() and not self.online_link:
            raise ValidationError({"place": _("Give a place, an online link or both.")})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="agenda", verbose_name=_("meeting")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    carried_action = models.ForeignKey(
        "Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("open action reviewed"),
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """A person registered for a meeting; attendance is recorded after it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("person")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "person"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="groups_one_registration_per_person",
                violation_error_message=_("This person is already registered."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.meeting}"


class Decision(models.Model):
    """A numbered, dated decision in a meeting's minutes; linked to the plan it adopts or
    changes."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    text = models.TextField(_("decision"))
    plan = models.ForeignKey(
        WorkPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("work plan it adopts or changes"),
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="groups_decision_number_unique",
                violation_error_message=_("This meeting already has a decision of this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class Action(models.Model):
    """An action from a meeting's minutes: one owner, a due date, a status; an open action
    goes onto the next meeting's agenda."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="actions", verbose_name=_("meeting")
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="actions", verbose_name=_("owner")
    )
    due = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due < (on or timezone.localdate())


class Course(models.Model):
    class Modality(models.TextChoices):
        ONLINE_COURSE = "online_course", _("Online course")
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provider"), max_length=200)
    modality = models.CharField(_("modality"), max_length=16, choices=Modality.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[(c, c) for c in ("es", "pt", "en", "fr")]
    )
    link = models.URLField(_("course platform"), blank=True)
    working_line = models.ForeignKey(
        WorkingLine,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=_("working line"),
    )
    certificate_valid_years = models.PositiveSmallIntegerField(
        _("certificates valid for (years)"),
        null=True,
        blank=True,
        help_text=_("Empty: certificates do not expire."),
    )
    version = _version_field()
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Edition(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="editions", verbose_name=_("course")
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    version = _version_field()
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            _end_after_start("edition", open_ended=False),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.start:%Y-%m-%d})"

    def clean(self) -> None:
        super().clean()
        if errors := _dates_in_order(self):
            raise ValidationError(errors)


class Enrolment(models.Model):
    """A person of the directory, or someone invited by e-mail, in a course edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("edition")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=300)
    email = models.EmailField(_("e-mail"), blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    attended = models.BooleanField(_("attended"), default=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["edition", "name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.name} — {self.edition}"


class Certificate(models.Model):
    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    code = models.CharField(_("verification code"), max_length=32, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.status() == "valid"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None

    def status(self, on: datetime.date | None = None) -> str:
        day = on or timezone.localdate()
        if self.revoked_on is not None:
            return "revoked"
        if self.expires_on is not None and self.expires_on < day:
            return "expired"
        return "valid"
