"""``gealc manage import_uploads_purge``."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from gealc.measurement.import_uploads import import_upload_stash
from gealc.measurement.models import Submission

from .test_import_uploads import date_back, name_of

pytestmark = pytest.mark.django_db


def _stash_aged(submission: Submission, age: datetime.timedelta) -> str:
    name = name_of(submission, import_upload_stash(submission=submission, data=b"checked"))
    date_back(name, age)
    return name


def _purge(*args: str) -> str:
    out = io.StringIO()
    call_command("import_uploads_purge", *args, stdout=out)
    return out.getvalue()


def test_the_command_deletes_unconfirmable_files_and_says_how_many(
    submission_ury: Submission, submission_bra: Submission
) -> None:
    old = [_stash_aged(s, datetime.timedelta(hours=2)) for s in (submission_ury, submission_bra)]
    fresh = _stash_aged(submission_ury, datetime.timedelta(minutes=5))

    assert _purge() == "2 unconfirmed import file(s) deleted.\n"

    assert not any(default_storage.exists(name) for name in old)
    assert default_storage.exists(fresh)
    assert _purge() == "0 unconfirmed import file(s) deleted.\n"


def test_the_command_takes_an_age_in_seconds(submission_ury: Submission) -> None:
    name = _stash_aged(submission_ury, datetime.timedelta(minutes=5))

    assert _purge("--older-than", "600") == "0 unconfirmed import file(s) deleted.\n"
    assert _purge("--older-than", "60") == "1 unconfirmed import file(s) deleted.\n"
    assert not default_storage.exists(name)


@pytest.mark.parametrize("age", ["-1", "an hour", "1.5"])
def test_the_command_refuses_a_bad_age_and_deletes_nothing(
    age: str, submission_ury: Submission
) -> None:
    name = _stash_aged(submission_ury, datetime.timedelta(hours=2))

    with pytest.raises(CommandError, match="whole number of seconds"):
        _purge("--older-than", age)

    assert default_storage.exists(name)
