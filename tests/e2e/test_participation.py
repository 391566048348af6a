"""Participation in a real browser on the demo site, with axe-core on every page: a newcomer
registers and confirms their e-mail address from the link in the message, the secretariat
verifies them, they answer a question of the open consultation and edit the answer; another
stakeholder reports it; the secretariat hides it with a reason and restores it, closes the
consultation and publishes its summary. Markup typed in a name or an answer never runs."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page, expect

from gealc.participation.models import Consultation, Contribution, Stakeholder

from .axe import assert_accessible
from .conftest import DEMO_PASSWORD, sign_in

XSS_NAME = 'Nina <img src=x onerror="window.pwned=1">'


def _register(page: Page, site: str) -> None:
    page.goto(f"{site}/en/participate/register/")
    expect(page.get_by_role("heading", name="Register to take part")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("nina.nueva@example.org")
    page.get_by_label("Username").fill("nina")
    page.locator("#id_password1").fill(DEMO_PASSWORD)
    page.locator("#id_password2").fill(DEMO_PASSWORD)
    page.get_by_label("Your name, as shown with your contributions").fill(XSS_NAME)
    # The labels of required fields end in "(required)": the selects are found by their id.
    page.locator("#id_sector").select_option("civil_society")
    page.locator("#id_country").select_option(label="Uruguay")
    page.get_by_label("Or the name of a new organisation").fill("Red Ciudadana Nueva")
    page.get_by_role("main").get_by_role("button", name="Register").click()
    page.wait_for_url(lambda url: "/participate/register/" not in url)


def _confirm_address(page: Page) -> None:
    (message,) = [m for m in mail.outbox if m.to == ["nina.nueva@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button").first.click()
    page.wait_for_url(lambda url: "/confirm-email/" not in url)


def test_a_newcomer_takes_part_and_the_secretariat_moderates(demo_site: str, page: Page) -> None:
    consultation = Consultation.objects.get(phase=Consultation.Phase.OPEN)
    address = f"/en/consultations/{consultation.slug}/"
    mail.outbox.clear()
    _register(page, demo_site)
    _confirm_address(page)
    person = Stakeholder.objects.get(user__username="nina")
    assert person.user.emailaddress_set.get().verified
    assert person.is_pending

    sign_in(page, demo_site, "secretariat", "/en/participate/review/")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Nina")
    row.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("status")).to_contain_text("Verified")

    sign_in(page, demo_site, "nina", address)
    assert page.evaluate("window.pwned") is None
    assert_accessible(page)
    question = consultation.questions.get(kind="text")
    form = page.locator(f"#question-{question.pk}")
    form.get_by_role("textbox", name="Your answer").fill(
        "Una identidad <script>window.pwned=2</script>para todos"
    )
    form.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer is saved")
    assert_accessible(page)
    form = page.locator(f"#question-{question.pk}")
    form.get_by_role("textbox", name="Your answer").fill(
        "Una identidad digital para todas las personas"
    )
    form.get_by_role("button", name="Save my changes").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer is saved")
    answer = Contribution.objects.get(author=person, question=question)
    assert answer.text == "Una identidad digital para todas las personas"
    assert page.evaluate("window.pwned") is None

    sign_in(page, demo_site, "academia-bra", f"/en/consultations/contributions/{answer.pk}/")
    assert_accessible(page)
    page.get_by_label("Why report it?").select_option("off_topic")
    page.get_by_role("button", name="Report", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("the secretariat will review it")

    sign_in(page, demo_site, "secretariat", f"/en/consultations/contributions/{answer.pk}/")
    page.get_by_label("Reason").fill("Checking the report")
    page.get_by_role("button", name="Hide it").click()
    expect(page.get_by_role("status")).to_contain_text("The contribution is hidden")
    assert_accessible(page)
    page.get_by_label("Reason").fill("Not off topic after all")
    page.get_by_role("button", name="Show it again").click()
    expect(page.get_by_role("status")).to_contain_text("The contribution is shown")

    page.goto(demo_site + address)
    page.get_by_role("button", name="Close now").click()
    page.get_by_role("link", name="Write and publish the summary").click()
    assert_accessible(page)
    page.get_by_label("Synthesis (English)").fill("People want identity for everyone.")
    page.get_by_role("button", name="Publish the summary").click()
    expect(page.get_by_role("status")).to_contain_text("The summary is published")
    expect(page.get_by_role("main")).to_contain_text("People want identity for everyone.")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(demo_site + f"/en/consultations/{consultation.slug}/summary/")
    expect(page.locator("figure.chart").first).to_be_visible()
    assert_accessible(page)


def test_a_hidden_contribution_is_not_found_by_address(demo_site: str, page: Page) -> None:
    hidden = Contribution.objects.filter(is_hidden=True).first()
    response = page.goto(f"{demo_site}/en/consultations/contributions/{hidden.pk}/")
    assert response is not None
    assert response.status == 404
    consultation = hidden.question.consultation.slug
    api = page.goto(f"{demo_site}/api/v1/consultations/{consultation}/contributions/{hidden.pk}/")
    assert api is not None
    assert api.status == 404
    page.goto(f"{demo_site}/en/consultations/")
    assert_accessible(page)


def test_the_secretariat_drafts_a_consultation_on_its_page(demo_site: str, page: Page) -> None:
    sign_in(page, demo_site, "secretariat", "/en/consultations/")
    page.get_by_role("link", name="New consultation").click()
    expect(page.get_by_role("heading", name="New consultation")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_subject").select_option("topic")
    page.get_by_label("Title (English)").fill('Open standards <img src=x onerror="window.pwned=3">')
    page.locator("#id_opens_at").fill("2030-03-01T09:00")
    page.locator("#id_closes_at").fill("2030-02-01T09:00")
    page.locator("#id_questions-0-kind").select_option("single")
    page.locator("#id_questions-0-text_en").fill("Which standard first?")
    page.locator("#id_questions-0-options").fill("ODF\nPDF/A")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").first).to_contain_text("closes after it opens")
    assert_accessible(page)
    page.locator("#id_closes_at").fill("2030-04-01T18:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("The consultation is saved")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Open standards <img")
    assert page.evaluate("window.pwned") is None
    made = Consultation.objects.get(title_en__startswith="Open standards")
    assert made.is_draft
    assert [option.label_en for option in made.questions.get().options.all()] == ["ODF", "PDF/A"]
    page.get_by_role("link", name="Change this consultation and its questions").click()
    assert_accessible(page)
    page.locator("#id_questions-0-text_en").fill("Which open standard first?")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("Which open standard first?")
