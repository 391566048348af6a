"""Signing in through the real form with a demo account."""

from playwright.sync_api import Page, expect

from .axe import assert_accessible
from .conftest import DEMO_PASSWORD


def _sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()


def test_a_wrong_password_is_explained_then_the_right_one_signs_in_and_out(
    demo_site: str, page: Page
) -> None:
    _sign_in(page, demo_site, "delegate-ury", "not-the-password")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The username and/or password you specified are not correct")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_label("Username")).to_have_value("delegate-ury")
    assert_accessible(page)

    _sign_in(page, demo_site, "delegate-ury", DEMO_PASSWORD)

    expect(page).to_have_url(demo_site + "/en/")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    assert_accessible(page)
    sign_out.click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_sign_in_returns_to_the_page_it_started_from(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/countries/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("focal-bra")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(demo_site + "/en/countries/")
