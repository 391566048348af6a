"""Two people of the secretariat closing the same commitment at the same moment, both carrying
it over into next year's plan. Each runs in its own thread with its own database connection;
the commitment row's lock makes the second wait for the first and then find it closed, so
next year's plan gets one copy, not two.

Only PostgreSQL has row locks (SQLite serialises every write, so there is no race to test)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection

from gealc.groups import services
from gealc.groups.models import Commitment, WorkPlan

from ..concurrency import Action, at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; SQLite runs one write at a time",
)


def test_two_carry_overs_at_once_leave_one_copy(
    transactional_db: None, commitment_ury: Commitment, plan_2026: WorkPlan, secretariat: User
) -> None:
    def carry_over() -> Action:
        commitment = Commitment.objects.get(pk=commitment_ury.pk)  # each its own copy
        next_plan = WorkPlan.objects.get(pk=plan_2026.pk)
        return lambda: services.commitment_close(
            actor=secretariat, commitment=commitment, outcome="carried_over", next_plan=next_plan
        )

    outcomes = at_once([carry_over, carry_over])

    assert sorted(map(str, outcomes)) == ["done", "refused"]
    assert Commitment.objects.filter(carried_from=commitment_ury).count() == 1
