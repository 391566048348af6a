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

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, Model, QuerySet, TextField, Value
from django.db.models.functions import Coalesce

from gealc.knowledge import suggestions
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
    """Recompute the stored vectors of these rows (PostgreSQL only); returns rows updated.
    The "did you mean" vocabulary is forgotten on every database: these rows changed."""
    suggestions.forget_vocabulary()
    if not uses_postgres():
        return 0
    return queryset.update(search_vector=vector_for(queryset.model))


def refresh_vector_on_save(
    sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any
) -> None:
    """post_save receiver: one UPDATE that rebuilds the saved row's vector in the database
    (and the "did you mean" vocabulary is forgotten, see ``refresh_vectors``)."""
    if raw:
        return
    refresh_vectors(sender._default_manager.filter(pk=instance.pk))


def query_terms(text: str) -> list[str]:
    """Lower-case, accent-free words of a query."""
    return normalise_for_search(text or "").split()


@lru_cache(maxsize=4096)
def _lexeme_branches(text: str, language: str) -> str:
    """The words as each configuration parses them (the reader's language first, the others,
    "simple"), distinct branches joined by OR. Cached: the parse depends only on the words."""
    first = TEXT_SEARCH_CONFIGS.get(language)
    configs = [first] if first else []
    configs += [c for c in TEXT_SEARCH_CONFIGS.values() if c != first] + ["simple"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT plainto_tsquery(config::regconfig, %s)::text "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS c(config, position) ORDER BY position",
            [text, configs],
        )
        parsed = [row[0] for row in cursor.fetchall()]
    return " | ".join(f"({branch})" for branch in dict.fromkeys(p for p in parsed if p))


def _postgres_query(terms: list[str], language: str) -> SearchQuery:
    """One query without duplicate branches, so the planner estimates it well and the GIN
    index answers it."""
    branches = _lexeme_branches(" ".join(terms), language)
    if not branches:
        return SearchQuery("", config="simple", search_type="plain")
    return SearchQuery(branches, config="simple", search_type="raw")


def match_text(queryset: QuerySet, terms: list[str]) -> QuerySet:
    """Rows whose normalised ``search_text`` contains every term (any database)."""
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def match_entries(queryset: QuerySet, terms: list[str], language: str) -> QuerySet:
    """Rows of an indexed model matching every term (PostgreSQL: answered from the GIN index;
    elsewhere: the normalised text). Order them with ``best_first``.

    Vectors are kept current by ``refresh_vector_on_save``; code that writes rows without
    ``save()`` (``bulk_create``, ``update``) calls ``refresh_vectors`` afterwards.
    """
    if not terms:
        return queryset.none()
    if not uses_postgres():
        return match_text(queryset, terms)
    return queryset.filter(search_vector=_postgres_query(terms, language))


# Ranking reads every matching row's whole vector; beyond this many matches a query is too
# broad for the rank to mean much, and the newest entries come first instead.
RANK_LIMIT = 1000


def best_first(matches: QuerySet, terms: list[str], language: str, count: int) -> QuerySet:
    """Matches ordered by relevance (``ts_rank``, title words weigh most) on PostgreSQL when
    there are at most ``RANK_LIMIT`` of them; otherwise in the model's order (newest first)."""
    if not uses_postgres() or count > RANK_LIMIT:
        return matches
    query = _postgres_query(terms, language)
    return matches.annotate(rank=SearchRank(F("search_vector"), query)).order_by(
        F("rank").desc(), "pk"
    )


@contextmanager
def index_scans() -> Iterator[None]:
    """Make PostgreSQL answer full-text matches from the GIN index, never a sequential scan.

    The planner prices ``@@`` as cheap, but on a sequential scan it decompresses every row's
    vector (a few kilobytes each): a word found in half of 10,000 entries took 170 ms that
    way and 14 ms from the index (the GIN match is exact, so no vector is read). Set for the
    search's own queries only and reset afterwards, whatever happens.
    """
    if not uses_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")


def matches_in_python(texts: list[str], terms: list[str]) -> bool:
    """The same rule for small collections matched in memory."""
    haystack = normalise_for_search(*texts)
    return all(term in haystack for term in terms)
