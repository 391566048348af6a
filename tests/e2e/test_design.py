"""The design system in a real browser: the header on one row, the home page, the style
guide and the map's named marks, each checked with axe-core."""

import itertools
import math

from playwright.sync_api import Browser, Page, expect

from .axe import assert_accessible

LANGUAGES = ("es", "pt", "en", "fr")
MEMBERS = 33

HEADER_LAYOUT = """() => {
  const bar = document.querySelector('.header-bar').getBoundingClientRect();
  const items = [...document.querySelectorAll('.header-bar a, .header-bar button')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  return {height: bar.height, right: Math.max(...items.map(r => r.right)),
          page: document.documentElement.scrollWidth, viewport: window.innerWidth};
}"""

# Each circle of the map (a named mark drawn with arcs) as its centre and radius on screen.
MAP_CIRCLES = """svg => [...svg.querySelectorAll('path[role=img]')]
  .filter(p => /A/.test(p.getAttribute('d') || ''))
  .map(p => { const r = p.getBoundingClientRect();
              return {name: p.getAttribute('aria-label'), x: r.x + r.width / 2,
                      y: r.y + r.height / 2, radius: r.width / 2}; })"""


def test_the_header_fits_one_row_at_1280_px_and_a_phone_in_every_language(
    demo_site: str, browser: Browser
) -> None:
    for width, most_height in ((1280, 60), (390, 110)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        try:
            for language in LANGUAGES:
                page.goto(f"{demo_site}/{language}/observatory/")
                layout = page.evaluate(HEADER_LAYOUT)
                assert layout["height"] <= most_height, (width, language, layout)
                assert layout["page"] <= layout["viewport"], (width, language, layout)
                if width == 1280:  # everything visible, nothing scrolled away
                    assert layout["right"] <= width, (language, layout)
        finally:
            context.close()


def test_the_network_group_opens_with_the_keyboard(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/countries/")
    group = page.locator(".nav-group details")
    expect(group).to_have_class("current")  # the Countries page is in the group
    directory = group.get_by_role("link", name="Directory")
    expect(directory).to_be_hidden()

    group.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(directory).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(demo_site + "/en/directory/")
    assert_accessible(page)


def test_the_home_page_answers_how_the_region_is_doing(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/")

    expect(page.locator("h1")).to_have_text("How is the region doing in digital government?")
    glance = page.locator("section.glance")
    expect(glance.locator("h2")).to_contain_text("Digital government index")
    expect(glance.locator(".headline")).to_contain_text("The network's mean score is")
    expect(glance.locator("figure.chart svg[role=group]")).to_be_visible()
    expect(glance.get_by_role("heading", name="Rose the most")).to_be_visible()
    expect(page.get_by_role("heading", name="Next deadlines")).to_be_visible()
    events = page.locator("section[aria-labelledby=events-heading]")
    expect(events.get_by_role("heading", name="Next events")).to_be_visible()
    expect(events.locator("li time").first).to_be_visible()  # the demo's next group meeting
    expect(page.get_by_role("heading", name="Latest practices")).to_be_visible()
    expect(page.locator(".badge-demo")).to_have_count(1)  # once per page
    # No directory counters any more.
    expect(page.get_by_text("Seats in governance bodies")).to_have_count(0)
    assert_accessible(page)

    page.goto(demo_site + "/pt/")
    expect(page.locator("html")).to_have_attribute("lang", "pt")
    expect(page.locator("section.glance figure.chart")).to_be_visible()


def test_the_style_guide_shows_every_part_and_is_accessible(demo_site: str, page: Page) -> None:
    page.goto(demo_site + "/en/styleguide/")

    for heading in ("Mark", "Type", "Colours", "Spacing", "Components", "Charts"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    swatches = page.locator("#colours ~ .swatches .swatch, section:has(#colours) .swatch")
    assert swatches.count() >= 9
    expect(page.locator("section:has(#colours) .badge-current")).to_have_count(swatches.count())
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Source Sans 3"')
    assert page.evaluate("document.fonts.check('16px \"Source Sans 3\"')")
    assert_accessible(page)


def test_every_member_on_the_map_is_a_named_mark_and_no_circles_overlap(
    demo_site: str, page: Page
) -> None:
    page.goto(demo_site + "/en/countries/")
    svg = page.locator("figure.chart svg[role=group]").first

    marks = svg.locator("[role=img]")
    expect(marks).to_have_count(MEMBERS)
    names = marks.evaluate_all("ms => ms.map(m => m.getAttribute('aria-label'))")
    titles = marks.evaluate_all("ms => ms.map(m => m.querySelector('title').textContent)")
    assert names == titles
    assert any(name.startswith("Bahamas") for name in names)
    assert any(name.startswith("Trinidad and Tobago") for name in names)
    expect(marks.filter(has_text="Saint Lucia")).to_have_count(1)
    circles = svg.evaluate(MAP_CIRCLES)
    assert len(circles) >= 10
    for first, second in itertools.combinations(circles, 2):
        distance = math.dist((first["x"], first["y"]), (second["x"], second["y"]))
        assert distance >= first["radius"] + second["radius"], (first, second)
    # The map takes the width of its column.
    column = page.locator("figure.chart").first.evaluate("f => f.getBoundingClientRect().width")
    assert svg.evaluate("s => s.getBoundingClientRect().width") >= column - 1
    assert_accessible(page)
