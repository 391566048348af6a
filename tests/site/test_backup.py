"""Backup → empty database → restore gives back every row and every file, exactly."""

import datetime
import decimal
import hashlib
import json
import os
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models
from rest_framework.authtoken.models import Token

from gealc.core.demo_loading import load_all
from gealc.site.backup import (
    MANIFEST,
    SIGNATURE,
    BackupError,
    _backed_up_models,
    _decode,
    _encode,
    _rows,
    _storage_names,
    backup_restore,
    backup_write,
    manifest_signature,
)
from gealc.site.cli import main as gealc

FILES = {
    "evidence/2025/uruguay report.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "evidence/2025/nested/datos-ñandú.csv": "país,valor\nUruguay,1.5\n".encode(),
    "logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
}


def _populate(*, demo: bool = False) -> None:
    """Data through the real entry points: auth, the storage API and (slow) the demo loaders."""
    if demo:
        load_all()
    group = Group.objects.create(name="backup-test-editors")
    group.permissions.set(Permission.objects.filter(codename__startswith="change_")[:3])
    user = User.objects.create_user("backup-test", "bt@example.org", "a-long-password-42")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="add_group"))
    Token.objects.create(user=user)
    User.objects.create_superuser("backup-admin", "ba@example.org", "another-password-42")
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name


def _snapshot() -> dict[str, Any]:
    tables = {
        model._meta.label_lower: list(_rows(model, "default"))
        for model in _backed_up_models("default")
    }
    files = {}
    for name in _storage_names(default_storage):
        with default_storage.open(name, "rb") as handle:
            files[name] = handle.read()
    return {"tables": tables, "files": files}


def _empty_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in list(_storage_names(default_storage)):
        default_storage.delete(name)


def _rewrite_member(
    archive_path: Path, member: str, content: bytes, *, fix_checksum: bool, sign: bool = True
) -> None:
    """Replace one member of a backup (optionally with a matching checksum in the manifest),
    then sign the manifest with this installation's key, as its holder could (``sign``)."""
    with zipfile.ZipFile(archive_path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members[member] = content
    if fix_checksum:
        manifest = json.loads(members[MANIFEST])
        manifest["checksums"][member] = hashlib.sha256(content).hexdigest()
        members[MANIFEST] = json.dumps(manifest).encode()
    if sign:
        members[SIGNATURE] = manifest_signature(members[MANIFEST]).encode()
    with zipfile.ZipFile(archive_path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_row_and_file_exactly(tmp_path: Path) -> None:
    _populate(demo=True)
    before = _snapshot()
    assert before["files"] == FILES
    # The demo network brings translated columns and historical records into the test.
    assert before["tables"]["network.country"]
    assert any(rows for label, rows in before["tables"].items() if ".historical" in label)
    archive = tmp_path / "backup.zip"

    written = backup_write(path=archive)
    _empty_everything()
    assert not User.objects.exists()
    restored = backup_restore(path=archive)

    assert _snapshot() == before
    assert restored.rows == written.rows == sum(len(rows) for rows in before["tables"].values())
    assert restored.files == len(FILES)
    user = User.objects.get(username="backup-test")
    assert user.check_password("a-long-password-42")
    assert Token.objects.get(user=user).key == before_token_key(before)


def before_token_key(snapshot: dict[str, Any]) -> str:
    return snapshot["tables"]["authtoken.token"][0][0]


@pytest.mark.django_db(transaction=True)
def test_new_rows_after_restore_get_fresh_ids(tmp_path: Path) -> None:
    _populate()
    highest = User.objects.order_by("-pk").values_list("pk", flat=True)[0]
    backup_write(path=tmp_path / "backup.zip")
    _empty_everything()
    backup_restore(path=tmp_path / "backup.zip")

    newcomer = User.objects.create_user("after-restore")
    assert newcomer.pk > highest
    group = Group.objects.create(name="after-restore")
    assert group.pk > Group.objects.exclude(pk=group.pk).order_by("-pk")[0].pk


@pytest.mark.django_db
def test_manifest_describes_the_backup(tmp_path: Path) -> None:
    _populate()
    backup_write(path=tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
        members = set(archive.namelist()) - {MANIFEST, SIGNATURE}
        digests = {name: hashlib.sha256(archive.read(name)).hexdigest() for name in members}
        signature = archive.read(SIGNATURE).decode()
        assert signature == manifest_signature(archive.read(MANIFEST))
    assert manifest["format"] == "gealc-backup"
    assert manifest["format_version"] == 1
    assert manifest["database_vendor"] in {"sqlite", "postgresql"}
    assert manifest["models"]["auth.user"] == User.objects.count()
    assert manifest["models"]["auth.user_groups"] == User.groups.through.objects.count()
    assert manifest["checksums"] == digests
    assert set(manifest["files"]) == set(FILES)
    assert "sessions.session" in manifest["skipped_models"]


@pytest.mark.django_db
def test_restore_refuses_a_database_with_data_and_changes_nothing(tmp_path: Path) -> None:
    _populate()
    backup_write(path=tmp_path / "backup.zip")
    for name in FILES:
        default_storage.delete(name)
    before = _snapshot()

    with pytest.raises(BackupError, match="empty database"):
        backup_restore(path=tmp_path / "backup.zip")
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_files_already_in_the_storage(tmp_path: Path) -> None:
    _populate()
    backup_write(path=tmp_path / "backup.zip")
    _empty_everything()
    default_storage.save("logo.svg", ContentFile(b"someone else's logo"))

    with pytest.raises(BackupError, match="empty storage"):
        backup_restore(path=tmp_path / "backup.zip")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text, not an archive", "not a zip archive"),
        (b"", "not a zip archive"),
    ],
)
@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_an_archive(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.zip"
    path.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        backup_restore(path=path)


@pytest.mark.django_db
def test_restore_refuses_a_zip_without_manifest(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(BackupError, match="no readable manifest"):
        backup_restore(path=path)


@pytest.mark.django_db
def test_restore_refuses_an_unknown_format_version(tmp_path: Path) -> None:
    backup_write(path=tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest["format_version"] = 99
    _rewrite_member(
        tmp_path / "backup.zip", MANIFEST, json.dumps(manifest).encode(), fix_checksum=False
    )
    with pytest.raises(BackupError, match="format version 99"):
        backup_restore(path=tmp_path / "backup.zip")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda manifest: manifest["columns"]["auth.user"].pop(), "columns of auth.user differ"),
        (lambda manifest: manifest["models"].pop("auth.group"), r"tables differ \(auth.group\)"),
    ],
    ids=["column", "table"],
)
@pytest.mark.django_db
def test_restore_refuses_a_backup_of_another_schema(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    backup_write(path=tmp_path / "backup.zip")
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST))
    change(manifest)
    _rewrite_member(
        tmp_path / "backup.zip", MANIFEST, json.dumps(manifest).encode(), fix_checksum=False
    )
    with pytest.raises(BackupError, match=message):
        backup_restore(path=tmp_path / "backup.zip")


@pytest.mark.django_db
def test_restore_refuses_a_checksum_mismatch(tmp_path: Path) -> None:
    _populate()
    backup_write(path=tmp_path / "backup.zip")
    _rewrite_member(tmp_path / "backup.zip", "files/logo.svg", b"<svg/>", fix_checksum=False)
    with pytest.raises(BackupError, match=r"checksum mismatch for files/logo\.svg"):
        backup_restore(path=tmp_path / "backup.zip")


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_midway_changes_nothing(tmp_path: Path) -> None:
    """A consistent-looking archive whose rows break a foreign key: all or nothing."""
    _populate()
    backup_write(path=tmp_path / "backup.zip")
    member = "data/auth.user_groups.json"
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        table = json.loads(archive.read(member))
    table["rows"][0][-1] = 987654  # a group that does not exist
    _rewrite_member(tmp_path / "backup.zip", member, json.dumps(table).encode(), fix_checksum=True)
    _empty_everything()
    permissions = list(Permission.objects.order_by("pk").values_list())

    with pytest.raises(BackupError, match="nothing was changed"):
        backup_restore(path=tmp_path / "backup.zip")
    assert not User.objects.exists()
    assert list(Permission.objects.order_by("pk").values_list()) == permissions
    assert list(_storage_names(default_storage)) == []


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "backup.zip"
    path.write_bytes(b"precious")
    with pytest.raises(BackupError, match="already exists"):
        backup_write(path=path)
    assert path.read_bytes() == b"precious"
    backup_write(path=path, overwrite=True)
    assert zipfile.is_zipfile(path)


@pytest.mark.django_db
def test_command_line_reports_errors_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.zip"
    bogus.write_text("not a backup")
    assert gealc(["restore", str(bogus)]) == 1
    error = capsys.readouterr().err
    assert "not a GEALC Hub backup" in error
    assert "Traceback" not in error


@pytest.mark.django_db(transaction=True)
def test_command_line_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _populate()
    before = _snapshot()
    assert gealc(["backup", str(tmp_path / "cli.zip")]) == 0
    _empty_everything()
    assert gealc(["restore", str(tmp_path / "cli.zip")]) == 0
    assert "Restored" in capsys.readouterr().out
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (
            models.DateTimeField(),
            datetime.datetime(2025, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC),
        ),
        (models.DateField(), datetime.date(1999, 12, 31)),
        (models.TimeField(), datetime.time(23, 59, 59, 999999)),
        (models.DecimalField(max_digits=20, decimal_places=10), decimal.Decimal("0.1000000001")),
        (models.FloatField(), 0.1 + 0.2),
        (models.DurationField(), datetime.timedelta(days=-1, microseconds=7)),
        (models.UUIDField(), uuid.UUID("12345678-1234-5678-1234-567812345678")),
        (models.BinaryField(), b"\x00\xff binary"),
        (models.JSONField(), {"es": "año", "list": [1, 2.5, None, True], "nested": {"x": []}}),
        (models.CharField(), "texto con ñ y emoji 🌎"),
    ],
    ids=lambda item: type(item).__name__,
)
def test_column_values_survive_the_archive_encoding(field: models.Field, value: Any) -> None:
    encoded = json.loads(json.dumps(value, default=_encode))
    decoded = _decode(field, encoded)
    assert (bytes(decoded) if isinstance(decoded, memoryview) else decoded) == value


def _gealc_process(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`gealc ...` in a new process on its own SQLite database and media under ``home``."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "MEDIA_ROOT", "GEALC_HOME"}
    }
    environment["GEALC_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "gealc", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _data_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name not in (MANIFEST, SIGNATURE)
        }


@pytest.mark.django_db
def test_restore_into_a_fresh_installation_then_back_up_again(tmp_path: Path) -> None:
    """The operator's path: migrate a new database, restore, and the data is the same bytes."""
    _populate()
    backup_write(path=tmp_path / "original.zip")
    home = tmp_path / "fresh"
    home.mkdir()

    refused = _gealc_process(home, "restore", str(tmp_path / "original.zip"))
    assert refused.returncode == 1
    assert "gealc manage migrate" in refused.stderr
    assert "Traceback" not in refused.stderr

    assert _gealc_process(home, "manage", "migrate", "--verbosity", "0").returncode == 0
    restored = _gealc_process(home, "restore", str(tmp_path / "original.zip"))
    assert restored.returncode == 0, restored.stderr
    again = _gealc_process(home, "backup", str(tmp_path / "again.zip"))
    assert again.returncode == 0, again.stderr

    assert _data_members(tmp_path / "again.zip") == _data_members(tmp_path / "original.zip")


# --- tampering: the signed manifest and the stored file names ------------------------------


def _tampered(tmp_path: Path) -> Path:
    """A backup whose logo was replaced, with the checksum recomputed but not re-signed."""
    path = tmp_path / "backup.zip"
    backup_write(path=path)
    _rewrite_member(path, "files/logo.svg", b"<svg onload='x'/>", fix_checksum=True, sign=False)
    return path


@pytest.mark.django_db(transaction=True)
def test_a_backup_edited_with_recomputed_checksums_is_refused(tmp_path: Path) -> None:
    _populate()
    path = _tampered(tmp_path)
    _empty_everything()
    before = _snapshot()
    with pytest.raises(BackupError, match="has a signature that does not match"):
        backup_restore(path=path)
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_trust_unsigned_restores_an_archive_whose_origin_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _populate()
    path = _tampered(tmp_path)
    _empty_everything()
    assert gealc(["restore", str(path)]) == 1
    error = capsys.readouterr().err
    assert "--trust-unsigned" in error
    assert "Traceback" not in error
    assert gealc(["restore", "--trust-unsigned", str(path)]) == 0
    with default_storage.open("logo.svg", "rb") as restored:
        assert restored.read() == b"<svg onload='x'/>"


@pytest.mark.django_db
def test_an_unsigned_backup_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "backup.zip"
    backup_write(path=path)
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist() if name != SIGNATURE}
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    with pytest.raises(BackupError, match="is not signed"):
        backup_restore(path=path)


@pytest.mark.django_db(transaction=True)
def test_the_backup_key_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate()
    monkeypatch.setenv("GEALC_BACKUP_KEY", "the key the backups were written with")
    backup_write(path=tmp_path / "backup.zip")
    _empty_everything()
    monkeypatch.setenv("GEALC_BACKUP_KEY", "another installation's key")
    with pytest.raises(BackupError, match="written with another key"):
        backup_restore(path=tmp_path / "backup.zip")
    monkeypatch.delenv("GEALC_BACKUP_KEY")  # then SECRET_KEY signs: not the same key either
    with pytest.raises(BackupError, match="does not match"):
        backup_restore(path=tmp_path / "backup.zip")
    monkeypatch.setenv("GEALC_BACKUP_KEY", "the key the backups were written with")
    assert backup_restore(path=tmp_path / "backup.zip").files == len(FILES)


@pytest.mark.parametrize(
    "name", ["../outside.txt", "evidence/../../outside.txt", "/tmp/outside.txt", "a//b.txt"]
)
@pytest.mark.django_db
def test_a_stored_file_name_outside_the_storage_is_refused_with_a_message(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even from the key's holder: a name is checked before anything is written."""
    path = tmp_path / "backup.zip"
    backup_write(path=path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    manifest["files"][name] = 5
    manifest["checksums"][f"files/{name}"] = hashlib.sha256(b"owned").hexdigest()
    _rewrite_member(path, f"files/{name}", b"owned", fix_checksum=False, sign=False)
    _rewrite_member(path, MANIFEST, json.dumps(manifest).encode(), fix_checksum=False)
    with pytest.raises(BackupError, match="not a plain relative path"):
        backup_restore(path=path)
    assert gealc(["restore", str(path)]) == 1
    error = capsys.readouterr().err
    assert "not a plain relative path" in error
    assert "Traceback" not in error
    assert not (tmp_path / "outside.txt").exists()
