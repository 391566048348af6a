"""Checked spreadsheets waiting for the user's confirmation of an import.

A checked file is kept in the default storage under ``measurement/imports/<submission
pk>/<random>.upload``; the user gets a signed token naming it, valid ``IMPORT_MAX_AGE``
seconds. Only the storage API is used, so an S3-compatible store works as well as the file
system. A file never confirmed is removed by :func:`import_uploads_purge` (daily from cron or
as a task) once its token can no longer be used.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import posixpath

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from django.utils.crypto import get_random_string

from gealc.measurement.models import Submission

IMPORT_SALT = "gealc.measurement.import"
IMPORT_MAX_AGE = 3600  # seconds a checked upload waits for confirmation
IMPORT_UPLOADS_DIR = "measurement/imports"


def import_upload_stash(*, submission: Submission, data: bytes) -> str:
    """Keep a checked file until it is confirmed; returns the signed token that names it."""
    name = f"{IMPORT_UPLOADS_DIR}/{submission.pk}/{get_random_string(24)}.upload"
    try:
        stored = default_storage.save(name, ContentFile(data))
    except FileNotFoundError:
        # A purge removed the submission's emptied directory between its creation and the
        # write: the second save creates it again.
        stored = default_storage.save(name, ContentFile(data))
    return signing.dumps({"name": stored, "submission": submission.pk}, salt=IMPORT_SALT)


def import_upload_take(*, submission: Submission, token: str) -> tuple[str, bytes] | None:
    """The stored name and content a token names, or ``None`` if the token is bad, expired,
    for another submission or its file is gone.

    The file stays in storage (a refused confirmation can be sent again with the same token):
    discard it with :func:`import_upload_discard` once the import is saved.
    """
    try:
        found = signing.loads(token, salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return None
    if found.get("submission") != submission.pk or not default_storage.exists(found["name"]):
        return None
    with default_storage.open(found["name"], "rb") as stored:
        return found["name"], stored.read()


def import_upload_discard(*, name: str) -> None:
    """Remove a stashed file (a missing one is not an error)."""
    default_storage.delete(name)


def import_uploads_purge(
    *, older_than: datetime.timedelta | None = None, now: datetime.datetime | None = None
) -> int:
    """Delete stashed files older than ``older_than`` (by default the token's validity, so
    only files nobody can confirm any more); returns how many were deleted.

    Files deleted meanwhile (a confirmation, another purge) are skipped. Emptied
    per-submission directories are removed where the storage has them (the file system); an
    object store has no directories, only name prefixes that vanish with their last file.
    """
    if older_than is None:
        older_than = datetime.timedelta(seconds=IMPORT_MAX_AGE)
    cutoff = (now or timezone.now()) - older_than
    removed = 0
    for directory in _listdir(IMPORT_UPLOADS_DIR)[0]:
        path = posixpath.join(IMPORT_UPLOADS_DIR, directory)
        for name in _listdir(path)[1]:
            removed += _delete_if_before(posixpath.join(path, name), cutoff)
        _remove_if_empty(path)
    return removed


def _listdir(path: str) -> tuple[list[str], list[str]]:
    try:
        return default_storage.listdir(path)
    except FileNotFoundError:  # nothing stashed yet, or removed by a concurrent purge
        return [], []


def _delete_if_before(name: str, cutoff: datetime.datetime) -> bool:
    try:
        modified = default_storage.get_modified_time(name)
    except FileNotFoundError:  # confirmed or purged since the directory was listed
        return False
    if modified >= cutoff:
        return False
    default_storage.delete(name)
    return True


def _remove_if_empty(path: str) -> None:
    directories, files = _listdir(path)
    if directories or files:
        return
    if not isinstance(default_storage, FileSystemStorage):
        return  # an object store has no directories, only prefixes that vanish with the files
    # rmdir refuses a directory that is not empty: a file stashed meanwhile is kept.
    with contextlib.suppress(OSError):
        os.rmdir(default_storage.path(path))
