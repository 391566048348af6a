"""Backup and restore of everything: every row of every model and every uploaded file.

The archive is a zip file::

    manifest.json            format and version, who wrote it, row counts, sha256 of members
    manifest.hmac            HMAC-SHA256 of manifest.json with the backup key (hex)
    data/<app>.<model>.json  {"model", "fields", "rows"}: one table, rows ordered by pk
    files/<name>             each file of the default storage, under its storage name

Rows are dumped per table (including many-to-many tables and historical records) with their
primary keys, column by column, in a JSON encoding that loses nothing: datetimes keep their
microseconds and offset, decimals are strings, binary is base64; each value is read back
through its model field's ``to_python``. Inserting bypasses ``save()``, signals and
``auto_now``, so a restore is the exact database that was backed up.

A backup is as sensitive as the database (password hashes, API tokens, confidential values)
and restore trusts what it holds, so the manifest, which holds every member's sha256, is
signed with ``GEALC_BACKUP_KEY`` (from the environment; ``SECRET_KEY`` when unset): restore
refuses an archive whose signature is missing or does not match unless it is told to trust
it (``trust_unsigned``, ``gealc restore --trust-unsigned``). Restoring on another
installation needs the same key. Stored file names must be plain relative paths (no ``..``,
no absolute path): anything else is refused with a message before anything is written.

Not in a backup (on purpose): sessions and allauth's list of them (a restore logs everyone
out) and django-axes' login-throttling records (transient lock-outs and their IP logs).
Content types and
permissions are in it: restore replaces the ones ``migrate`` created, so every primary key
(and every foreign key to them) is the original one.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import hmac
import json
import os
import posixpath
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, router, transaction
from django.utils import timezone
from django.utils.duration import duration_string

import gealc

FORMAT_NAME = "gealc-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.hmac"
BACKUP_KEY_VARIABLE = "GEALC_BACKUP_KEY"
DATA_DIR = "data/"
FILES_DIR = "files/"
CHUNK_BYTES = 1024 * 1024

# Transient state that a restored installation must not inherit (see the module docstring).
SKIPPED_MODELS = frozenset(
    {
        "sessions.session",
        "usersessions.usersession",  # allauth's list of the sessions above
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    }
)
# Rows that ``migrate`` itself creates (the role groups too: network.0002_role_groups, and the
# working lines: groups.0002_working_lines): an
# otherwise empty database has them, and restore replaces them with the backup's own so that
# their primary keys are the original ones. Deleted in this order (references first).
MIGRATION_SEEDED_MODELS = (
    "groups.historicalworkingline",
    "groups.workingline",
    "auth.group_permissions",
    "auth.group",
    "auth.permission",
    "contenttypes.contenttype",
)


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    created_at: str
    rows: int
    models: int
    files: int


# --- what is backed up -------------------------------------------------------------------


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _backed_up_models(using: str) -> list[type[models.Model]]:
    """Every concrete table of every installed app, in a stable order."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and _label(model) not in SKIPPED_MODELS
        and router.allow_migrate_model(using, model)
    ]


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The columns of the model's own table (generated columns cannot be written)."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if not getattr(field, "generated", False)
    ]


def _rows(model: type[models.Model], using: str) -> models.QuerySet[Any, tuple[Any, ...]]:
    """A plain queryset: no custom or translation-rewriting manager changes what is read."""
    attnames = [field.attname for field in _columns(model)]
    return models.QuerySet(model=model, using=using).order_by("pk").values_list(*attnames)


def _storage_names(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in the storage, walked through the storage API (works on S3)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for subdirectory in sorted(directories):
        yield from _storage_names(storage, posixpath.join(directory, subdirectory))


# --- lossless JSON -----------------------------------------------------------------------


def _encode(value: Any) -> Any:
    """JSON ``default``: the types the standard encoder does not know, without loss."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _decode(field: models.Field[Any, Any], value: Any) -> Any:
    return None if value is None else field.to_python(value)


class _InsertRow:
    """Attribute access by attname, which is all a raw insert reads from an object."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


# --- writing -----------------------------------------------------------------------------


class _ArchiveWriter:
    """Writes members to the zip and remembers their sha256."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.checksums: dict[str, str] = {}

    def write_bytes(self, name: str, data: bytes) -> None:
        self.archive.writestr(name, data)
        self.checksums[name] = hashlib.sha256(data).hexdigest()

    def write_stream(self, name: str, source: IO[bytes]) -> int:
        digest = hashlib.sha256()
        size = 0
        with self.archive.open(name, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK_BYTES):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
        self.checksums[name] = digest.hexdigest()
        return size


def _write_tables(writer: _ArchiveWriter, using: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for model in _backed_up_models(using):
        rows = [list(row) for row in _rows(model, using)]
        table = {
            "model": _label(model),
            "fields": [field.attname for field in _columns(model)],
            "rows": rows,
        }
        data = json.dumps(table, default=_encode, ensure_ascii=False).encode("utf-8")
        writer.write_bytes(f"{DATA_DIR}{_label(model)}.json", data)
        counts[_label(model)] = len(rows)
    return counts


def _write_files(writer: _ArchiveWriter, storage: Storage) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for name in _storage_names(storage):
        with storage.open(name, "rb") as source:
            sizes[name] = writer.write_stream(f"{FILES_DIR}{name}", source)
    return sizes


def _applied_migrations(using: str) -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def backup_write(
    *,
    path: Path | str,
    overwrite: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
) -> BackupSummary:
    """Write every row and every uploaded file to the zip archive at ``path``.

    The archive is written next to ``path`` and renamed into place at the end, so a failed
    backup never leaves a half-written file under the requested name.
    """
    path = Path(path)
    storage = storage or default_storage
    if path.exists() and not overwrite:
        raise BackupError(f"{path} already exists; choose another name or allow overwriting.")
    if not path.parent.is_dir():
        raise BackupError(f"The directory {path.parent} does not exist.")
    partial = path.with_name(f".{path.name}.partial")
    created_at = timezone.now().isoformat()
    try:
        # One read transaction: tables and their relations are a consistent snapshot.
        with (
            transaction.atomic(using=using),
            zipfile.ZipFile(
                partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True
            ) as archive,
        ):
            writer = _ArchiveWriter(archive)
            counts = _write_tables(writer, using)
            sizes = _write_files(writer, storage)
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "app_version": gealc.__version__,
                "created_at": created_at,
                "django_version": django.get_version(),
                "database_vendor": connections[using].vendor,
                "migrations": _applied_migrations(using),
                "skipped_models": sorted(SKIPPED_MODELS),
                "models": counts,
                "columns": {
                    _label(model): [field.attname for field in _columns(model)]
                    for model in _backed_up_models(using)
                },
                "files": sizes,
                "checksums": writer.checksums,
            }
            manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            archive.writestr(MANIFEST, manifest_bytes)
            archive.writestr(SIGNATURE, manifest_signature(manifest_bytes))
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Could not write {path}: {error.strerror or error}.") from error
    except DatabaseError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Could not read the database ({error}); is it migrated?") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupSummary(path, created_at, sum(counts.values()), len(counts), len(sizes))


# --- reading and checking ----------------------------------------------------------------


def _open_archive(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"{path} is not a GEALC Hub backup (not a zip archive).") from error


def _backup_key() -> bytes:
    return (os.environ.get(BACKUP_KEY_VARIABLE) or settings.SECRET_KEY).encode()


def manifest_signature(manifest_bytes: bytes) -> str:
    """The manifest's HMAC-SHA256 with the backup key, in hex."""
    return hmac.new(_backup_key(), manifest_bytes, hashlib.sha256).hexdigest()


def _verify_signature(archive: zipfile.ZipFile, manifest_bytes: bytes, path: Path) -> None:
    try:
        signature = archive.read(SIGNATURE).decode("ascii").strip()
    except (KeyError, UnicodeDecodeError, zipfile.BadZipFile):
        signature = ""
    if not hmac.compare_digest(signature, manifest_signature(manifest_bytes)):
        reason = "is not signed" if not signature else "has a signature that does not match"
        raise BackupError(
            f"{path} {reason} with this installation's backup key ({BACKUP_KEY_VARIABLE}, or "
            "SECRET_KEY when it is unset): it was changed after it was written, or written "
            "with another key. Restore it with the key it was written with, or, if you know "
            "where it comes from, with --trust-unsigned. Nothing was changed."
        )


def _check_member_names(manifest: dict[str, Any], path: Path) -> None:
    """Stored file names are plain relative paths: nothing outside the storage's root."""
    for name in manifest.get("files", {}):
        unsafe = (
            not isinstance(name, str)
            or not name
            or name.startswith("/")
            or "\\" in name
            or "\0" in name
            or any(part in ("", ".", "..") for part in name.split("/"))
        )
        if unsafe:
            raise BackupError(
                f"{path} is refused: it names a stored file {str(name)[:200]!r}, which is not "
                "a plain relative path (no “..”, no absolute path). Nothing was changed."
            )


def _read_manifest(
    archive: zipfile.ZipFile, path: Path, *, trust_unsigned: bool = False
) -> dict[str, Any]:
    try:
        manifest_bytes = archive.read(MANIFEST)
        manifest = json.loads(manifest_bytes)
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise BackupError(f"{path} is not a GEALC Hub backup (no readable manifest).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise BackupError(f"{path} is not a GEALC Hub backup (unknown manifest).")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{path} has backup format version {version!r}; this installation "
            f"(GEALC Hub {gealc.__version__}) reads version {FORMAT_VERSION} only. "
            f"Restore it with GEALC Hub {manifest.get('app_version', '?')}."
        )
    if not trust_unsigned:
        _verify_signature(archive, manifest_bytes, path)
    _check_member_names(manifest, path)
    return manifest


def _member_digest(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while chunk := member.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _verify_checksums(archive: zipfile.ZipFile, manifest: dict[str, Any], path: Path) -> None:
    """Every member is listed in the manifest and has the recorded sha256, and vice versa."""
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict):
        raise BackupError(f"{path} is damaged: its manifest lists no checksums.")
    members = {name for name in archive.namelist() if name not in (MANIFEST, SIGNATURE)}
    if missing := sorted(set(checksums) - members):
        raise BackupError(f"{path} is damaged: members missing from it: {', '.join(missing)}.")
    if unlisted := sorted(members - set(checksums)):
        raise BackupError(f"{path} is damaged: members not in its manifest: {', '.join(unlisted)}.")
    for name in sorted(members):
        try:
            actual = _member_digest(archive, name)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BackupError(f"{path} is damaged: cannot read {name} ({error}).") from error
        if actual != checksums[name]:
            raise BackupError(f"{path} is damaged: checksum mismatch for {name}.")


def _check_same_schema(manifest: dict[str, Any], using: str) -> None:
    """The backup's tables and columns are exactly this installation's."""
    ours = {_label(model): model for model in _backed_up_models(using)}
    theirs = set(manifest.get("models", {}))
    if theirs != set(ours):
        differences = sorted(theirs ^ set(ours))
        raise BackupError(
            "The backup was written by another version of GEALC Hub "
            f"({manifest.get('app_version', '?')}): tables differ ({', '.join(differences)}). "
            "Restore it with that version, then upgrade."
        )
    columns = manifest.get("columns", {})
    for label, model in ours.items():
        if columns.get(label) != [field.attname for field in _columns(model)]:
            raise BackupError(
                f"The backup's columns of {label} differ from this installation's: "
                f"restore it with GEALC Hub {manifest.get('app_version', '?')}, then upgrade."
            )


def _check_database_empty(using: str) -> None:
    try:
        occupied = [
            _label(model)
            for model in _backed_up_models(using)
            if _label(model) not in MIGRATION_SEEDED_MODELS
            and models.QuerySet(model=model, using=using).exists()
        ]
    except DatabaseError as error:
        raise BackupError(
            f"The database is not ready ({error}): run `gealc manage migrate` first. "
            "Nothing was changed."
        ) from error
    if occupied:
        raise BackupError(
            "Restore needs an empty database (only migrated); this one has data in "
            f"{', '.join(occupied[:5])}{' …' if len(occupied) > 5 else ''}. "
            "Nothing was changed."
        )


def _check_storage_free(names: Iterable[str], storage: Storage) -> None:
    taken = [name for name in names if storage.exists(name)]
    if taken:
        raise BackupError(
            f"The file storage already holds {len(taken)} of the backup's files "
            f"(e.g. {taken[0]}); restore needs an empty storage. Nothing was changed."
        )


# --- restoring ---------------------------------------------------------------------------


def _insert_table(archive: zipfile.ZipFile, model: type[models.Model], using: str) -> int:
    table = json.loads(archive.read(f"{DATA_DIR}{_label(model)}.json"))
    columns = _columns(model)
    objects = [
        _InsertRow(
            {
                field.attname: _decode(field, value)
                for field, value in zip(columns, row, strict=True)
            }
        )
        for row in table["rows"]
    ]
    connection = connections[using]
    batch = max(connection.ops.bulk_batch_size(columns, objects), 1)
    queryset = models.QuerySet(model=model, using=using)
    for start in range(0, len(objects), batch):
        queryset._insert(objects[start : start + batch], fields=columns, raw=True, using=using)
    return len(objects)


def _reset_sequences(using: str) -> None:
    """Make new rows get ids after the restored ones (PostgreSQL sequences, for instance)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), _backed_up_models(using))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _restore_files(
    archive: zipfile.ZipFile, names: list[str], storage: Storage, written: list[str]
) -> None:
    for name in names:
        with archive.open(f"{FILES_DIR}{name}") as source:
            saved = storage.save(name, File(source, name=posixpath.basename(name)))
        written.append(saved)
        if saved != name:
            raise BackupError(f"The storage stored {name} as {saved}; restore needs the name.")


def _restore_database(archive: zipfile.ZipFile, using: str) -> int:
    for label in MIGRATION_SEEDED_MODELS:
        models.QuerySet(model=apps.get_model(label), using=using)._raw_delete(using)
    rows = sum(_insert_table(archive, model, using) for model in _backed_up_models(using))
    connections[using].check_constraints()
    _reset_sequences(using)
    return rows


def backup_restore(
    *,
    path: Path | str,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
    trust_unsigned: bool = False,
) -> BackupSummary:
    """Restore the archive at ``path`` into an empty (only migrated) database and storage.

    Everything is checked before anything changes (the manifest's signature first, unless
    ``trust_unsigned``); the database part runs in one transaction, and the files written are
    removed again if anything fails.
    """
    path = Path(path)
    storage = storage or default_storage
    with _open_archive(path) as archive:
        manifest = _read_manifest(archive, path, trust_unsigned=trust_unsigned)
        _verify_checksums(archive, manifest, path)
        _check_same_schema(manifest, using)
        _check_database_empty(using)
        names = sorted(manifest.get("files", {}))
        _check_storage_free(names, storage)
        written: list[str] = []
        try:
            with transaction.atomic(using=using):
                rows = _restore_database(archive, using)
                _restore_files(archive, names, storage, written)
        except (DatabaseError, ValidationError, SuspiciousFileOperation, OSError) as error:
            _delete_files(written, storage)
            raise BackupError(
                f"{path} could not be restored, nothing was changed: {error}"
            ) from error
        except BaseException:
            _delete_files(written, storage)
            raise
    ContentType.objects.clear_cache()  # the restored content types may have other ids
    return BackupSummary(
        path, str(manifest.get("created_at")), rows, len(manifest.get("models", {})), len(names)
    )


def _delete_files(names: list[str], storage: Storage) -> None:
    for name in names:
        storage.delete(name)
