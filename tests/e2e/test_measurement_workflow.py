"""A measurement round in the browser, from a focal point's draft to publication.

focal-bra fills Brazil's draft of the open round, breaks a rule, sees the error, fixes it,
justifies a warning and submits; the reviewer (from Chile) comments on a value and returns the
submission with a reason; focal-bra answers and resubmits; the reviewer validates; the
secretariat publishes; the public sees the values. axe-core checks the submission page and
the round's dashboard on the way; set E2E_SCREENSHOTS=<directory> to keep screenshots.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from gealc.measurement import selectors, services
from gealc.measurement.demo import OPEN_YEAR
from gealc.measurement.models import FrameworkVersion, Round, Submission, Variable
from gealc.network.models import Country

from .axe import assert_accessible
from .conftest import sign_in as _sign_in

DATA = Path(__file__).parents[2] / "src" / "gealc" / "measurement" / "data"
EVIDENCE = "https://gov.example.org/evidence.pdf"
# Filled in by the browser; every other variable is prepared through the services.
TYPED = ("procedures_total", "procedures_transactional")


def _brazil_open() -> Submission:
    """Brazil's submission of the open round (the demo's; created if the demo has none)."""
    brazil = Country.objects.get(iso3="BRA")
    found = (
        Submission.objects.filter(
            country=brazil, round__reference_year=OPEN_YEAR, round__status=Round.Status.OPEN
        )
        .select_related("round__framework_version")
        .first()
    )
    if found is not None and found.is_editable:
        return found
    secretariat = User.objects.get(username="secretariat")
    framework = FrameworkVersion.objects.filter(code="GEALC-DGI").order_by("-created_at").first()
    if framework is None:
        text = (DATA / "gealc-dgi-2025.1.yaml").read_text(encoding="utf-8")
        admin = User.objects.get(username="admin")
        framework = services.framework_import(actor=admin, document=text)
    year = OPEN_YEAR if found is None else 2099  # a round of our own if the demo's is not a draft
    round_ = services.round_open(
        actor=secretariat,
        framework_version=framework,
        reference_year=year,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 12, 31),
        countries=[brazil],
    )
    return round_.submissions.get()


def _plausible(variable: Variable) -> float:
    if variable.code == "population":
        return 1_000_000
    if variable.value_type == Variable.ValueType.BOOLEAN:
        return 1
    if variable.value_type == Variable.ValueType.PERCENTAGE:
        return 50
    low, high = variable.min_value, variable.max_value
    middle = (low or 0) + (high - (low or 0)) / 2 if high is not None else max(low or 0, 100)
    return int(middle) if variable.value_type == Variable.ValueType.INTEGER else middle


def _prepare(submission: Submission) -> None:
    """Valid values for everything the browser does not type; far enough from the demo's
    published values of the year before that year-on-year warnings need justifications."""
    focal = User.objects.get(username="focal-bra")
    rows = []
    for variable in submission.round.framework_version.variables.all():
        if variable.code in TYPED:
            continue
        number = _plausible(variable)
        rows.append(
            services.ValueRow(
                variable.code,
                str(number),
                evidence_url=EVIDENCE if variable.evidence_required else "",
            )
        )
    submission.refresh_from_db()
    services.values_save_many(
        actor=focal, submission=submission, rows=rows, expected_version=submission.lock_version
    )


def _screenshot(page: Page, name: str) -> None:
    """Keep screenshots for a human look, as the other browser tests do, only when asked."""
    directory = os.environ.get("E2E_SCREENSHOTS")
    if not directory:
        return
    shots = Path(directory)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"measurement-{name}.png"), full_page=True)
    # The top of the page at reading size, and the first value's card, to check the look.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / f"measurement-{name}-top.png"))
    card = page.locator(".card.variable").first
    if card.count():
        card.screenshot(path=str(shots / f"measurement-{name}-card.png"))


def _section_of(page: Page, code: str) -> Any:
    """The form of the section (a dimension) that holds this variable."""
    return page.locator("form.entry-form").filter(has=page.locator(f"#id_v-{code}-value"))


def _save_values(page: Page, **values: Any) -> None:
    """Fill the values (all in one section) and save that section with its button."""
    for code, value in values.items():
        page.locator(f"#id_v-{code}-value").fill(str(value))
    section = _section_of(page, next(iter(values)))
    section.get_by_role("button", name=re.compile("^Save this section")).click()


@pytest.mark.django_db(transaction=True)
def test_a_round_from_draft_to_publication(demo_site: str, page: Page) -> None:
    submission = _brazil_open()
    _prepare(submission)
    path = f"/en/rounds/{submission.round_id}/bra/"
    dashboard = f"/en/rounds/{submission.round_id}/"

    # The focal point breaks a rule, sees the error, fixes it, justifies the warning, submits.
    _sign_in(page, demo_site, "focal-bra", path)
    _save_values(page, procedures_total=100, procedures_transactional=150)
    report = page.locator("#validation-report")
    expect(report).to_contain_text("Fully online procedures cannot exceed all procedures.")
    expect(page.get_by_role("button", name="Submit", exact=True)).to_be_disabled()
    assert_accessible(page)
    _screenshot(page, "entry-with-error")
    _save_values(page, procedures_transactional=80)
    expect(report).not_to_contain_text("cannot exceed all procedures")
    expect(report).to_contain_text("changed by more than")  # against the demo's 2025 values
    _screenshot(page, "entry-with-warnings")
    justifications = page.locator("textarea[name^=justification_]")
    assert justifications.count() >= 1
    for index in range(justifications.count()):
        justifications.nth(index).fill("Checked with the registry: the figure is right.")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("sent for review")
    expect(page.locator("h1")).to_contain_text("Submitted")

    # The reviewer comments on a value (htmx, no reload) and returns with a reason.
    _sign_in(page, demo_site, "reviewer", path)
    page.locator("#comment-procedures_transactional").fill("Which catalogue is this from?")
    page.locator("#thread-procedures_transactional").get_by_role(
        "button", name="Send comment"
    ).click()
    expect(page.locator("#thread-procedures_transactional")).to_contain_text(
        "Which catalogue is this from?"
    )
    page.get_by_label("Reason").fill("Please name the source of the online procedures.")
    page.get_by_role("button", name="Return with this reason").click()
    expect(page.locator("h1")).to_contain_text("Returned for changes")

    # The focal point answers the comment and resubmits.
    _sign_in(page, demo_site, "focal-bra", path)
    expect(page.locator("dl").first).to_contain_text("Please name the source")
    page.locator("#comment-procedures_transactional").fill("The 2025 national catalogue.")
    page.locator("#thread-procedures_transactional").get_by_role(
        "button", name="Send answer"
    ).click()
    expect(page.locator("#thread-procedures_transactional")).to_contain_text(
        "The 2025 national catalogue."
    )
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Submitted")

    # The reviewer validates; the secretariat sees the dashboard and publishes.
    _sign_in(page, demo_site, "reviewer", path)
    page.get_by_role("button", name="Validate").click()
    expect(page.locator("h1")).to_contain_text("Validated")
    _sign_in(page, demo_site, "secretariat", dashboard)
    expect(page.locator("table").last).to_contain_text("Brazil")
    assert_accessible(page)
    _screenshot(page, "dashboard")
    page.goto(demo_site + path)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("h1")).to_contain_text("Published")

    # The public sees the published values (and nothing of the review).
    page.context.clear_cookies()
    page.goto(demo_site + path)
    expect(page.locator("#variable-procedures_transactional")).to_contain_text("80")
    expect(page.locator("body")).not_to_contain_text("Which catalogue is this from?")
    assert_accessible(page)
    _screenshot(page, "published")
    submission.refresh_from_db()
    assert submission.state == Submission.State.PUBLISHED
    steps = [t.to_state for t in selectors.submission_transitions(submission)]
    assert steps[-5:] == ["submitted", "returned", "submitted", "validated", "published"]


@pytest.mark.parametrize(
    "path", ["/es/rounds/", "/pt/frameworks/", "/fr/frameworks/GEALC-DGI/2025.1/"]
)
def test_public_measurement_pages_are_accessible(demo_site: str, page: Page, path: str) -> None:
    response = page.goto(demo_site + path)

    assert response is not None
    assert response.status == 200
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_section_saved_with_an_error_is_corrected_with_the_keyboard_only(
    demo_site: str, page: Page
) -> None:
    """Type a wrong number and press Enter: the section is refused, the focus lands on the
    error summary at the top; Tab and Enter reach the field, which says what is wrong (its
    error is in its description); typing the right number and Enter saves the section."""
    submission = _brazil_open()
    path = f"/en/rounds/{submission.round_id}/bra/"
    _sign_in(page, demo_site, "focal-bra", path)
    field = page.locator("#id_v-procedures_total-value")
    field.focus()  # where a keyboard user has tabbed to; everything after is keys only
    page.keyboard.press("Control+A")
    page.keyboard.type("a lot")
    page.keyboard.press("Enter")

    page.wait_for_load_state()
    summary = page.locator("#entry-errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("National procedures")
    assert_accessible(page)
    _screenshot(page, "section-error")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    described = (field.get_attribute("aria-describedby") or "").split()
    assert "id_v-procedures_total-value_error" in described
    expect(page.locator("#id_v-procedures_total-value_error")).to_contain_text("number")
    page.keyboard.press("Control+A")
    page.keyboard.type("1,234")
    page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("values saved")
    expect(page.locator("#entry-errors")).to_have_count(0)
    expect(field).to_have_value("1,234")
    value = submission.values.get(variable__code="procedures_total")
    assert value.value == 1234


@pytest.mark.django_db(transaction=True)
def test_a_draft_section_saves_itself_and_is_there_after_a_reload(
    demo_site: str, page: Page
) -> None:
    """Type a value and wait: entry-form.js saves the section in the background and says so
    beside its button; the page reloaded shows the value, stored."""
    submission = _brazil_open()
    path = f"/en/rounds/{submission.round_id}/bra/"
    _sign_in(page, demo_site, "focal-bra", path)
    field = page.locator("#id_v-procedures_total-value")
    status = _section_of(page, "procedures_total").locator(".autosave-status")
    expect(status).to_have_attribute("aria-live", "polite")

    field.fill("")
    field.press_sequentially("2,345")  # key by key, as a person types: input events
    expect(status).to_contain_text("Saved automatically at", timeout=15_000)
    assert_accessible(page)
    _screenshot(page, "autosaved")

    page.reload()
    expect(page.locator("#id_v-procedures_total-value")).to_have_value("2,345")
    assert submission.values.get(variable__code="procedures_total").value == 2345

    # Saved in the background again, then the section with its button, without a reload:
    # the autosave gave the page the versions it stored, so the button's save does not
    # conflict with it.
    field = page.locator("#id_v-procedures_total-value")
    field.fill("")
    field.press_sequentially("2,346")
    expect(status).to_contain_text("Saved automatically at", timeout=15_000)
    _save_values(page, procedures_transactional="1,000")
    expect(page.locator(".messages")).to_contain_text("values saved")
    stored = dict(
        submission.values.filter(variable__code__in=TYPED).values_list("variable__code", "value")
    )
    assert stored == {"procedures_total": 2346, "procedures_transactional": 1000}
