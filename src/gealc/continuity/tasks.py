"""Background work of the welcome dossier (django-tasks): its PDF, rendered in a worker."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.utils import translation
from django_tasks import task


@task()
def render_dossier_pdf(*, iso3: str, language: str, user_id: int | None, address: str) -> str:
    """Render and store the dossier of ``iso3`` as the user reads it; returns the stored name."""
    from gealc.continuity import pdf, selectors
    from gealc.network.selectors import country_get

    viewer = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    with translation.override(language):
        dossier = selectors.dossier(country_get(iso3), viewer or AnonymousUser())
        return pdf.dossier_pdf_store(dossier, language, address)
