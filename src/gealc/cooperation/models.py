"""Horizontal cooperation: a country asks for help, the secretariat matches it with a country
that can give it, the exchange is planned, carried out, reported and evaluated; countries
publish standing offers; a yearly cooperation fund pays part of it.

Nothing here is deleted: a request ends closed, withdrawn or declined, an offer ends with a
date, and every change of state is a dated, attributed :class:`Transition`. Translated fields
are registered in ``translation.py``; change history in ``apps.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gealc.groups.models import WorkingLine
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.measurement.models import Dimension, Indicator
from gealc.network.models import Country, Person

LANGUAGE_CODES = ("es", "pt", "en", "fr")


def validate_languages(value: object) -> None:
    """A list of the network's language codes."""
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(
            _("Choose languages among: %(codes)s."),
            code="invalid",
            params={"codes": ", ".join(LANGUAGE_CODES)},
        )


class Modality(models.TextChoices):
    VIRTUAL_SESSION = "virtual_session", _("Virtual session")
    EXPERT_MISSION = "expert_mission", _("Expert mission")
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop")
    DOCUMENT_EXCHANGE = "document_exchange", _("Document or software exchange")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    MATCHED = "matched", _("Matched")
    PLANNED = "planned", _("Planned")
    CARRIED_OUT = "carried_out", _("Carried out")
    REPORTED = "reported", _("Report submitted")
    EVALUATED = "evaluated", _("Evaluated")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")


# The way forward, in order (returned, withdrawn and declined leave it).
WORKFLOW = (
    State.DRAFT,
    State.SUBMITTED,
    State.ACCEPTED,
    State.MATCHED,
    State.PLANNED,
    State.CARRIED_OUT,
    State.REPORTED,
    State.EVALUATED,
    State.CLOSED,
)
# A request may be withdrawn (by its country) or declined (by the secretariat) at these steps.
OPEN_STATES = frozenset({*WORKFLOW[: WORKFLOW.index(State.PLANNED) + 1], State.RETURNED})
# The requesting country changes its request and sends it (again) to the secretariat from these.
CHANGEABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
# These states need a reason in their transition.
STATES_WITH_REASON = frozenset({State.RETURNED, State.WITHDRAWN, State.DECLINED})
# Past acceptance by the secretariat: the public may read the request's public parts.
PUBLIC_STATES = frozenset(WORKFLOW[WORKFLOW.index(State.ACCEPTED) :])
# Help was given: the provider counts in "who helped whom".
HELPED_STATES = frozenset(WORKFLOW[WORKFLOW.index(State.CARRIED_OUT) :])


def _after(field: str, start: str, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{field}__gte": models.F(start)}),
        name=name,
        violation_error_message=message,
    )


class Request(models.Model):
    """A country's request for help, from draft to closed (or withdrawn/declined)."""

    requesting_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="cooperation_requests",
        verbose_name=_("requesting country"),
    )
    title = models.CharField(_("title"), max_length=300)
    need = models.TextField(_("need"), help_text=_("What the country needs, in its own words."))
    working_line = models.ForeignKey(
        WorkingLine,
        on_delete=models.PROTECT,
        related_name="cooperation_requests",
        verbose_name=_("working line"),
    )
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimension"),
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicators")
    )
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    preferred_start = models.DateField(_("preferred from"), null=True, blank=True)
    preferred_end = models.DateField(_("preferred until"), null=True, blank=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages]
    )
    preferred_partners = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("preferred partner countries")
    )
    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_requests",
        verbose_name=_("practice to replicate"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    provider_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_provided",
        verbose_name=_("provider country"),
    )
    experts = models.ManyToManyField(
        Person, blank=True, related_name="cooperation_requests", verbose_name=_("experts")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    report = models.TextField(_("report"), blank=True)
    follow_up_reminded_at = models.DateTimeField(
        _("follow-up reminder sent"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic concurrency for its content (as for offers): every change of the texts and
    # fields increments it, and a change based on an older version is refused instead of
    # overwriting someone else's. The workflow's steps lock the state instead.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("cooperation request")
        verbose_name_plural = _("cooperation requests")
        constraints = [
            _after(
                "preferred_end",
                "preferred_start",
                "cooperation_request_preferred_dates_in_order",
                _("The preferred end cannot be before the preferred start."),
            ),
            _after(
                "planned_end",
                "planned_start",
                "cooperation_request_planned_dates_in_order",
                _("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=~Q(provider_country=models.F("requesting_country")),
                name="cooperation_request_provider_is_another_country",
                violation_error_message=_("The provider must be another country."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.provider_country_id and self.provider_country_id == self.requesting_country_id:
            raise ValidationError(
                {"provider_country": _("The provider must be another country than the requester.")}
            )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_draft(self) -> bool:
        return self.state == State.DRAFT

    @property
    def is_changeable(self) -> bool:
        """Still with its country: a draft, or returned by the secretariat."""
        return self.state in CHANGEABLE_STATES

    @property
    def return_reason(self) -> str:
        """What the secretariat asked the country to change, while it is returned (else "")."""
        if self.state != State.RETURNED:
            return ""
        returned = self.transitions.filter(to_state=State.RETURNED).order_by("-at", "-pk")
        return returned.values_list("reason", flat=True).first() or ""


class Transition(models.Model):
    """One dated, attributed change of a request's state (with the reason, when one is due)."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="transitions", verbose_name=_("request")
    )
    from_state = models.CharField(_("from"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_state__in=sorted(STATES_WITH_REASON)) | ~Q(reason=""),
                name="cooperation_transition_reason_when_due",
                violation_error_message=_("Give a reason for returning, withdrawing or declining."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} → {self.to_state}"


class Offer(models.Model):
    """A country's standing offer ("we can share our interoperability platform")."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="cooperation_offers",
        verbose_name=_("country"),
    )
    working_line = models.ForeignKey(
        WorkingLine,
        on_delete=models.PROTECT,
        related_name="cooperation_offers",
        verbose_name=_("working line"),
    )
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimension"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    modalities = models.JSONField(_("modalities"), default=list, blank=True)
    practices = models.ManyToManyField(
        Practice, blank=True, related_name="cooperation_offers", verbose_name=_("practices")
    )
    software = models.ManyToManyField(
        SoftwareEntry, blank=True, related_name="cooperation_offers", verbose_name=_("software")
    )
    start = models.DateField(_("offered from"))
    end = models.DateField(_("withdrawn on"), null=True, blank=True)
    # Optimistic concurrency (as for institutions): every change increments it; a change based
    # on an older version is refused instead of silently overwriting someone else's.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["working_line__order", "country__name", "title"]
        verbose_name = _("cooperation offer")
        verbose_name_plural = _("cooperation offers")
        constraints = [
            _after(
                "end",
                "start",
                "cooperation_offer_end_after_start",
                _("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if not isinstance(self.modalities, list) or any(
            item not in Modality.values for item in self.modalities
        ):
            raise ValidationError({"modalities": _("Choose modalities from the list.")})


class FundBudget(models.Model):
    """The cooperation fund's budget for one year in one currency."""

    year = models.PositiveSmallIntegerField(_("year"))
    currency = models.CharField(_("currency"), max_length=3)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year", "currency"]
        verbose_name = _("fund budget")
        verbose_name_plural = _("fund budgets")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "currency"],
                name="cooperation_one_budget_per_year_and_currency",
                violation_error_message=_(
                    "The fund already has a budget for this year and currency."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="cooperation_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.currency} {self.amount}"


class FundEntry(models.Model):
    """An approval (commitment) of the fund for a request, or money actually spent on it."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Approved commitment")
        SPENDING = "spending", _("Actual spending")

    budget = models.ForeignKey(
        FundBudget, on_delete=models.PROTECT, related_name="entries", verbose_name=_("budget")
    )
    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="fund_entries", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="cooperation_fund_entry_positive",
                violation_error_message=_("The amount must be greater than zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.budget.currency}"


class Expert(models.Model):
    """A person of the directory, or an external expert the secretariat adds, on the roster."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="expert_profile", verbose_name=_("person")
    )
    working_lines = models.ManyToManyField(
        WorkingLine, blank=True, related_name="experts", verbose_name=_("working lines")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicators")
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages]
    )
    availability = models.CharField(_("availability"), max_length=300, blank=True)
    is_external = models.BooleanField(_("external expert"), default=False)
    declined_at = models.DateTimeField(_("declined on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_available(self) -> bool:
        return self.declined_at is None


def _money(label: object) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )


class Mission(models.Model):
    """Who travels or connects for a request, from which institution to which, and its costs."""

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="missions", verbose_name=_("request")
    )
    expert = models.ForeignKey(
        Expert, on_delete=models.PROTECT, related_name="missions", verbose_name=_("expert")
    )
    from_institution = models.CharField(_("from institution"), max_length=300)
    to_institution = models.CharField(_("to institution"), max_length=300)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    agenda = models.TextField(_("agenda"), blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    travel_cost = _money(_("travel"))
    per_diem = _money(_("per diem"))
    fund_share = _money(_("fund share"))
    co_financing = _money(_("co-financing"))
    budget_line = models.ForeignKey(
        FundBudget,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("fund budget line"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            _after(
                "end",
                "start",
                "cooperation_mission_end_after_start",
                _("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.start}"


class Evaluation(models.Model):
    """One respondent's survey answer after the exchange, or their follow-up six months on."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Survey")
        FOLLOW_UP = "follow_up", _("Follow-up")

    class Role(models.TextChoices):
        REQUESTER = "requester", _("Requester")
        PROVIDER = "provider", _("Provider")
        EXPERT = "expert", _("Expert")

    request = models.ForeignKey(
        Request, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("request")
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("respondent"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    goals_met = models.PositiveSmallIntegerField(_("goals met (1 to 5)"), null=True, blank=True)
    knowledge_gained = models.PositiveSmallIntegerField(
        _("knowledge gained (1 to 5)"), null=True, blank=True
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 to 5)"), null=True, blank=True
    )
    expected_use = models.TextField(_("expected use"), blank=True)
    further_help = models.TextField(_("further help needed"), blank=True)
    what_changed = models.TextField(_("what changed"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "respondent", "kind"],
                name="cooperation_one_answer_per_respondent",
                violation_error_message=_("You have already answered this survey."),
            ),
            models.CheckConstraint(
                condition=(Q(goals_met__isnull=True) | Q(goals_met__range=(1, 5)))
                & (Q(knowledge_gained__isnull=True) | Q(knowledge_gained__range=(1, 5)))
                & (Q(satisfaction__isnull=True) | Q(satisfaction__range=(1, 5))),
                name="cooperation_evaluation_scores_one_to_five",
                violation_error_message=_("Scores go from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.role}"
