"""The knowledge demo: complete, flagged as demo, loaded by ``gealc demo`` through the real
services, and loading twice changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from gealc.knowledge import demo, selectors
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    SoftwareEntry,
    SoftwareUsage,
    Tag,
)
from gealc.network import demo as network_demo
from gealc.network.models import Country

pytestmark = pytest.mark.usefixtures("english")

MODELS = (
    Tag,
    Practice,
    Award,
    SoftwareEntry,
    SoftwareUsage,
    OpenDataSet,
    DatasetStatus,
    MaturityAssessment,
)


def _counts() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in MODELS}
    return counts | {f"history-{m.__name__}": m.history.count() for m in MODELS}


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Loaded once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        network_demo.load()
        demo.load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def db_loaded(loaded: None, db: None) -> None:
    return None


def test_practices_across_countries_some_awarded(db_loaded: None) -> None:
    practices = Practice.objects.all()
    assert practices.count() == 15
    assert practices.filter(is_demo=True).count() == 15
    assert all("(demo)" in p.title_es and "(demo)" in p.title_en for p in practices)
    assert practices.values("country").distinct().count() == 15
    assert set(practices.values_list("state", flat=True)) == {"draft", "in_review", "published"}
    assert Award.objects.filter(is_demo=True).count() == 5
    assert all(p.metrics.count() == 2 for p in practices)
    public = selectors.practice_list({}, AnonymousUser())
    assert public.count() == 12


def test_software_with_usages_and_a_regional_version(db_loaded: None) -> None:
    entries = SoftwareEntry.objects.all()
    assert entries.count() == 8
    assert all(e.is_demo and e.state == "published" and e.publiccode_yml for e in entries)
    regional = entries.get(slug="participa-caribe-demo")
    assert regional.is_based_on == entries.get(slug="participa-demo")
    assert SoftwareUsage.objects.filter(relation="adapted").exists()
    assert SoftwareUsage.objects.count() >= 15


def test_datasets_with_a_status_for_every_member(db_loaded: None) -> None:
    members = Country.objects.filter(membership=Country.Membership.MEMBER).count()
    assert members == 33
    datasets = OpenDataSet.objects.all()
    assert {"budget", "public-procurement", "public-officials", "public-services"} <= set(
        datasets.values_list("slug", flat=True)
    )
    assert DatasetStatus.objects.count() == members * datasets.count()
    published = DatasetStatus.objects.filter(published=True)
    assert 0 < published.count() < DatasetStatus.objects.count()
    assert not published.filter(url="").exists()
    matrix = selectors.dataset_matrix()
    assert len(matrix.datasets) == datasets.count()


def test_maturity_for_twenty_countries(db_loaded: None) -> None:
    assert MaturityAssessment.objects.filter(is_demo=True).count() == 20
    comparison = selectors.maturity_comparison()
    assert len(comparison.rows) == 20
    overall = [row.overall for row in comparison.rows]
    assert overall == sorted(overall, reverse=True)
    assert len(set(overall)) > 3


def test_loading_twice_changes_nothing(db_loaded: None) -> None:
    before = _counts()
    demo.load()
    assert _counts() == before


def test_search_finds_demo_content_in_any_language(db_loaded: None) -> None:
    results = selectors.search("educacion", viewer=AnonymousUser())
    assert results.query == "educacion"
    spanish = selectors.search("firma digital", viewer=AnonymousUser(), language="es")
    assert spanish.facets["practice"] >= 1
    assert spanish.facets["software"] >= 1
    english = selectors.search("procurement", viewer=AnonymousUser(), language="en")
    assert english.facets["dataset"] == 1
    assert english.facets["practice"] >= 1
