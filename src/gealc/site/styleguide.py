"""What the living style guide shows: the design tokens with their measured contrast, and
the chart theme's fixed colours. The components themselves are drawn by the template."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gealc.charts import theme
from gealc.core import l10n

WHITE = "#ffffff"
SURFACE = "#f3f5f8"

# (token, colour, what it is for); the same values as :root in static/gealc/site.css.
COLOUR_TOKENS = (
    ("--fg", "#16202a", gettext_lazy("Text")),
    ("--brand", "#0b4f8a", gettext_lazy("The mark, current page")),
    ("--accent", "#0b5394", gettext_lazy("Links and buttons")),
    ("--accent-dark", "#073763", gettext_lazy("Links and buttons on hover")),
    ("--muted", "#4f5b66", gettext_lazy("Secondary text")),
    ("--border", "#7a8591", gettext_lazy("Borders that must be seen")),
    ("--error", "#a30000", gettext_lazy("Errors")),
    ("--success", "#1e6b2a", gettext_lazy("Success, a rise")),
    ("--warning", "#8a5300", gettext_lazy("Warnings, demo data")),
)
SPACE_TOKENS = (
    ("--space-1", 0.25),
    ("--space-2", 0.5),
    ("--space-3", 0.75),
    ("--space", 1.0),
    ("--space-5", 1.5),
    ("--space-6", 2.0),
    ("--space-7", 3.0),
)
TYPE_TOKENS = (
    ("--text-3xl", "2.2rem"),
    ("--text-2xl", "1.836rem"),
    ("--text-xl", "1.53rem"),
    ("--text-l", "1.275rem"),
    ("--text-m", "1.0625rem"),
    ("--text-s", "0.9375rem"),
    ("--text-xs", "0.8125rem"),
)


@dataclass(frozen=True)
class Swatch:
    token: str
    colour: str
    use: str
    on_white: float
    on_surface: float

    @property
    def passes_aa(self) -> bool:
        """4.5:1 for text; 3:1 is enough for the border token (a non-text graphic)."""
        needed = 3.0 if self.token == "--border" else 4.5
        return min(self.on_white, self.on_surface) >= needed


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# The letters of each language that a font must have, shown in the font.
GLYPHS = (
    ("es", "Áá Éé Íí Ññ Óó Úú Üü ¿? ¡!"),
    ("pt", "Ãã Õõ Çç Ââ Êê Ôô Àà"),
    ("fr", "Œœ Ææ Ëë Ïï Ÿÿ Ùù « »"),
)
SAMPLE_SCORES = (("URY", 81.2), ("CHL", 79.8), ("BRA", 77.5))


def styleguide_context() -> dict[str, object]:
    swatches = [
        Swatch(
            token, colour, str(use), contrast_ratio(colour, WHITE), contrast_ratio(colour, SURFACE)
        )
        for token, colour, use in COLOUR_TOKENS
    ]
    return {
        "swatches": swatches,
        "space_tokens": [(token, size, size * 16) for token, size in SPACE_TOKENS],
        "type_tokens": TYPE_TOKENS,
        "region_colours": [(_(name), colour) for name, colour in theme.REGION_COLOURS.items()],
        "series_colours": theme.SERIES_COLOURS,
        "glyphs": GLYPHS,
        # Made-up figures for the example table, labelled demo on the page.
        "sample_rows": [
            (l10n.country_name(iso3), rank, score)
            for rank, (iso3, score) in enumerate(SAMPLE_SCORES, start=1)
        ],
        "sample_figure": 72.4,
    }
