"""A page's content as PDF, in a print layout, by WeasyPrint: the one renderer of every app's
PDF (the observatory's country profiles, the continuity dossiers, the groups' year-end reports
and certificates, the consultation summaries).

The print stylesheet (``gealc/print.css``, also the site's print stylesheet) is put inline,
and charts are inline SVG, so WeasyPrint draws them as vectors. Nothing is fetched while
rendering: the fetcher refuses every URL, so a page cannot make the server read a file or call
the network.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypedDict

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_STYLESHEET = "gealc/print.css"


class PdfFragment(TypedDict):
    """A rendered page fragment: ``title`` names the document, ``html`` is its content and
    ``header`` the section named in the running header."""

    title: str
    html: str
    header: str


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"PDF rendering fetches nothing ({url})")


def _stylesheet() -> str:
    path = finders.find(PRINT_STYLESHEET)
    if not path:
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def render_pdf(fragment: PdfFragment, address: str) -> bytes:
    """The PDF of a rendered page ``fragment``; ``address`` is the page's URL, printed in the
    footer."""
    import weasyprint  # heavy (Pango, fonts): loaded only when a PDF is asked for

    html = render_to_string(
        "core/pdf.html", {**fragment, "stylesheet": _stylesheet(), "address": address}
    )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching)
    return document.write_pdf()
