"""Reads of published results for the pages, the API and the downloads.

Everything here reads stored rows (never the engine), so a page costs a few queries. Functions
take a run (usually ``latest_published_run()``) and return plain dataclasses. Unknown runs,
countries and indicators raise ``IndexRun.DoesNotExist``, ``Country.DoesNotExist`` and
``Indicator.DoesNotExist``: views answer 404.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from scipy import stats

from gealc.core.types import AnyUser
from gealc.measurement.models import Indicator, Round, Submission
from gealc.network.models import Country
from gealc.observatory.models import EgdiValue, IndexRun, RunInput, RunScore

PUBLIC_STATUSES = (IndexRun.Status.PUBLISHED, IndexRun.Status.SUPERSEDED)
MIN_COMPARED, MAX_COMPARED = 2, 6
SIMILAR_COUNT = 3
MAX_ID = 2**63
CODE = re.compile(r"[a-z][a-z0-9_]{0,62}")


# Runs -------------------------------------------------------------------------------------


def published_runs(*, include_superseded: bool = True) -> QuerySet[IndexRun]:
    statuses = PUBLIC_STATUSES if include_superseded else (IndexRun.Status.PUBLISHED,)
    return _with_lineage(
        IndexRun.objects.filter(status__in=statuses)
        .select_related("round", "framework_version", "corrects")
        .order_by("-round__reference_year", "-published_at", "-pk")
    )


def _with_lineage(runs: QuerySet[IndexRun]) -> QuerySet[IndexRun]:
    """Each run with ``current_run_id`` (its round's current publication) and
    ``superseded_by_id`` (the published correction that replaced it), both None when none."""
    current = IndexRun.objects.filter(round=OuterRef("round"), status=IndexRun.Status.PUBLISHED)
    replacing = IndexRun.objects.filter(corrects=OuterRef("pk"), status__in=PUBLIC_STATUSES)
    return runs.annotate(
        current_run_id=Subquery(current.values("pk")[:1]),
        superseded_by_id=Subquery(replacing.values("pk")[:1]),
    )


def runs_visible_to(user: AnyUser) -> QuerySet[IndexRun]:
    """Published runs for everyone; previews too for the secretariat and administrators."""
    if user.has_perm("observatory.view_preview"):
        return _with_lineage(
            IndexRun.objects.select_related("round", "framework_version", "corrects")
        )
    return published_runs()


def run_get(pk: Any, user: AnyUser | None = None) -> IndexRun:
    """A run the user may read (the public: published ones) or ``IndexRun.DoesNotExist``."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise IndexRun.DoesNotExist from None
    if not 0 < pk < MAX_ID:  # beyond a database integer: no such run, not an overflow
        raise IndexRun.DoesNotExist
    runs = runs_visible_to(user) if user is not None else published_runs()
    return runs.get(pk=pk)


def latest_published_run() -> IndexRun | None:
    """The current publication of the most recent round that has one."""
    return published_runs(include_superseded=False).first()


@dataclass(frozen=True)
class Publications:
    """A round's publications: the current run (None before the first is published) and
    the earlier ones that corrections superseded, newest first."""

    current: IndexRun | None
    superseded: list[IndexRun]


def round_publications(run: IndexRun) -> Publications:
    runs = list(published_runs().filter(round_id=run.round_id))
    return Publications(
        current=next((r for r in runs if r.is_published), None),
        superseded=[r for r in runs if r.is_superseded],
    )


def current_runs() -> list[IndexRun]:
    """The current publication of every round, oldest round first (for trends)."""
    runs = published_runs(include_superseded=False).order_by("round__reference_year")
    return list(runs)


# Structure of a run -----------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    level: int
    parent: str | None
    weight: float
    unit: str = ""
    direction: int = 1
    goalposts: tuple[float, float] | None = None  # an indicator's declared scale


def _goalposts(raw: Any) -> tuple[float, float] | None:
    """A node's goalposts as the spec writes them: ``[low, high]`` or ``{low, high, …}``."""
    if isinstance(raw, dict):
        raw = [raw.get("low"), raw.get("high")]
    if isinstance(raw, list | tuple) and len(raw) == 2 and None not in raw:
        return (float(raw[0]), float(raw[1]))
    return None


def run_nodes(run: IndexRun) -> list[Node]:
    """The run's framework nodes from its stored spec, index first, then dimensions, then
    indicators (each level in spec order)."""
    nodes = [
        Node(
            code=item["code"],
            name=item.get("name") or item["code"],
            level=int(item.get("level", 1)),
            parent=item.get("parent"),
            weight=float(item.get("weight", 1.0)),
            unit=item.get("unit", ""),
            direction=int(item.get("direction", 1)),
            goalposts=_goalposts(item.get("goalposts")),
        )
        for item in run.spec.get("nodes", [])
    ]
    return sorted(nodes, key=lambda node: -node.level)


def root_code(run: IndexRun) -> str:
    return run_nodes(run)[0].code


def dimension_codes(run: IndexRun) -> list[str]:
    root = root_code(run)
    return [node.code for node in run_nodes(run) if node.parent == root]


# Ranking and breakdown --------------------------------------------------------------------


@dataclass(frozen=True)
class Ranked:
    iso3: str
    name: str
    subregion: str
    score: float | None
    rank: int | None
    rank_median: float | None
    rank_q05: float | None
    rank_q95: float | None
    score_q05: float | None
    score_q95: float | None


def run_scores(run: IndexRun) -> QuerySet[RunScore]:
    return run.scores.select_related("country").order_by("-level", "node", "rank", "country__iso3")


def ranking(run: IndexRun, node: str | None = None) -> list[Ranked]:
    """Countries by rank at ``node`` (the index by default), missing scores last."""
    code = node or root_code(run)
    rows = run.scores.filter(node=code).select_related("country")
    ranked = [_ranked(row) for row in rows]
    return sorted(ranked, key=lambda r: (r.rank is None, r.rank or 0, r.iso3))


def _ranked(row: RunScore) -> Ranked:
    return Ranked(
        iso3=row.country.iso3,
        name=row.country.name,
        subregion=row.country.subregion,
        score=row.score,
        rank=row.rank,
        rank_median=row.rank_median,
        rank_q05=row.rank_q05,
        rank_q95=row.rank_q95,
        score_q05=row.score_q05,
        score_q95=row.score_q95,
    )


def scores_by_country(run: IndexRun, level: int | None = None) -> dict[str, dict[str, float]]:
    """``{iso3: {node: score}}`` (missing scores left out)."""
    rows = run.scores.filter(score__isnull=False)
    if level is not None:
        rows = rows.filter(level=level)
    table: dict[str, dict[str, float]] = defaultdict(dict)
    for iso3, node, score in rows.values_list("country__iso3", "node", "score"):
        table[iso3][node] = score
    return dict(table)


def dimension_breakdown(run: IndexRun) -> dict[str, dict[str, float]]:
    """Every country's dimension scores: ``{iso3: {dimension: score}}``."""
    dimensions = set(dimension_codes(run))
    return {
        iso3: {code: score for code, score in scores.items() if code in dimensions}
        for iso3, scores in scores_by_country(run).items()
    }


@dataclass(frozen=True)
class Average:
    group: str  # "region" or a subregion code
    label: str
    node: str
    mean: float | None
    median: float | None
    count: int


def regional_averages(run: IndexRun) -> list[Average]:
    """Mean and median of every aggregate (index and dimensions) over the region and each
    subregion."""
    aggregates = [node.code for node in run_nodes(run) if node.level > 1]
    rows = run.scores.filter(node__in=aggregates, score__isnull=False).values_list(
        "node", "score", "country__subregion"
    )
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for node, score, subregion in rows:
        groups[("region", node)].append(score)
        groups[(subregion, node)].append(score)
    labels = dict(Country.Subregion.choices)
    labels["region"] = _("The whole network")
    return [
        Average(
            group=group,
            label=str(labels.get(group, group)),
            node=node,
            mean=statistics.fmean(values) if values else None,
            median=statistics.median(values) if values else None,
            count=len(values),
        )
        for (group, node), values in sorted(groups.items(), key=lambda item: item[0])
    ]


# Trends and history -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: int
    run_id: int
    iso3: str
    score: float | None
    rank: int | None


def trend(node: str | None = None, iso3: str | None = None) -> list[TrendPoint]:
    """Scores at ``node`` (each run's index by default) across the current run of every round;
    ``iso3`` keeps one country."""
    points: list[TrendPoint] = []
    for run in current_runs():
        code = node or root_code(run)
        rows = run.scores.filter(node=code).select_related("country")
        if iso3:
            rows = rows.filter(country__iso3=iso3.upper())
        points.extend(
            TrendPoint(run.round.reference_year, run.pk, row.country.iso3, row.score, row.rank)
            for row in rows.order_by("country__iso3")
        )
    return points


# Country profile --------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    node: str
    name: str
    score: float
    regional_median: float
    difference: float


@dataclass(frozen=True)
class Similar:
    iso3: str
    name: str
    distance: float


@dataclass
class CountryProfile:
    run: IndexRun
    country: Country
    index: Ranked
    scores: dict[str, RunScore]
    strengths: list[Difference]
    weaknesses: list[Difference]
    similar: list[Similar]
    history: list[TrendPoint]
    egdi: list[EgdiValue]
    inputs: list[RunInput] = field(default_factory=list)


def country_in_run(run: IndexRun, iso3: str) -> Country:
    """The country if it has scores in the run, else ``Country.DoesNotExist``."""
    code = (iso3 or "").strip().upper()
    if len(code) != 3 or not (code.isascii() and code.isalpha()):
        raise Country.DoesNotExist
    return Country.objects.filter(iso3=code, index_scores__run=run).distinct().get()


def country_profile(run: IndexRun, iso3: str) -> CountryProfile:
    country = country_in_run(run, iso3)
    rows = {row.node: row for row in run.scores.filter(country=country).select_related("country")}
    differences = _differences(run, country.iso3)
    return CountryProfile(
        run=run,
        country=country,
        index=_ranked(rows[root_code(run)]),
        scores=rows,
        strengths=[d for d in differences if d.difference > 0],
        weaknesses=sorted((d for d in differences if d.difference < 0), key=lambda d: d.difference),
        similar=similar_countries(run, country.iso3),
        history=trend(iso3=country.iso3),
        egdi=list(EgdiValue.objects.filter(iso3=country.iso3).order_by("year")),
        inputs=list(run.inputs.filter(country=country).order_by("kind", "code")),
    )


def _differences(run: IndexRun, iso3: str) -> list[Difference]:
    """Each dimension's score against the regional median, strongest first."""
    names = {node.code: node.name for node in run_nodes(run)}
    breakdown = dimension_breakdown(run)
    own = breakdown.get(iso3, {})
    result = []
    for code in dimension_codes(run):
        column = [scores[code] for scores in breakdown.values() if code in scores]
        if code not in own or not column:
            continue
        median = statistics.median(column)
        result.append(Difference(code, names[code], own[code], median, own[code] - median))
    return sorted(result, key=lambda d: -d.difference)


def similar_countries(run: IndexRun, iso3: str, count: int = SIMILAR_COUNT) -> list[Similar]:
    """The nearest countries by Euclidean distance over the dimension scores they share."""
    breakdown = dimension_breakdown(run)
    own = breakdown.get(iso3, {})
    # Through the countries, not values_list("country__name"), which reads the Spanish column.
    names = {
        score.country.iso3: score.country.name
        for score in run.scores.filter(node=root_code(run)).select_related("country")
    }
    distances = []
    for other, scores in breakdown.items():
        shared = [code for code in own if code in scores]
        if other == iso3 or not shared:
            continue
        distance = math.sqrt(sum((own[code] - scores[code]) ** 2 for code in shared))
        distances.append(Similar(other, names.get(other, other), distance))
    return sorted(distances, key=lambda s: (s.distance, s.iso3))[:count]


# Benchmark --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correlation:
    year: int
    count: int
    pearson: float | None
    spearman: float | None
    pairs: list[tuple[str, float, float]]  # iso3, index score, EGDI


def egdi_year_for(run: IndexRun) -> int | None:
    """The EGDI edition nearest the run's reference year, not after it when possible."""
    years = sorted(set(EgdiValue.objects.values_list("year", flat=True)))
    if not years:
        return None
    earlier = [y for y in years if y <= run.round.reference_year]
    return earlier[-1] if earlier else years[0]


def egdi_correlation(run: IndexRun, year: int | None = None) -> Correlation | None:
    """Pearson and Spearman correlation of the run's index with the UN EGDI across the
    countries that have both."""
    year = year or egdi_year_for(run)
    if year is None:
        return None
    egdi = dict(EgdiValue.objects.filter(year=year).values_list("iso3", "egdi"))
    index = run.scores.filter(node=root_code(run), score__isnull=False)
    pairs = [
        (iso3, score, egdi[iso3])
        for iso3, score in index.values_list("country__iso3", "score").order_by("country__iso3")
        if iso3 in egdi
    ]
    pearson = spearman = None
    if len(pairs) >= 3:
        xs, ys = [p[1] for p in pairs], [p[2] for p in pairs]
        pearson = _finite(stats.pearsonr(xs, ys).statistic)
        spearman = _finite(stats.spearmanr(xs, ys).statistic)
    return Correlation(year, len(pairs), pearson, spearman, pairs)


def _finite(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def egdi_values(
    *, iso3: str | None = None, year: int | None = None, members_only: bool = False
) -> QuerySet[EgdiValue]:
    values = EgdiValue.objects.all()
    if iso3:
        values = values.filter(iso3=iso3.upper())
    if year is not None:
        values = values.filter(year=year)
    if members_only:
        values = values.filter(iso3__in=Country.objects.values("iso3"))
    return values.order_by("-year", "egdi_rank", "iso3")


# Comparison -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    country: Country
    scores: dict[str, float | None]
    rank: int | None
    rank_q05: float | None
    rank_q95: float | None
    history: list[TrendPoint]


def parse_countries(text: str | list[str] | None) -> list[str]:
    """``"BRA,URY"`` (or a list) → ``["BRA", "URY"]``; 2 to 6 distinct codes, else a
    ValidationError on ``countries``."""
    parts = text if isinstance(text, list) else (text or "").split(",")
    codes = list(dict.fromkeys(p.strip().upper() for p in parts if p and p.strip()))
    if not (MIN_COMPARED <= len(codes) <= MAX_COMPARED) or not all(
        len(c) == 3 and c.isascii() and c.isalpha() for c in codes
    ):
        raise ValidationError(
            {
                "countries": _("Choose from %(low)s to %(high)s countries by ISO code.")
                % {"low": MIN_COMPARED, "high": MAX_COMPARED}
            }
        )
    return codes


def compare(run: IndexRun, iso3_codes: list[str]) -> list[Compared]:
    """Scores at every aggregate and the index's history of each chosen country, in the order
    given; an unknown code or one without scores is a ValidationError on ``countries``."""
    table = scores_by_country(run)
    unknown = [code for code in iso3_codes if code not in table]
    if unknown:
        raise ValidationError(
            {"countries": _("No scores for %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    countries = Country.objects.in_bulk(iso3_codes, field_name="iso3")
    index = {r.iso3: r for r in ranking(run)}
    return [
        Compared(
            country=countries[code],
            scores=table[code],
            rank=index[code].rank,
            rank_q05=index[code].rank_q05,
            rank_q95=index[code].rank_q95,
            history=trend(iso3=code),
        )
        for code in iso3_codes
    ]


# Indicators -------------------------------------------------------------------------------


@dataclass
class IndicatorData:
    indicator: Indicator
    values: list[RunInput]
    minimum: float | None
    quartiles: tuple[float, float, float] | None
    maximum: float | None
    mean: float | None
    reported: int
    missing: int


def indicator_list(
    framework: str | None = None, dimension: str | None = None
) -> QuerySet[Indicator]:
    """Indicators of every framework version (or of the ``framework`` code, one dimension)."""
    indicators = Indicator.objects.select_related("framework", "dimension")
    if framework:
        indicators = indicators.filter(framework__code__iexact=framework)
    if dimension:
        indicators = indicators.filter(dimension__code=dimension)
    return indicators.order_by("framework__code", "-framework__created_at", "order", "code")


def indicator_get(run: IndexRun, code: str) -> Indicator:
    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise Indicator.DoesNotExist
    return Indicator.objects.select_related("dimension").get(
        framework=run.framework_version, code=code
    )


def indicator_data(run: IndexRun, code: str) -> IndicatorData:
    """Definition, distribution and every country's value with its status."""
    indicator = indicator_get(run, code)
    values = list(
        run.inputs.filter(kind=RunInput.Kind.INDICATOR, code=code)
        .select_related("country")
        .order_by("country__name")
    )
    numbers = sorted(v.value for v in values if v.value is not None)
    quartiles = None
    if len(numbers) >= 2:
        q1, q2, q3 = statistics.quantiles(numbers, n=4, method="inclusive")
        quartiles = (q1, q2, q3)
    return IndicatorData(
        indicator=indicator,
        values=values,
        minimum=numbers[0] if numbers else None,
        quartiles=quartiles,
        maximum=numbers[-1] if numbers else None,
        mean=statistics.fmean(numbers) if numbers else None,
        reported=len(numbers),
        missing=len(values) - len(numbers),
    )


def published_values(
    *,
    round_id: int | None = None,
    iso3: str | None = None,
    code: str | None = None,
    year: int | None = None,
) -> QuerySet[RunInput]:
    """Published values: the inputs of every round's current published run. Publishing a run
    publishes its submissions, so the submission filter drops nothing; it keeps the rule (no
    value of an unpublished submission is ever listed) true for runs published before it."""
    inputs = _published_inputs().select_related("country", "run__round")
    if round_id is not None:
        inputs = inputs.filter(run__round_id=round_id)
    if year is not None:
        inputs = inputs.filter(run__round__reference_year=year)
    if iso3:
        inputs = inputs.filter(country__iso3=iso3.upper())
    if code:
        inputs = inputs.filter(code=code)
    return inputs.order_by("run__round__reference_year", "country__iso3", "kind", "code")


def round_values(round_id: int) -> QuerySet[RunInput]:
    """One round's published values, in the order of ``published_values``, with their country
    only: a round's file knows its run and year, and joining the run would decode its whole
    stored spec once per value (most of the time of a round's files)."""
    inputs = _published_inputs().filter(run__round_id=round_id).select_related("country")
    return inputs.order_by("country__iso3", "kind", "code")


def _published_inputs() -> QuerySet[RunInput]:
    return RunInput.objects.filter(
        run__status=IndexRun.Status.PUBLISHED, submission__state=Submission.State.PUBLISHED
    )


def rounds_with_published_values() -> QuerySet[Round]:
    return (
        Round.objects.filter(index_runs__status=IndexRun.Status.PUBLISHED)
        .distinct()
        .order_by("reference_year")
    )


# Methodology ------------------------------------------------------------------------------


@dataclass
class Methodology:
    run: IndexRun
    nodes: list[Node]
    steps: dict[str, Any]
    uncertainty: dict[str, Any]
    sensitivity: dict[str, Any]
    coherence: dict[str, Any]
    levels: list[str]


def methodology(run: IndexRun) -> Methodology:
    """The method exactly as the run used it, with its analyses."""
    diagnostics = getattr(run, "diagnostics", None)
    return Methodology(
        run=run,
        nodes=run_nodes(run),
        steps=dict(run.spec.get("steps", {})),
        uncertainty={
            "runs": run.uncertainty_runs,
            "seed": run.seed,
            **dict(run.spec.get("uncertainty", {})),
        },
        sensitivity=diagnostics.sensitivity if diagnostics else {},
        coherence=diagnostics.coherence if diagnostics else {},
        levels=list(run.spec.get("levels", [])),
    )


# Corrections ------------------------------------------------------------------------------

# Scores and values are floats written by the engine: a smaller difference is rounding noise.
TOLERANCE = 1e-9
Key = TypeVar("Key")
Row = TypeVar("Row")
# What a run stores per country and node, each compared on its own.
SCORE_MEASURES = (
    "score", "rank", "rank_median", "rank_q05", "rank_q95", "score_q05", "score_q95",
)  # fmt: skip
# The kinds of change a correction's summary counts: each measure but the interval bounds,
# counted per bound (a moved interval is two changed bounds when both ends moved).
CHANGE_KINDS: dict[str, tuple[str, ...]] = {
    "score": ("score",),
    "rank": ("rank",),
    "rank_median": ("rank_median",),
    "rank_bound": ("rank_q05", "rank_q95"),
    "score_bound": ("score_q05", "score_q95"),
}


@dataclass(frozen=True)
class ScoreChange:
    """A country's results at one node (the index, a dimension or an indicator) in the
    corrected run (``before``) and in the correction (``after``), measure by measure
    (``SCORE_MEASURES``; ``None`` where it has none or is not in that run), with the measures
    that differ (``changed``)."""

    iso3: str
    name: str
    node: str
    node_name: str
    level: int
    before: dict[str, float | None]
    after: dict[str, float | None]
    changed: tuple[str, ...]

    @property
    def before_score(self) -> float | None:
        return self.before["score"]

    @property
    def after_score(self) -> float | None:
        return self.after["score"]

    @property
    def before_rank(self) -> int | None:
        return _whole(self.before["rank"])

    @property
    def after_rank(self) -> int | None:
        return _whole(self.after["rank"])

    @property
    def difference(self) -> float | None:
        if self.before_score is None or self.after_score is None:
            return None
        return self.after_score - self.before_score


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class InputChange:
    """A number that went into both runs (or one of them) with a different value or status;
    ``None`` on the side where it did not go in."""

    iso3: str
    name: str
    kind: str
    code: str
    before_value: float | None
    after_value: float | None
    before_status: str | None
    after_status: str | None


@dataclass(frozen=True)
class RunChanges:
    """What a correction changed, computed: the reader's check on its written changelog.

    ``scores`` has one entry per country and node where any measure differs (index first,
    then dimensions, then indicators; within a node the largest move first); ``inputs`` every
    reported or computed value that differs."""

    run_id: int
    corrects_id: int
    scores: list[ScoreChange]
    inputs: list[InputChange]

    @property
    def counts(self) -> dict[str, int]:
        """How many changed, by kind (``CHANGE_KINDS`` and ``input``)."""
        counts = {
            kind: sum(m in change.changed for change in self.scores for m in measures)
            for kind, measures in CHANGE_KINDS.items()
        }
        counts["input"] = len(self.inputs)
        return counts

    @property
    def countries(self) -> list[str]:
        """The countries with any change, by code."""
        return sorted({c.iso3 for c in self.scores} | {c.iso3 for c in self.inputs})


def run_changes(run: IndexRun) -> RunChanges | None:
    """What a correction changed against the run it corrects — every measure at every node
    and every input — computed from both runs' stored rows (two queries) so that a reader
    can check the written changelog; ``None`` for a run that corrects nothing."""
    if run.corrects_id is None:
        return None
    before = run.corrects
    scores = _scores((before, run))
    inputs = _inputs((before, run))
    nodes = {node.code: node for node in (*run_nodes(before), *run_nodes(run))}
    return RunChanges(
        run_id=run.pk,
        corrects_id=before.pk,
        scores=_score_changes(scores[before.pk], scores[run.pk], nodes),
        inputs=_input_changes(inputs[before.pk], inputs[run.pk]),
    )


def _scores(runs: tuple[IndexRun, ...]) -> dict[int, dict[tuple[str, str], RunScore]]:
    """Each run's scores by (country, node), in one query."""
    table: dict[int, dict[tuple[str, str], RunScore]] = {run.pk: {} for run in runs}
    for row in RunScore.objects.filter(run__in=runs).select_related("country"):
        table[row.run_id][(row.country.iso3, row.node)] = row
    return table


def _inputs(runs: tuple[IndexRun, ...]) -> dict[int, dict[tuple[str, str, str], RunInput]]:
    """Each run's inputs by (country, kind, code), in one query."""
    table: dict[int, dict[tuple[str, str, str], RunInput]] = {run.pk: {} for run in runs}
    for row in RunInput.objects.filter(run__in=runs).select_related("country"):
        table[row.run_id][(row.country.iso3, row.kind, row.code)] = row
    return table


def _pairs(
    before: Mapping[Key, Row], after: Mapping[Key, Row]
) -> Iterator[tuple[Key, Row | None, Row | None]]:
    for key in before.keys() | after.keys():
        yield key, before.get(key), after.get(key)


def _moved(before: float | None, after: float | None) -> bool:
    if before is None or after is None:
        return (before is None) != (after is None)
    return abs(after - before) > TOLERANCE


def _measures(row: RunScore | None) -> dict[str, float | None]:
    # getattr on None: the side where the country is not in the run reads as None.
    return {measure: getattr(row, measure, None) for measure in SCORE_MEASURES}


def _score_changes(
    before: Mapping[tuple[str, str], RunScore],
    after: Mapping[tuple[str, str], RunScore],
    nodes: Mapping[str, Node],
) -> list[ScoreChange]:
    """Every (country, node) where a measure differs or that is in one run only. A score that
    appears or disappears has no size: it comes first in its node, as the largest change."""
    changes = []
    for (iso3, code), old, new in _pairs(before, after):
        old_measures, new_measures = _measures(old), _measures(new)
        changed = tuple(m for m in SCORE_MEASURES if _moved(old_measures[m], new_measures[m]))
        if not changed and old is not None and new is not None:
            continue
        row = new if new is not None else old
        if row is None:  # never: a pair has a row on at least one side
            continue
        node = nodes.get(code)
        changes.append(
            ScoreChange(
                iso3=iso3,
                name=row.country.name,
                node=code,
                node_name=node.name if node else code,
                level=row.level,
                before=old_measures,
                after=new_measures,
                changed=changed,
            )
        )
    order = {code: i for i, code in enumerate(nodes)}
    return sorted(changes, key=lambda c: (-c.level, order.get(c.node, 0), *_size_of_change(c)))


def _size_of_change(change: ScoreChange) -> tuple[float, str]:
    difference = change.difference
    return (-math.inf if difference is None else -abs(difference), change.iso3)


def _input_changes(
    before: Mapping[tuple[str, str, str], RunInput], after: Mapping[tuple[str, str, str], RunInput]
) -> list[InputChange]:
    """Inputs in one run only, and those whose value or status differs; by country, kind and
    code."""
    changes = [
        InputChange(
            iso3=iso3,
            name=(new or old).country.name,
            kind=kind,
            code=code,
            before_value=getattr(old, "value", None),
            after_value=getattr(new, "value", None),
            before_status=getattr(old, "status", None),
            after_status=getattr(new, "status", None),
        )
        for (iso3, kind, code), old, new in _pairs(before, after)
        if old is None or new is None or _moved(old.value, new.value) or old.status != new.status
    ]
    return sorted(changes, key=lambda change: (change.iso3, change.kind, change.code))
