"""The welcome of a new authority in a real browser on the demo site, with axe-core: the new
head of authority of Paraguay (who accepted the secretariat's invitation) signs in with their
second factor, finds their first 90 days from the home page and reaches the dossier from it."""

from __future__ import annotations

import re

from django.core.cache import cache
from playwright.sync_api import Page, expect

from gealc.continuity.demo import HEAD_TOTP_SECRET, HEAD_USERNAME
from tests.accounts.totp import totp_code

from .axe import assert_accessible
from .conftest import DEMO_PASSWORD


def test_the_new_head_finds_their_first_90_days_from_home(demo_site: str, page: Page) -> None:
    page.goto(f"{demo_site}/en/accounts/login/?next=/en/")
    page.get_by_label("Username").fill(HEAD_USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
    cache.clear()  # a code is accepted once; an earlier test may have used this period's
    page.get_by_label("Code").fill(totp_code(HEAD_TOTP_SECRET))
    page.get_by_role("main").get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(re.compile(r"/en/$"))

    page.get_by_role("link", name=re.compile("your first 90 days as the authority of")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The first 90 days: Paraguay")
    checklist = page.get_by_role("table", name="What to do in your first days, and what is done")
    expect(checklist.get_by_role("row", name=re.compile("second factor"))).to_contain_text("Done")
    expect(checklist.get_by_role("row", name=re.compile("Invite your team"))).to_contain_text(
        "Done"
    )
    expect(page.get_by_role("heading", name="People to contact")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="The full welcome dossier of the country").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome dossier: Paraguay")
    page.get_by_role("link", name="The first 90 days of the new head or delegate").click()
    expect(page).to_have_url(re.compile(r"/en/countries/PRY/first-90-days/$"))
