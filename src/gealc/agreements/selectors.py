"""Reads of integration agreements: what a reader may see, an agreement's timeline, a
country's agreements, and the matrix of which pairs of countries recognise each other's
digital signatures (or exchange data) as it was at the end of a year.

The matrix is computed from the dated transitions and the parties' dates, never from the
current status alone, so the matrix of any past year is the one that held then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.agreements.models import (
    PUBLIC_STATUSES,
    Agreement,
    Party,
    Status,
    Transition,
    end_of_year,
)
from gealc.core.types import AnyUser
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Country

# The kinds the matrix shows: who recognises whose signatures, who exchanges data with whom.
MATRIX_KINDS = (Agreement.Kind.SIGNATURES, Agreement.Kind.DATA_EXCHANGE)


def agreements_visible(user: AnyUser) -> QuerySet[Agreement]:
    """Public agreements, and those still negotiating for their parties' members and the
    secretariat."""
    agreements = Agreement.objects.all()
    if network_rules.runs_the_network(user):
        return agreements
    own = network_selectors.countries_of_user(user)
    current = Party.objects.current().filter(country__in=own)
    return agreements.filter(Q(status__in=PUBLIC_STATUSES) | Q(parties__in=current)).distinct()


def agreement_list(
    user: AnyUser,
    *,
    kind: str | None = None,
    status: str | None = None,
    country: Country | None = None,
    year: int | None = None,
) -> QuerySet[Agreement]:
    """The agreements the user may read, optionally of a kind, a status, with a country as
    party (ever), or alive in a year (negotiating, signed or in force during it)."""
    agreements = agreements_visible(user)
    if kind:
        agreements = agreements.filter(kind=kind)
    if status:
        agreements = agreements.filter(status=status)
    if country is not None:
        agreements = agreements.filter(parties__country=country).distinct()
    if year is not None:
        agreements = agreements.filter(negotiation_start__lte=end_of_year(year)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1))
        )
    parties = Party.objects.select_related("country").order_by("start", "country__name")
    return agreements.prefetch_related(Prefetch("parties", queryset=parties))


def agreement_get(slug: str, user: AnyUser) -> Agreement:
    agreement = agreements_visible(user).filter(slug=slug).first()
    if agreement is None:
        raise Http404(_("No agreement to show here."))
    return agreement


def agreement_parties(agreement: Agreement) -> QuerySet[Party]:
    return agreement.parties.select_related("country").order_by("start", "country__name")


def agreement_timeline(agreement: Agreement) -> QuerySet[Transition]:
    return agreement.transitions.select_related("actor").order_by("date", "pk")


def country_agreements(user: AnyUser, country: Country) -> QuerySet[Agreement]:
    """The agreements the country is or was party to, that the user may read."""
    return agreement_list(user, country=country)


def agreement_years(user: AnyUser) -> list[int]:
    """From the first negotiation the reader may see to this year, newest first."""
    first = agreements_visible(user).order_by("negotiation_start").first()
    this_year = timezone.localdate().year
    start = first.negotiation_start.year if first else this_year
    return list(range(this_year, start - 1, -1))


def in_force_since(transitions: Sequence[Transition], day: datetime.date) -> datetime.date | None:
    """The day the agreement last entered into force on or before ``day``, if it was in force
    on ``day`` (transitions in date order); ``None`` when it was not."""
    since = None
    for transition in transitions:
        if transition.date > day:
            break
        since = transition.date if transition.to_status == Status.IN_FORCE else None
    return since


@dataclass(frozen=True)
class Cell:
    """A pair linked by an agreement in force, and since when both are bound by it."""

    agreement: Agreement
    since: datetime.date


@dataclass(frozen=True)
class Matrix:
    kind: str
    year: int
    day: datetime.date
    network_size: int  # the member countries of the network: the pairs there could be
    countries: list[Country] = field(default_factory=list)  # those linked to another one
    cells: dict[frozenset[int], Cell] = field(default_factory=dict)

    @property
    def linked_pairs(self) -> int:
        return len(self.cells)

    @property
    def possible_pairs(self) -> int:
        return self.network_size * (self.network_size - 1) // 2

    def cell(self, first: Country, second: Country) -> Cell | None:
        return self.cells.get(frozenset((first.pk, second.pk)))

    @property
    def rows(self) -> list[tuple[Country, list[Cell | None]]]:
        """Each linked country with its cell against every linked country (``None`` for
        itself and for a pair without agreement)."""
        return [
            (row, [None if row == col else self.cell(row, col) for col in self.countries])
            for row in self.countries
        ]

    @property
    def pairs(self) -> list[tuple[Country, Country, Cell]]:
        """The linked pairs, in the order of the countries."""
        return [
            (first, second, cell)
            for first, second in combinations(self.countries, 2)
            if (cell := self.cell(first, second)) is not None
        ]


def _parties_on(parties: Iterable[Party], day: datetime.date) -> list[Party]:
    return [p for p in parties if p.start <= day and (p.end is None or p.end >= day)]


def matrix(user: AnyUser, *, kind: str, year: int) -> Matrix:
    """Which pairs of countries were bound by an agreement of ``kind`` in force at the end of
    ``year``; a pair bound by several agreements shows the one binding it longest."""
    day = end_of_year(year)
    agreements = agreements_visible(user).filter(kind=kind, negotiation_start__lte=day)
    agreements = agreements.prefetch_related(
        Prefetch("transitions", queryset=Transition.objects.order_by("date", "pk")),
        Prefetch("parties", queryset=Party.objects.select_related("country")),
    )
    cells: dict[frozenset[int], Cell] = {}
    countries: dict[int, Country] = {}
    for agreement in agreements:
        since = in_force_since(list(agreement.transitions.all()), day)
        if since is None:
            continue
        bound = _parties_on(agreement.parties.all(), day)
        for first, second in combinations(bound, 2):
            cell = Cell(agreement, max(since, first.start, second.start))
            key = frozenset((first.country_id, second.country_id))
            if key not in cells or cell.since < cells[key].since:
                cells[key] = cell
            countries.update({first.country_id: first.country, second.country_id: second.country})
    members = Country.objects.filter(membership=Country.Membership.MEMBER).count()
    ordered = sorted(countries.values(), key=lambda country: country.name)
    return Matrix(kind, year, day, max(members, len(ordered)), ordered, cells)
