"""The network in numbers in a real browser: overview, a country profile and its PDF, compare
(countries chosen by keyboard) and downloads; axe-core finds no serious or critical problem.

The demo's published 2024 index is used when the demo snapshot has it; otherwise the test
computes and publishes one from the demo's published round (fewer uncertainty runs, so it
stays quick), through the real services.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from playwright.sync_api import Page, expect

from gealc.measurement.models import Round
from gealc.observatory import selectors, services
from gealc.observatory.models import EgdiValue, IndexRun

from .axe import assert_accessible


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the pages' screenshots go: ``$GEALC_SCREENSHOTS`` to look at them, else the test's
    own directory (a fixed path would be shared by parallel workers and concurrent runs)."""
    return Path(os.environ.get("GEALC_SCREENSHOTS") or tmp_path)


@pytest.fixture
def observatory_site(demo_site: str) -> str:
    if not EgdiValue.objects.exists():
        services.egdi_load()
    if not IndexRun.objects.filter(status=IndexRun.Status.PUBLISHED).exists():
        secretariat = User.objects.get(username="secretariat")
        published = Round.objects.filter(status=Round.Status.PUBLISHED).latest("reference_year")
        run = services.run_compute(
            actor=secretariat, round=published, uncertainty_runs=500, seed=1, is_demo=True
        )
        services.run_publish(actor=secretariat, run=run)
    cache.clear()
    # Render the pages once (the live server shares this process's cache), so the first
    # chart rendering is not timed against the browser's page-load timeout.
    warm = Client()
    for path in ("/en/observatory/", "/es/observatory/countries/ury/"):
        assert warm.get(path).status_code == 200
    return demo_site


def test_overview_shows_map_ranking_and_trend_accessibly(
    observatory_site: str, page: Page, screenshots: Path
) -> None:
    response = page.goto(observatory_site + "/en/observatory/")

    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_have_text("The network in numbers")
    expect(page.locator(".demo-notice")).to_be_visible()
    expect(page.locator("#chart-map svg[role=group]")).to_be_visible()
    expect(page.locator("#chart-ranks svg[role=img]")).to_be_visible()
    ranking = page.locator("table.ranking tbody tr")
    assert ranking.count() >= 30
    # No charting JavaScript until the reader asks for the interactive view.
    assert page.evaluate("typeof window.vegaEmbed") == "undefined"
    page.screenshot(path=str(screenshots / "observatory-overview.png"), full_page=True)
    assert_accessible(page)

    # One interactive view per page: asked for, it loads the vendored Vega and the one
    # chart's spec, and draws that chart below it.
    expect(page.get_by_role("button", name="Open the interactive view")).to_have_count(1)
    page.get_by_label("Chart", exact=True).select_option("chart-ranks")
    page.get_by_role("button", name="Open the interactive view").click()
    ranks = page.locator("#chart-ranks")
    # Vega's drawing (class "marks"), beside the icon of its menu of actions.
    expect(ranks.locator(".chart-interactive-view .marks")).to_have_count(1)
    assert page.evaluate("typeof window.vegaEmbed") == "function"


def test_country_profile_and_its_pdf(observatory_site: str, page: Page, screenshots: Path) -> None:
    page.goto(observatory_site + "/es/observatory/countries/ury/")

    expect(page.locator("h1")).to_have_text("Uruguay")
    expect(page.locator("#chart-profile svg")).to_be_visible()
    page.screenshot(path=str(screenshots / "observatory-profile.png"), full_page=True)
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    path = download.path()
    assert path is not None
    content = Path(path).read_bytes()
    assert content.startswith(b"%PDF")
    assert len(content) > 10_000


def test_compare_countries_chosen_by_keyboard(observatory_site: str, page: Page) -> None:
    page.goto(observatory_site + "/en/observatory/compare/")
    uruguay = page.get_by_label("Uruguay", exact=True)
    brazil = page.get_by_label("Brazil", exact=True)
    uruguay.focus()
    page.keyboard.press("Space")
    brazil.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Compare").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".compare-result table").first).to_contain_text("Uruguay")
    expect(page.locator(".compare-result table").first).to_contain_text("Brazil")
    assert_accessible(page)

    # One country is not a comparison: the form says so and keeps the choice.
    page.goto(observatory_site + "/en/observatory/compare/?countries=URY")
    expect(page.locator(".errors")).to_contain_text("2")
    assert_accessible(page)
    # Nor are seven.
    page.goto(observatory_site + "/en/observatory/compare/?countries=URY,BRA,CHL,ARG,MEX,PER,COL")
    expect(page.locator(".errors")).to_contain_text("Choose from 2 to 6 countries")
    expect(page.locator(".compare-result")).to_have_count(0)


def test_downloads_page_lists_every_format(observatory_site: str, page: Page) -> None:
    page.goto(observatory_site + "/fr/observatory/downloads/")

    for label in ("CSV", "XLSX", "JSON", "SDMX-CSV 1.0"):
        expect(page.locator("th", has_text=label).first).to_be_visible()
    expect(page.locator("a[rel=license]")).to_be_visible()
    assert_accessible(page)


def test_methodology_and_a_corrections_changes(observatory_site: str, page: Page) -> None:
    published = selectors.latest_published_run()
    assert published is not None
    secretariat = User.objects.get(username="secretariat")
    correction = services.run_correct(
        actor=secretariat,
        run=published,
        changelog="Uruguay's procedures were counted twice.",
        uncertainty_runs=200,
    )
    # A preview's rows may still change: alter one as a different recomputation would.
    score = correction.scores.get(country__iso3="URY", node=selectors.root_code(published))
    score.score -= 5
    score.save()
    services.run_publish(actor=secretariat, run=correction)

    page.goto(f"{observatory_site}/en/observatory/runs/{correction.pk}/")
    changes = page.locator("section", has=page.locator("#changes-heading"))
    expect(changes).to_contain_text("Uruguay")
    expect(changes.locator("caption").first).to_contain_text(f"run #{published.pk}")
    assert_accessible(page)

    page.goto(f"{observatory_site}/pt/observatory/methodology/")
    expect(page.locator("#uncertainty-heading")).to_be_visible()
    expect(page.get_by_text("posição percentil, de 0 a 100").first).to_be_visible()
    assert_accessible(page)
