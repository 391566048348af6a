"""Checked import files: stashed until confirmed, purged once nobody can confirm them.

Time is controlled by passing ``now`` to the purge and by dating files back on the file
system (``date_back``), never by sleeping.
"""

from __future__ import annotations

import datetime
import os
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from gealc.measurement import spreadsheets
from gealc.measurement.import_uploads import (
    IMPORT_MAX_AGE,
    IMPORT_SALT,
    IMPORT_UPLOADS_DIR,
    import_upload_discard,
    import_upload_stash,
    import_upload_take,
    import_uploads_purge,
)
from gealc.measurement.models import Submission

from .test_views import client_for, submission_url
from .test_views_workflow import stored

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
EXPIRED = "The checked file has expired; upload it again."


def _stash(submission: Submission, data: bytes = b"checked") -> tuple[str, str]:
    """Stash a file through the service; returns its token and stored name."""
    token = import_upload_stash(submission=submission, data=data)
    return token, name_of(submission, token)


def name_of(submission: Submission, token: str) -> str:
    taken = import_upload_take(submission=submission, token=token)
    assert taken is not None
    return taken[0]


def date_back(name: str, by: datetime.timedelta) -> None:
    """Make a stashed file look ``by`` older (the file system keeps its modification time)."""
    when = (timezone.now() - by).timestamp()
    os.utime(default_storage.path(name), (when, when))


def _submission_dirs() -> list[str]:
    return default_storage.listdir(IMPORT_UPLOADS_DIR)[0]


class _SignedLongAgo(signing.TimestampSigner):
    """Signs as if it were just over the token's validity ago."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - IMPORT_MAX_AGE - 1)


class ListsVanishedEntries(FileSystemStorage):
    """Lists a directory and a file that are gone by the time they are read, as when a
    confirmation or another purge deletes them between the listing and the reading."""

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        directories, files = super().listdir(path)
        return [*directories, "999999"], [*files, "vanished.upload"]


# --- stash, take, discard ---------------------------------------------------------------


def test_a_stashed_file_is_taken_back_with_its_token(submission_ury: Submission) -> None:
    token = import_upload_stash(submission=submission_ury, data=b"a,b\n1,2\n")

    taken = import_upload_take(submission=submission_ury, token=token)

    assert taken is not None
    name, data = taken
    assert data == b"a,b\n1,2\n"
    assert name.startswith(f"{IMPORT_UPLOADS_DIR}/{submission_ury.pk}/")
    assert import_upload_take(submission=submission_ury, token=token) == taken  # still there


def test_a_token_for_another_submission_bad_or_expired_takes_nothing(
    submission_ury: Submission, submission_bra: Submission
) -> None:
    token, name = _stash(submission_ury)
    expired = _SignedLongAgo(salt=IMPORT_SALT).sign_object(
        {"name": name, "submission": submission_ury.pk}
    )

    assert import_upload_take(submission=submission_bra, token=token) is None
    assert import_upload_take(submission=submission_ury, token=token + "x") is None
    assert import_upload_take(submission=submission_ury, token="") is None
    assert import_upload_take(submission=submission_ury, token=expired) is None
    assert default_storage.exists(name)


def test_discard_deletes_the_file_and_a_second_discard_is_harmless(
    submission_ury: Submission,
) -> None:
    token, name = _stash(submission_ury)

    import_upload_discard(name=name)
    import_upload_discard(name=name)

    assert not default_storage.exists(name)
    assert import_upload_take(submission=submission_ury, token=token) is None


# --- purge ------------------------------------------------------------------------------


def test_purge_deletes_old_files_and_keeps_fresh_ones(
    submission_ury: Submission, submission_bra: Submission
) -> None:
    fresh_token, fresh = _stash(submission_ury, b"fresh")
    old_tokens = []
    for submission in (submission_ury, submission_bra):
        token, name = _stash(submission, b"old")
        date_back(name, 2 * HOUR)
        old_tokens.append((submission, token))

    assert import_uploads_purge() == 2

    assert import_upload_take(submission=submission_ury, token=fresh_token) == (fresh, b"fresh")
    for submission, token in old_tokens:
        assert import_upload_take(submission=submission, token=token) is None
    # Brazil's directory was emptied, so it went too (the file system has directories).
    assert _submission_dirs() == [str(submission_ury.pk)]


def test_purge_waits_for_the_tokens_validity_by_default(submission_ury: Submission) -> None:
    _token, name = _stash(submission_ury)
    stashed_at = default_storage.get_modified_time(name)
    validity = datetime.timedelta(seconds=IMPORT_MAX_AGE)

    assert import_uploads_purge(now=stashed_at + validity - datetime.timedelta(seconds=1)) == 0
    assert default_storage.exists(name)
    assert import_uploads_purge(now=stashed_at + validity + datetime.timedelta(seconds=1)) == 1
    assert not default_storage.exists(name)
    assert _submission_dirs() == []


def test_purge_honours_an_explicit_age(submission_ury: Submission) -> None:
    _token, name = _stash(submission_ury)
    date_back(name, 2 * HOUR)

    assert import_uploads_purge(older_than=3 * HOUR) == 0
    assert import_uploads_purge(older_than=datetime.timedelta(0), now=timezone.now()) == 1
    assert not default_storage.exists(name)


def test_purge_with_nothing_stashed_deletes_nothing() -> None:
    assert import_uploads_purge() == 0


def test_purge_skips_files_and_directories_gone_meanwhile(
    settings: Any, submission_ury: Submission
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ListsVanishedEntries"},
    }
    _token, name = _stash(submission_ury)
    date_back(name, 2 * HOUR)

    assert import_uploads_purge() == 1
    assert not default_storage.exists(name)


def test_purge_works_on_a_storage_without_directories(
    settings: Any, submission_ury: Submission
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    token, _name = _stash(submission_ury)

    assert import_uploads_purge() == 0
    assert import_uploads_purge(now=timezone.now() + 2 * HOUR) == 1
    assert import_upload_take(submission=submission_ury, token=token) is None


# --- the import page --------------------------------------------------------------------


def _check(client: Client, submission: Submission, procedures_total: int) -> Any:
    """Upload a filled template for checking; returns the response (its context has the token)."""
    lines = spreadsheets.submission_template_csv(submission).decode("utf-8-sig").splitlines()
    for index, line in enumerate(lines):
        cells = line.split(",")
        if cells[0] == "procedures_total":
            cells[1], cells[2] = str(procedures_total), "reported"
            lines[index] = ",".join(cells)
    upload = SimpleUploadedFile("filled.csv", "\n".join(lines).encode(), "text/csv")
    checked = client.post(submission_url(submission, "submission_import"), {"file": upload})
    assert checked.status_code == 200, checked.content.decode()
    return checked


def _confirm(client: Client, submission: Submission, checked: Any, token: str = "") -> Any:
    data = {
        "token": token or checked.context["token"],
        "expected_version": checked.context["expected_version"],
    }
    return client.post(submission_url(submission, "submission_import"), data)


def test_confirmation_still_works_after_a_purge_of_other_files(
    member_ury: User,
    submission_ury: Submission,
    submission_bra: Submission,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(member_ury)
    checked = _check(client, submission_ury, 140)
    _token, abandoned = _stash(submission_bra)
    date_back(abandoned, 2 * HOUR)

    assert import_uploads_purge() == 1

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirmed = _confirm(client, submission_ury, checked)
    assert confirmed.status_code == 302
    assert stored(submission_ury, "procedures_total") == 140
    # The file goes only once the values are committed.
    assert default_storage.listdir(f"{IMPORT_UPLOADS_DIR}/{submission_ury.pk}")[1]
    for callback in callbacks:
        callback()
    assert default_storage.listdir(f"{IMPORT_UPLOADS_DIR}/{submission_ury.pk}") == ([], [])


def test_confirming_a_purged_file_says_it_expired_and_saves_nothing(
    member_ury: User, submission_ury: Submission
) -> None:
    client = client_for(member_ury)
    checked = _check(client, submission_ury, 140)

    assert import_uploads_purge(now=timezone.now() + 2 * HOUR) == 1

    response = _confirm(client, submission_ury, checked)
    assert response.status_code == 400
    assert EXPIRED in response.content.decode()
    assert submission_ury.values.count() == 0


def test_confirming_with_an_expired_or_bad_token_says_it_expired(
    member_ury: User, submission_ury: Submission
) -> None:
    client = client_for(member_ury)
    checked = _check(client, submission_ury, 140)
    name = name_of(submission_ury, checked.context["token"])
    expired = _SignedLongAgo(salt=IMPORT_SALT).sign_object(
        {"name": name, "submission": submission_ury.pk}
    )

    for token in (expired, "not-a-token"):
        response = _confirm(client, submission_ury, checked, token=token)
        assert response.status_code == 400
        assert EXPIRED in response.content.decode()
    assert submission_ury.values.count() == 0


def test_a_file_that_changes_nothing_is_not_kept(
    member_ury: User, submission_ury: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(member_ury)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            _confirm(client, submission_ury, _check(client, submission_ury, 140)).status_code == 302
        )
    again = _check(client, submission_ury, 140)
    assert not again.context["report"].changes
    assert "token" not in again.context
    assert default_storage.listdir(f"{IMPORT_UPLOADS_DIR}/{submission_ury.pk}") == ([], [])
