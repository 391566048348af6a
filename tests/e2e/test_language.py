"""The language switcher: plain links on every page to the same page in each language."""

from playwright.sync_api import Browser, Page, expect

from .axe import assert_accessible


def _switch(page: Page, language: str) -> None:
    page.locator(f".languages a[hreflang={language}]").click()


def test_switching_es_pt_fr_en_changes_the_language_and_the_address(
    demo_site: str, page: Page
) -> None:
    for start in ("/es/", "/es/countries/ury/"):
        page.goto(demo_site + start)
        expect(page.locator("html")).to_have_attribute("lang", "es")
        rest = start.removeprefix("/es")

        for language in ("pt", "fr", "en", "es"):
            _switch(page, language)

            expect(page).to_have_url(f"{demo_site}/{language}{rest}")
            expect(page.locator("html")).to_have_attribute("lang", language)
            current = page.locator(".languages a[aria-current]")
            expect(current).to_have_attribute("hreflang", language)

    links = page.locator(".languages a")
    assert links.evaluate_all("as => as.map(a => a.lang)") == ["es", "pt", "en", "fr"]
    expect(links.nth(1)).to_have_accessible_name("PT Português")
    assert_accessible(page)


def test_the_switcher_works_without_javascript_whatever_the_browser_language(
    demo_site: str, browser: Browser
) -> None:
    # An English browser on a Spanish page: the page's language must decide the way back.
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    try:
        page.goto(demo_site + "/es/countries/")
        _switch(page, "fr")

        expect(page).to_have_url(demo_site + "/fr/countries/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
    finally:
        context.close()
