"""Observatory records: index runs, the scores they produced, what went in, and benchmarks.

An :class:`IndexRun` is created queued, computed once by a worker from the validated
submissions of a round (queued → computing → preview, or failed with the reason in the
requester's language and the English detail), then published. Everything a page or the API
shows is stored at compute time (:class:`RunScore`, :class:`RunInput`,
:class:`RunDiagnostics`) so serving a published result never runs the engine again. A
published run never changes: ``save()`` and ``delete()`` refuse, and on PostgreSQL and SQLite
a trigger refuses it in the database too. A round has one published run at a time (a partial
unique index); a correction is a new run that names the run it corrects and says what
changed; publishing it supersedes the old.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gealc.measurement.models import FrameworkVersion, Round, Submission, Value
from gealc.network.models import Country


class RunLockedError(ValidationError):
    """A change to a published (or superseded) run or to what it stored."""


def _locked(run: IndexRun | None = None) -> RunLockedError:
    return RunLockedError(
        _("Run %(run)s is published and cannot change; publish a correction instead.")
        % {"run": run.pk if run else ""}
    )


class IndexRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        COMPUTING = "computing", _("Computing")
        FAILED = "failed", _("Failed")
        PREVIEW = "preview", _("Preview")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded by a correction")

    # A published run, and one a correction superseded, never change (but for superseding).
    LOCKED_STATUSES = frozenset({Status.PUBLISHED, Status.SUPERSEDED})
    # Waiting for a worker or being computed: the page shows progress and refreshes itself.
    PENDING_STATUSES = frozenset({Status.QUEUED, Status.COMPUTING})
    # Nobody will publish it: it may be deleted (a computing one only once it has failed).
    DISCARDABLE_STATUSES = frozenset({Status.QUEUED, Status.FAILED, Status.PREVIEW})

    # Fields that may change once published: the status, when a correction supersedes it.
    MUTABLE_WHEN_PUBLISHED = frozenset({"status", "superseded_at"})

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="index_runs", verbose_name=_("round")
    )
    framework_version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="index_runs",
        verbose_name=_("framework version"),
    )
    title = models.CharField(_("title"), max_length=300)
    spec = models.JSONField(_("index spec"), help_text=_("The exact gealc.index spec used."))
    input_hash = models.CharField(_("input data hash"), max_length=64, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=40, blank=True)
    seed = models.BigIntegerField(_("seed"))
    uncertainty_runs = models.PositiveIntegerField(_("uncertainty runs"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language of who asked for the run: its failure reason is in it."),
    )
    started_at = models.DateTimeField(_("computation started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("worker last seen at"),
        null=True,
        blank=True,
        help_text=_("A worker computing the run updates it; a stale one means it died."),
    )
    finished_at = models.DateTimeField(_("computation finished at"), null=True, blank=True)
    failure_reason = models.TextField(_("why the computation failed"), blank=True)
    failure_log = models.TextField(_("failure detail (English)"), blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects run"),
    )
    changelog = models.TextField(_("what changed and why"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("computed by"),
    )
    created_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-round__reference_year", "-published_at", "-pk"]
        verbose_name = _("index run")
        verbose_name_plural = _("index runs")
        permissions = [
            ("compute_indexrun", "Can compute an index run"),
            ("publish_indexrun", "Can publish an index run"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["published", "superseded"])
                | Q(published_at__isnull=False),
                name="observatory_published_run_has_date",
                violation_error_message=_("A published run needs a publication date."),
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(changelog=""),
                name="observatory_correction_has_changelog",
                violation_error_message=_("A correction must say what changed and why."),
            ),
            models.CheckConstraint(
                condition=Q(uncertainty_runs__gte=0),
                name="observatory_uncertainty_runs_not_negative",
            ),
            # The service refuses a second publication with a message; this holds even when
            # two publishes race or someone writes around the service.
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(status="published"),
                name="observatory_one_published_run_per_round",
                violation_error_message=_(
                    "This round already has a published run; publish a correction of it instead."
                ),
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self._refuse_changes_once_published()
        super().save(*args, **kwargs)

    def _refuse_changes_once_published(self) -> None:
        stored = IndexRun.objects.filter(pk=self.pk).first()
        if stored is None or not stored.is_locked:
            return
        changed = {
            field.attname
            for field in self._meta.concrete_fields
            if getattr(stored, field.attname) != getattr(self, field.attname)
        }
        superseding = (
            stored.status == self.Status.PUBLISHED and self.status == self.Status.SUPERSEDED
        )
        if changed and not (superseding and changed <= self.MUTABLE_WHEN_PUBLISHED):
            raise _locked(stored)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_locked:
            raise _locked(self)
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_preview(self) -> bool:
        """Computed, waiting to be checked and published (or discarded)."""
        return self.status == self.Status.PREVIEW

    @property
    def is_computed(self) -> bool:
        """It has results to show: a preview, or published (and perhaps since superseded)."""
        return self.is_preview or self.is_locked

    @property
    def is_discardable(self) -> bool:
        return self.status in self.DISCARDABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED_STATUSES

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING_STATUSES

    @property
    def is_superseded(self) -> bool:
        return self.status == self.Status.SUPERSEDED

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_computing(self) -> bool:
        return self.status == self.Status.COMPUTING

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def year(self) -> int:
        return self.round.reference_year


class RunRecord(models.Model):
    """A row a run wrote at compute time; frozen with its run once published."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        status = IndexRun.objects.filter(pk=self.run_id).values_list("status", flat=True)
        if status.first() in IndexRun.LOCKED_STATUSES:
            raise _locked(self.run)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.run.is_locked:
            raise _locked(self.run)
        return super().delete(*args, **kwargs)


class RunScore(RunRecord):
    """One country's score, rank and uncertainty at one node (indicator, dimension, index)."""

    run = models.ForeignKey(
        IndexRun, on_delete=models.CASCADE, related_name="scores", verbose_name=_("run")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="index_scores", verbose_name=_("country")
    )
    node = models.CharField(_("node"), max_length=63)
    level = models.PositiveSmallIntegerField(_("level"))
    score = models.FloatField(_("score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rank_median = models.FloatField(_("median rank"), null=True, blank=True)
    rank_q05 = models.FloatField(_("rank, 5th percentile"), null=True, blank=True)
    rank_q95 = models.FloatField(_("rank, 95th percentile"), null=True, blank=True)
    score_q05 = models.FloatField(_("score, 5th percentile"), null=True, blank=True)
    score_q95 = models.FloatField(_("score, 95th percentile"), null=True, blank=True)

    class Meta:
        ordering = ["run", "-level", "node", "rank", "country__iso3"]
        verbose_name = _("run score")
        verbose_name_plural = _("run scores")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "country", "node"], name="observatory_one_score_per_node"
            )
        ]
        indexes = [models.Index(fields=["run", "node", "rank"])]

    def __str__(self) -> str:
        return f"{self.country_id} {self.node} = {self.score}"


class RunInput(RunRecord):
    """A number that went into a run: a reported variable (with its evidence) or an indicator
    computed from variables by the framework's formula."""

    class Kind(models.TextChoices):
        VARIABLE = "variable", _("Variable")
        INDICATOR = "indicator", _("Indicator")

    run = models.ForeignKey(
        IndexRun, on_delete=models.CASCADE, related_name="inputs", verbose_name=_("run")
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="+", verbose_name=_("submission")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=63)
    source_value = models.ForeignKey(
        Value,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted value"),
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Value.Status.choices)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.CharField(_("evidence file"), max_length=300, blank=True)

    class Meta:
        ordering = ["run", "kind", "code", "country__iso3"]
        verbose_name = _("run input")
        verbose_name_plural = _("run inputs")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "country", "kind", "code"], name="observatory_one_input_per_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.code} = {self.value}"


class RunDiagnostics(RunRecord):
    """What the analysis found: coherence, uncertainty settings and sensitivity indices."""

    run = models.OneToOneField(
        IndexRun, on_delete=models.CASCADE, related_name="diagnostics", verbose_name=_("run")
    )
    coherence = models.JSONField(_("coherence report"), default=dict)
    uncertainty = models.JSONField(_("uncertainty analysis"), default=dict)
    sensitivity = models.JSONField(_("sensitivity analysis"), default=dict)
    log = models.JSONField(_("engine log"), default=list)

    class Meta:
        verbose_name = _("run diagnostics")
        verbose_name_plural = _("run diagnostics")

    def __str__(self) -> str:
        return f"{self.run_id}"


class EgdiValue(models.Model):
    """One country's UN E-Government Development Index in one edition (all UN members, not
    only the network's, so the region can be placed in the world)."""

    year = models.PositiveSmallIntegerField(_("edition"))
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3)
    name = models.CharField(_("name"), max_length=200)
    egdi = models.FloatField(_("EGDI"))
    egdi_rank = models.PositiveSmallIntegerField(_("EGDI rank"))
    osi = models.FloatField(_("Online Service Index"))
    hci = models.FloatField(_("Human Capital Index"))
    tii = models.FloatField(_("Telecommunication Infrastructure Index"))
    epi = models.FloatField(_("E-Participation Index"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "egdi_rank", "iso3"]
        verbose_name = _("UN EGDI value")
        verbose_name_plural = _("UN EGDI values")
        constraints = [
            models.UniqueConstraint(fields=["year", "iso3"], name="observatory_egdi_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.iso3} {self.year}: {self.egdi}"
