"""Everything in the page frame can be reached and used with the keyboard alone."""

from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD

FOCUSED = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(),
          cls: el.className, name: el.getAttribute('name'),
          outline: getComputedStyle(el).outlineStyle};
}"""


def _tab(page: Page) -> dict:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def test_skip_link_then_navigation_then_language_switcher(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/")
    # The top entries: links, and the Network group's summary (its links open with it).
    nav_links = page.locator(".nav > li > a, .nav > li > details > summary").all_inner_texts()

    focused = [_tab(page) for _ in range(len(nav_links) + 7)]

    assert "skip-link" in focused[0]["cls"]
    texts = [f["text"] for f in focused]
    assert texts[2 : 2 + len(nav_links)] == nav_links
    after_nav = focused[2 + len(nav_links) :]
    # The language links: the visible code, then the language's name for screen readers.
    assert [f["text"].split()[0] for f in after_nav[:4]] == ["ES", "PT", "EN", "FR"]
    assert after_nav[4]["text"] == "Sign in"
    assert all(f["outline"] != "none" for f in focused), "every focused element shows focus"

    # Back to the top: the skip link shows when focused and moves focus into <main>.
    page.reload()
    _tab(page)
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"
    _tab(page)
    assert page.locator("main").evaluate("main => main.contains(document.activeElement)")


def test_change_language_with_the_keyboard(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/")
    page.locator(".languages a[hreflang=en]").focus()

    page.keyboard.press("Tab")  # English → Français
    page.keyboard.press("Enter")

    expect(page).to_have_url(demo_site + "/fr/")


def test_sign_in_with_the_keyboard_only(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/")
    for _ in range(30):
        if _tab(page)["text"] == "Sign in":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_focused()  # autofocus on the first field

    page.keyboard.type("focal-bra")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
