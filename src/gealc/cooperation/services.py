"""Every change to cooperation requests, offers, the fund, experts, missions and evaluations
goes through these functions.

Each one checks the actor's permission (``PermissionDenied``), validates the whole object and
the database constraints (``ValidationError`` naming the field) and runs in one transaction,
so a refused or invalid call changes nothing. A request changes state only through
:func:`_move`, which writes the dated, attributed transition and tells the people concerned.
Requests, offers and missions, which several people edit, are changed only from the
``version`` their editor read (``locked_unchanged``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.cooperation import notifications
from gealc.cooperation.models import (
    STATES_WITH_REASON,
    Evaluation,
    Expert,
    FundBudget,
    FundEntry,
    Mission,
    Offer,
    Request,
    State,
    Transition,
)
from gealc.cooperation.rules import (
    FUNDABLE_STATES,
    MISSION_STATES,
    STEPS,
    SURVEY_STATES,
    is_changeable_request,
)
from gealc.core.l10n import format_date, format_number
from gealc.core.services import (
    apply_changes,
    authorise,
    locked_unchanged,
    save_validated,
    translated_fields,
)
from gealc.core.types import AnyUser
from gealc.groups.models import WorkingLine
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.measurement.models import Dimension, Indicator
from gealc.network.models import Country, Person

REQUEST_FIELDS = translated_fields("title", "need") | {
    "modality",
    "preferred_start",
    "preferred_end",
    "languages",
}
# What request_update changes (and _move reads again under its lock, so that a step taken
# with a request read before an edit does not write the old content back).
REQUEST_CONTENT = sorted(REQUEST_FIELDS | {"working_line", "dimension", "practice", "version"})
OFFER_FIELDS = translated_fields("title", "description") | {"modalities", "start", "end"}
MISSION_FIELDS = frozenset(
    {
        "from_institution",
        "to_institution",
        "start",
        "end",
        "agenda",
        "currency",
        "travel_cost",
        "per_diem",
        "fund_share",
        "co_financing",
    }
)
SURVEY_FIELDS = frozenset(
    {"goals_met", "knowledge_gained", "satisfaction", "expected_use", "further_help"}
)
FOLLOW_UP_FIELDS = frozenset({"what_changed", "further_help"})
# The follow-up survey is due six months after the exchange.
FOLLOW_UP_AFTER = datetime.timedelta(days=182)


# Requests: filing and editing ------------------------------------------------------------


def _set_topic(
    request: Request,
    *,
    indicators: Iterable[Indicator],
    partners: Iterable[Country],
) -> None:
    partners = list(partners)
    if any(country.pk == request.requesting_country_id for country in partners):
        raise ValidationError(
            {"preferred_partners": _("A request cannot name its own country as a partner.")}
        )
    indicators = list(indicators)
    if request.dimension_id and any(i.dimension_id != request.dimension_id for i in indicators):
        raise ValidationError({"indicators": _("Choose indicators of the request's dimension.")})
    request.indicators.set(indicators)
    request.preferred_partners.set(partners)


@transaction.atomic
def request_create(
    *,
    actor: AnyUser,
    country: Country,
    working_line: WorkingLine,
    data: Mapping[str, Any],
    dimension: Dimension | None = None,
    indicators: Iterable[Indicator] = (),
    partners: Iterable[Country] = (),
    practice: Practice | None = None,
    submit: bool = False,
    is_demo: bool = False,
) -> Request:
    """A draft request of the country (sent to the secretariat at once when ``submit``)."""
    authorise(actor, "cooperation.file_request", country)
    request = apply_changes(Request(), data, REQUEST_FIELDS)
    request.requesting_country = country
    request.working_line = working_line
    request.dimension = dimension
    request.practice = practice
    request.created_by = actor if actor.is_authenticated else None
    request.is_demo = is_demo
    save_validated(request, actor)
    _set_topic(request, indicators=indicators, partners=partners)
    _record(request, actor, from_state="", to_state=State.DRAFT)
    if submit:
        request_submit(actor=actor, request=request)
    return request


def _refuse_unchangeable(actor: AnyUser, request: Request) -> None:
    if not is_changeable_request.test(actor, request):
        raise ValidationError(
            _("Only a draft or a returned request can be changed; this one is %(state)s.")
            % {"state": request.get_state_display()}
        )


@transaction.atomic
def request_update(
    *,
    actor: AnyUser,
    request: Request,
    expected_version: int,
    working_line: WorkingLine,
    data: Mapping[str, Any],
    dimension: Dimension | None = None,
    indicators: Iterable[Indicator] = (),
    partners: Iterable[Country] = (),
    practice: Practice | None = None,
) -> Request:
    """Change a request's texts, topic, modality, timing, languages, partners and practice
    while it is with its country (a draft, or returned by the secretariat), unless someone
    changed them since ``expected_version``. Its country and its workflow stay."""
    authorise(actor, "cooperation.change_request", request)
    # The state as stored, locked: said before the version, as a request sent on is not worth
    # a retry, and a step taken meanwhile waits for this change.
    _refuse_unchangeable(actor, Request.objects.select_for_update().get(pk=request.pk))
    current = locked_unchanged(
        request,
        expected_version,
        _(
            "This request was changed by someone else since you opened it. "
            "Review the current values and apply your change again."
        ),
    )
    apply_changes(current, data, REQUEST_FIELDS)
    current.working_line, current.dimension, current.practice = working_line, dimension, practice
    save_validated(current, actor)
    _set_topic(current, indicators=indicators, partners=partners)
    request.refresh_from_db()
    return request


# Requests: the workflow -------------------------------------------------------------------


def _record(
    request: Request, actor: AnyUser, *, from_state: str, to_state: str, reason: str = ""
) -> Transition:
    transition = Transition(
        request=request,
        from_state=from_state,
        to_state=to_state,
        actor=actor if actor.is_authenticated else None,
        at=timezone.now(),
        reason=reason,
    )
    transition.full_clean()
    transition.save()
    return transition


def _may_take(actor: AnyUser, request: Request, to_state: str) -> None:
    """Refuse an actor who may not take the request to ``to_state`` (before any other check,
    so a refused actor learns nothing about the input)."""
    authorise(actor, STEPS[to_state][0], request)


def _move(request: Request, actor: AnyUser, *, to_state: str, reason: str = "") -> Request:
    """Change the state (from one the step allows), record it and tell the people concerned."""
    reason = reason.strip()
    # The state (and content) as stored, locked until the transaction ends: two people acting
    # at once see one after the other, and the second finds the step already taken.
    request.refresh_from_db(
        from_queryset=Request.objects.select_for_update(), fields=["state", *REQUEST_CONTENT]
    )
    if request.state not in STEPS[to_state][1]:
        raise ValidationError(
            _("A request that is %(state)s cannot become %(target)s.")
            % {"state": request.get_state_display(), "target": State(to_state).label}
        )
    if to_state in STATES_WITH_REASON and not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    from_state = request.state
    request.state = to_state
    save_validated(request, actor)
    _record(request, actor, from_state=from_state, to_state=to_state, reason=reason)
    # notify writes in this transaction and sends e-mail only once it commits.
    notifications.request_changed(request)
    return request


def _step(actor: AnyUser, request: Request, to_state: str, reason: str = "") -> Request:
    """A step that needs nothing but the actor's permission (and its reason, when due)."""
    _may_take(actor, request, to_state)
    return _move(request, actor, to_state=to_state, reason=reason)


@transaction.atomic
def request_submit(*, actor: AnyUser, request: Request) -> Request:
    return _step(actor, request, State.SUBMITTED)


@transaction.atomic
def request_accept(*, actor: AnyUser, request: Request) -> Request:
    return _step(actor, request, State.ACCEPTED)


@transaction.atomic
def request_return(*, actor: AnyUser, request: Request, reason: str) -> Request:
    return _step(actor, request, State.RETURNED, reason)


@transaction.atomic
def request_match(
    *,
    actor: AnyUser,
    request: Request,
    provider: Country,
    experts: Iterable[Expert] = (),
) -> Request:
    """The provider country (and the experts) agreed to help."""
    _may_take(actor, request, State.MATCHED)
    if provider.pk == request.requesting_country_id:
        raise ValidationError(
            {"provider_country": _("The provider must be another country than the requester.")}
        )
    experts = list(experts)
    declined = [str(expert) for expert in experts if not expert.is_available]
    if declined:
        raise ValidationError(
            {"experts": _("No longer on the roster: %(names)s.") % {"names": ", ".join(declined)}}
        )
    request.provider_country = provider
    _move(request, actor, to_state=State.MATCHED)
    request.experts.set([expert.person for expert in experts])
    return request


@transaction.atomic
def request_plan(
    *,
    actor: AnyUser,
    request: Request,
    start: datetime.date,
    end: datetime.date,
    agenda: str,
) -> Request:
    _may_take(actor, request, State.PLANNED)
    if end < start:
        raise ValidationError({"planned_end": _("The planned end cannot be before the start.")})
    request.planned_start, request.planned_end, request.agenda = start, end, agenda
    return _move(request, actor, to_state=State.PLANNED)


@transaction.atomic
def request_carry_out(*, actor: AnyUser, request: Request) -> Request:
    return _step(actor, request, State.CARRIED_OUT)


@transaction.atomic
def request_report(*, actor: AnyUser, request: Request, report: str) -> Request:
    """The provider's report of what was done."""
    _may_take(actor, request, State.REPORTED)
    if not report.strip():
        raise ValidationError({"report": _("Write the report.")})
    request.report = report.strip()
    return _move(request, actor, to_state=State.REPORTED)


@transaction.atomic
def request_close(*, actor: AnyUser, request: Request) -> Request:
    return _step(actor, request, State.CLOSED)


@transaction.atomic
def request_withdraw(*, actor: AnyUser, request: Request, reason: str) -> Request:
    return _step(actor, request, State.WITHDRAWN, reason)


@transaction.atomic
def request_decline(*, actor: AnyUser, request: Request, reason: str) -> Request:
    return _step(actor, request, State.DECLINED, reason)


# Evaluations ------------------------------------------------------------------------------


def _role_in(request: Request, actor: AnyUser) -> str:
    if actor.has_perm("cooperation.evaluate_request", request):
        return Evaluation.Role.REQUESTER
    if request.experts.filter(user=actor).exists():
        return Evaluation.Role.EXPERT
    return Evaluation.Role.PROVIDER


@transaction.atomic
def evaluation_answer(
    *,
    actor: AnyUser,
    request: Request,
    data: Mapping[str, Any],
    kind: str = Evaluation.Kind.SURVEY,
    is_demo: bool = False,
) -> Evaluation:
    """One respondent's survey (after the exchange) or follow-up (six months later).

    The requester's survey moves a reported request to evaluated.
    """
    authorise(actor, "cooperation.answer_survey", request)
    if request.state not in SURVEY_STATES:
        raise ValidationError(_("The survey opens once the provider has reported."))
    if Evaluation.objects.filter(request=request, respondent=actor, kind=kind).exists():
        raise ValidationError(_("You have already answered this survey."))
    fields = SURVEY_FIELDS if kind == Evaluation.Kind.SURVEY else FOLLOW_UP_FIELDS
    evaluation = apply_changes(Evaluation(), data, fields)
    evaluation.request, evaluation.respondent, evaluation.kind = request, actor, kind
    evaluation.role = _role_in(request, actor)
    evaluation.answered_at = timezone.now()
    evaluation.is_demo = is_demo
    save_validated(evaluation, actor)
    is_requester_survey = (
        kind == Evaluation.Kind.SURVEY and evaluation.role == Evaluation.Role.REQUESTER
    )
    if is_requester_survey and request.state == State.REPORTED:
        _move(request, actor, to_state=State.EVALUATED)
    return evaluation


# Offers -----------------------------------------------------------------------------------


def _link_offer(
    offer: Offer, practices: Iterable[Practice], software: Iterable[SoftwareEntry]
) -> None:
    practices = list(practices)
    if any(practice.country_id != offer.country_id for practice in practices):
        raise ValidationError({"practices": _("Link only the country's own practices.")})
    offer.practices.set(practices)
    offer.software.set(software)


@transaction.atomic
def offer_create(
    *,
    actor: AnyUser,
    country: Country,
    working_line: WorkingLine,
    data: Mapping[str, Any],
    dimension: Dimension | None = None,
    practices: Iterable[Practice] = (),
    software: Iterable[SoftwareEntry] = (),
    is_demo: bool = False,
) -> Offer:
    """A standing offer of the country, linked to its practices and software."""
    authorise(actor, "cooperation.add_offer", country)
    offer = apply_changes(Offer(), data, OFFER_FIELDS)
    offer.country, offer.working_line, offer.dimension = country, working_line, dimension
    offer.is_demo = is_demo
    save_validated(offer, actor)
    _link_offer(offer, practices, software)
    return offer


def _refuse_ended(offer: Offer) -> None:
    if offer.end is not None:
        raise ValidationError(
            _("This offer ended on %(date)s; an ended offer cannot be changed.")
            % {"date": format_date(offer.end)}
        )


@transaction.atomic
def offer_update(
    *,
    actor: AnyUser,
    offer: Offer,
    expected_version: int,
    working_line: WorkingLine,
    data: Mapping[str, Any],
    dimension: Dimension | None = None,
    practices: Iterable[Practice] = (),
    software: Iterable[SoftwareEntry] = (),
) -> Offer:
    """Change a current offer (its texts, topic, modalities, start and links) unless someone
    changed it since ``expected_version``. Ending it is :func:`offer_end`."""
    authorise(actor, "cooperation.change_offer", offer)
    _refuse_ended(offer)  # said first: an ended offer is not worth a retry
    current = locked_unchanged(
        offer,
        expected_version,
        _(
            "This offer was changed by someone else since you opened it. "
            "Review the current values and apply your change again."
        ),
    )
    _refuse_ended(current)  # ended since it was read
    apply_changes(current, data, OFFER_FIELDS - {"end"})
    current.working_line, current.dimension = working_line, dimension
    save_validated(current, actor)
    _link_offer(current, practices, software)
    offer.refresh_from_db()
    return offer


@transaction.atomic
def offer_end(*, actor: AnyUser, offer: Offer, on: datetime.date | None = None) -> Offer:
    """Stop offering (the offer stays in the record)."""
    authorise(actor, "cooperation.change_offer", offer)
    if offer.end is not None:
        raise ValidationError(_("This offer has already ended."))
    offer.end = on or timezone.localdate()
    return save_validated(offer, actor)


# The fund ---------------------------------------------------------------------------------


@transaction.atomic
def fund_budget_set(
    *,
    actor: AnyUser,
    year: int,
    currency: str,
    amount: Decimal,
    is_demo: bool = False,
) -> FundBudget:
    """The fund's budget for a year and currency (never below what it already committed)."""
    authorise(actor, "cooperation.manage_fund")
    currency = currency.strip().upper()
    budget = (
        FundBudget.objects.select_for_update().filter(year=year, currency=currency).first()
    ) or FundBudget(year=year, currency=currency, is_demo=is_demo)
    if budget.pk and amount < _committed(budget):
        raise ValidationError(
            {"amount": _("The budget cannot be less than what is already committed.")}
        )
    budget.amount = amount
    return save_validated(budget, actor)


def _committed(budget: FundBudget, request: Request | None = None) -> Decimal:
    entries = budget.entries.filter(kind=FundEntry.Kind.COMMITMENT)
    if request is not None:
        entries = entries.filter(request=request)
    return entries.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _spent(budget: FundBudget, request: Request) -> Decimal:
    entries = budget.entries.filter(kind=FundEntry.Kind.SPENDING, request=request)
    return entries.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _locked(budget: FundBudget) -> FundBudget:
    """The budget row, locked until the transaction ends: approvals and spending of one
    budget happen one at a time, so two at once can never both read the same balance."""
    return FundBudget.objects.select_for_update().get(pk=budget.pk)


def _record_entry(
    actor: AnyUser,
    request: Request,
    budget: FundBudget,
    kind: str,
    amount: Decimal,
    note: str,
    is_demo: bool,
) -> FundEntry:
    entry = FundEntry(
        budget=budget,
        request=request,
        kind=kind,
        amount=amount,
        note=note,
        recorded_by=actor if actor.is_authenticated else None,
        is_demo=is_demo,
    )
    return save_validated(entry, actor)


@transaction.atomic
def fund_approve(
    *,
    actor: AnyUser,
    request: Request,
    budget: FundBudget,
    amount: Decimal,
    note: str = "",
    is_demo: bool = False,
) -> FundEntry:
    """Commit part of the fund to a request; never beyond the budget's remaining balance.

    This is the one place the rule lives: the budget row is locked first, then the balance
    is read, so concurrent approvals queue behind each other instead of overspending.
    """
    authorise(actor, "cooperation.manage_fund", request)
    if request.state not in FUNDABLE_STATES:
        raise ValidationError(_("The fund pays only for accepted requests still under way."))
    budget = _locked(budget)
    balance = budget.amount - _committed(budget)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _(
                    "%(amount)s %(currency)s is more than the fund's remaining balance of "
                    "%(balance)s %(currency)s for %(year)s."
                )
                % {
                    "amount": format_number(amount, 2),
                    "currency": budget.currency,
                    "balance": format_number(balance, 2),
                    "year": budget.year,
                }
            }
        )
    return _record_entry(actor, request, budget, FundEntry.Kind.COMMITMENT, amount, note, is_demo)


@transaction.atomic
def fund_spend(
    *,
    actor: AnyUser,
    request: Request,
    budget: FundBudget,
    amount: Decimal,
    note: str = "",
    is_demo: bool = False,
) -> FundEntry:
    """Record money actually spent on a request, within what was committed to it."""
    authorise(actor, "cooperation.manage_fund", request)
    budget = _locked(budget)
    available = _committed(budget, request) - _spent(budget, request)
    if amount > available:
        raise ValidationError(
            {
                "amount": _(
                    "%(amount)s %(currency)s is more than the %(available)s %(currency)s "
                    "committed to this request and not yet spent."
                )
                % {
                    "amount": format_number(amount, 2),
                    "currency": budget.currency,
                    "available": format_number(available, 2),
                }
            }
        )
    return _record_entry(actor, request, budget, FundEntry.Kind.SPENDING, amount, note, is_demo)


# Experts and missions ---------------------------------------------------------------------


@transaction.atomic
def expert_add(
    *,
    actor: AnyUser,
    person: Person,
    working_lines: Iterable[WorkingLine] = (),
    indicators: Iterable[Indicator] = (),
    languages: list[str] | None = None,
    availability: str = "",
    is_external: bool = False,
    is_demo: bool = False,
) -> Expert:
    """Put a person of the directory (or an external expert) on the roster."""
    authorise(actor, "cooperation.add_expert")
    if Expert.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is already on the roster.")})
    expert = Expert(
        person=person,
        languages=languages or [],
        availability=availability,
        is_external=is_external,
        is_demo=is_demo,
    )
    save_validated(expert, actor)
    expert.working_lines.set(working_lines)
    expert.indicators.set(indicators)
    return expert


@transaction.atomic
def expert_decline(*, actor: AnyUser, expert: Expert) -> Expert:
    """The expert leaves the roster (kept in the record, no longer matched)."""
    authorise(actor, "cooperation.decline_expert", expert)
    if expert.declined_at is not None:
        raise ValidationError(_("This expert has already declined."))
    expert.declined_at = timezone.now()
    return save_validated(expert, actor)


def _save_mission(actor: AnyUser, mission: Mission) -> Mission:
    """Check the mission's dates and money, save it, and commit from the fund what its
    request's missions on the budget line take beyond what the fund committed to it."""
    if mission.start and mission.end and mission.end < mission.start:
        raise ValidationError({"end": _("The end date cannot be before the start date.")})
    line = mission.budget_line
    if line is None and mission.fund_share:
        raise ValidationError(
            {"budget_line": _("Choose the budget line that pays the fund share.")}
        )
    if line is not None and mission.currency != line.currency:
        raise ValidationError(
            {"currency": _("The mission's currency must be the budget line's currency.")}
        )
    save_validated(mission, actor)
    if line is not None:
        _fund_missions(actor, mission.request, line, is_demo=mission.is_demo)
    return mission


def _fund_missions(actor: AnyUser, request: Request, line: FundBudget, *, is_demo: bool) -> None:
    """The request's missions draw their fund shares on ``line`` from what the fund committed
    to the request there; what they take beyond it is committed now, or refused."""
    line = _locked(line)
    shares = request.missions.filter(budget_line=line).aggregate(total=Sum("fund_share"))
    beyond = (shares["total"] or Decimal(0)) - _committed(line, request)
    if beyond <= 0:
        return
    try:  # the fund's one rule (fund_approve) decides whether the balance allows it
        fund_approve(
            actor=actor,
            request=request,
            budget=line,
            amount=beyond,
            note=_("Fund share of the missions beyond the earlier commitment"),
            is_demo=is_demo,
        )
    except ValidationError as error:
        needs = _(
            "The missions' fund share needs %(amount)s %(currency)s more than the fund "
            "committed to this request."
        ) % {
            "amount": format_number(beyond, 2),
            "currency": line.currency,
        }
        raise ValidationError({"fund_share": [needs, *error.messages]}) from error


@transaction.atomic
def mission_create(
    *,
    actor: AnyUser,
    request: Request,
    expert: Expert,
    data: Mapping[str, Any],
    budget_line: FundBudget | None = None,
    is_demo: bool = False,
) -> Mission:
    """Who travels or connects for a matched or planned request, and what it costs."""
    authorise(actor, "cooperation.review_request", request)
    if request.state not in MISSION_STATES:
        raise ValidationError(_("Missions are arranged once a request is matched."))
    if not expert.is_available:
        raise ValidationError({"expert": _("This expert has left the roster.")})
    mission = apply_changes(Mission(), data, MISSION_FIELDS)
    mission.request, mission.expert, mission.budget_line = request, expert, budget_line
    mission.is_demo = is_demo
    return _save_mission(actor, mission)


@transaction.atomic
def mission_update(
    *,
    actor: AnyUser,
    mission: Mission,
    expected_version: int,
    expert: Expert,
    budget_line: FundBudget | None,
    data: Mapping[str, Any],
) -> Mission:
    """Change a mission (people, dates, agenda, costs, budget line) until the exchange is
    carried out, unless someone changed it since ``expected_version``."""
    authorise(actor, "cooperation.review_request", mission.request)
    current = locked_unchanged(
        mission,
        expected_version,
        _(
            "This mission was changed by someone else since you opened it. "
            "Review the current values and apply your change again."
        ),
    )
    if current.request.state not in MISSION_STATES:
        raise ValidationError(_("A mission can be changed only until the exchange is carried out."))
    if expert.pk != current.expert_id and not expert.is_available:
        raise ValidationError({"expert": _("This expert has left the roster.")})
    apply_changes(current, data, MISSION_FIELDS)
    current.expert, current.budget_line = expert, budget_line
    _save_mission(actor, current)
    mission.refresh_from_db()
    return mission


@transaction.atomic
def request_date_past(
    *, actor: AnyUser, request: Request, filed_at: datetime.datetime, step: datetime.timedelta
) -> Request:
    """Date a request recorded after the fact (cooperation run before it was on the platform):
    filed at ``filed_at``, each later step ``step`` after the one before."""
    authorise(actor, "cooperation.review_request", request)
    if filed_at > timezone.now():
        raise ValidationError({"filed_at": _("A request cannot be filed in the future.")})
    # As stored, locked: an edit or a step made since the caller read it is kept.
    request.refresh_from_db(from_queryset=Request.objects.select_for_update())
    request.created_at = filed_at
    save_validated(request, actor)
    for number, transition in enumerate(request.transitions.order_by("at", "pk")):
        transition.at = filed_at + number * step
        transition.full_clean()
        transition.save(update_fields=["at"])
    return request


# Follow-up reminders ----------------------------------------------------------------------


@transaction.atomic
def follow_up_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the people of each exchange carried out six months ago to answer the follow-up
    ("what changed?"), once per request; returns how many requests were reminded.

    Run by the task queue (``tasks.send_follow_up_reminders``); the e-mails go through the
    notification service, which sends them from the queue too.
    """
    now = now or timezone.now()
    carried_out = Transition.objects.filter(
        to_state=State.CARRIED_OUT, at__lte=now - FOLLOW_UP_AFTER
    ).values("request")
    # Locked so two runs at once remind each request once.
    due = (
        Request.objects.select_for_update()
        .filter(
            pk__in=carried_out,
            follow_up_reminded_at__isnull=True,
            state__in=(State.REPORTED, State.EVALUATED, State.CLOSED),
        )
        .order_by("pk")
    )
    reminded = 0
    for request in due:
        notifications.follow_up_due(request)
        request.follow_up_reminded_at = now
        request.save(update_fields=["follow_up_reminded_at"])
        reminded += 1
    return reminded
