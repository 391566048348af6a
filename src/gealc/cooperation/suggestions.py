"""Partner suggestions for a request, from the network's own evidence.

Two steps, so the rule can be checked by hand: :func:`gather` reads the evidence about every
other country (published runs with their rank intervals, published practices and public
software in the topic, standing offers, past evaluations) into plain :class:`Evidence`;
:func:`rank` scores and explains it without touching the database.

The rank-interval rule: a country is called *ahead* of the requester on a node only when its
whole rank interval (5th to 95th percentile of the uncertainty analysis) is better than the
requester's; when the intervals overlap the data cannot tell them apart, and the suggestion
never says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.cooperation import selectors
from gealc.cooperation.models import Request
from gealc.core import l10n
from gealc.knowledge.models import Practice, SoftwareEntry
from gealc.network.models import Country
from gealc.observatory import selectors as observatory_selectors

SHOWN = 5
# Public software in a working line's topic, by publiccode.yml category.
LINE_CATEGORIES = {
    "digital-identity": {"identity-management", "e-signature"},
    "interoperability": {"workflow-management", "document-management", "it-development"},
    "open-data": {"data-analytics", "data-collection", "data-visualization"},
    "cybersecurity": {"it-security", "identity-management", "backup"},
    "measurement": {"data-analytics", "survey", "business-intelligence"},
    "emerging-technologies": {"predictive-analysis", "data-analytics"},
    "innovation": {"digital-citizenship", "online-booking", "appointment-scheduling"},
}
GOOD_SATISFACTION = 4.0
IMPROVERS = 3
POINTS = {"ahead": 3, "improved": 2, "practice": 1, "software": 1, "offer": 2, "rated": 2}


@dataclass(frozen=True)
class Interval:
    rank: int
    low: float
    high: float

    @classmethod
    def of(cls, row: observatory_selectors.Ranked) -> Interval | None:
        if row.rank is None:
            return None
        low = row.rank_q05 if row.rank_q05 is not None else row.rank
        high = row.rank_q95 if row.rank_q95 is not None else row.rank
        return cls(row.rank, low, high)


def is_clearly_ahead(candidate: Interval, requester: Interval | None) -> bool:
    """Ahead only when the candidate's whole interval is better than the requester's (a
    requester without a rank is behind every ranked country's first places: top three)."""
    if requester is None:
        return candidate.rank <= 3 and candidate.high <= 3
    return candidate.high < requester.low


@dataclass(frozen=True)
class Standing:
    node: str
    year: int
    interval: Interval


@dataclass(frozen=True)
class Improvement:
    node: str
    change: float
    since: int


@dataclass
class Evidence:
    country: Country
    ahead: list[Standing] = field(default_factory=list)
    improved: list[Improvement] = field(default_factory=list)
    practices: int = 0
    software: int = 0
    offers: list[str] = field(default_factory=list)
    satisfaction: tuple[float, int] | None = None
    preferred: bool = False


@dataclass(frozen=True)
class Suggestion:
    country: Country
    points: int
    reasons: list[str]

    @property
    def line(self) -> str:
        return _("%(country)s: %(reasons)s") % {
            "country": self.country.name,
            "reasons": ", ".join(self.reasons),
        }


# Scoring and explaining (no database) ------------------------------------------------------


def _range(interval: Interval) -> str:
    low, high = round(interval.low), round(interval.high)
    return str(low) if low == high else f"{low}\u2013{high}"


def _reasons(evidence: Evidence) -> list[str]:
    reasons = [
        _("rank %(rank)s in %(node)s %(year)s (interval %(range)s)")
        % {
            "rank": s.interval.rank,
            "node": s.node,
            "year": s.year,
            "range": _range(s.interval),
        }
        for s in evidence.ahead
    ]
    reasons += [
        _("improved %(node)s by %(change)s points since %(year)s")
        % {"node": i.node, "change": l10n.format_number(i.change, 1), "year": i.since}
        for i in evidence.improved
    ]
    if evidence.practices:
        reasons.append(
            ngettext("%(count)d practice", "%(count)d practices", evidence.practices)
            % {"count": evidence.practices}
        )
    if evidence.software:
        reasons.append(
            ngettext("%(count)d public software", "%(count)d public software", evidence.software)
            % {"count": evidence.software}
        )
    reasons += [_("offers “%(title)s”") % {"title": title} for title in evidence.offers]
    if evidence.satisfaction is not None:
        mean, count = evidence.satisfaction
        reasons.append(
            ngettext(
                "rated %(mean)s/5 as provider (%(count)d evaluation)",
                "rated %(mean)s/5 as provider (%(count)d evaluations)",
                count,
            )
            % {"mean": l10n.format_number(mean, 1), "count": count}
        )
    if evidence.preferred:
        reasons.append(_("named by the requester"))
    return reasons


def points(evidence: Evidence) -> int:
    rated = evidence.satisfaction is not None and evidence.satisfaction[0] >= GOOD_SATISFACTION
    return (
        POINTS["ahead"] * len(evidence.ahead)
        + POINTS["improved"] * len(evidence.improved)
        + POINTS["practice"] * min(evidence.practices, 3)
        + POINTS["software"] * min(evidence.software, 2)
        + POINTS["offer"] * min(len(evidence.offers), 1)
        + (POINTS["rated"] if rated else 0)
        + (1 if evidence.preferred else 0)
    )


def rank(evidence: list[Evidence], shown: int = SHOWN) -> list[Suggestion]:
    """The countries with any evidence, most points first (then by name, for a stable order)."""
    scored = [
        Suggestion(item.country, points(item), _reasons(item))
        for item in evidence
        if points(item) > 0
    ]
    scored.sort(key=lambda s: (-s.points, s.country.name, s.country.iso3))
    return scored[:shown]


# Reading the evidence ---------------------------------------------------------------------


def _standings(request: Request, evidence: dict[int, Evidence]) -> None:
    run = observatory_selectors.latest_published_run()
    if run is None:
        return
    names, year = selectors.node_names(run), run.round.reference_year
    for node in selectors.nodes_of(request, run):
        rows = observatory_selectors.ranking(run, node)
        by_iso = {row.iso3: row for row in rows}
        own = by_iso.get(request.requesting_country.iso3)
        requester = Interval.of(own) if own else None
        for row in rows:
            interval = Interval.of(row)
            candidate = _evidence_for(evidence, row.iso3)
            if interval and candidate and is_clearly_ahead(interval, requester):
                candidate.ahead.append(Standing(names[node], year, interval))


def _improvements(request: Request, evidence: dict[int, Evidence]) -> None:
    runs = observatory_selectors.current_runs()
    if len(runs) < 2:
        return
    before, after = runs[-2], runs[-1]
    names = selectors.node_names(after)
    old = observatory_selectors.scores_by_country(before)
    new = observatory_selectors.scores_by_country(after)
    for node in selectors.nodes_of(request, after):
        changes = [
            (new[iso][node] - old[iso][node], iso)
            for iso in new
            if node in new[iso] and node in old.get(iso, {})
        ]
        best = sorted((c for c in changes if c[0] > 0), key=lambda c: (-c[0], c[1]))
        for change, iso in best[:IMPROVERS]:
            candidate = _evidence_for(evidence, iso)
            if candidate:
                since = before.round.reference_year
                candidate.improved.append(Improvement(names[node], change, since))


def _evidence_for(evidence: dict[int, Evidence], iso3: str) -> Evidence | None:
    return next((e for e in evidence.values() if e.country.iso3 == iso3), None)


def _knowledge(request: Request, evidence: dict[int, Evidence]) -> None:
    topic = Q(tags__kind="working_line", tags__slug=request.working_line.slug)
    if request.dimension_id:
        topic |= Q(tags__kind="dimension", tags__slug__iexact=request.dimension.code)
    practices = Practice.objects.filter(topic, state=Practice.State.PUBLISHED).distinct()
    for country_id in practices.values_list("country_id", flat=True):
        if country_id in evidence:
            evidence[country_id].practices += 1
    software = SoftwareEntry.objects.filter(
        state=SoftwareEntry.State.PUBLISHED, country__isnull=False
    )
    categories = LINE_CATEGORIES.get(request.working_line.slug)
    for country_id, listed in software.values_list("country_id", "categories"):
        if country_id in evidence and (categories is None or set(listed or []) & categories):
            evidence[country_id].software += 1


def gather(request: Request) -> list[Evidence]:
    """What the network knows about every other member country, for this request's topic."""
    countries = Country.objects.exclude(pk=request.requesting_country_id).order_by("name")
    evidence = {country.pk: Evidence(country) for country in countries}
    _standings(request, evidence)
    _improvements(request, evidence)
    _knowledge(request, evidence)
    for offer in selectors.current_offers().filter(working_line=request.working_line):
        if offer.country_id in evidence:
            evidence[offer.country_id].offers.append(offer.title)
    ratings = selectors.mean_satisfaction_as_provider()
    for country_id, rating in ratings.items():
        if country_id in evidence:
            evidence[country_id].satisfaction = rating
    for country_id in request.preferred_partners.values_list("pk", flat=True):
        if country_id in evidence:
            evidence[country_id].preferred = True
    return list(evidence.values())


def suggest(request: Request, shown: int = SHOWN) -> list[Suggestion]:
    """The countries best placed to help with the request, each with its reasons."""
    return rank(gather(request), shown)
