"""Integration agreements between countries: their kind, parties over time, status with
dated and attributed transitions, documents and the working lines they serve.

Nothing here is deleted: a party leaves with a date, an agreement ends with a date, and every
status change is a :class:`Transition` row (the matrix of who recognises whom, as it was at the
end of any year, is computed from them). Translated fields are registered in
``translation.py``; change history in ``apps.py``.
"""

from __future__ import annotations

import datetime
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gealc.groups.models import WorkingLine
from gealc.measurement.models import validate_evidence_file
from gealc.network.models import Country, CurrentQuerySet


class Status(models.TextChoices):
    """The life of an agreement, in its forward order."""

    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    ENDED = "ended", _("Ended")


# Statuses the public may read; an agreement still negotiating is for its parties and the
# secretariat only (its text is not settled, and neither is who takes part).
PUBLIC_STATUSES = (Status.SIGNED, Status.IN_FORCE, Status.ENDED)
STATUS_ORDER = {status: index for index, status in enumerate(Status.values)}


class Agreement(models.Model):
    class Kind(models.TextChoices):
        SIGNATURES = "signatures", _("Mutual recognition of digital signatures")
        DATA_EXCHANGE = "data_exchange", _("Data exchange and interoperability")
        SHARED_SERVICE = "shared_service", _("Shared service")
        MEMORANDUM = "memorandum", _("Memorandum of understanding")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEGOTIATING
    )
    negotiation_start = models.DateField(_("negotiation started on"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_on = models.DateField(_("in force since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    working_lines = models.ManyToManyField(
        WorkingLine, blank=True, related_name="agreements", verbose_name=_("working lines")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-negotiation_start", "slug"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_on__gte=F("negotiation_start")),
                name="agreements_signed_after_negotiation",
                violation_error_message=_("The signature cannot be before the negotiation."),
            ),
            models.CheckConstraint(
                condition=Q(in_force_on__isnull=True) | Q(in_force_on__gte=F("signed_on")),
                name="agreements_in_force_after_signature",
                violation_error_message=_("The entry into force cannot be before the signature."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("negotiation_start")),
                name="agreements_end_after_negotiation",
                violation_error_message=_("The end cannot be before the negotiation started."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.in_force_on and not self.signed_on:
            raise ValidationError(
                {"signed_on": _("An agreement in force was signed: give the signature date.")}
            )
        latest = max((day for day in (self.signed_on, self.in_force_on) if day), default=None)
        if self.ended_on and latest and self.ended_on < latest:
            raise ValidationError(
                {"ended_on": _("The end cannot be before the signature or the entry into force.")}
            )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_negotiating(self) -> bool:
        return self.status == Status.NEGOTIATING


class Party(models.Model):
    """A country's part in an agreement from the day it joined to the day it left (if it
    left); a multilateral agreement gains parties over time. Never deleted."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="parties", verbose_name=_("agreement")
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("country"),
    )
    start = models.DateField(_("joined on"))
    end = models.DateField(_("left on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for leaving"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = CurrentQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "start", "country__name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="agreements_party_left_after_joining",
                violation_error_message=_("A party cannot leave before it joined."),
            ),
            models.UniqueConstraint(
                fields=["agreement", "country"],
                condition=Q(end__isnull=True),
                name="agreements_one_open_party",
                violation_error_message=_("This country is already a party to the agreement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.agreement}"

    def clean(self) -> None:
        super().clean()
        if not self.agreement_id or not self.country_id or not self.start:
            return
        if self.start < self.agreement.negotiation_start:
            raise ValidationError(
                {"start": _("A country cannot join before the negotiation started.")}
            )
        if self._overlapping().exists():
            raise ValidationError(
                {"country": _("This country is already a party to the agreement at that time.")}
            )

    def _overlapping(self) -> models.QuerySet[Party]:
        """Other periods of the same country in the same agreement that share a day with
        this one (a country is never party twice at once)."""
        others = Party.objects.filter(agreement_id=self.agreement_id, country_id=self.country_id)
        others = others.exclude(pk=self.pk).filter(Q(end__isnull=True) | Q(end__gte=self.start))
        return others if self.end is None else others.filter(start__lte=self.end)


class Transition(models.Model):
    """A dated, attributed change of an agreement's status; the first one is its creation."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="transitions",
        verbose_name=_("agreement"),
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "date", "pk"]
        verbose_name = _("status transition")
        verbose_name_plural = _("status transitions")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_to_status_display()} ({self.date})"


def document_path(instance: AgreementDocument, filename: str) -> str:
    return f"agreements/documents/{timezone.now():%Y/%m}/{os.path.basename(filename)}"


class AgreementDocument(models.Model):
    """The text of an agreement, an annex or an act, uploaded through the storage API and
    checked like evidence files; it is read by whoever may read the agreement."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("agreement"),
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to=document_path, max_length=300, validators=[validate_evidence_file]
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")

    def __str__(self) -> str:
        return self.title


def end_of_year(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)
