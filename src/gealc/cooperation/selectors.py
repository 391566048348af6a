"""Reads of cooperation used by pages, the API and the continuity dossier.

What a viewer may read follows ``rules.py``: the public reads the public parts of requests
the secretariat accepted and the offers; members of the network read the rest but drafts,
which stay with their country and the secretariat.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from gealc.cooperation.models import (
    HELPED_STATES,
    PUBLIC_STATES,
    Evaluation,
    Expert,
    FundBudget,
    FundEntry,
    Mission,
    Offer,
    Request,
    State,
)
from gealc.core.types import AnyUser
from gealc.network import selectors as network_selectors
from gealc.network.models import Country
from gealc.observatory import selectors as observatory_selectors
from gealc.observatory.models import IndexRun

MAX_ID = 2**31 - 1


def requests_visible_to(viewer: AnyUser) -> QuerySet[Request]:
    requests = Request.objects.select_related(
        "requesting_country", "provider_country", "working_line", "practice"
    )
    if viewer.has_perm("cooperation.review_request"):
        return requests
    own = network_selectors.countries_of_user(viewer)
    if viewer.has_perm("cooperation.view_personal_data"):  # a member of the network
        return requests.filter(~Q(state=State.DRAFT) | Q(requesting_country__in=own))
    return requests.filter(state__in=sorted(PUBLIC_STATES))


def request_list(
    viewer: AnyUser,
    *,
    country: str | None = None,
    state: str | None = None,
    working_line: str | None = None,
    modality: str | None = None,
    practice: str | None = None,
    year: int | None = None,
) -> QuerySet[Request]:
    """The requests the viewer may read, filtered by the given criteria (ISO3, slugs …)."""
    requests = requests_visible_to(viewer)
    if country:
        requests = requests.filter(
            Q(requesting_country__iso3=country.upper()) | Q(provider_country__iso3=country.upper())
        )
    if state:
        requests = requests.filter(state=state)
    if working_line:
        requests = requests.filter(working_line__slug=working_line)
    if modality:
        requests = requests.filter(modality=modality)
    if practice:
        requests = requests.filter(practice__slug=practice)
    if year:
        requests = requests.filter(created_at__year=year)
    return requests


def request_get_visible(pk: Any, viewer: AnyUser) -> Request:
    """A request the viewer may read, or ``Request.DoesNotExist``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Request.DoesNotExist from None
    if not 0 < pk < MAX_ID:
        raise Request.DoesNotExist
    return requests_visible_to(viewer).get(pk=pk)


def requests_of_country(country: Country, viewer: AnyUser) -> QuerySet[Request]:
    return requests_visible_to(viewer).filter(requesting_country=country)


def requests_provided_by(country: Country, viewer: AnyUser) -> QuerySet[Request]:
    return requests_visible_to(viewer).filter(provider_country=country)


def secretariat_queue() -> QuerySet[Request]:
    """Requests waiting for the secretariat, oldest first."""
    waiting = (State.SUBMITTED, State.ACCEPTED, State.MATCHED, State.EVALUATED)
    return (
        Request.objects.filter(state__in=waiting)
        .select_related("requesting_country", "working_line", "provider_country")
        .order_by("created_at", "pk")
    )


def current_offers(*, country: str | None = None, working_line: str | None = None) -> QuerySet:
    today = timezone.localdate()
    offers = (
        Offer.objects.filter(Q(end__isnull=True) | Q(end__gte=today), start__lte=today)
        .select_related("country", "working_line")
        .prefetch_related("practices", "software")
    )
    if country:
        offers = offers.filter(country__iso3=country.upper())
    if working_line:
        offers = offers.filter(working_line__slug=working_line)
    return offers


def offer_get(pk: int) -> Offer:
    """Any offer, current, ended or not yet started (``Offer.DoesNotExist`` if none)."""
    return Offer.objects.select_related("country", "working_line").get(pk=pk)


def mission_get(pk: int) -> Mission:
    """A mission with its request and expert (``Mission.DoesNotExist`` if none)."""
    return Mission.objects.select_related("request", "expert__person", "budget_line").get(pk=pk)


def experts_available() -> QuerySet[Expert]:
    return (
        Expert.objects.filter(declined_at__isnull=True)
        .select_related("person")
        .prefetch_related("working_lines")
    )


# The fund ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundLine:
    budget: FundBudget
    committed: Decimal
    spent: Decimal

    @property
    def balance(self) -> Decimal:
        return self.budget.amount - self.committed


def fund_lines(year: int | None = None) -> list[FundLine]:
    budgets = FundBudget.objects.annotate(
        committed=Sum("entries__amount", filter=Q(entries__kind=FundEntry.Kind.COMMITMENT)),
        spent=Sum("entries__amount", filter=Q(entries__kind=FundEntry.Kind.SPENDING)),
    )
    if year is not None:
        budgets = budgets.filter(year=year)
    return [FundLine(b, b.committed or Decimal(0), b.spent or Decimal(0)) for b in budgets]


def fund_of_request(request: Request) -> QuerySet[FundEntry]:
    return request.fund_entries.select_related("budget", "recorded_by")


# Evaluations ------------------------------------------------------------------------------


def mean_satisfaction_as_provider() -> dict[int, tuple[float, int]]:
    """``{country id: (mean satisfaction of requesters, answers)}`` for providers."""
    answers = Evaluation.objects.filter(
        kind=Evaluation.Kind.SURVEY,
        role=Evaluation.Role.REQUESTER,
        satisfaction__isnull=False,
        request__provider_country__isnull=False,
    ).values_list("request__provider_country_id", "satisfaction")
    totals: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    for country, satisfaction in answers:
        totals[country] += satisfaction
        counts[country] += 1
    return {country: (totals[country] / counts[country], counts[country]) for country in counts}


def helped_requests() -> QuerySet[Request]:
    """Requests where help was given (carried out or later), public by then."""
    return Request.objects.filter(state__in=sorted(HELPED_STATES)).select_related(
        "requesting_country", "provider_country"
    )


# The picture ------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearNumbers:
    year: int
    requests: int
    modalities: dict[str, int]
    countries_received: int
    countries_gave: int
    fund_spent: dict[str, Decimal]


def numbers_by_year() -> list[YearNumbers]:
    """Public numbers per year of filing: requests past acceptance, their modalities, the
    countries that received and gave help, and the fund spent on them (per currency)."""
    public = Request.objects.filter(state__in=sorted(PUBLIC_STATES))
    rows = public.values_list(
        "created_at__year", "modality", "requesting_country_id", "provider_country_id", "state"
    )
    by_year: dict[int, dict[str, Any]] = {}
    for year, modality, requester, provider, state in rows:
        numbers = by_year.setdefault(
            year, {"requests": 0, "modalities": Counter(), "received": set(), "gave": set()}
        )
        numbers["requests"] += 1
        numbers["modalities"][modality] += 1
        if state in HELPED_STATES and provider is not None:
            numbers["received"].add(requester)
            numbers["gave"].add(provider)
    spent = (
        FundEntry.objects.filter(kind=FundEntry.Kind.SPENDING, request__in=public)
        .values_list("request__created_at__year", "budget__currency")
        .annotate(total=Sum("amount"))
    )
    money: dict[int, dict[str, Decimal]] = {}
    for year, currency, total in spent:
        money.setdefault(year, {})[currency] = total
    return [
        YearNumbers(
            year=year,
            requests=numbers["requests"],
            modalities=dict(sorted(numbers["modalities"].items())),
            countries_received=len(numbers["received"]),
            countries_gave=len(numbers["gave"]),
            fund_spent=money.get(year, {}),
        )
        for year, numbers in sorted(by_year.items())
    ]


@dataclass(frozen=True)
class Edge:
    provider: Country
    receiver: Country
    count: int


def who_helped_whom() -> list[Edge]:
    """Provider → receiver pairs of help given (carried out or later), most first."""
    pairs = Counter(
        (r.provider_country, r.requesting_country)
        for r in helped_requests()
        if r.provider_country is not None
    )
    edges = [Edge(provider, receiver, count) for (provider, receiver), count in pairs.items()]
    return sorted(edges, key=lambda e: (-e.count, e.provider.name, e.receiver.name))


# The outcome link -------------------------------------------------------------------------


def nodes_of(request: Request, run: IndexRun) -> list[str]:
    """The run's nodes the request is about: its indicators, else its dimension, else its
    working line's dimension."""
    known = {node.code for node in observatory_selectors.run_nodes(run)}
    codes = [indicator.code for indicator in request.indicators.all()]
    if not codes and request.dimension_id:
        codes = [request.dimension.code]
    if not codes and request.working_line.dimension_code:
        codes = [request.working_line.dimension_code]
    return [code for code in codes if code in known]


def node_names(run: IndexRun) -> dict[str, str]:
    return {node.code: node.name for node in observatory_selectors.run_nodes(run)}


def request_outcome(request: Request) -> list[Outcome]:
    """The requester's scores on the request's nodes before and after the exchange."""
    if request.state not in HELPED_STATES:
        return []
    run = observatory_selectors.latest_published_run()
    if run is None:
        return []
    return outcome_of(request, nodes_of(request, run), node_names(run))


@dataclass(frozen=True)
class Outcome:
    """The requester's measured score on a node before and after the exchange (a fact)."""

    node: str
    before_year: int
    before: float
    after_year: int
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def outcome_of(request: Request, nodes: list[str], names: dict[str, str]) -> list[Outcome]:
    """For an exchange carried out, the requester's scores on the nodes in the last published
    run of a year before it and in the latest run of a later year (none if either is missing)."""
    carried = request.transitions.filter(to_state=State.CARRIED_OUT).first()
    if carried is None:
        return []
    runs = observatory_selectors.current_runs()
    year = carried.at.year
    earlier = [run for run in runs if run.round.reference_year < year]
    later = [run for run in runs if run.round.reference_year >= year]
    if not earlier or not later:
        return []
    before, after = earlier[-1], later[-1]
    iso3 = request.requesting_country.iso3
    old = observatory_selectors.scores_by_country(before).get(iso3, {})
    new = observatory_selectors.scores_by_country(after).get(iso3, {})
    return [
        Outcome(
            names.get(node, node),
            before.round.reference_year,
            old[node],
            after.round.reference_year,
            new[node],
        )
        for node in nodes
        if node in old and node in new
    ]
