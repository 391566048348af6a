"""Dates reach the reader through ``gealc.core.l10n`` (the ``local_date`` and ``local_datetime``
filters), never through Django's ``date`` and ``time`` filters, whose formats differ from page
to page ("12/04/2026 6:20 a.m.", "Dec. 4, 2026") and capitalise Portuguese months (issue 13).
A machine-readable ``datetime`` attribute takes ``.isoformat``."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "gealc" / "templates"

DJANGO_DATE_FILTERS = re.compile(
    r"\|\s*(?:date|time|naturaltime|naturalday|timesince|timeuntil)\b|\{%\s*now\b"
)
# Templates that still use Django's filters, each with the reason it may (shrink this list).
ALLOWED: dict[str, str] = {}


def _uses_django_dates(path: Path) -> bool:
    return bool(DJANGO_DATE_FILTERS.search(path.read_text(encoding="utf-8")))


def test_the_check_finds_django_date_filters() -> None:
    for text in (
        "{{ day|date:'Y' }}",
        '{{ moment|time:"TIME_FORMAT" }}',
        "{{ when | naturaltime }}",
        '{% now "Y" %}',
    ):
        assert DJANGO_DATE_FILTERS.search(text), text
    for text in ("{{ day|local_date }}", "{{ run.updated_at.isoformat }}", "{{ mandate|data }}"):
        assert not DJANGO_DATE_FILTERS.search(text), text


def test_no_template_formats_a_date_with_django_filters() -> None:
    found = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if _uses_django_dates(path) and str(path.relative_to(TEMPLATES)) not in ALLOWED
    )
    assert found == [], "use local_date / local_datetime (or .isoformat in an attribute)"


def test_every_allowed_template_still_needs_its_place() -> None:
    """A template fixed since is taken off the list, so that it stays fixed."""
    fixed = [name for name in ALLOWED if not _uses_django_dates(TEMPLATES / name)]
    assert fixed == [], "take these off ALLOWED"
