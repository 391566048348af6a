"""A country profile as PDF: the same content as the page, in a print layout, by WeasyPrint.

The charts are inline SVG, so WeasyPrint draws them as vectors; the print stylesheet is put
inline too. Nothing is fetched while rendering: the fetcher refuses every URL, so a page
cannot make the server read a file or call the network.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string

PRINT_STYLESHEET = "observatory/print.css"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"PDF rendering fetches nothing ({url})")


def _stylesheet() -> str:
    path = finders.find(PRINT_STYLESHEET)
    if not path:
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(fragment: dict[str, Any], request: HttpRequest) -> bytes:
    """The PDF of a rendered page fragment (``title`` and ``html``)."""
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    html = render_to_string(
        "observatory/pdf.html",
        {**fragment, "stylesheet": _stylesheet(), "address": request.build_absolute_uri()},
    )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching)
    return document.write_pdf()
