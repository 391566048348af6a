"""Cooperation in a real browser on the demo site, the whole path of one request through its
pages: a focal point asks to replicate a practice and reads explained partner suggestions; the
secretariat accepts the request, matches it with a provider, approves money from the fund within
its balance (and is refused beyond it) and plans the exchange; the provider country marks it
carried out and submits its report; the requesting country answers the survey (and is refused a
second answer). axe-core finds no serious or critical problem on any page along the way."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from gealc.cooperation.models import WORKFLOW, Evaluation, FundBudget, FundEntry, Request, State
from gealc.knowledge.models import Practice

from .axe import assert_accessible
from .conftest import sign_in

REQUESTER = "focal-bra"  # Brazil's focal point
SECRETARIAT = "secretariat"
PROVIDER = "delegate-ury"  # Uruguay's delegate


def test_a_request_goes_from_the_focal_point_to_the_survey(
    demo_site: str, page: Page, english: None
) -> None:
    request = _focal_point_files_a_request(page, demo_site)
    _secretariat_accepts_matches_and_approves_within_budget(page, demo_site, request)
    _secretariat_plans(page, request)
    _provider_carries_out_and_reports(page, demo_site, request)
    _requester_answers_the_survey(page, demo_site, request)

    transitions = request.transitions.select_related("actor").order_by("at", "pk")
    by = {t.to_state: t.actor.username for t in transitions}
    # Every step of the workflow from submitted to evaluated, in order.
    assert list(by)[-7:] == list(WORKFLOW[1 : WORKFLOW.index(State.EVALUATED) + 1])
    assert by[State.SUBMITTED] == by[State.EVALUATED] == REQUESTER
    assert by[State.ACCEPTED] == by[State.MATCHED] == by[State.PLANNED] == SECRETARIAT
    assert by[State.CARRIED_OUT] == by[State.REPORTED] == PROVIDER


def _act(page: Page, button: str) -> None:
    """Press an action's button and wait for the page that says it was done."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"Done: {button}.")


def _state_is(page: Page, request: Request, state: State) -> None:
    """The page shows the state (the first of its facts) and the database holds it."""
    expect(page.locator(".facts dd").first).to_have_text(str(state.label))
    request.refresh_from_db()
    assert request.state == state


def _focal_point_files_a_request(page: Page, site: str) -> Request:
    practice = (
        Practice.objects.filter(state=Practice.State.PUBLISHED).exclude(country__iso3="BRA").first()
    )
    address = f"/en/practices/{practice.slug}/"
    sign_in(page, site, REQUESTER, address)
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
    return created


def _secretariat_accepts_matches_and_approves_within_budget(
    page: Page, site: str, request: Request
) -> None:
    budget = FundBudget.objects.get(year=timezone.localdate().year)
    sign_in(page, site, SECRETARIAT, f"/en/cooperation/{request.pk}/")
    assert_accessible(page)

    _act(page, "Accept")
    _state_is(page, request, State.ACCEPTED)
    page.get_by_label("Provider country").select_option("URY")
    _act(page, "Match with a provider")
    _state_is(page, request, State.MATCHED)
    assert_accessible(page)

    page.locator("#id_fund-budget").select_option(str(budget.pk))
    page.locator("#id_fund-amount").fill("2500")
    _act(page, "Approve from the fund")
    expect(page.locator("#fund-heading")).to_be_visible()  # the request's fund entries
    assert_accessible(page)

    page.locator("#id_fund-budget").select_option(str(budget.pk))
    page.locator("#id_fund-amount").fill("99999999")
    page.get_by_role("button", name="Approve from the fund").click()
    expect(page.locator(".errors")).to_contain_text("more than the fund's remaining balance")
    assert_accessible(page)

    request.refresh_from_db()
    assert request.provider_country.iso3 == "URY"
    entries = FundEntry.objects.filter(request=request, kind=FundEntry.Kind.COMMITMENT)
    assert [str(entry.amount) for entry in entries] == ["2500.00"]


def _secretariat_plans(page: Page, request: Request) -> None:
    start = timezone.localdate() + datetime.timedelta(days=30)
    page.locator("#id_plan-start").fill(start.isoformat())
    page.locator("#id_plan-end").fill((start + datetime.timedelta(days=2)).isoformat())
    page.locator("#id_plan-agenda").fill("Día 1: arquitectura. Día 2: registros conectados.")
    _act(page, "Plan")
    _state_is(page, request, State.PLANNED)
    expect(page.locator("#agenda-heading")).to_be_visible()
    assert_accessible(page)
    assert request.planned_start == start


def _provider_carries_out_and_reports(page: Page, site: str, request: Request) -> None:
    sign_in(page, site, PROVIDER, f"/en/cooperation/{request.pk}/")
    assert_accessible(page)
    _act(page, "Mark as carried out")
    _state_is(page, request, State.CARRIED_OUT)
    assert_accessible(page)

    page.get_by_label("Report").fill("Mostramos la arquitectura y conectamos dos registros.")
    _act(page, "Submit the report")
    _state_is(page, request, State.REPORTED)
    expect(page.locator("#report-heading")).to_be_visible()
    assert_accessible(page)
    assert request.report == "Mostramos la arquitectura y conectamos dos registros."


def _requester_answers_the_survey(page: Page, site: str, request: Request) -> None:
    sign_in(page, site, REQUESTER, f"/en/cooperation/{request.pk}/")
    expect(page.locator("#report-heading")).to_be_visible()
    assert_accessible(page)
    _answer(page, goals_met="4", further_help="Una sesión sobre firma digital.")
    _state_is(page, request, State.EVALUATED)
    assert_accessible(page)
    survey = Evaluation.objects.get(request=request, kind=Evaluation.Kind.SURVEY)
    assert survey.role == Evaluation.Role.REQUESTER
    assert (survey.goals_met, survey.further_help) == (4, "Una sesión sobre firma digital.")

    # The survey is still offered (to the others taking part); a second answer is refused.
    page.get_by_label("Goals met (1 to 5)").select_option("1")
    page.get_by_role("button", name="Answer the survey", exact=True).click()
    expect(page.locator(".errors")).to_contain_text("You have already answered this survey.")
    assert_accessible(page)
    assert Evaluation.objects.filter(request=request).count() == 1


def _answer(page: Page, *, goals_met: str, further_help: str) -> None:
    page.get_by_label("Goals met (1 to 5)").select_option(goals_met)
    page.get_by_label("Knowledge gained (1 to 5)").select_option("5")
    page.get_by_label("Satisfaction (1 to 5)").select_option("5")
    page.get_by_label("How will you use it?").fill("Conectaremos los registros civiles.")
    page.get_by_label("Further help needed").fill(further_help)
    _act(page, "Answer the survey")
