"""What each public observatory page shows: the selectors' figures arranged with their charts.

Views call these builders only when the rendered page is not in the cache; each returns the
template context (plain values and ``Chart`` objects, nothing that needs the request).
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gealc.charts import theme
from gealc.core.l10n import format_number
from gealc.measurement import formulas
from gealc.measurement.models import Dimension, Indicator, Value
from gealc.network.models import Country
from gealc.observatory import assumptions, bulk, charts, exports, files, selectors
from gealc.observatory.models import IndexRun, RunInput


def node_names(run: IndexRun) -> dict[str, str]:
    """Names of the run's nodes in the current language (the spec holds English only)."""
    names = {node.code: node.name for node in selectors.run_nodes(run)}
    framework = run.framework_version
    for model in (Dimension, Indicator):
        for code, name in model.objects.filter(framework=framework).values_list("code", "name"):
            names[code] = name or names.get(code, code)
    names[selectors.root_code(run)] = _("Index")
    return names


def _countries_in(run: IndexRun) -> dict[str, Country]:
    return {
        country.iso3: country
        for country in Country.objects.filter(index_scores__run=run).distinct()
    }


def run_context(run: IndexRun) -> dict[str, Any]:
    return {
        "run": run,
        "is_demo": run.is_demo,
        "names": node_names(run),
        "publications": selectors.round_publications(run),
    }


# Overview ---------------------------------------------------------------------------------


def overview(run: IndexRun) -> dict[str, Any]:
    context = run_context(run)
    names = context["names"]
    ranking = selectors.ranking(run)
    dimension_codes = selectors.dimension_codes(run)
    breakdown = selectors.dimension_breakdown(run)
    context.update(
        ranking=ranking,
        map_chart=_score_map(run, ranking),
        rank_chart=charts.rank_interval_chart(
            [charts.RankRow(r.name, r.score, r.rank, r.rank_q05, r.rank_q95) for r in ranking],
            title=_("Ranking with its uncertainty interval (5-95 %)"),
        ),
        dimension_chart=charts.dimension_chart(
            [
                (r.name, names[code], breakdown.get(r.iso3, {}).get(code))
                for r in ranking
                for code in dimension_codes
            ],
            title=_("Scores by dimension"),
            dimension_title=_("Dimension"),
        ),
        averages_chart=_averages_chart(run, names),
        trend_chart=_trend_chart(),
        indicator_links=[
            (node.code, names.get(node.code, node.name))
            for node in selectors.run_nodes(run)
            if node.level == 1
        ],
    )
    return context


def _score_map(run: IndexRun, ranking: list[selectors.Ranked]) -> charts.Chart:
    countries = _countries_in(run)
    return charts.score_map(
        [
            charts.MapScore(countries[r.iso3].iso_numeric, r.name, r.score)
            for r in ranking
            if r.iso3 in countries
        ],
        title=_("Index score by country, %(year)s") % {"year": run.year},
        score_title=_("Index score"),
    )


# The home page's answer to "how is the region doing?" ---------------------------------------

MOVERS_SHOWN = 3


@dataclass(frozen=True)
class Mover:
    """A country's change between the previous year's index and this one."""

    iso3: str
    name: str
    score: float
    score_change: float
    rank: int | None
    rank_change: int | None  # positive: up the ranking

    @property
    def places_down(self) -> int:
        return -self.rank_change if self.rank_change and self.rank_change < 0 else 0


def at_a_glance(run: IndexRun) -> dict[str, Any]:
    """The latest index in one look: the mean score and its change since the previous
    reference year, the leader, the map, and the countries that rose and fell the most."""
    ranking = selectors.ranking(run)
    scored = [r for r in ranking if r.score is not None]
    previous = _previous_year_run(run)
    before = {r.iso3: r for r in selectors.ranking(previous)} if previous else {}
    movers = sorted(
        (
            _mover(r, before[r.iso3])
            for r in scored
            if r.iso3 in before and before[r.iso3].score is not None
        ),
        key=lambda m: (-m.score_change, m.name),
    )
    mean = statistics.fmean(r.score for r in scored) if scored else None
    before_scores = [r.score for r in before.values() if r.score is not None]
    return {
        "run": run,
        "is_demo": run.is_demo,
        "previous": previous,
        "ranked": len(scored),
        "mean": mean,
        "mean_change": mean - statistics.fmean(before_scores) if mean and before_scores else None,
        "leader": scored[0] if scored else None,
        "risers": [m for m in movers if m.score_change > 0][:MOVERS_SHOWN],
        "fallers": [m for m in reversed(movers) if m.score_change < 0][:MOVERS_SHOWN],
        "map_chart": _score_map(run, ranking),
    }


def _previous_year_run(run: IndexRun) -> IndexRun | None:
    earlier = [r for r in selectors.current_runs() if r.round.reference_year < run.year]
    return earlier[-1] if earlier else None


def _mover(now: selectors.Ranked, before: selectors.Ranked) -> Mover:
    rank_change = None
    if now.rank is not None and before.rank is not None:
        rank_change = before.rank - now.rank
    return Mover(
        iso3=now.iso3,
        name=now.name,
        score=now.score or 0.0,
        score_change=(now.score or 0.0) - (before.score or 0.0),
        rank=now.rank,
        rank_change=rank_change,
    )


def _averages_chart(run: IndexRun, names: dict[str, str]) -> charts.Chart:
    averages = selectors.regional_averages(run)
    # The whole network first, then the subregions in their usual order.
    order = ["region", *Country.Subregion.values]
    averages.sort(key=lambda a: order.index(a.group) if a.group in order else len(order))
    node_order = [selectors.root_code(run), *selectors.dimension_codes(run)]
    rows = sorted(
        ((names.get(a.node, a.node), a.label, a.mean) for a in averages),
        key=lambda row: _position(node_order, names, row[0]),
    )
    return charts.grouped_bar_chart(
        rows,
        title=_("Regional and subregional averages"),
        category_title=_("Index and dimensions"),
        group_title=_("Group"),
        value_title=_("Mean score"),
        element_id="chart-averages",
        colours={a.label: theme.region_colour(a.group) for a in averages},
    )


def _position(order: list[str], names: dict[str, str], label: str) -> int:
    labels = [names.get(code, code) for code in order]
    return labels.index(label) if label in labels else len(labels)


def _trend_chart() -> charts.Chart:
    """The mean index score per year of the whole network and of each subregion."""
    subregions = dict(Country.objects.values_list("iso3", "subregion"))
    labels = dict(Country.Subregion.choices)
    network = _("The whole network")
    by_group: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for point in selectors.trend():
        if point.score is None:
            continue
        by_group[network][point.year].append(point.score)
        subregion = subregions.get(point.iso3)
        if subregion:
            by_group[str(labels.get(subregion, subregion))][point.year].append(point.score)
    order = [network, *(str(label) for label in labels.values())]
    series = {
        group: [(year, statistics.fmean(scores)) for year, scores in sorted(years.items())]
        for group, years in sorted(by_group.items(), key=lambda item: _rank_in(order, item[0]))
    }
    colours = {str(label): theme.region_colour(code) for code, label in labels.items()}
    return charts.trend_chart(
        series,
        title=_("Mean index score over the rounds, by region"),
        y_title=_("Mean index score"),
        series_title=_("Group"),
        colours={network: theme.region_colour("region"), **colours},
    )


def _rank_in(order: list[str], label: str) -> int:
    return order.index(label) if label in order else len(order)


# Country profile --------------------------------------------------------------------------


def country(run: IndexRun, iso3: str) -> dict[str, Any]:
    """Raises ``Country.DoesNotExist`` when the country has no score in the run."""
    profile = selectors.country_profile(run, iso3)
    context = run_context(run)
    names = context["names"]
    name = profile.country.name
    order = selectors.dimension_codes(run)
    differences = sorted(profile.strengths + profile.weaknesses, key=lambda d: order.index(d.node))
    dimension_rows = [
        (names.get(d.node, d.node), group, value)
        for d in differences
        for group, value in ((name, d.score), (_("Regional median"), d.regional_median))
    ]
    correlation = selectors.egdi_correlation(run)
    context.update(
        profile=profile,
        country=profile.country,
        strengths=[(names.get(d.node, d.name), d) for d in profile.strengths],
        weaknesses=[(names.get(d.node, d.name), d) for d in profile.weaknesses],
        dimension_scores=[
            (names.get(code, code), profile.scores[code])
            for code in selectors.dimension_codes(run)
            if code in profile.scores
        ],
        profile_chart=charts.grouped_bar_chart(
            dimension_rows,
            title=_("%(country)s against the regional median") % {"country": name},
            category_title=_("Dimension"),
            group_title=_("Series"),
            value_title=_("Score (0-100)"),
            element_id="chart-profile",
            colours={name: theme.ACCENT, _("Regional median"): theme.region_colour("region")},
        ),
        history_chart=charts.trend_chart(
            {name: [(p.year, p.score) for p in profile.history if p.score is not None]},
            title=_("%(country)s: index score over the rounds") % {"country": name},
            y_title=_("Index score"),
            series_title=_("Country"),
        ),
        egdi_chart=charts.egdi_chart(
            profile.egdi, title=_("%(country)s in the UN EGDI") % {"country": name}
        )
        if profile.egdi
        else None,
        egdi_latest=profile.egdi[-1] if profile.egdi else None,
        correlation=correlation,
        total=len(selectors.ranking(run)),
        similar_compare=",".join([profile.country.iso3, *(s.iso3 for s in profile.similar)]),
    )
    return context


# Comparison -------------------------------------------------------------------------------


def compare(run: IndexRun, codes: list[str]) -> dict[str, Any]:
    """Raises ``ValidationError`` on ``countries`` for codes without scores."""
    compared = selectors.compare(run, codes)
    context = run_context(run)
    names = context["names"]
    nodes = [selectors.root_code(run), *selectors.dimension_codes(run)]
    context.update(
        compared=compared,
        table_nodes=[(code, names.get(code, code)) for code in nodes],
        rows=[(names.get(code, code), [c.scores.get(code) for c in compared]) for code in nodes],
        history_chart=charts.trend_chart(
            {
                c.country.name: [(p.year, p.score) for p in c.history if p.score is not None]
                for c in compared
            },
            title=_("Index score over the rounds"),
            y_title=_("Index score"),
            series_title=_("Country"),
        ),
        dimension_chart=charts.grouped_bar_chart(
            [
                (names.get(code, code), c.country.name, c.scores.get(code))
                for code in nodes
                for c in compared
            ],
            title=_("Index and dimension scores side by side"),
            category_title=_("Index and dimensions"),
            group_title=_("Country"),
            value_title=_("Score (0-100)"),
            element_id="chart-compare",
        ),
    )
    return context


def compare_choices(run: IndexRun) -> list[tuple[str, str]]:
    return sorted(((r.iso3, r.name) for r in selectors.ranking(run)), key=lambda c: c[1])


# Indicator, methodology, downloads ----------------------------------------------------------


def indicator(run: IndexRun, code: str) -> dict[str, Any]:
    """Raises ``Indicator.DoesNotExist`` for a code not in the run's framework."""
    data = selectors.indicator_data(run, code)
    evidence = _evidence(run, data.indicator)
    context = run_context(run)
    context.update(
        data=data,
        indicator=data.indicator,
        rows=[(value, evidence.get(value.country_id, [])) for value in data.values],
        distribution_chart=charts.distribution_chart(
            [(v.country.name, v.value) for v in data.values if v.value is not None],
            title=_("%(indicator)s by country") % {"indicator": data.indicator.name},
            value_title=data.indicator.unit or _("Value"),
        ),
    )
    return context


def _evidence(run: IndexRun, indicator: Indicator) -> dict[int, list[RunInput]]:
    """Per country, the reported variables behind the indicator that carry evidence."""
    variables = sorted(formulas.parse(indicator.formula).names) if indicator.formula else []
    inputs = run.inputs.filter(kind=RunInput.Kind.VARIABLE, code__in=variables).exclude(
        evidence_url="", evidence_file=""
    )
    by_country: dict[int, list[RunInput]] = defaultdict(list)
    for item in inputs.order_by("code"):
        by_country[item.country_id].append(item)
    return dict(by_country)


def methodology(run: IndexRun) -> dict[str, Any]:
    method = selectors.methodology(run)
    context = run_context(run)
    names = context["names"]
    children: dict[str | None, list[selectors.Node]] = defaultdict(list)
    for node in method.nodes:
        children[node.parent].append(node)
    sensitivity = [
        {**row, "factor": assumptions.factor_label(str(row.get("factor", "")))}
        for row in method.sensitivity.get("indices", [])
    ]
    flags = method.coherence.get("flags", [])
    context.update(
        method=method,
        root=method.nodes[0] if method.nodes else None,
        root_name=names.get(method.nodes[0].code, "") if method.nodes else "",
        tree=[
            (
                names.get(node.code, node.name),
                node,
                [(names.get(c.code, c.name), c) for c in children[node.code]],
            )
            for node in method.nodes
            if node.level == 2
        ],
        steps=assumptions.describe_steps(method.steps),
        has_goalposts=any(node.goalposts for node in method.nodes),
        uncertainty=assumptions.describe_uncertainty(method.uncertainty, method.levels),
        sensitivity_columns=_columns(sensitivity),
        sensitivity_rows=_cells(sensitivity),
        sensitivity_summary=_sensitivity_summary(sensitivity),
        alpha=[(names.get(k, k), v) for k, v in sorted(method.coherence.get("alpha", {}).items())],
        flag_columns=_columns(flags),
        flag_rows=_cells(flags),
    )
    return context


def _sensitivity_summary(indices: list[dict[str, Any]]) -> str:
    """Which assumption explains most of the change in ranks, alone and with interactions."""
    ranked = [row for row in indices if isinstance(row.get("total"), (int, float))]
    if not ranked:
        return ""
    top = max(ranked, key=lambda row: row["total"])
    return _(
        "Of the assumptions varied, %(factor)s explains the most of the change in ranks: "
        "a total index of %(total)s (first order %(first)s)."
    ) % {
        "factor": top["factor"],
        "total": format_number(top["total"], 2),
        "first": format_number(top["first"], 2) if top.get("first") is not None else "—",
    }


def _text(value: Any) -> str:
    if isinstance(value, float):
        return format_number(value, 3)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _cells(records: list[dict[str, Any]]) -> list[list[str]]:
    return [[_text(value) if value is not None else "—" for value in r.values()] for r in records]


def _column_labels() -> dict[str, str]:
    """Readable headings for the columns the engine's reports use."""
    return {
        "factor": _("Assumption"),
        "first": _("First-order index"),
        "first_low": _("First order, lower bound"),
        "first_high": _("First order, upper bound"),
        "total": _("Total index"),
        "total_low": _("Total, lower bound"),
        "total_high": _("Total, upper bound"),
        "kind": _("Flag"),
        "group": _("Group"),
        "a": _("First variable"),
        "b": _("Second variable"),
        "r": _("Correlation"),
    }


def _columns(records: list[dict[str, Any]]) -> list[str]:
    labels = _column_labels()
    return [labels.get(str(key), str(key)) for key in records[0]] if records else []


@dataclass(frozen=True)
class Download:
    label: str
    file_format: str
    path: str
    size: int


FORMAT_LABELS = {
    "csv": "CSV",
    "xlsx": "XLSX",
    "json": "JSON",
    "sdmx.csv": "SDMX-CSV 1.0",
    "sdmx2.csv": "SDMX-CSV 2.0",
}


def downloads(absolute: Callable[[str], str]) -> dict[str, Any]:
    """Every published run's scores and every round's published values in every format, with
    the size of each file (the files are those ``/data/`` serves, shared through the cache:
    ``files``), the every-year files and how to cite them (``absolute`` makes the cited
    address a full URL)."""
    runs = [
        (
            run,
            _files("data_run", {"run_id": run.pk}, files.run_files(run)),
            _change_files(run),
        )
        for run in selectors.published_runs()
    ]
    rounds = [
        (
            measurement_round,
            _files(
                "data_values",
                {"round_id": measurement_round.pk},
                files.values_files(measurement_round),
            ),
        )
        for measurement_round in selectors.rounds_with_published_values()
    ]
    return {
        "runs": runs,
        "rounds": rounds,
        "licence_name": exports.LICENCE_NAME,
        "licence_url": exports.LICENCE_URL,
        "attribution": exports.ATTRIBUTION,
        "catalogue_path": reverse("data_catalogue"),
        "dictionary_path": reverse("data_dictionary"),
        "licence_path": reverse("data_licence"),
        "egdi_path": reverse("data_egdi"),
        "bulk_files": [
            (collection, file_format, reverse("data_bulk", args=[collection, file_format]))
            for collection in bulk.COLLECTIONS
            for file_format in bulk.FORMATS
        ],
        "latest_path": reverse("data_latest", args=["csv"]),
        "package_path": reverse("data_package"),
        "sdmx_structure_path": reverse("data_sdmx_structure"),
        "turtle_path": reverse("data_catalogue_turtle"),
        "citation": bulk.citation(absolute),
        "is_demo": any(run.is_demo for run, _files, _changes in runs),
    }


def _change_files(run: IndexRun) -> list[Download]:
    """A correction's list of what it changed, in every format (none for other runs)."""
    if run.corrects_id is None:
        return []
    return _files("data_run_changes", {"run_id": run.pk}, files.changes_files(run))


def _files(url_name: str, kwargs: dict[str, Any], contents: dict[str, bytes]) -> list[Download]:
    return [
        Download(
            FORMAT_LABELS.get(fmt, fmt),
            fmt,
            reverse(url_name, kwargs={**kwargs, "file_format": fmt}),
            len(content),
        )
        for fmt, content in contents.items()
    ]


# A run's own page (the secretariat's preview, or a published run's record) -------------------


def run_detail(run: IndexRun) -> dict[str, Any]:
    context = run_context(run)
    diagnostics = getattr(run, "diagnostics", None)
    coherence = diagnostics.coherence if diagnostics else {}
    ranking = selectors.ranking(run)
    context.update(
        ranking=ranking,
        rank_chart=charts.rank_interval_chart(
            [charts.RankRow(r.name, r.score, r.rank, r.rank_q05, r.rank_q95) for r in ranking],
            title=_("Ranking with its uncertainty interval (5-95 %)"),
        ),
        uncertainty=assumptions.describe_uncertainty(
            diagnostics.uncertainty.get("settings", {}) if diagnostics else {},
            run.spec.get("levels", []),
        ),
        alpha=[
            (context["names"].get(k, k), v) for k, v in sorted(coherence.get("alpha", {}).items())
        ],
        flag_columns=_columns(coherence.get("flags", [])),
        flag_rows=_cells(coherence.get("flags", [])),
        input_count=run.inputs.count(),
        corrections=list(run.corrections.order_by("-created_at")),
        **_run_changes(run),
    )
    return context


def _run_changes(run: IndexRun) -> dict[str, Any]:
    """A correction's computed changes for its "What changed" section (none for other runs):
    every country and node whose score, rank, median rank or intervals moved, with the kinds
    and statuses of the changed inputs in the current language."""
    changes = selectors.run_changes(run)
    if changes is None:
        return {"changes": None}
    kinds, statuses = dict(RunInput.Kind.choices), dict(Value.Status.choices)
    return {
        "changes": changes,
        "changes_summary": _changes_summary(changes),
        "score_changes": [(change, _change_cells(change)) for change in changes.scores],
        "input_changes": [
            (
                change,
                _label(kinds, change.kind),
                _label(statuses, change.before_status),
                _label(statuses, change.after_status),
            )
            for change in changes.inputs
        ],
    }


@dataclass(frozen=True)
class ChangeCell:
    """One measure of a changed row: "before → after" when it moved, else its one value."""

    text: str
    changed: bool


# The columns of the "What changed" table: the measures shown together, and their decimals.
CHANGE_COLUMNS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("score",), 1),
    (("rank",), 0),
    (("rank_median",), 1),
    (("rank_q05", "rank_q95"), 1),
    (("score_q05", "score_q95"), 1),
)


def _change_cells(change: selectors.ScoreChange) -> list[ChangeCell]:
    cells = []
    for measures, decimals in CHANGE_COLUMNS:
        before = _measure_text(change.before, measures, decimals)
        after = _measure_text(change.after, measures, decimals)
        moved = any(measure in change.changed for measure in measures)
        cells.append(ChangeCell(f"{before} → {after}" if moved else after, moved))
    return cells


def _measure_text(values: dict[str, float | None], measures: tuple[str, ...], decimals: int) -> str:
    numbers = [values[measure] for measure in measures]
    if all(number is None for number in numbers):
        return "—"
    return "\u2013".join("—" if n is None else format_number(n, decimals) for n in numbers)


def _label(labels: dict[str, Any], value: str | None) -> str:
    return "—" if value is None else str(labels.get(value, value))


def _change_counts(counts: dict[str, int]) -> list[str]:
    """Each kind of change with its count and its own plural, in a fixed order."""
    words = {
        "score": lambda n: ngettext("%(count)s score", "%(count)s scores", n),
        "rank": lambda n: ngettext("%(count)s rank", "%(count)s ranks", n),
        "rank_median": lambda n: ngettext("%(count)s median rank", "%(count)s median ranks", n),
        "rank_bound": lambda n: ngettext(
            "%(count)s rank interval bound", "%(count)s rank interval bounds", n
        ),
        "score_bound": lambda n: ngettext(
            "%(count)s score interval bound", "%(count)s score interval bounds", n
        ),
        "input": lambda n: ngettext(
            "%(count)s reported or computed value", "%(count)s reported or computed values", n
        ),
    }
    return [words[kind](count) % {"count": count} for kind, count in counts.items() if count]


def _changes_summary(changes: selectors.RunChanges) -> str:
    clauses = _change_counts(changes.counts)
    if not clauses:
        return _("Compared with run #%(run)s, nothing changed.") % {"run": changes.corrects_id}
    countries = len(changes.countries)
    # Each count is translated whole with its own plural, then the counts are listed.
    return _("Compared with run #%(run)s, %(changes)s changed, for %(countries)s.") % {
        "run": changes.corrects_id,
        "changes": ", ".join(clauses),
        "countries": ngettext("%(count)s country", "%(count)s countries", countries)
        % {"count": countries},
    }
