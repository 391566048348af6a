"""Each public page loads, shows what it is for and has no serious accessibility problem."""

import re

from playwright.sync_api import Page, expect

from .axe import assert_accessible, describe, serious_violations

PUBLIC_PAGES = [
    ("/en/", "How is the region doing"),
    ("/en/styleguide/", "Style guide"),
    ("/en/countries/", "Countries"),
    ("/en/countries/ury/", "Uruguay"),
    ("/en/directory/?q=uruguay", "Directory"),
    ("/en/governance/", "Governance"),
    ("/en/organisations/", "Organisations"),
    ("/en/accounts/login/", "Sign in"),
]


def test_public_pages_load_and_are_accessible(demo_site: str, page: Page) -> None:
    # One test for all pages: the demo network is loaded once per test, which dominates.
    problems = []
    for path, heading in PUBLIC_PAGES:
        response = page.goto(demo_site + path)

        assert response is not None
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_contain_text(heading)
        violations = serious_violations(page)
        if violations:
            problems.append(f"\n== {path}{describe(violations)}")
    assert not problems, "".join(problems)


def test_country_list_shows_the_map_with_every_member_in_its_table(
    demo_site: str, page: Page
) -> None:
    page.goto(demo_site + "/en/countries/")

    figure = page.locator("figure.chart").first
    svg = figure.locator("svg[role=group]")  # a group of named country marks
    expect(svg).to_be_visible()
    labelled_by = svg.get_attribute("aria-labelledby")
    expect(page.locator(f"#{labelled_by}")).not_to_be_empty()
    described_by = svg.get_attribute("aria-describedby")
    expect(page.locator(f"#{described_by}")).to_contain_text("The map shows 33 countries")
    figure.locator("details summary").click()
    table = figure.locator("details table")
    expect(table).to_be_visible()
    members = table.locator("tbody tr", has_text="Member")
    assert members.count() == 33
    expect(table).to_contain_text("Saint Vincent and the Grenadines")
    assert_accessible(page)


def test_directory_search_finds_people_and_hides_contacts_from_the_public(
    demo_site: str, page: Page
) -> None:
    page.goto(demo_site + "/en/directory/")

    search = page.get_by_role("searchbox").or_(page.get_by_label("Search")).first
    search.fill("Uruguay")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"q=Uruguay"))
    results = page.locator("main")
    expect(results).to_contain_text("Uruguay")
    expect(results).not_to_contain_text("@")  # no e-mail addresses for anonymous visitors
    assert_accessible(page)


def test_unknown_country_is_a_friendly_404(demo_site: str, page: Page) -> None:
    response = page.goto(demo_site + "/en/countries/xyz/")

    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    assert_accessible(page)
