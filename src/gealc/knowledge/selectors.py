"""Reads of the knowledge hub used by views, the API and other apps.

Visibility: only published practices and software are public; drafts are visible to their
country's members and to the secretariat. Selectors that depend on the viewer take ``viewer``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gealc.core import l10n
from gealc.core.types import AnyUser
from gealc.knowledge import maturity, suggestions
from gealc.knowledge import search as engine
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    PracticeAttachment,
    SoftwareEntry,
    SoftwareUsage,
    Tag,
)
from gealc.knowledge.publiccode_standard import primary_language
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Country, Person


def _own_country_ids(viewer: AnyUser) -> list[int]:
    return list(network_selectors.countries_of_user(viewer).values_list("pk", flat=True))


def _visible(queryset: QuerySet, viewer: AnyUser, published: str) -> QuerySet:
    if network_rules.runs_the_network(viewer):
        return queryset
    condition = Q(state=published)
    own = _own_country_ids(viewer)
    if own:
        condition |= Q(country_id__in=own)
    return queryset.filter(condition)


def demo_data_present() -> bool:
    return Practice.objects.filter(is_demo=True).exists()


# Practices --------------------------------------------------------------------------------


def practices_visible_to(viewer: AnyUser) -> QuerySet[Practice]:
    return _visible(Practice.objects.all(), viewer, Practice.State.PUBLISHED)


def practices_published() -> QuerySet[Practice]:
    return Practice.objects.filter(state=Practice.State.PUBLISHED)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def practice_list(filters: Mapping[str, Any], viewer: AnyUser) -> QuerySet[Practice]:
    """Practices the viewer may see, filtered by any of ``country`` (alpha-3), ``working_line``
    or ``dimension`` (tag slug), ``year`` (the practice ran that year), ``award`` ("any" or
    a category), ``state`` and ``q`` (words). Unknown values give an empty list, never an
    error."""
    practices = practices_visible_to(viewer)
    country = str(filters.get("country") or "").strip().upper()
    if country:
        practices = practices.filter(country__iso3=country)
    for kind, key in ((Tag.Kind.WORKING_LINE, "working_line"), (Tag.Kind.DIMENSION, "dimension")):
        if filters.get(key):
            practices = practices.filter(tags__kind=kind, tags__slug=str(filters[key]))
    if filters.get("year") not in (None, ""):
        year = _as_int(filters.get("year"))
        # The __year lookups build dates: a year outside 1 to 9999 cannot match anything.
        if year is None or not MINYEAR <= year <= MAXYEAR:
            return practices.none()
        practices = practices.filter(
            Q(start_date__year__lte=year) | Q(start_date__isnull=True),
            Q(end_date__year__gte=year) | Q(end_date__isnull=True),
        ).exclude(start_date__isnull=True, end_date__isnull=True)
    award = str(filters.get("award") or "")
    if award == "any":
        practices = practices.filter(awards__isnull=False)
    elif award:
        practices = practices.filter(awards__category=award)
    if filters.get("state"):
        practices = practices.filter(state=str(filters["state"]))
    terms = engine.query_terms(str(filters.get("q") or ""))
    if terms:
        practices = engine.match_text(practices, terms)
    return (
        practices.distinct()
        .select_related("country")
        .prefetch_related("tags", "awards")
        .order_by("-published_at", "-created_at", "pk")
    )


def practice_get_visible(slug: str, viewer: AnyUser) -> Practice:
    """The practice if the viewer may see it; 404 otherwise (drafts are not revealed)."""
    practice = (
        Practice.objects.filter(slug=slug)
        .select_related("country", "created_by")
        .prefetch_related(
            "institutions",
            "tags",
            "contacts",
            "metrics",
            "links",
            "attachments",
            "awards",
            "transitions__actor",
        )
        .first()
    )
    if practice is None or not viewer.has_perm("knowledge.view_practice", practice):
        raise Http404(_("No such practice."))
    return practice


def practice_attachment_get_visible(slug: str, pk: int, viewer: AnyUser) -> PracticeAttachment:
    """An attachment of a practice the viewer may see; 404 otherwise, as for the practice."""
    practice = Practice.objects.filter(slug=slug).select_related("country").first()
    if practice is None or not viewer.has_perm("knowledge.view_practice", practice):
        raise Http404(_("No such practice."))
    attachment = practice.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404(_("No such attachment."))
    return attachment


def practice_contacts_visible(practice: Practice, viewer: AnyUser) -> list[Person]:
    """Named contacts: everyone for network members, people with a public profile otherwise."""
    contacts = list(practice.contacts.all())
    if viewer.has_perm("network.view_contacts"):
        return contacts
    return [person for person in contacts if person.public_profile]


def practice_map_counts(viewer: AnyUser) -> dict[str, int]:
    """Visible practices per country (alpha-3), for the map."""
    rows = practices_visible_to(viewer).values("country__iso3").annotate(n=Count("pk"))
    return {row["country__iso3"]: row["n"] for row in rows}


def practice_filter_options() -> dict[str, Any]:
    """Choices for the filters: countries with practices, tags, years and award categories."""
    published = Practice.objects.filter(state=Practice.State.PUBLISHED)
    years: set[int] = set()
    for start, end in published.values_list("start_date", "end_date"):
        if start or end:
            years.update(range((start or end).year, (end or start).year + 1))
    return {
        "countries": Country.objects.filter(practices__in=published).distinct(),
        "working_lines": Tag.objects.filter(kind=Tag.Kind.WORKING_LINE),
        "dimensions": Tag.objects.filter(kind=Tag.Kind.DIMENSION),
        "years": sorted(years, reverse=True),
        "award_categories": Award.Category.choices,
    }


# Software ---------------------------------------------------------------------------------


def software_visible_to(viewer: AnyUser) -> QuerySet[SoftwareEntry]:
    return _visible(SoftwareEntry.objects.all(), viewer, SoftwareEntry.State.PUBLISHED)


def software_published() -> QuerySet[SoftwareEntry]:
    return SoftwareEntry.objects.filter(state=SoftwareEntry.State.PUBLISHED)


def _json_list_contains(queryset: QuerySet, field: str, value: str) -> QuerySet:
    """JSON lists are filtered the same way on SQLite and PostgreSQL: by the quoted value
    in the stored text (``contains`` on JSON is not supported by SQLite)."""
    ids = [pk for pk, items in queryset.values_list("pk", field) if value in (items or [])]
    return queryset.filter(pk__in=ids)


def software_list(
    filters: Mapping[str, Any], viewer: AnyUser | None = None
) -> QuerySet[SoftwareEntry]:
    """Software the viewer may see, filtered by ``category``, ``country`` (alpha-3; countries
    that use, maintain or adapted it, or proposed it), ``licence`` (an SPDX id within the
    expression), ``development_status``, ``platform`` and ``q``."""
    entries = software_visible_to(viewer or AnonymousUser())
    if filters.get("category"):
        entries = _json_list_contains(entries, "categories", str(filters["category"]))
    if filters.get("platform"):
        entries = _json_list_contains(entries, "platforms", str(filters["platform"]))
    country = str(filters.get("country") or "").strip().upper()
    if country:
        entries = entries.filter(Q(usages__country__iso3=country) | Q(country__iso3=country))
    if filters.get("licence"):
        entries = entries.filter(licence__icontains=str(filters["licence"]))
    if filters.get("development_status"):
        entries = entries.filter(development_status=str(filters["development_status"]))
    terms = engine.query_terms(str(filters.get("q") or ""))
    if terms:
        entries = engine.match_text(entries, terms)
    usages = SoftwareUsage.objects.select_related("country")
    return (
        entries.distinct()
        .select_related("country", "is_based_on")
        .prefetch_related(Prefetch("usages", queryset=usages), "regional_versions")
        .order_by("name", "pk")
    )


def software_get_visible(key: str | int, viewer: AnyUser) -> SoftwareEntry:
    """By slug or id; 404 when unknown or not visible to the viewer."""
    entries = SoftwareEntry.objects.select_related("country", "is_based_on")
    lookup = Q(slug=str(key))
    if str(key).isdigit():
        lookup |= Q(pk=int(key))
    entry = entries.filter(lookup).prefetch_related("usages__country", "regional_versions").first()
    if entry is None or not viewer.has_perm("knowledge.view_softwareentry", entry):
        raise Http404(_("No such software."))
    return entry


def software_filter_options() -> dict[str, Any]:
    published = SoftwareEntry.objects.filter(state=SoftwareEntry.State.PUBLISHED)
    categories: Counter[str] = Counter()
    licences: set[str] = set()
    for entry_categories, licence in published.values_list("categories", "licence"):
        categories.update(entry_categories or [])
        licences.add(licence)
    return {
        "categories": sorted(categories),
        "licences": sorted(licences),
        "development_statuses": SoftwareEntry.DevelopmentStatus.choices,
        "countries": Country.objects.filter(
            Q(software_usages__entry__in=published) | Q(software_entries__in=published)
        ).distinct(),
    }


# Open data --------------------------------------------------------------------------------


def dataset_list(include_inactive: bool = False, *, q: str = "") -> QuerySet[OpenDataSet]:
    """The common data sets in order (the active ones unless told), optionally only those
    whose name, description or slug contain every word of ``q`` (accents and case ignored)."""
    datasets = OpenDataSet.objects.all()
    if not include_inactive:
        datasets = datasets.filter(active=True)
    return engine.match_text(datasets, engine.query_terms(q))


def dataset_get(slug: str) -> OpenDataSet:
    dataset = OpenDataSet.objects.filter(slug=slug).first()
    if dataset is None:
        raise Http404(_("No such data set."))
    return dataset


@dataclass(frozen=True)
class MatrixRow:
    country: Country
    statuses: list[DatasetStatus | None]

    @property
    def published_count(self) -> int:
        return sum(1 for status in self.statuses if status and status.published)


@dataclass(frozen=True)
class DatasetMatrix:
    datasets: list[OpenDataSet]
    rows: list[MatrixRow]

    def published_per_dataset(self) -> list[int]:
        return [
            sum(1 for row in self.rows if row.statuses[i] and row.statuses[i].published)
            for i in range(len(self.datasets))
        ]


def dataset_matrix() -> DatasetMatrix:
    """The common data sets by member and observer countries, ``None`` where nothing is known."""
    datasets = list(dataset_list())
    statuses = DatasetStatus.objects.filter(dataset__in=datasets)
    by_key = {(s.country_id, s.dataset_id): s for s in statuses}
    rows = [
        MatrixRow(country, [by_key.get((country.pk, d.pk)) for d in datasets])
        for country in network_selectors.country_list()
    ]
    return DatasetMatrix(datasets=datasets, rows=rows)


def dataset_statuses(dataset: OpenDataSet) -> QuerySet[DatasetStatus]:
    return dataset.statuses.select_related("country").order_by("country__name")


def dataset_status_get(dataset: OpenDataSet, country: Country) -> DatasetStatus | None:
    return DatasetStatus.objects.filter(dataset=dataset, country=country).first()


# Maturity ---------------------------------------------------------------------------------


def maturity_latest(country: Country) -> MaturityAssessment | None:
    return country.maturity_assessments.order_by("-year").first()


@dataclass(frozen=True)
class ComparisonRow:
    country: Country
    year: int
    scores: dict[str, float]
    overall: float


@dataclass(frozen=True)
class MaturityComparison:
    dimensions: list[tuple[str, str]]
    rows: list[ComparisonRow]
    regional_mean: dict[str, float] = field(default_factory=dict)


def maturity_comparison(year: int | None = None) -> MaturityComparison:
    """Every country's latest assessment (or that year's), best first, with the regional mean
    per dimension."""
    assessments = MaturityAssessment.objects.select_related("country").order_by(
        "country_id", "-year"
    )
    if year:
        assessments = assessments.filter(year=year)
    latest: dict[int, MaturityAssessment] = {}
    for assessment in assessments:
        latest.setdefault(assessment.country_id, assessment)
    rows = sorted(
        (ComparisonRow(a.country, a.year, dict(a.scores), a.overall) for a in latest.values()),
        key=lambda row: (-row.overall, row.country.name),
    )
    mean = {
        key: round(sum(row.scores.get(key, 0) for row in rows) / len(rows), 1) if rows else 0.0
        for key in maturity.DIMENSIONS
    }
    names = [(key, maturity.dimension_name(key)) for key in maturity.DIMENSIONS]
    return MaturityComparison(dimensions=names, rows=rows, regional_mean=mean)


# Unified search ---------------------------------------------------------------------------

KINDS: dict[str, Any] = {
    "practice": gettext_lazy("Practices"),
    "software": gettext_lazy("Software"),
    "dataset": gettext_lazy("Open data sets"),
    "country": gettext_lazy("Countries"),
    "person": gettext_lazy("People"),
    "indicator": gettext_lazy("Indicators"),
}
SEARCH_LIMIT = 50
RANKED_KINDS = ("practice", "software", "dataset")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    summary: str
    url: str
    obj: Any
    # Where it comes from (a practice's country), and the languages of the title and summary
    # when they are not the reader's (a text not yet translated); empty when they are.
    context: str = ""
    title_language: str = ""
    summary_language: str = ""


@dataclass
class SearchResults:
    query: str
    kind: str
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)
    # A corrected query when nothing was found ("did you mean"), else None.
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return sum(self.facets.values())

    def facet_list(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) for every kind the viewer may search, in a stable order."""
        return [(k, str(KINDS[k]), self.facets[k]) for k in KINDS if k in self.facets]


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _foreign(instance: Any, field: str) -> str:
    """The language of ``instance.<field>`` when it is not the reader's, else ""."""
    shown = l10n.shown_language(instance, field)
    return "" if shown == l10n.active_language() else shown


def _hits_practices(rows: list[Any]) -> list[SearchHit]:
    return [
        SearchHit(
            "practice",
            p.title,
            p.summary[:300],
            _url("practice_detail", p.slug),
            p,
            context=p.country.name,
            title_language=_foreign(p, "title"),
            summary_language=_foreign(p, "summary"),
        )
        for p in rows
    ]


def _hits_software(rows: list[Any]) -> list[SearchHit]:
    hits = []
    for s in rows:
        description = s.reader_description
        hits.append(
            SearchHit(
                "software",
                s.name,
                description.short if description else "",
                _url("software_detail", s.slug),
                s,
                summary_language=primary_language(description.language) or description.language
                if description and description.is_fallback
                else "",
            )
        )
    return hits


def _hits_datasets(rows: list[Any]) -> list[SearchHit]:
    return [
        SearchHit(
            "dataset",
            d.name,
            d.description[:300],
            _url("dataset_detail", d.slug),
            d,
            title_language=_foreign(d, "name"),
            summary_language=_foreign(d, "description"),
        )
        for d in rows
    ]


def _hits_countries(rows: list[Any]) -> list[SearchHit]:
    return [
        SearchHit("country", c.name, c.get_subregion_display(), _url("country_detail", c.iso3), c)
        for c in rows
    ]


def _hits_people(rows: list[Any]) -> list[SearchHit]:
    return [SearchHit("person", p.full_name, "", _url("person_detail", p.pk), p) for p in rows]


def _indicator_hits(terms: list[str]) -> list[SearchHit]:
    """Indicators of the latest version of each framework (imported lazily: the measurement
    app is optional for the knowledge hub)."""
    from django.apps import apps

    if not apps.is_installed("gealc.measurement"):
        return []
    from gealc.measurement.models import Indicator

    indicators = Indicator.objects.select_related("framework").order_by(
        "framework__code", "-framework__created_at", "order"
    )
    latest_version: dict[str, int] = {}
    hits = []
    for indicator in indicators:
        framework = indicator.framework
        if latest_version.setdefault(framework.code, framework.pk) != framework.pk:
            continue
        texts = [
            indicator.code,
            *engine_translations(indicator, "name"),
            *engine_translations(indicator, "definition"),
        ]
        if engine.matches_in_python(texts, terms):
            url = _url("framework_detail", framework.code, framework.version)
            hits.append(
                SearchHit(
                    "indicator",
                    indicator.name,
                    indicator.definition[:300],
                    f"{url}#{indicator.code}" if url else "",
                    indicator,
                )
            )
    return hits


def engine_translations(instance: Any, field_name: str) -> list[str]:
    from gealc.knowledge.models import translations

    return translations(instance, field_name)


def _translated_columns(*fields: str) -> tuple[str, ...]:
    return tuple(f"{field}_{code}" for field in fields for code in ("es", "pt", "en", "fr"))


# Long texts a result does not show: not read, so that sorting the matches stays light.
_SEARCH_COLUMNS = ("search_text", "search_vector")
_UNSHOWN = {
    "practice": (
        *_SEARCH_COLUMNS,
        *_translated_columns("problem", "solution", "results", "replication_conditions"),
    ),
    "software": (
        *_SEARCH_COLUMNS,
        "publiccode_yml",
        *_translated_columns("long_description", "features"),
    ),
    "dataset": _SEARCH_COLUMNS,
}


def _first_rows_and_count(queryset: QuerySet) -> tuple[list[Any], int]:
    """The number of matches, then the first rows (a separate count lets PostgreSQL keep only
    the first rows while sorting, where a window count would sort every match)."""
    count = queryset.count()
    return (list(queryset[:SEARCH_LIMIT]) if count else []), count


def _collect(
    results: SearchResults,
    name: str,
    queryset: QuerySet,
    to_hits: Any,
    terms: list[str],
    language: str,
) -> None:
    """Count one kind's matches and, unless another kind was asked for, add its best hits."""
    if results.kind and results.kind != name:
        results.facets[name] = queryset.count()
        return
    rows, count = _first_rows_and_count(queryset.defer(*_UNSHOWN.get(name, ())))
    if name in RANKED_KINDS and 0 < count <= engine.RANK_LIMIT:
        ranked = engine.best_first(queryset, terms, language, count)
        rows = list(ranked.defer(*_UNSHOWN[name])[:SEARCH_LIMIT])
    results.facets[name] = count
    results.hits += to_hits(rows)


def search(
    query: str, kind: str = "", viewer: AnyUser | None = None, language: str | None = None
) -> SearchResults:
    """Everything the viewer may see that matches every word of the query (accents and case
    ignored), with a count per kind; hits of one kind when ``kind`` is given, else of all.

    People are searched only for network members (they see contacts in the directory too).
    When nothing matches, ``suggestion`` is the query with its unknown words corrected.
    """
    viewer = viewer or AnonymousUser()
    language = (language or get_language() or "es")[:2]
    kind = kind if kind in KINDS else ""
    results = SearchResults(query=query, kind=kind)
    terms = engine.query_terms(query)
    if not terms:
        return results
    sources: dict[str, tuple[QuerySet | None, Any]] = {
        "practice": (
            engine.match_entries(
                practices_visible_to(viewer).select_related("country"), terms, language
            ),
            _hits_practices,
        ),
        "software": (
            engine.match_entries(software_visible_to(viewer), terms, language),
            _hits_software,
        ),
        "dataset": (engine.match_entries(dataset_list(), terms, language), _hits_datasets),
        "country": (engine.match_text(Country.objects.all(), terms), _hits_countries),
    }
    if viewer.has_perm("network.view_contacts"):
        sources["person"] = (engine.match_text(Person.objects.all(), terms), _hits_people)
    # Only the full-text kinds have a GIN index to prefer; the others scan small tables.
    with engine.index_scans():
        for name in RANKED_KINDS:
            _collect(results, name, *sources.pop(name), terms, language)
    for name, (queryset, to_hits) in sources.items():
        _collect(results, name, queryset, to_hits, terms, language)
    indicators = _indicator_hits(terms)
    results.facets["indicator"] = len(indicators)
    if not kind or kind == "indicator":
        results.hits += indicators[:SEARCH_LIMIT]
    if not results.total:
        results.suggestion = suggestions.suggestion(query, search_vocabulary())
    return results


def search_vocabulary() -> suggestions.Vocabulary:
    """The words a "did you mean" may suggest: those of public content only, whoever asks, so
    that no suggestion reveals a word of a draft or of the members' directory (cached)."""
    return suggestions.cached_vocabulary(_public_search_texts)


def _public_search_texts() -> Iterator[str]:
    """The normalised text the search matches of every entry anyone may see."""
    anyone = AnonymousUser()
    for queryset in (
        practices_visible_to(anyone),
        software_visible_to(anyone),
        dataset_list(),
        Country.objects.all(),
    ):
        yield from queryset.values_list("search_text", flat=True).iterator(chunk_size=1000)
