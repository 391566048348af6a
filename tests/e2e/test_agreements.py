"""Integration agreements in a real browser on the demo site: the secretariat records an
agreement, signs it and brings it into force, and sees the pair in the matrix; a visitor reads
the matrix of a past year with the keyboard alone. axe-core finds no serious or critical
problem on any of these pages."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from gealc.agreements.models import Agreement

from .axe import assert_accessible
from .conftest import sign_in

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
          text: (el.innerText || '').trim(), role: el.getAttribute('role')};
}"""


def _tab_until(page: Page, wanted: dict[str, str], most: int = 80) -> dict:
    """Press Tab until the focused element has the wanted attributes."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if all(focused.get(key) == value for key, value in wanted.items()):
            return focused
    raise AssertionError(f"Tab never reached {wanted}")


def test_the_secretariat_records_an_agreement_and_sees_it_in_the_matrix(
    demo_site: str, page: Page
) -> None:
    sign_in(page, demo_site, "secretariat", "/en/agreements/")
    assert_accessible(page)
    page.get_by_role("link", name="Record an agreement").click()
    assert_accessible(page)
    page.get_by_label("Kind").select_option("signatures")
    page.get_by_label("Title").fill("Peru-Uruguay signature recognition (browser)")
    page.get_by_label("Negotiation started on").fill("2024-01-10")
    page.get_by_label("Parties (required)").select_option(["PER", "URY"])
    page.get_by_role("button", name="Record the agreement").click()
    expect(page.locator(".messages")).to_contain_text("The agreement is recorded.")
    assert_accessible(page)

    for status, day in (("signed", "2024-05-02"), ("in_force", "2024-08-01")):
        page.get_by_label("New status").select_option(status)
        page.get_by_label("Date (required)").fill(day)
        page.get_by_role("button", name="Record the change").click()
        expect(page.locator(".messages")).to_contain_text("The new status is recorded.")
    expect(page.locator("#agreement-status")).to_have_text("In force")
    agreement = Agreement.objects.get(title_en="Peru-Uruguay signature recognition (browser)")
    assert agreement.in_force_on == datetime.date(2024, 8, 1)

    page.goto(f"{demo_site}/en/agreements/matrix/?kind=signatures&year=2024")
    table = page.locator("#agreements-matrix")
    peru_row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Peru"))
    expect(peru_row).to_contain_text("Peru-Uruguay signature recognition (browser)")
    expect(page.locator("#matrix-summary")).to_contain_text("recognise each other's")
    assert_accessible(page)


def test_a_visitor_reads_the_matrix_by_keyboard(demo_site: str, page: Page) -> None:
    page.goto(f"{demo_site}/en/agreements/matrix/")
    assert_accessible(page)
    _tab_until(page, {"name": "year"})
    page.keyboard.type("2022")
    _tab_until(page, {"tag": "button", "text": "Show"})
    page.keyboard.press("Enter")
    page.wait_for_url("**year=2022**")
    expect(page.locator("#matrix-caption")).to_contain_text("end of 2022")
    # The table scrolls as a region the keyboard can focus, then its links are reachable.
    _tab_until(page, {"role": "region"})
    focused = _tab_until(page, {"tag": "a"})
    assert "(demo)" in focused["text"]
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("(demo)")
    expect(page.locator("#parties")).to_be_visible()
    assert_accessible(page)
