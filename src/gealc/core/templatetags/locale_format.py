"""The template side of ``gealc.core.l10n``, loaded on every template (a builtin library):
``{{ day|local_date }}``, ``{{ moment|local_datetime }}``, ``{{ score|number:1 }}``,
``{{ count|number }}``. They replace Django's ``date`` and ``floatformat`` filters, whose
formats differ from page to page and which group no thousands."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from gealc.core import l10n

register = template.Library()


@register.filter
def local_date(value: datetime.date | None) -> str:
    return l10n.format_date(value or None)


@register.filter
def local_datetime(value: datetime.datetime | None) -> str:
    return l10n.format_datetime(value or None)


@register.filter
def number(value: float | int | Decimal | str | None, decimals: int | str | None = None) -> str:
    """An empty value shows as "—" (``default`` is not needed after it)."""
    digits = None if decimals in (None, "") else int(decimals)
    return l10n.format_number(value, digits)
