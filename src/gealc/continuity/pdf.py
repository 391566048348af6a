"""The dossier as PDF: the page's content in a print layout, rendered by WeasyPrint in a
worker (``tasks.render_dossier_pdf``) and stored through the storage API under the dossier's
fingerprint, a hash of everything it shows. When the data changes, so does the name: a stale
PDF is never served, and readers who see the same content share one file."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from gealc.continuity.selectors import Dossier
from gealc.core.pdf import PdfFragment, render_pdf


def dossier_pdf_name(dossier: Dossier, language: str) -> str:
    return (
        f"continuity/dossiers/{dossier.country.iso3.lower()}-{language}-{dossier.fingerprint()}.pdf"
    )


def dossier_pdf_store(dossier: Dossier, language: str, address: str) -> str:
    """Render and store the dossier's PDF (in the active language) unless it is stored."""
    name = dossier_pdf_name(dossier, language)
    if not default_storage.exists(name):
        html = render_to_string(
            "continuity/includes/dossier_body.html", {"dossier": dossier, "for_print": True}
        )
        fragment: PdfFragment = {
            "title": dossier.country.name,
            "html": html,
            "header": _("Welcome dossier: %(country)s") % {"country": dossier.country.name},
        }
        default_storage.save(name, ContentFile(render_pdf(fragment, address)))
    return name
