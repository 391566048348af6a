"""Passkeys in a real browser, with axe-core on their pages. Chromium's virtual authenticator
(DevTools' WebAuthn domain) stands in for a phone: the browser really signs the server's
challenges and allauth's fido2 server really checks them. A member enrols a passkey on the
second-factor page, the secretariat sees the enrolment in the security log, and the member
signs in with the passkey as second factor, then with the passkey alone; a member renames a
key and removes it (and, as it was the last second factor, the recovery codes with it), and the
security log keeps both removals.

The live server is http://localhost:<port>, which browsers treat as a secure context and fido2
accepts as an origin, so MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN (off outside DEBUG) is not needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import CDPSession, Page, expect

from gealc.accounts.models import SecurityEvent

from . import test_csp
from .axe import assert_accessible
from .conftest import DEMO_PASSWORD, sign_in

MEMBER = "focal-bra"  # a demo member without a second factor
KEY_NAME = "Work phone"
# A browser that keeps the site's Content-Security-Policy, which the ``page`` fixture bypasses
# to inject axe-core, and the problems it saw.
enforcing_page = test_csp.enforcing_page


@dataclass
class Authenticator:
    """A virtual authenticator attached to one page's browser context."""

    session: CDPSession
    id: str

    def credentials(self) -> list[dict]:
        answer = self.session.send("WebAuthn.getCredentials", {"authenticatorId": self.id})
        return answer["credentials"]

    def add_credential(self, credential: dict) -> None:
        self.session.send(
            "WebAuthn.addCredential", {"authenticatorId": self.id, "credential": credential}
        )


def virtual_authenticator(page: Page) -> Authenticator:
    """A platform authenticator, like a phone's, that keeps passkeys (resident keys) and
    verifies its user at once, so no prompt waits for a person; the UI is off so that
    Chromium shows no dialog of its own."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable", {"enableUI": False})
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    answer = session.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return Authenticator(session, answer["authenticatorId"])


def enrol_passkey(page: Page, site: str) -> None:
    """From the second-factor page: confirm the password, name the key, make it a passkey."""
    sign_in(page, site, MEMBER, "/en/accounts/2fa/")
    expect(page.get_by_role("main")).to_contain_text("No security keys have been added.")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Add", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/webauthn/add/"))
    expect(page.get_by_role("heading", name="Add Security Key")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill(KEY_NAME)
    page.get_by_label("Passwordless").check()
    page.get_by_role("main").get_by_role("button", name="Add", exact=True).click()
    # The first second factor comes with recovery codes.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    expect(page.get_by_role("status")).to_contain_text("Security key added.")
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def assert_logged_by_the_secretariat_log(page: Page, site: str) -> None:
    """The secretariat reads the enrolment in the security log, filtered to the member."""
    sign_in(page, site, "secretariat", "/en/accounts/security-log/")
    page.get_by_label("Event").select_option(SecurityEvent.Kind.MFA_ENROLLED)
    page.get_by_label("Account").fill(MEMBER)
    page.get_by_role("main").get_by_role("button", name="Filter").click()
    rows = page.get_by_role("row").filter(has_text=MEMBER)
    expect(rows.filter(has_text="WebAuthn")).to_have_count(1)
    expect(rows.first).to_contain_text("Second factor added")
    sign_out(page)


def sign_in_with_the_key_as_second_factor(page: Page, site: str) -> None:
    page.goto(site + "/en/accounts/login/?next=/en/accounts/2fa/webauthn/")
    page.get_by_label("Username").fill(MEMBER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    assert_accessible(page)
    page.get_by_role("button", name="Use a security key").click()

    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/webauthn/$"))
    key = page.get_by_role("row").filter(has_text=KEY_NAME)
    expect(key).to_contain_text("Passkey")
    assert_accessible(page)


def sign_in_with_the_passkey_alone(page: Page, site: str, credential: dict) -> Authenticator:
    """In another browser holding the same passkey (as a synced one would), under the site's
    policy: no username, no password."""
    authenticator = virtual_authenticator(page)
    authenticator.add_credential(credential)
    page.goto(site + "/en/accounts/login/?next=/en/accounts/2fa/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/2fa/$"))
    expect(page.get_by_role("main")).to_contain_text("You have added 1 security key.")
    return authenticator


def test_a_member_enrols_a_passkey_and_signs_in_with_it(
    demo_site: str, page: Page, enforcing_page: tuple[Page, list[str]]
) -> None:
    authenticator = virtual_authenticator(page)
    enrol_passkey(page, demo_site)
    (credential,) = authenticator.credentials()
    assert credential["isResidentCredential"]
    assert credential["rpId"] == "localhost"
    assert_logged_by_the_secretariat_log(page, demo_site)

    sign_in_with_the_key_as_second_factor(page, demo_site)
    sign_out(page)
    page.goto(demo_site + "/en/accounts/login/")
    expect(page.get_by_role("button", name="Sign in with a passkey")).to_be_visible()
    assert_accessible(page)

    other_browser, problems = enforcing_page
    (credential,) = authenticator.credentials()
    synced = sign_in_with_the_passkey_alone(other_browser, demo_site, credential)
    assert problems == []
    # The key signed at enrolment and at each sign-in, here and in the other browser.
    assert [c["signCount"] for c in synced.credentials()] == [3]
    kinds = SecurityEvent.objects.filter(username=MEMBER).values_list("kind", flat=True)
    assert list(kinds).count(SecurityEvent.Kind.SIGN_IN) == 3


def test_a_member_renames_and_removes_a_passkey(demo_site: str, page: Page) -> None:
    virtual_authenticator(page)
    enrol_passkey(page, demo_site)
    page.goto(demo_site + "/en/accounts/2fa/webauthn/")
    page.get_by_role("row").filter(has_text=KEY_NAME).get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit Security Key")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("")
    page.get_by_role("main").get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Edit Security Key")).to_be_visible()  # refused
    page.get_by_label("Name").fill("Laptop")
    page.get_by_role("main").get_by_role("button", name="Save").click()

    renamed = page.get_by_role("row").filter(has_text="Laptop")
    expect(renamed).to_contain_text("Passkey")
    expect(page.get_by_role("row").filter(has_text=KEY_NAME)).to_have_count(0)
    renamed.get_by_role("link", name="Remove").click()
    expect(page.get_by_role("heading", name="Remove Security Key")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Remove").click()

    expect(page.get_by_role("row").filter(has_text="Laptop")).to_have_count(0)
    removed = SecurityEvent.objects.filter(username=MEMBER, kind=SecurityEvent.Kind.MFA_REMOVED)
    # The last second factor goes with the recovery codes that came with the first.
    assert sorted(removed.values_list("detail", flat=True)) == ["Recovery codes", "WebAuthn"]
