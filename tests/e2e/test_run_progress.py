"""Computing a run in a real browser: the secretariat asks for a run, lands on its page while it
is queued (accessible, with a refresh link), a worker computes it, and the page's htmx polling
reloads it to show the result without anybody touching it.

The live server's task backend keeps the task without running it (django-tasks' dummy
backend); the test then runs the task's body for the queued run, as a worker would.
"""

import re

from playwright.sync_api import Page, expect

from gealc.measurement.models import Round
from gealc.observatory.models import IndexRun
from gealc.observatory.tasks import compute_run

from .axe import assert_accessible
from .conftest import sign_in


def test_a_queued_run_page_follows_the_computation(
    demo_site: str, page: Page, settings: object
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    sign_in(page, demo_site, "secretariat", "/en/observatory/runs/")
    published = Round.objects.filter(status=Round.Status.PUBLISHED).latest("reference_year")
    page.get_by_label("Round").select_option(str(published.pk))
    page.get_by_label("Uncertainty runs").fill("200")
    page.get_by_role("button", name="Compute a preview").click()

    expect(page).to_have_url(re.compile(r"/en/observatory/runs/\d+/$"))
    progress = page.locator("#run-progress")
    expect(progress).to_contain_text("Queued: waiting for a worker")
    expect(page.get_by_role("link", name="Refresh to see the progress")).to_be_visible()
    assert_accessible(page)

    run = IndexRun.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert run.status == IndexRun.Status.QUEUED  # the request did not compute it
    compute_run.call(run_id=run.pk, language="en")  # the worker computes it

    # Polled every 2 s; once computed, htmx reloads the whole page.
    expect(page.get_by_role("button", name="Publish this run")).to_be_visible(timeout=15_000)
    expect(page.locator("#run-progress")).to_have_count(0)
    assert_accessible(page)
