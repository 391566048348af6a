"""Dates, numbers and country names in the reader's language (gealc.core.l10n) and their
template filters, loaded on every template."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from gealc.core import l10n

DAY = datetime.date(2026, 12, 4)
# 11:20 UTC is 06:20 in the site's default time zone (America/Panama, UTC-5).
MOMENT = datetime.datetime(2026, 12, 4, 11, 20, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "4 de diciembre de 2026"),
        ("pt", "4 de dezembro de 2026"),
        ("en", "December 4, 2026"),
        ("fr", "4 décembre 2026"),
    ],
)
def test_a_date_is_written_the_long_way_with_portuguese_months_in_lower_case(
    language: str, expected: str
) -> None:
    with translation.override(language):
        assert l10n.format_date(DAY) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("pt", "4 de dezembro de 2026, 06:20"),
        ("fr", "4 décembre 2026, 06:20"),
    ],
)
def test_a_moment_is_the_same_date_and_its_local_time(language: str, expected: str) -> None:
    with translation.override(language):
        assert l10n.format_datetime(MOMENT) == expected
        assert l10n.format_date(MOMENT) == expected.split(",")[0]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/Sao_Paulo", "December 4, 2026, 11:30\u202fPM"),
        # A meeting held in UTC keeps its hour: zero offset is not "read from the database".
        ("UTC", "December 5, 2026, 2:30\u202fAM"),
        (None, "December 4, 2026, 9:30\u202fPM"),  # the site's zone, America/Panama
    ],
)
def test_a_moment_is_shown_in_the_zone_asked_for(zone: str | None, expected: str) -> None:
    """A meeting's start is shown at the hour of its own time zone, whatever the zone."""
    start = datetime.datetime(2026, 12, 5, 2, 30, tzinfo=datetime.UTC)
    template = engines["django"].from_string("{{ start|local_datetime:zone }}")
    with translation.override("en"):
        assert l10n.format_datetime(start, zone) == expected
        assert l10n.format_date(start, zone) == expected.rsplit(",", 1)[0]
        assert template.render({"start": start, "zone": zone}) == expected


@pytest.mark.parametrize(
    ("language", "grouped", "decimal"),
    [
        ("es", "250.000.000", "72,5"),
        ("pt", "250.000.000", "72,5"),
        ("en", "250,000,000", "72.5"),
        ("fr", "250\u202f000\u202f000", "72,5"),
    ],
)
def test_numbers_use_the_readers_grouping_and_decimal_marks(
    language: str, grouped: str, decimal: str
) -> None:
    with translation.override(language):
        assert l10n.format_number(250000000) == grouped
        assert l10n.format_number(72.456, 1) == decimal
        assert l10n.format_number(Decimal("72.500000")) == decimal


def test_decimals_are_fixed_rounded_or_at_most_as_asked() -> None:
    with translation.override("en"):
        assert l10n.format_number(3, 2) == "3.00"
        assert l10n.format_number(2.345678, 2) == "2.35"
        assert l10n.format_number(3, -2) == "3"
        assert l10n.format_number(0.5, -2) == "0.5"
        assert l10n.format_number(41.6, 0) == "42"


@pytest.mark.parametrize("empty", [None, "", float("nan")])
def test_nothing_to_write_is_a_dash(empty: object) -> None:
    assert l10n.format_number(empty) == "—"  # type: ignore[arg-type]


def test_nothing_to_date_is_a_dash() -> None:
    assert l10n.format_date(None) == l10n.format_datetime(None) == l10n.format_time(None) == "—"


@pytest.mark.parametrize(("language", "expected"), [("es", "6:20"), ("en", "6:20\u202fAM")])
def test_a_time_alone_is_the_short_local_time(language: str, expected: str) -> None:
    with translation.override(language):
        assert l10n.format_time(MOMENT) == expected
        assert engines["django"].from_string("{{ m|local_time }}").render({"m": MOMENT}) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "Perú"), ("pt", "Peru"), ("en", "Peru"), ("fr", "Pérou")]
)
def test_country_names_come_from_the_cldr_in_every_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert l10n.country_name("PER") == l10n.country_name("per") == expected
    assert l10n.country_names("PER")[language] == expected


def test_a_code_that_is_no_country_has_no_cldr_name() -> None:
    assert l10n.country_name("XYZ", default="Somewhere") == "Somewhere"
    assert l10n.country_names("XYZ") == {}


def test_the_filters_are_on_every_template_without_a_load() -> None:
    template = engines["django"].from_string(
        "{{ day|local_date }} · {{ moment|local_datetime }} · {{ big|number }} · "
        "{{ score|number:1 }} · {{ missing|number:1 }}"
    )
    with translation.override("pt"):
        text = template.render(
            {"day": DAY, "moment": MOMENT, "big": 250000000, "score": 72.46, "missing": None}
        )
    assert text == ("4 de dezembro de 2026 · 4 de dezembro de 2026, 06:20 · 250.000.000 · 72,5 · —")
