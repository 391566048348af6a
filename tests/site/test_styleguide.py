"""The style guide shows the stylesheet's own tokens, and every one meets its contrast."""

import re
from pathlib import Path

import pytest

from gealc.site.styleguide import COLOUR_TOKENS, SURFACE, WHITE, contrast_ratio, styleguide_context

STYLESHEET = Path(__file__).parents[2] / "src" / "gealc" / "static" / "gealc" / "site.css"


def test_the_colour_tokens_are_those_of_the_stylesheet() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    declared = dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-f]{6});", css))

    assert declared["--surface"] == SURFACE
    for token, colour, _use in COLOUR_TOKENS:
        assert declared[token] == colour, token


def test_every_colour_meets_wcag_aa_on_white_and_on_the_surface() -> None:
    failing = [s.token for s in styleguide_context()["swatches"] if not s.passes_aa]

    assert failing == []


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [(WHITE, "#000000", 21.0), (WHITE, WHITE, 1.0), ("#767676", WHITE, 4.54)],
)
def test_contrast_ratio_follows_wcag(first: str, second: str, ratio: float) -> None:
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


@pytest.mark.django_db
def test_the_style_guide_page_renders_in_every_language(client) -> None:
    for language in ("es", "pt", "en", "fr"):
        response = client.get(f"/{language}/styleguide/")

        assert response.status_code == 200
        assert b'class="logo"' in response.content
