"""Unified search: every word, accents and case ignored, in any of the four languages; facets
with counts; drafts and people only for those who may see them. Runs on SQLite (normalised
text) and on PostgreSQL (stored vectors with unaccent and a configuration per language)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from gealc.knowledge import search as engine
from gealc.knowledge import selectors, services
from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def corpus(
    practice_published: Practice,
    practice_draft: Practice,
    practice_published_bra: Practice,
    software_participa: SoftwareEntry,
    software_draft_ury: SoftwareEntry,
    datasets: list[OpenDataSet],
    member_ury: User,
    member_bra: User,
) -> dict[str, Any]:
    return {"published": practice_published, "draft": practice_draft}


def _titles(results: selectors.SearchResults, kind: str) -> set[str]:
    return {hit.title for hit in results.hits if hit.kind == kind}


@pytest.mark.parametrize(
    "query",
    ["educacion", "EDUCACIÓN", "Educación digital", "escuelas rurales", "ESCUELAS   rurales"],
)
def test_accents_case_and_spaces_do_not_matter(
    corpus: dict[str, Any], public: Any, query: str
) -> None:
    results = selectors.search(query, viewer=public, language="es")
    assert _titles(results, "practice") == {"Educación digital en escuelas rurales (demo)"}


def test_every_word_must_match(corpus: dict[str, Any], public: Any) -> None:
    assert selectors.search("educación marciana", viewer=public).facets["practice"] == 0


def test_each_language_finds_its_text(
    corpus: dict[str, Any], public: Any, secretariat: User
) -> None:
    practice = corpus["published"]
    services.practice_update(
        actor=secretariat,
        practice=practice,
        data={
            "title_pt": "Educação digital em escolas rurais",
            "title_fr": "Éducation numérique dans les écoles rurales",
            "title_en": "Digital education in rural schools",
        },
    )
    for language, query in (
        ("pt", "educacao escolas"),
        ("fr", "education numerique ecoles"),
        ("en", "rural schools"),
        ("es", "educacion"),
    ):
        results = selectors.search(query, viewer=public, language=language)
        assert [h.obj for h in results.hits if h.kind == "practice"] == [practice], query


def test_software_and_datasets_in_their_languages(corpus: dict[str, Any], public: Any) -> None:
    assert _titles(
        selectors.search("participação cidadã", viewer=public, language="pt"), "software"
    ) == {"Participa (demo)"}
    assert _titles(
        selectors.search("participatory budgets", viewer=public, language="en"), "software"
    ) == {"Participa (demo)"}
    assert selectors.search("compras publicas", viewer=public).facets["dataset"] == 1
    assert selectors.search("marches publics", viewer=public).facets["dataset"] == 1


def test_facets_count_every_kind(corpus: dict[str, Any], public: Any, english: None) -> None:
    results = selectors.search("demo", viewer=public)
    assert results.facets["practice"] == 2  # the two published practices
    assert results.facets["software"] == 1  # Participa; Uruguay's draft is hidden
    assert set(results.facets) == {"practice", "software", "dataset", "country", "indicator"}
    assert results.total == sum(results.facets.values())
    only = selectors.search("demo", kind="software", viewer=public)
    assert {hit.kind for hit in only.hits} == {"software"}
    assert only.facets == results.facets
    labels = [label for _, label, _ in results.facet_list()]
    assert labels[0] == "Practices"


def test_drafts_only_for_their_country_and_the_secretariat(
    corpus: dict[str, Any], users_by_role: dict[str, Any]
) -> None:
    for role, sees in (
        ("public", False),
        ("stakeholder", False),
        ("member_other", False),
        ("reviewer", False),
        ("member_own", True),
        ("secretariat", True),
    ):
        results = selectors.search("ventanilla", viewer=users_by_role[role])
        assert (results.facets["practice"] == 1) is sees, role
        firma = selectors.search("firma digital", viewer=users_by_role[role])
        assert (firma.facets["software"] == 1) is sees, role


def test_people_only_for_network_members(
    corpus: dict[str, Any], users_by_role: dict[str, Any]
) -> None:
    for role in ("public", "stakeholder"):
        assert "person" not in selectors.search("delegada", viewer=users_by_role[role]).facets
    for role in ("member_own", "member_other", "reviewer", "secretariat"):
        results = selectors.search("delegada", viewer=users_by_role[role])
        assert results.facets["person"] == 1, role
        assert _titles(results, "person") == {"Daniela Delegada"}


def test_countries_found_without_accents(corpus: dict[str, Any], public: Any) -> None:
    assert _titles(selectors.search("brasil", viewer=public), "country") == {"Brasil"}


def test_indicators_from_measurement(public: Any, administrator: User) -> None:
    from gealc.measurement import services as measurement_services
    from gealc.measurement.models import FrameworkVersion

    from .conftest import PUBLICCODE_DIR

    framework_file = PUBLICCODE_DIR.parents[2] / "measurement" / "data" / "gealc-dgi-2025.1.yaml"
    measurement_services.framework_import(
        actor=administrator, document=framework_file.read_text("utf-8")
    )
    assert FrameworkVersion.objects.exists()
    results = selectors.search("servicios", viewer=public, language="es")
    assert results.facets["indicator"] >= 1
    assert all(hit.url.startswith("/") for hit in results.hits if hit.kind == "indicator")


@pytest.mark.parametrize("query", ["", "   ", "!!!", "a' OR 1=1 --", "%", "_", "\x00", "é" * 500])
def test_odd_queries_never_fail(corpus: dict[str, Any], public: Any, query: str) -> None:
    results = selectors.search(query, viewer=public, kind="nonsense")
    assert results.kind == ""
    assert results.total >= 0


def test_postgres_vectors_are_stored_and_ranked(corpus: dict[str, Any], public: Any) -> None:
    """On PostgreSQL the stored vector matches and ranks; elsewhere it stays empty."""
    practice = Practice.objects.get(pk=corpus["published"].pk)
    if connection.vendor != "postgresql":
        assert practice.search_vector is None
        assert engine.refresh_vectors(Practice.objects.all()) == 0
        return
    assert practice.search_vector
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() == ("unaccent",)
    # Title words weigh more than summary words: the title match comes first.
    matches = engine.match_entries(Practice.objects.all(), ["educacion"], "es")
    ranked = engine.best_first(matches, ["educacion"], "es", matches.count())
    assert ranked.first() == practice
    assert ranked.first().rank > 0
    # Too many matches to rank: the model's order (newest first) instead.
    assert not hasattr(engine.best_first(matches, ["educacion"], "es", 10**6).first(), "rank")
    assert "search_gin" in str(matches.explain()) or matches.count() < 100  # tiny tables
    # Spanish stemming: a plural finds the singular.
    assert selectors.search("escuela rural", viewer=public, language="es").facets["practice"]


def test_refresh_vectors_after_bulk_writes(corpus: dict[str, Any], public: Any) -> None:
    """Writes that bypass save() (bulk updates) are followed by refresh_vectors."""
    Practice.objects.update(search_vector=None)
    updated = engine.refresh_vectors(Practice.objects.all())
    assert updated == (3 if connection.vendor == "postgresql" else 0)
    assert selectors.search("educacion", viewer=public).facets["practice"] == 1
