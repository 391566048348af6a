"""A country profile as PDF: the same content as the page, rendered by
``gealc.core.pdf.render_pdf`` (the print layout every app's PDF shares).

Rendering takes seconds, so it is a task (``tasks.render_profile_pdf``): the worker stores the
PDF through the storage API under the published generation (``profile_pdf_name``), where every
server finds it; a new publication changes the name, so no stale PDF is served.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gealc.core.pdf import PdfFragment, render_pdf
from gealc.observatory import cache, pages, selectors


def profile_pdf_name(iso3: str, language: str) -> str:
    """Where the profile's PDF of the current publication is stored."""
    generation = hashlib.sha256(cache.published_generation().encode()).hexdigest()[:16]
    return f"observatory/profiles/{generation}/{iso3.lower()}-{language}.pdf"


def profile_pdf_store(*, iso3: str, language: str, address: str) -> str | None:
    """Render the profile of ``iso3`` in the current publication (in the active language) and
    store it; the stored name, or None when the country has no published scores."""
    run = selectors.latest_published_run()
    if run is None:
        return None
    try:
        context = pages.country(run, iso3.upper())
    except ObjectDoesNotExist:
        return None
    fragment: PdfFragment = {
        "title": context["country"].name,
        "html": render_to_string("observatory/country.html", context),
        "header": _("The network in numbers"),
    }
    name = profile_pdf_name(iso3, language)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_pdf(fragment, address)))
    return name
