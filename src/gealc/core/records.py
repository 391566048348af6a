"""What the apps' records with an address and attached files share: a unique slug for a new
record, and a stored document served as a download only to those who may read it.

One implementation for every app, so that an address is made and a document is refused (a
404 that hides whether it exists, or says its file is missing) the same way everywhere.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gealc.core.files import attachment_response
from gealc.core.types import AnyUser

SLUG_LENGTH = 100


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    fallback: str = "entry",
    reserved: Collection[str] = (),
) -> str:
    """A slug of ``text`` no row of ``model`` has yet (``-2``, ``-3`` … added when taken);
    ``fallback`` when the text makes no slug. ``reserved`` are the fixed words of the
    addresses the slug goes into (``new``), which a slug would hide."""
    base = slugify(text)[:SLUG_LENGTH] or fallback
    slug, number = base, 1
    while slug in reserved or model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def document_download(user: AnyUser, file: FieldFile, *, permission: str, obj: Any) -> FileResponse:
    """The stored ``file`` as a download when ``user`` has ``permission`` on ``obj``; a 404
    otherwise (never a 403, which would tell that the document exists)."""
    if not user.has_perm(permission, obj):
        raise Http404(_("No document to show here."))
    return file_download(file)


def file_download(file: FieldFile) -> FileResponse:
    """A stored file as a download, for a caller that checked who may read it; a 404 when the
    file is missing from the storage."""
    try:
        stream = file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file of this document is missing.")) from None
    return attachment_response(stream, filename=PurePosixPath(file.name or "").name)
