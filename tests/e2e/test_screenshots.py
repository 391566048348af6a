"""Screenshots for a human look: set E2E_SCREENSHOTS=<directory> to keep them."""

import os
from pathlib import Path

from playwright.sync_api import Browser

from .conftest import DESKTOP, PHONE

PAGES = {"home": "/en/", "countries": "/en/countries/", "country": "/en/countries/ury/"}


def test_pages_fit_desktop_and_phone_screens(demo_site: str, browser: Browser) -> None:
    for viewport in (DESKTOP, PHONE):
        _check_and_capture(demo_site, browser, viewport, os.environ.get("E2E_SCREENSHOTS"))


def _check_and_capture(base: str, browser: Browser, viewport: dict, target: str | None) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        for name, path in PAGES.items():
            page.goto(base + path)
            # Nothing wider than the screen: no sideways scrolling on a phone.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path} is {width}px wide"
            if target:
                Path(target).mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=Path(target) / f"{name}-{viewport['width']}.png", full_page=True
                )
    finally:
        context.close()
