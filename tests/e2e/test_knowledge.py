"""The knowledge hub in a real browser on the demo site: practice filters and map, the unified
search with facets, software, open data and the maturity questionnaire (asking to replicate a
practice is a cooperation request: tests/e2e/test_cooperation.py); axe-core finds no serious
or critical problem on any page."""

import re

from playwright.sync_api import Page, expect

from gealc.knowledge.models import Practice, SoftwareEntry

from .axe import assert_accessible
from .conftest import sign_in as _sign_in


def _published_practice(not_of: str = "BRA") -> Practice:
    return (
        Practice.objects.filter(state=Practice.State.PUBLISHED)
        .exclude(country__iso3=not_of)
        .select_related("country")
        .first()
    )


def test_practice_filters_and_map_without_javascript_help(demo_site: str, page: Page) -> None:
    practice = _published_practice()
    page.goto(demo_site + "/en/practices/")

    expect(page.locator("h1")).to_have_text("Practices to replicate")
    expect(page.locator("figure.chart svg[role=group]")).to_be_visible()  # the named marks
    assert_accessible(page)

    page.get_by_label("Country", exact=True).select_option(practice.country.iso3)
    page.get_by_role("button", name="Filter").click()

    page.wait_for_url(re.compile(f"country={practice.country.iso3}"))
    cards = page.locator("#practice-list > li")
    expect(cards.first).to_be_visible()
    for text in cards.all_inner_texts():
        assert practice.country.name in text
    assert_accessible(page)


def test_search_with_facets_leads_to_the_entry(demo_site: str, page: Page) -> None:
    practice = _published_practice()
    word = max(re.findall(r"\w+", practice.title_es), key=len)  # never a stop word
    page.goto(demo_site + "/es/search/")
    assert_accessible(page)

    page.get_by_role("searchbox").fill(word.upper())
    page.get_by_role("searchbox").press("Enter")

    facets = page.locator("#search-facets")
    expect(facets).to_contain_text(re.compile(r"Prácticas \(\d+\)"))
    assert_accessible(page)
    facets.get_by_role("link", name=re.compile(r"^Prácticas")).click()
    expect(facets.locator('[aria-current="page"]')).to_contain_text("Prácticas")
    page.locator("#search-results").get_by_role("link", name=practice.title_es).first.click()

    expect(page.locator("h1")).to_contain_text(practice.title_es)


def test_software_catalogue_and_open_data_pages(demo_site: str, page: Page) -> None:
    entry = SoftwareEntry.objects.filter(state=SoftwareEntry.State.PUBLISHED).first()
    for address in ("/en/software/", f"/en/software/{entry.slug}/", "/pt/open-data/"):
        page.goto(demo_site + address)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)

    page.goto(demo_site + "/en/software/")
    page.get_by_label("Development status", exact=True).select_option(entry.development_status)
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#software-table")).to_contain_text(entry.name)
    expect(page.locator("#dataset-matrix")).to_have_count(0)


def test_maturity_questionnaire_by_keyboard_and_comparison(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/fr/open-data/maturity/")
    expect(page.locator("#maturity-comparison")).to_be_visible()
    assert_accessible(page)

    _sign_in(page, demo_site, "delegate-ury", "/en/open-data/maturity/ury/")
    fieldsets = page.locator("fieldset.dimension")
    expect(fieldsets).to_have_count(4)
    assert_accessible(page)
    for group in page.locator("fieldset.dimension fieldset").all():
        group.get_by_role("radio").last.check()
    page.get_by_role("button", name="Save and see the results").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("The self-assessment was saved.")
    expect(page.locator("#maturity-results")).to_contain_text("100.0")
    assert_accessible(page)


def test_the_secretariat_grants_an_award_after_correcting_the_form(
    demo_site: str, page: Page
) -> None:
    practice = _published_practice()
    address = f"/en/practices/{practice.slug}/"
    _sign_in(page, demo_site, "secretariat", address)
    award = page.locator("section", has=page.locator("#award-heading"))
    award.get_by_role("button", name="Grant the award").click()

    year = page.get_by_label("Award year")
    expect(year).to_have_attribute("aria-invalid", "true")
    described = year.get_attribute("aria-describedby") or ""
    for element_id in described.split():
        expect(page.locator(f"#{element_id}")).to_contain_text("required")
    assert_accessible(page)

    year.fill("2025")
    page.get_by_label(re.compile(r"^Award title")).first.fill("Premio a la innovación")
    page.get_by_role("button", name="Grant the award").click()
    expect(page.get_by_text("The award was granted.")).to_be_visible()
    assert practice.awards.filter(year=2025).exists()
