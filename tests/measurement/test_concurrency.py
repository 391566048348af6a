"""Two people saving the same submission: one wins, the other is told, nothing is lost.

The sequential tests run on every database; the threaded ones need real concurrent
connections: on PostgreSQL the test database itself, on SQLite a copy of the in-memory test
database in a file, opened with the site's own connection options (the in-memory one has
table locks that behave unlike a real SQLite file). All threads read the same lock version,
then save at once. Saves of one value (with or without the version of the value its author
saw) never both win; saves of different values that give their versions both do; and no save
ever fails with "database is locked" (SQLite must queue writers, never answer 500).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from gealc.measurement import services
from gealc.measurement.models import Submission

from ..concurrency import Action, at_once
from .test_api import client_for as api_client_for
from .test_api import url as api_url
from .test_value_locking import _entry_form
from .test_views import client_for as view_client_for
from .test_views import submission_url


@pytest.mark.django_db
def test_second_save_with_the_same_version_conflicts(
    submission_ury: Submission, member_ury: User, administrator: User
) -> None:
    opened = submission_ury.lock_version
    first = services.values_save_many(
        actor=member_ury,
        submission=submission_ury,
        rows=[{"variable_code": "procedures_total", "value": "120"}],
        expected_version=opened,
    )
    with pytest.raises(services.ConflictError) as error:
        services.values_save_many(
            actor=administrator,
            submission=Submission.objects.get(pk=submission_ury.pk),
            rows=[{"variable_code": "procedures_total", "value": "90"}],
            expected_version=opened,
        )
    assert "120" in " ".join(error.value.messages)
    assert "90" in " ".join(error.value.messages)
    assert submission_ury.values.get().value == first[0].instance.value
    assert submission_ury.values.get().version == 1


@pytest.mark.django_db
def test_transition_with_stale_version_conflicts(
    submission_ury: Submission, member_ury: User, fill: Any
) -> None:
    fill(submission_ury, actor=member_ury)
    with pytest.raises(services.ConflictError):
        services.submission_submit(actor=member_ury, submission=submission_ury, expected_version=1)
    submission_ury.refresh_from_db()
    assert submission_ury.state == "draft"


@pytest.fixture
def concurrent_database(tmp_path: Path) -> Iterator[None]:
    """Real concurrent connections to the test data; ask for it after the data fixtures.

    On SQLite the in-memory test database is copied into a file and, until the test ends,
    every thread (this one included) connects to that file with the configured OPTIONS
    (transaction mode, busy timeout, WAL); then the in-memory connection is put back.
    """
    if connection.vendor != "sqlite":
        yield
        return
    in_memory = connections["default"]
    in_memory.ensure_connection()
    path = tmp_path / "concurrent.sqlite3"
    copy = sqlite3.connect(path)
    in_memory.connection.backup(copy)
    copy.close()
    original_settings = connections.settings["default"]
    connections.settings["default"] = {**original_settings, "NAME": str(path)}
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = in_memory
        connections.settings["default"] = original_settings


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins(
    submission_ury: Submission, member_ury: User, administrator: User, concurrent_database: None
) -> None:
    opened = submission_ury.lock_version
    saves = [
        (member_ury, {"variable_code": "procedures_total", "value": "111"}),
        (administrator, {"variable_code": "procedures_total", "value": "222"}),
    ]

    outcomes = _at_once(submission_ury, opened, saves)

    assert sorted(outcomes) == ["conflict", "saved"]
    winner = saves[outcomes.index("saved")][1]["value"]
    stored = Submission.objects.get(pk=submission_ury.pk)
    assert stored.lock_version == opened + 1
    assert str(int(stored.values.get().value)) == winner


def _at_once(submission: Submission, opened: int, saves: list[tuple[User, Any]]) -> list[str]:
    """Run the saves (an actor and a row) in threads that read the submission, wait for each
    other, then save; "saved" or "conflict" per save, or the error no save may end in."""

    def saving(actor: User, row: Any) -> Callable[[], Action]:
        def read_then_save() -> Action:
            copy = Submission.objects.get(pk=submission.pk)  # as this author opened it
            return lambda: services.values_save_many(
                actor=actor, submission=copy, rows=[row], expected_version=opened
            )

        return read_then_save

    outcomes = at_once([saving(*save) for save in saves], refusals=(services.ConflictError,))
    named = {"done": "saved", "refused": "conflict"}
    return [named.get(str(outcome), str(outcome)) for outcome in outcomes]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_value_with_its_version_one_wins(
    submission_ury: Submission, member_ury: User, administrator: User, concurrent_database: None
) -> None:
    opened = submission_ury.lock_version
    saves = [
        (member_ury, services.ValueRow("procedures_total", "111", expected_version=None)),
        (administrator, services.ValueRow("procedures_total", "222", expected_version=None)),
    ]

    outcomes = _at_once(submission_ury, opened, saves)

    assert sorted(outcomes) == ["conflict", "saved"]
    winner = saves[outcomes.index("saved")][1].value
    stored = Submission.objects.get(pk=submission_ury.pk)
    assert stored.lock_version == opened + 1
    value = stored.values.get()
    assert (str(int(value.value)), value.version) == (winner, 1)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_different_values_with_their_versions_both_win(
    submission_ury: Submission, member_ury: User, administrator: User, concurrent_database: None
) -> None:
    opened = submission_ury.lock_version
    saves = [
        (member_ury, services.ValueRow("procedures_total", "111", expected_version=None)),
        (administrator, services.ValueRow("satisfaction_score", "22", expected_version=None)),
    ]

    outcomes = _at_once(submission_ury, opened, saves)

    assert outcomes == ["saved", "saved"]
    stored = Submission.objects.get(pk=submission_ury.pk)
    assert stored.lock_version == opened + 2
    assert dict(stored.values.values_list("variable__code", "value")) == {
        "procedures_total": 111,
        "satisfaction_score": 22,
    }


def _statuses_at_once(requests: list[Any]) -> list[int]:
    """Send the requests (callables returning a response) from threads released together; the
    status of each, or the exception's text when the request raised instead of answering."""
    barrier = threading.Barrier(len(requests))
    statuses: list[Any] = [None for _request in requests]

    def send(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            statuses[number] = requests[number]().status_code
        except Exception as error:  # reported in the assertion below
            statuses[number] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(number,)) for number in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_api_patches_give_one_200_and_409s_never_a_500(
    submission_ury: Submission, member_ury: User, fill: Any, concurrent_database: None
) -> None:
    fill(submission_ury)
    opened = Submission.objects.get(pk=submission_ury.pk).lock_version
    value_url = api_url(submission_ury.round, tail="values/procedures_total/")
    clients = [api_client_for(member_ury) for _number in range(20)]
    requests = [
        lambda client=client, number=number: client.patch(
            value_url, {"expected_version": opened, "value": str(200 + number)}, format="json"
        )
        for number, client in enumerate(clients)
    ]

    statuses = _statuses_at_once(requests)

    assert sorted(statuses, key=str) == [200] + [409] * 19, statuses
    stored = Submission.objects.get(pk=submission_ury.pk)
    assert stored.lock_version == opened + 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_through_the_entry_page_are_saved_or_409_never_a_500(
    submission_ury: Submission, member_ury: User, fill: Any, concurrent_database: None
) -> None:
    fill(submission_ury)
    page = submission_url(submission_ury)
    form = _entry_form(view_client_for(member_ury).get(page).content.decode())
    clients = [view_client_for(member_ury) for _number in range(10)]
    requests = [
        lambda client=client, number=number: client.post(
            page, {**form, "v-procedures_total-value": str(300 + number)}
        )
        for number, client in enumerate(clients)
    ]

    statuses = _statuses_at_once(requests)

    assert sorted(statuses, key=str) == [302] + [409] * 9, statuses
    stored = Submission.objects.get(pk=submission_ury.pk)
    assert 300 <= stored.values.get(variable__code="procedures_total").value < 310
