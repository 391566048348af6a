"""The welcome dossier in a real browser on the demo site: Paraguay, which changed government
last month, read by the secretariat (every section, the checklist) and by a stakeholder (the
public sections); axe-core finds no serious or critical problem."""

import re

from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .conftest import sign_in


def test_the_secretariat_reads_the_dossier_and_ticks_a_step(demo_site: str, page: Page) -> None:
    sign_in(page, demo_site, "secretariat", "/en/countries/PRY/dossier/")
    expect(page.locator("h1")).to_have_text("Welcome dossier: Paraguay")
    expect(page.get_by_text("Welcoming Lucía Benítez (demo)")).to_be_visible()
    expect(page.get_by_role("heading", name="The first 90 days")).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "button", name=re.compile(r"Mark as done\W+Schedule the first meeting")
    ).click()
    expect(page.get_by_role("status")).to_contain_text("The welcome checklist is updated.")
    row = page.get_by_role("row", name=re.compile("Schedule the first meeting"))
    expect(row).to_contain_text("Done on")
    assert_accessible(page)


def test_a_stakeholder_reads_the_public_sections(demo_site: str, page: Page) -> None:
    sign_in(page, demo_site, "stakeholder", "/en/countries/PRY/dossier/")
    expect(page.locator("h1")).to_have_text("Welcome dossier: Paraguay")
    expect(
        page.get_by_text("Only the country's members and the secretariat see this section.")
    ).to_have_count(5)
    expect(page.get_by_text("Welcome checklist of the secretariat")).to_have_count(0)
    assert_accessible(page)
