"""Dates, numbers and country names in the reader's language, the one way every page and
message writes them (templates through the ``locale_format`` filters).

Babel reads the Unicode CLDR, so "4 de dezembro de 2026" is lower-case in Portuguese, French
groups thousands with a narrow space and Peru is "Perú", "Peru" or "Pérou" by language. Dates
have one form on every page, the long one; a moment adds the time to it. A translated field
with no text in the reader's language shows another language's, and says which.
"""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from functools import cache
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import timezone, translation

EMPTY = "—"


def current_locale() -> Locale:
    """The Babel locale of the active language (the site's default when none is active)."""
    return _locale(translation.get_language() or settings.LANGUAGE_CODE)


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(settings.LANGUAGE_CODE)


# A time zone: its IANA name ("America/Montevideo") or a tzinfo; None is the site's.
Zone = str | datetime.tzinfo | None


def format_date(value: datetime.date | None, zone: Zone = None) -> str:
    """``2026-12-04`` → "4 de diciembre de 2026", "4 de dezembro de 2026", "December 4, 2026"…
    A moment is shown as the date it is in ``zone`` (the site's time zone by default)."""
    if value is None:
        return EMPTY
    if isinstance(value, datetime.datetime):
        value = _in_zone(value, zone).date()
    return babel_dates.format_date(value, "long", locale=current_locale())


def format_datetime(value: datetime.datetime | None, zone: Zone = None) -> str:
    """The long date and the short time of a moment in ``zone`` (the site's time zone by
    default; a meeting gives its own): "4 de dezembro de 2026, 06:20"."""
    if value is None:
        return EMPTY
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    moment = _in_zone(value, zone)
    return f"{format_date(moment, moment.tzinfo)}, {format_time(moment, moment.tzinfo)}"


def format_time(value: datetime.datetime | None, zone: Zone = None) -> str:
    """The short time of a moment in ``zone`` (the site's by default): "06:20" (es),
    "6:20 AM" (en)."""
    if value is None:
        return EMPTY
    moment = _in_zone(value, zone)
    return babel_dates.format_time(moment.time(), "short", locale=current_locale())


def _in_zone(value: datetime.datetime, zone: Zone) -> datetime.datetime:
    """An aware moment as the clock reads in ``zone``; a naive one is shown as it is."""
    if timezone.is_naive(value):
        return value
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    return timezone.localtime(value, zone)


def format_number(value: float | int | Decimal | str | None, decimals: int | None = None) -> str:
    """A number with the reader's grouping and decimal marks: 250000000 → "250.000.000" (es),
    "250,000,000" (en), "250 000 000" (fr). ``decimals`` fixes the digits after the mark
    (rounded; a negative number of them drops the trailing zeros, as Django's ``floatformat``);
    without it a number keeps the digits it has (an integer none)."""
    if value is None or value == "":
        return EMPTY
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not number.is_finite():
        return EMPTY
    locale = current_locale()
    if decimals is None:
        return babel_numbers.format_decimal(number, locale=locale, decimal_quantization=False)
    digit = "0" if decimals >= 0 else "#"  # negative: at most that many, as floatformat
    pattern = "#,##0" + ("." + digit * abs(decimals) if decimals else "")
    return babel_numbers.format_decimal(number, format=pattern, locale=locale)


def active_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def shown_language(instance: Any, field: str) -> str:
    """The language of the text modeltranslation shows for ``instance.<field>``: the active
    language's when it has one, else that of the first fallback language that has one."""
    active = active_language()
    fallbacks = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ())
    for code in (active, *fallbacks):
        if getattr(instance, f"{field}_{code}", None):
            return code
    return active


def language_name(code: str) -> str:
    """A language's name in the active language, as written mid-sentence ("espanhol")."""
    return current_locale().languages.get(code, code)


def country_name(iso3: str, default: str = "") -> str:
    """The country's name in the active language from the CLDR (``PER`` → "Perú", "Peru",
    "Pérou"); ``default`` when the code is not an ISO 3166-1 country."""
    alpha2 = _alpha2(iso3.upper())
    if alpha2 is None:
        return default
    return current_locale().territories.get(alpha2) or default


def country_names(iso3: str) -> dict[str, str]:
    """The CLDR names of a country in every language of the site (none for an unknown code)."""
    alpha2 = _alpha2(iso3.upper())
    if alpha2 is None:
        return {}
    names = {}
    for code, _name in settings.LANGUAGES:
        name = _locale(code).territories.get(alpha2)
        if name:
            names[code] = name
    return names


@cache
def _alpha2(iso3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country is not None else None
