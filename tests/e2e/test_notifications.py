"""Notifications in a real browser on the demo site: the header counts the unread ones, the
list marks one read, the preferences are chosen by radio buttons; axe-core finds no serious
or critical problem on either page."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from gealc.notifications.services import Message, notify

from .axe import assert_accessible
from .conftest import sign_in as _sign_in


def test_the_list_and_the_preferences(demo_site: str, page: Page) -> None:
    delegate = User.objects.get(username="delegate-ury")
    for number in (1, 2):
        notify(
            kind="index_published",
            recipients=[delegate],
            compose=lambda number=number: Message(
                f"Test notification {number}", "Body of the test notification."
            ),
        )
    _sign_in(page, demo_site, "delegate-ury", "/en/notifications/")

    expect(page.locator("h1")).to_have_text("My notifications")
    expect(page.locator(".notifications-link")).to_contain_text("2")
    expect(page.locator("#notification-list > li")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"Mark as read\W+Test notification 2")).click()
    page.wait_for_url(re.compile("/en/notifications/$"))
    expect(page.locator(".notifications-link")).to_contain_text("1")
    expect(page.locator("#notification-list > li.unread")).to_have_count(1)

    page.get_by_role("link", name="Choose which e-mails you receive").click()
    expect(page.locator("h1")).to_have_text("Notification preferences")
    assert_accessible(page)
    page.get_by_role("group", name="A new index was published").get_by_label(
        "Weekly digest"
    ).check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("status")).to_contain_text("preferences are saved")
    expect(
        page.get_by_role("group", name="A new index was published").get_by_label("Weekly digest")
    ).to_be_checked()
