"""Working groups in a real browser on the demo site: a coordinator records a meeting's minutes
with a decision and two actions; a country reports a commitment's progress with evidence; a
visitor subscribes to the calendar; anyone verifies a certificate. axe-core finds no serious
or critical problem on any of these pages."""

from __future__ import annotations

import datetime

import icalendar
from playwright.sync_api import Page, expect

from gealc.groups.models import Action, Certificate, Commitment, Decision, Meeting, ProgressUpdate

from .axe import assert_accessible
from .conftest import sign_in


def _upcoming_meeting_of(slug_start: str) -> Meeting:
    return (
        Meeting.objects.filter(group__working_line__slug=slug_start, is_demo=True)
        .order_by("-starts_at")
        .first()
    )


def test_a_coordinator_records_minutes(demo_site: str, page: Page) -> None:
    meeting = _upcoming_meeting_of("interoperability")
    address = f"/en/meetings/{meeting.pk}/"
    sign_in(page, demo_site, "delegate-ury", address)
    assert_accessible(page)
    page.get_by_role("link", name="Record the minutes").click()
    expect(page.locator("h1")).to_contain_text("Minutes of")
    assert_accessible(page)

    decision = page.get_by_role("group", name="Decision 1")
    decision.get_by_label("Decision", exact=True).fill("The group adopts the catalogue's outline.")
    owners = meeting.group.memberships.order_by("pk")
    for number, (title, membership) in enumerate(
        [("Draft the outline", owners[0]), ("Collect national examples", owners[1])], start=1
    ):
        action = page.get_by_role("group", name=f"Action {number}")
        action.get_by_label("Action", exact=True).fill(title)
        action.get_by_label("Owner").select_option(str(membership.person.pk))
        action.get_by_label("Due date").fill("2027-03-01")
    page.get_by_role("button", name="Record the minutes").click()

    expect(page.locator(".messages")).to_contain_text("The minutes are recorded.")
    assert Decision.objects.filter(meeting=meeting).count() == 1
    assert Action.objects.filter(meeting=meeting).count() == 2
    expect(page.get_by_role("rowheader", name="Draft the outline")).to_be_visible()
    assert_accessible(page)


def test_a_country_reports_progress_with_evidence(demo_site: str, page: Page, tmp_path) -> None:
    year = datetime.date.today().year
    commitment = Commitment.objects.filter(
        lead_country__iso3="URY", plan__year=year, progress_updates__isnull=True
    ).first()
    address = f"/en/plan/commitments/{commitment.pk}/"
    sign_in(page, demo_site, "delegate-ury", address)
    assert_accessible(page)
    evidence = tmp_path / "evidence.txt"
    evidence.write_text("Minutes of the national working session.", encoding="utf-8")

    page.get_by_label("Reporting for").select_option("URY")
    page.get_by_label("Completion level").select_option("limited")
    page.get_by_role("textbox", name="Evidence (required)").fill(
        "The inventory of services has started."
    )
    page.get_by_label("Evidence file").set_input_files(str(evidence))
    page.get_by_role("button", name="Report progress").click()

    expect(page.locator(".messages")).to_contain_text("Progress recorded")
    update = ProgressUpdate.objects.get(commitment=commitment)
    assert (update.level, update.country.iso3) == ("limited", "URY")
    assert update.evidence_file.name.endswith(".txt")
    assert_accessible(page)


def test_a_visitor_subscribes_to_the_calendar(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/calendar/")
    expect(page.locator("h1")).to_have_text("Calendar of the network")
    assert_accessible(page)
    link = page.get_by_role("link", name="All meetings of the network (iCalendar)")
    response = page.request.get(demo_site + link.get_attribute("href"))
    assert response.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert len(events) == Meeting.objects.filter(is_public=True).count()


def test_verifying_a_certificate(demo_site: str, page: Page) -> None:
    certificate = Certificate.objects.select_related("enrolment").first()
    page.goto(demo_site + "/en/training/verify/")
    assert_accessible(page)
    page.get_by_label("Verification code").fill(certificate.code.lower())
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verification-result")).to_contain_text("Valid certificate")
    expect(page.locator("#verification-result")).to_contain_text(certificate.enrolment.name)
    assert_accessible(page)

    page.get_by_label("Verification code").fill("ZZZZ-ZZZZ-ZZZZ")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".field-error")).to_contain_text("No certificate has this code")
    assert_accessible(page)


def test_a_coordinator_schedules_a_meeting_with_its_agenda(demo_site: str, page: Page) -> None:
    sign_in(page, demo_site, "delegate-ury", "/en/calendar/")
    page.get_by_role("link", name="Schedule a meeting").click()
    expect(page.locator("h1")).to_have_text("Schedule a meeting")
    assert_accessible(page)

    page.get_by_label("Kind").select_option("group_meeting")
    group = Meeting.objects.filter(group__working_line__slug="interoperability").first().group
    page.get_by_label("Group (required)").select_option(group.slug)
    page.get_by_label("Title (required)").fill("Catalogue review (browser test)")
    page.get_by_label("Starts at").fill("2031-05-04T10:00")
    page.get_by_label("Ends at").fill("2031-05-04T09:00")  # before it starts: refused
    page.get_by_label("Time zone").fill("America/Montevideo")
    page.get_by_label("Place").fill("Montevideo")
    first = page.get_by_role("group", name="Agenda item 1")
    first.get_by_label("Agenda item").fill("Welcome")
    first.get_by_label("Duration (minutes)").fill("10")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".errors")).to_contain_text("A meeting must end after it starts.")
    assert not Meeting.objects.filter(title="Catalogue review (browser test)").exists()
    assert_accessible(page)

    page.get_by_label("Ends at").fill("2031-05-04T12:00")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.locator(".messages")).to_contain_text("The meeting is scheduled")
    meeting = Meeting.objects.get(title="Catalogue review (browser test)")
    assert meeting.local_start.hour == 10
    assert meeting.agenda.first().title == "Welcome"
    assert_accessible(page)
