"""Accounts in a real browser on the demo site, with axe-core on every page: a delegate
invites an official of their country, who sets a password from the e-mailed link and is a
member at once; the used link is refused; a member enrols a second factor with a code
computed here; the session list and the password reset pages."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core import mail
from playwright.sync_api import Page, expect

from gealc.accounts.models import Invitation
from gealc.network.models import Appointment, Person
from tests.accounts.totp import totp_code

from .axe import assert_accessible
from .conftest import DEMO_PASSWORD, sign_in

NEW_PASSWORD = "a-long-new-password-2026"


def test_an_invited_official_sets_a_password_and_the_link_then_stops_working(
    demo_site: str, page: Page
) -> None:
    person = Person.objects.create(
        given_name="Nadia",
        family_name="Novata",
        email="nadia.novata.demo@example.org",
        languages=["en"],  # the e-mail's link opens the English pages
        is_demo=True,
    )
    sign_in(page, demo_site, "delegate-ury", "/en/accounts/invitations/")
    expect(page.get_by_role("heading", name="Invitations", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Person of the directory").select_option(str(person.pk))
    page.get_by_label("Role").select_option("member")
    page.get_by_label("Country").select_option(label="Uruguay")
    page.get_by_label("Appointed as").select_option("focal_point")
    page.get_by_label("Working line").fill("interoperability")
    page.get_by_role("button", name="Send the invitation").click()

    expect(page.get_by_role("status")).to_contain_text("Nadia Novata is invited")
    expect(page.get_by_role("button", name="Revoke the invitation of Nadia Novata")).to_be_visible()
    assert_accessible(page)
    (message,) = [m for m in mail.outbox if m.to == ["nadia.novata.demo@example.org"]]
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="Accept your invitation")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Username").fill("nadia")
    page.locator("#id_password").fill("short")
    page.locator("#id_password_again").fill("short")
    page.get_by_role("button", name="Create my account and accept").click()
    expect(page.get_by_role("alert")).to_contain_text("This password is too short")
    assert_accessible(page)
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_password_again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account and accept").click()

    expect(page.get_by_role("status")).to_contain_text("Welcome to GEALC Hub")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
    user = User.objects.get(username="nadia")
    assert Appointment.objects.current().get(person__user=user).working_line == "interoperability"
    assert Invitation.objects.get(person=person).state == Invitation.State.ACCEPTED

    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("This invitation was already accepted")
    assert_accessible(page)


def test_a_member_enrols_a_second_factor_and_signs_in_with_it(demo_site: str, page: Page) -> None:
    sign_in(page, demo_site, "focal-bra", "/en/accounts/2fa/")
    assert_accessible(page)
    page.goto(demo_site + "/en/accounts/2fa/totp/activate/")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_accessible(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
    secret = (
        page.locator("#id_secret, input[name=secret]").first.input_value()
        if page.locator("input[name=secret]").count()
        else re.search(r"\b[A-Z2-7]{32}\b", page.content()).group(0)
    )
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("main").get_by_role("button", name="Activate").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/generate/|/accounts/2fa/"))
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(demo_site + "/en/accounts/login/")
    page.get_by_label("Username").fill("focal-bra")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_label("Code").fill("000000" if totp_code(secret) != "000000" else "111111")
    page.get_by_role("main").get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Incorrect code")
    page.get_by_label("Code").fill(totp_code(secret, step=1))
    page.get_by_role("main").get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_sessions_and_password_reset_pages(demo_site: str, page: Page) -> None:
    sign_in(page, demo_site, "delegate-ury", "/en/accounts/sessions/")
    expect(page.get_by_role("main")).to_contain_text("Sessions")
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(demo_site + "/en/accounts/password/reset/")
    assert_accessible(page)
    page.get_by_label("Email").fill("delegate-ury@example.org")
    page.get_by_role("main").get_by_role("button").first.click()
    expect(page.get_by_role("main")).to_contain_text("sent you an email")
    assert_accessible(page)
