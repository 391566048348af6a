"""The search engine behind the unified search (``selectors.search``).

Two implementations of one contract — "every word of the query, ignoring case and accents":

- **PostgreSQL**: each practice, software entry and data set stores a ``tsvector`` built from
  every language column with that language's text-search configuration (spanish, portuguese,
  english, french) over ``unaccent(...)``, plus a language-neutral ``simple`` part; a GIN index
  serves the match and ``ts_rank`` orders the results. The query is accent-stripped and parsed
  with every configuration, so a Portuguese word finds the Portuguese text and "educacion"
  finds "Educación".
- **SQLite** (and any other database): the stored ``search_text`` (lower-case, accent-free, all
  languages) must contain every term; results are ordered by recency.

Countries and people use the network's normalised ``search_text`` on every database (a few
thousand rows at most); indicators are matched in Python (tens per framework version).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Model, QuerySet, TextField, Value
from django.db.models.functions import Coalesce

from gealc.network.models import LANGUAGE_CODES, normalise_for_search

TEXT_SEARCH_CONFIGS = {"es": "spanish", "pt": "portuguese", "en": "english", "fr": "french"}

# Translated fields by weight (A most important) and untranslated ones indexed with "simple".
_VECTOR_FIELDS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "knowledge.practice": {
        "A": (("title",), ()),
        "B": (("summary",), ("technologies",)),
        "C": (("problem", "solution", "results"), ()),
    },
    "knowledge.softwareentry": {
        "A": ((), ("name",)),
        "B": (("short_description",), ("categories", "licence")),
        "C": (("long_description", "features"), ()),
    },
    "knowledge.opendataset": {
        "A": (("name",), ("slug",)),
        "C": (("description",), ()),
    },
}


def indexed_models() -> tuple[type[Model], ...]:
    from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry

    return (Practice, SoftwareEntry, OpenDataSet)


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _unaccented(column: str) -> Func:
    text = Func(
        F(column),
        function="CAST",
        template="%(function)s(%(expressions)s AS text)",
        output_field=TextField(),
    )
    return Func(
        Coalesce(text, Value(""), output_field=TextField()),
        function="unaccent",
        output_field=TextField(),
    )


def vector_for(model: type[Model]) -> SearchVector:
    """The SQL expression of a model's search vector (all languages, weighted)."""
    parts: list[SearchVector] = []
    for weight, (translated, plain) in _VECTOR_FIELDS[model._meta.label_lower].items():
        for field in translated:
            for code in LANGUAGE_CODES:
                parts.append(
                    SearchVector(
                        _unaccented(f"{field}_{code}"),
                        config=TEXT_SEARCH_CONFIGS[code],
                        weight=weight,
                    )
                )
        for field in plain:
            parts.append(SearchVector(_unaccented(field), config="simple", weight=weight))
    vector = parts[0]
    for part in parts[1:]:
        vector = vector + part
    return vector


def refresh_vectors(queryset: QuerySet) -> int:
    """Recompute the stored vectors of these rows (PostgreSQL only); returns rows updated."""
    if not uses_postgres():
        return 0
    return queryset.update(search_vector=vector_for(queryset.model))


def refresh_vector_on_save(
    sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any
) -> None:
    """post_save receiver: one UPDATE that rebuilds the saved row's vector in the database."""
    if raw or not uses_postgres():
        return
    refresh_vectors(sender._default_manager.filter(pk=instance.pk))


def query_terms(text: str) -> list[str]:
    """Lower-case, accent-free words of a query."""
    return normalise_for_search(text or "").split()


def _postgres_query(terms: list[str], language: str) -> SearchQuery:
    """Every word, parsed with the reader's language first, then the others and "simple"."""
    text = " ".join(terms)
    first = TEXT_SEARCH_CONFIGS.get(language)
    configs = [first] if first else []
    configs += [c for c in TEXT_SEARCH_CONFIGS.values() if c != first] + ["simple"]
    query = SearchQuery(text, config=configs[0], search_type="plain")
    for config in configs[1:]:
        query = query | SearchQuery(text, config=config, search_type="plain")
    return query


def match_text(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Rows whose normalised ``search_text`` contains every term (any database)."""
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def match_entries(queryset: QuerySet, terms: list[str], language: str) -> QuerySet:
    """Rows of an indexed model matching every term, best first.

    On PostgreSQL a row whose vector has not been computed yet (saved with ``raw=True``, e.g.
    loaded from a fixture) falls back to the normalised text, so nothing is ever missed.
    """
    if not terms:
        return queryset.none()
    if not uses_postgres():
        return match_text(queryset, terms)
    query = _postgres_query(terms, language)
    matched = queryset.filter(search_vector=query)
    missing = match_text(queryset.filter(search_vector__isnull=True), terms)
    combined = (
        queryset.filter(pk__in=matched.values("pk")) | queryset.filter(pk__in=missing.values("pk"))
        if missing.exists()
        else matched
    )
    return combined.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
        F("rank").desc(nulls_last=True), "pk"
    )


def matches_in_python(texts: list[str], terms: list[str]) -> bool:
    """The same rule for small collections matched in memory."""
    haystack = normalise_for_search(*texts)
    return all(term in haystack for term in terms)
