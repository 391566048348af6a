"""Two people saving the same submission: one wins, the other is told, nothing is lost.

The sequential test runs on every database; the threaded one needs real concurrent
connections (PostgreSQL): both threads read the same lock version, then save at once.
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
