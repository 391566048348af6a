"""The Chart a page shows: SVG plus everything a reader without sight of it needs."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gealc.charts import theme
from gealc.charts.render import SCHEMA_URL, browser_spec, cache_key, render_svg

Cell = str | int | float | None


@dataclass(frozen=True)
class Chart:
    """A rendered chart with its title, a text summary and its data as table rows."""

    title: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    spec: Mapping[str, Any]
    raw_svg: str = field(repr=False)
    element_id: str
    notes: tuple[str, ...] = ()
    # The marks are named (a map's countries): the SVG is a group of named images, not one.
    named_marks: bool = False

    @property
    def title_id(self) -> str:
        return f"{self.element_id}-title"

    @property
    def summary_id(self) -> str:
        return f"{self.element_id}-summary"

    @property
    def svg(self) -> SafeString:
        """The SVG as one image named by the caption and described by the summary."""
        head, _, rest = self.raw_svg.partition(">")
        role = "group" if self.named_marks else "img"
        labelled = (
            f'{head} role="{role}" focusable="false" '
            f'aria-labelledby="{escape(self.title_id)}" '
            f'aria-describedby="{escape(self.summary_id)}">'
        )
        return mark_safe(labelled + rest)  # vl-convert output; labels in it are escaped by Vega

    @property
    def browser_spec(self) -> dict[str, Any]:
        """The spec for the optional interactive view (vega-embed in the browser)."""
        return browser_spec(self.spec)


def make_chart(
    *,
    title: str,
    summary: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    spec: Mapping[str, Any],
    notes: Sequence[str] = (),
    element_id: str | None = None,
    named_marks: bool = False,
) -> Chart:
    """Render the spec (or take it from the cache) and wrap it with its text alternatives."""
    full_spec = {"$schema": SCHEMA_URL, "config": theme.CONFIG, **spec}
    return Chart(
        title=title,
        summary=summary,
        columns=tuple(columns),
        rows=tuple(tuple(row) for row in rows),
        spec=full_spec,
        raw_svg=render_svg(full_spec),
        element_id=element_id or "chart-" + cache_key(full_spec)[-10:],
        notes=tuple(notes),
        named_marks=named_marks,
    )
