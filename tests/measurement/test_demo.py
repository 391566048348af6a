"""The measurement demo: published rounds 2022-2025, open 2026 round in every state,
idempotent."""

from __future__ import annotations

import pytest

from gealc.core.demo_loading import load_all
from gealc.measurement import selectors
from gealc.measurement.demo import OPEN_YEAR, PUBLISHED_YEARS, generate_values
from gealc.measurement.models import FrameworkVersion, Round, Transition, Value

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_all()


def test_rounds_and_states(demo: None) -> None:
    versions = FrameworkVersion.objects.filter(code="GEALC-DGI")
    # 2026.1 is the draft the participation demo consults on; no round uses it.
    assert sorted(versions.values_list("version", "status")) == [
        ("2024.1", "frozen"),
        ("2025.1", "frozen"),
        ("2026.1", "draft"),
    ]
    assert versions.get(version="2025.1").indicators.count() == 15
    assert PUBLISHED_YEARS == (2022, 2023, 2024, 2025)  # a history of at least four years
    for year in PUBLISHED_YEARS:
        published = Round.objects.get(reference_year=year)
        assert published.status == "published"
        assert published.submissions.count() == 33
        assert set(published.submissions.values_list("state", flat=True)) == {"published"}
    frameworks = dict(Round.objects.values_list("reference_year", "framework_version__version"))
    assert frameworks == {
        2022: "2024.1",
        2023: "2024.1",
        2024: "2024.1",
        2025: "2025.1",
        2026: "2025.1",
    }
    current = Round.objects.get(reference_year=OPEN_YEAR)
    assert current.status == "open"
    states = dict(current.submissions.values_list("country__iso3", "state"))
    assert states["BRA"] == "draft"
    assert states["URY"] == "submitted"
    assert list(states.values()).count("returned") >= 2
    assert {"draft", "submitted", "returned", "validated"} <= set(states.values())
    assert current.submissions.filter(justifications__isnull=False).distinct().count() >= 2
    assert current.submissions.filter(assignments__reviewer__username="reviewer").count() >= 3
    assert not current.submissions.filter(
        country__iso3="CHL", assignments__reviewer__username="reviewer"
    ).exists()
    returned = current.submissions.filter(state="returned")
    assert all(s.values.filter(comments__isnull=False).exists() for s in returned)
    assert Value.objects.filter(status="not_available").exists()
    assert all(r.is_demo for r in Round.objects.all())


def test_published_values_pass_validation(demo: None) -> None:
    for year in PUBLISHED_YEARS:
        reports = selectors.round_validation_reports(Round.objects.get(reference_year=year))
        assert all(report.is_valid for report in reports.values()), year


def test_values_follow_the_online_service_index() -> None:
    high = generate_values("URY", 2024, 0.95)
    low = generate_values("URY", 2024, 0.2)
    share = lambda v: v["procedures_transactional"][0] / v["procedures_total"][0]  # noqa: E731
    assert share(high) > share(low)
    assert generate_values("URY", 2024, 0.9) == generate_values("URY", 2024, 0.9)
    assert 60 <= high["satisfaction_score"][0] <= 90


def test_loading_twice_changes_nothing(demo: None) -> None:
    counts = (Value.objects.count(), Transition.objects.count(), Value.history.count())
    load_all()
    assert (Value.objects.count(), Transition.objects.count(), Value.history.count()) == counts
