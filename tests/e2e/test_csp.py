"""The Content-Security-Policy breaks nothing: pages, htmx, the admin and the API docs run
in Chromium with the policy enforced (the other browser tests bypass it to inject axe-core).
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response

from .conftest import wait_for_answers

pytestmark = pytest.mark.e2e


@pytest.fixture
def enforcing_page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page that keeps the site's policy, and the violations and script errors it saw."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            problems.append(f"{message.type}: {message.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    answered = wait_for_answers(page)
    yield page, problems
    answered()
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/countries/", "/en/governance/", "/en/accounts/login/", "/en/admin/login/"],
)
def test_pages_run_under_the_policy(
    demo_site: str,
    enforcing_page: tuple[Page, list[str]],
    path: str,
) -> None:
    page, problems = enforcing_page
    response = page.goto(demo_site + path, wait_until="networkidle")
    assert response is not None
    assert response.ok
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert problems == []


def test_htmx_search_runs_under_the_policy(
    demo_site: str,
    enforcing_page: tuple[Page, list[str]],
) -> None:
    page, problems = enforcing_page
    page.goto(demo_site + "/en/directory/", wait_until="networkidle")
    search = page.get_by_role("searchbox").first
    with page.expect_request(lambda request: "/directory/" in request.url):
        search.fill("Urug")
    page.wait_for_load_state("networkidle")
    assert problems == []


def test_api_docs_render_under_the_policy(
    demo_site: str,
    enforcing_page: tuple[Page, list[str]],
) -> None:
    page, problems = enforcing_page
    page.goto(demo_site + "/api/v1/docs/", wait_until="networkidle")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "GEALC Hub API" in page.locator(".swagger-ui .info .title").inner_text()
    assert problems == []
