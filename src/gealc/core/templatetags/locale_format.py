"""The template side of ``gealc.core.l10n``, loaded on every template (a builtin library):
``{{ day|local_date }}``, ``{{ moment|local_datetime }}``, ``{{ moment|local_time }}``,
``{{ score|number:1 }}``, ``{{ count|number }}``. They replace Django's ``date``, ``time`` and
``floatformat`` filters, whose formats differ from page to page and which group no thousands.

``{% translated practice "summary" %}`` writes a translated field; when the reader's language
has no text for it, the text shown (another language's) carries its ``lang`` and a note says
which language it is in."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gealc.core import l10n

register = template.Library()


@register.filter
def local_date(value: datetime.date | None, zone: l10n.Zone = None) -> str:
    return l10n.format_date(value or None, zone or None)


@register.filter
def local_datetime(value: datetime.datetime | None, zone: l10n.Zone = None) -> str:
    """``{{ moment|local_datetime }}`` in the site's time zone; ``{{ meeting.starts_at|
    local_datetime:meeting.time_zone }}`` in the zone given."""
    return l10n.format_datetime(value or None, zone or None)


@register.filter
def local_time(value: datetime.datetime | None, zone: l10n.Zone = None) -> str:
    return l10n.format_time(value or None, zone or None)


@register.filter
def number(value: float | int | Decimal | str | None, decimals: int | str | None = None) -> str:
    """An empty value shows as "—" (``default`` is not needed after it)."""
    digits = None if decimals in (None, "") else int(decimals)
    return l10n.format_number(value, digits)


@register.filter
def reader_language_name(code: str) -> str:
    """``"es"|reader_language_name`` → "espanhol" on a Portuguese page, written mid-sentence
    (Django's ``language_name``, of the i18n library, gives the English name)."""
    return l10n.language_name(code)


@register.simple_tag
def translated(
    instance: Any,
    field: str,
    *,
    words: int | None = None,
    lines: bool = False,
    paragraphs: bool = False,
    note: bool = True,
) -> SafeString:
    """``instance.<field>`` escaped (``words``: cut to that many; ``lines``: line breaks kept;
    ``paragraphs``: a block of paragraphs); in another language than the reader's, in an
    element with its ``lang`` and, unless ``note=False``, followed by "(shown in Spanish…)"."""
    text = getattr(instance, field, "") or ""
    if words:
        text = Truncator(text).words(int(words))
    if paragraphs:
        html = linebreaks_filter(text, autoescape=True)
    else:
        html = linebreaksbr(text, autoescape=True) if lines else conditional_escape(text)
    language = l10n.shown_language(instance, field)
    if not text or language == l10n.active_language():
        return mark_safe(html)  # escaped above (the filters escape)
    marker = (
        _("shown in %(language)s, not yet translated") % {"language": l10n.language_name(language)}
        if note
        else ""
    )
    if paragraphs:
        note_html = format_html('<p class="muted">({})</p>', marker) if marker else ""
        return format_html('<div lang="{}">{}</div>{}', language, html, note_html)
    note_html = format_html(' <span class="muted">({})</span>', marker) if marker else ""
    return format_html('<span lang="{}">{}</span>{}', language, html, note_html)
