"""A country profile as PDF: the same content as the page, in a print layout, by WeasyPrint.

The charts are inline SVG, so WeasyPrint draws them as vectors; the print stylesheet is put
inline too. Nothing is fetched while rendering: the fetcher refuses every URL, so a page
cannot make the server read a file or call the network.

Rendering takes seconds, so it is a task (``tasks.render_profile_pdf``): the worker stores the
PDF through the storage API under the published generation (``profile_pdf_name``), where every
server finds it; a new publication changes the name, so no stale PDF is served.
"""

from __future__ import annotations

import hashlib
from typing import Any, NoReturn

from django.contrib.staticfiles import finders
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from gealc.observatory import cache, pages, selectors

PRINT_STYLESHEET = "observatory/print.css"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"PDF rendering fetches nothing ({url})")


def _stylesheet() -> str:
    path = finders.find(PRINT_STYLESHEET)
    if not path:
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(fragment: dict[str, Any], address: str) -> bytes:
    """The PDF of a rendered page fragment (``title``, ``html`` and optionally ``header``, the
    section named in the running header, "The network in numbers" when absent); ``address``
    is the page's URL, printed in the footer."""
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    html = render_to_string(
        "observatory/pdf.html",
        {**fragment, "stylesheet": _stylesheet(), "address": address},
    )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching)
    return document.write_pdf()


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
    fragment = {
        "title": context["country"].name,
        "html": render_to_string("observatory/country.html", context),
    }
    name = profile_pdf_name(iso3, language)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_pdf(fragment, address)))
    return name
