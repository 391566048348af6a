"""Cooperation in a real browser on the demo site: a focal point asks to replicate a practice
and reads explained partner suggestions; the secretariat accepts a request, matches it with
a provider and approves money from the fund within its balance (and is refused beyond it);
axe-core finds no serious or critical problem on any page."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from gealc.cooperation.models import FundBudget, FundEntry, Request, State
from gealc.knowledge.models import Practice

from .axe import assert_accessible
from .conftest import sign_in


def test_a_focal_point_files_a_request_and_sees_explained_suggestions(
    demo_site: str, page: Page
) -> None:
    practice = (
        Practice.objects.filter(state=Practice.State.PUBLISHED).exclude(country__iso3="BRA").first()
    )
    address = f"/en/practices/{practice.slug}/"
    sign_in(page, demo_site, "focal-bra", address)
    page.get_by_role("link", name="Request cooperation on this practice").click()

    expect(page.locator("h1")).to_have_text("Request cooperation")
    expect(page.get_by_label("Practice to replicate")).to_have_value(practice.slug)
    assert_accessible(page)
    page.get_by_label("Title").fill("Replicar la plataforma")
    page.get_by_label("What your country needs").fill("Queremos conectar nuestros registros.")
    page.get_by_label("Working line").select_option("interoperability")
    page.get_by_label("Modality").select_option("study_visit")
    page.get_by_role("button", name="Send to the secretariat").click()

    expect(page.locator(".messages")).to_contain_text("Your request is saved.")
    created = Request.objects.get(title_en="Replicar la plataforma")
    assert created.state == State.SUBMITTED
    assert created.practice == practice
    assert created.requesting_country.iso3 == "BRA"
    suggestions = page.locator("#suggestions > li")
    expect(suggestions.first).to_be_visible()
    for line in suggestions.all_inner_texts():
        assert re.match(r"^[^:]+: .+", line)  # "Country: why"
        assert "Brazil" not in line.split(":")[0]
    expect(page.locator("#suggestions")).to_contain_text("offers")  # the demo's standing offer
    assert_accessible(page)


def test_the_secretariat_accepts_matches_and_approves_within_budget(
    demo_site: str, page: Page
) -> None:
    request = Request.objects.get(state=State.SUBMITTED, is_demo=True)
    budget = FundBudget.objects.get(year=timezone.localdate().year)
    address = f"/en/cooperation/{request.pk}/"
    sign_in(page, demo_site, "secretariat", address)
    assert_accessible(page)

    page.get_by_role("button", name="Accept", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Done: Accept.")
    page.get_by_label("Provider country").select_option("URY")
    page.get_by_role("button", name="Match with a provider").click()
    expect(page.locator(".messages")).to_contain_text("Done: Match with a provider.")

    page.locator("#id_fund-budget").select_option(str(budget.pk))
    page.locator("#id_fund-amount").fill("2500")
    page.get_by_role("button", name="Approve from the fund").click()
    expect(page.locator(".messages")).to_contain_text("Done: Approve from the fund.")
    assert_accessible(page)

    page.locator("#id_fund-budget").select_option(str(budget.pk))
    page.locator("#id_fund-amount").fill("99999999")
    page.get_by_role("button", name="Approve from the fund").click()
    expect(page.locator(".errors")).to_contain_text("more than the fund's remaining balance")
    assert_accessible(page)

    request.refresh_from_db()
    assert request.state == State.MATCHED
    assert request.provider_country.iso3 == "URY"
    entries = FundEntry.objects.filter(request=request, kind=FundEntry.Kind.COMMITMENT)
    assert [str(entry.amount) for entry in entries] == ["2500.00"]
