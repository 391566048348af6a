"""The editing pages of groups, training, consultations and cooperation in a real browser on
the demo site, signed in as the secretariat (who may open them all): each has one heading, its
form and no serious or critical axe-core problem; a bad value is refused on its field, which
names the error in its description and is linked from the error summary at the top, which
takes the focus so that a keyboard or screen-reader user starts from what went wrong."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from gealc.cooperation.models import Mission, Offer, Request, State
from gealc.groups.models import Course, Edition, WorkingGroup
from gealc.participation.models import Consultation

from .axe import assert_accessible
from .conftest import sign_in

SECRETARIAT = "secretariat"


def _editing_pages() -> list[str]:
    """The address of every page under test, with a record of the demo to edit."""
    group = WorkingGroup.objects.order_by("pk").first()
    course = Course.objects.order_by("pk").first()
    edition = Edition.objects.order_by("pk").first()
    closed = [Consultation.Phase.CLOSED, Consultation.Phase.SUMMARY_PUBLISHED]
    consultation = Consultation.objects.exclude(phase__in=closed).order_by("pk").first()
    offer = Offer.objects.filter(end__isnull=True).order_by("pk").first()
    mission = Mission.objects.order_by("pk").first()
    returned = _returned_request()
    return [
        "/en/groups/new/",
        f"/en/groups/{group.slug}/edit/",
        "/en/training/new/",
        f"/en/training/{course.slug}/edit/",
        f"/en/training/editions/{edition.pk}/edit/",
        "/en/participate/consultations/new/",
        f"/en/consultations/{consultation.slug}/edit/",
        f"/en/cooperation/offers/{offer.pk}/edit/",
        f"/en/cooperation/missions/{mission.pk}/edit/",
        f"/en/cooperation/requests/{returned.pk}/edit/",
    ]


def _returned_request() -> Request:
    return Request.objects.filter(state=State.RETURNED).order_by("pk").first()


def test_every_editing_page_has_its_heading_form_and_no_serious_problem(
    demo_site: str, page: Page
) -> None:
    addresses = _editing_pages()
    sign_in(page, demo_site, SECRETARIAT, addresses[0])
    for address in addresses:
        response = page.goto(demo_site + address)
        assert response.status == 200, address
        expect(page.locator("h1")).to_have_count(1)
        form = page.locator("main form[method=post]")
        expect(form.get_by_role("button").last).to_be_visible()
        assert_accessible(page)


def test_a_bad_value_is_shown_on_its_field(demo_site: str, page: Page) -> None:
    course = Course.objects.order_by("pk").first()
    mission = Mission.objects.order_by("pk").first()
    sign_in(page, demo_site, SECRETARIAT, f"/en/training/{course.slug}/edit/")
    _refused(page, "Certificates valid for (years)", "0", "greater than or equal to 1")
    course.refresh_from_db()
    assert course.certificate_valid_years != 0

    page.goto(f"{demo_site}/en/cooperation/missions/{mission.pk}/edit/")
    _refused(page, "Travel", "-5", "greater than or equal to 0")
    mission.refresh_from_db()
    assert mission.travel_cost >= 0

    returned = _returned_request()
    page.goto(f"{demo_site}/en/cooperation/requests/{returned.pk}/edit/")
    _refused(page, "Title", "", "This field is required")
    returned.refresh_from_db()
    assert returned.version == 1


def test_the_error_summary_takes_the_focus(demo_site: str, page: Page) -> None:
    mission = Mission.objects.order_by("pk").first()
    sign_in(page, demo_site, SECRETARIAT, f"/en/cooperation/missions/{mission.pk}/edit/")
    _send(page, "Travel", "-5")
    expect(page.locator("main .errors")).to_be_visible()
    # Autofocus is applied while the page renders, before its animation frames run: after two
    # frames the focus is where it will stay.
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
    assert page.evaluate("document.activeElement.matches('main .errors')")


def _send(page: Page, label: str, value: str) -> None:
    page.get_by_label(label).fill(value)
    page.locator("main form[method=post] button[type=submit]").click()


def _refused(page: Page, label: str, value: str, error: str) -> None:
    """Send ``value`` in the field ``label``: the page comes back with the error in the summary
    (linked to the field), next to the field and in its description, the field marked invalid."""
    _send(page, label, value)
    summary = page.locator("main .errors")
    expect(summary).to_contain_text(label)
    field = page.get_by_label(label)
    expect(field).to_have_attribute("aria-invalid", "true")
    control = field.get_attribute("id")
    expect(page.locator(f"#{control}_error")).to_contain_text(error)
    assert f"{control}_error" in (field.get_attribute("aria-describedby") or "").split()
    expect(summary.get_by_role("link", name=label)).to_have_attribute("href", f"#{control}")
    assert_accessible(page)
