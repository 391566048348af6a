"""Two people saving the same submission: one wins, the other is told, nothing is lost.

The sequential tests run on every database; the threaded ones need real concurrent
connections (PostgreSQL): both threads read the same lock version, then save at once. Saves
of one value (with or without the version of the value its author saw) never both win; saves
of different values that give their versions both do.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from gealc.measurement import services
from gealc.measurement.models import Submission


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
    assert submission_ury.values.get().value == first[0].value
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


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins(
    submission_ury: Submission, member_ury: User, administrator: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    opened = submission_ury.lock_version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(actor: User, value: str) -> None:
        try:
            submission = Submission.objects.get(pk=submission_ury.pk)
            barrier.wait(timeout=10)
            services.values_save_many(
                actor=actor,
                submission=submission,
                rows=[{"variable_code": "procedures_total", "value": value}],
                expected_version=opened,
            )
            outcomes[value] = "saved"
        except services.ConflictError:
            outcomes[value] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(member_ury, "111")),
        threading.Thread(target=save, args=(administrator, "222")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(value for value, outcome in outcomes.items() if outcome == "saved")
    stored = Submission.objects.get(pk=submission_ury.pk)
    assert stored.lock_version == opened + 1
    assert str(int(stored.values.get().value)) == winner


def _at_once(
    submission: Submission, opened: int, saves: list[tuple[User, services.ValueRow]]
) -> list[str]:
    """Run the saves in threads that read the submission, wait for each other, then save;
    return "saved" or "conflict" per save."""
    barrier = threading.Barrier(len(saves))
    outcomes = ["" for _save in saves]

    def save(number: int, actor: User, row: services.ValueRow) -> None:
        try:
            read = Submission.objects.get(pk=submission.pk)
            barrier.wait(timeout=10)
            services.values_save_many(
                actor=actor, submission=read, rows=[row], expected_version=opened
            )
            outcomes[number] = "saved"
        except services.ConflictError:
            outcomes[number] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(number, actor, row))
        for number, (actor, row) in enumerate(saves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_value_with_its_version_one_wins(
    submission_ury: Submission, member_ury: User, administrator: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
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
    submission_ury: Submission, member_ury: User, administrator: User
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
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
