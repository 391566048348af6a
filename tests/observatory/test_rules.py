"""What the run page offers is a rule: who (the secretariat and administrators) and whether the
run's state allows it now. An administrator passes every permission, so a state the
permission leaves out must still keep the action off the page."""

from __future__ import annotations

from typing import Any

import pytest
import rules

from gealc.observatory.models import IndexRun

ACTIONS = ("publish", "correct", "retry", "discard")
RUNS_THE_NETWORK = {"secretariat", "administrator"}
OFFERED_BY_STATUS = {
    "queued": {"discard"},
    "computing": set(),
    "failed": {"retry", "discard"},
    "preview": {"publish", "discard"},
    "published": {"correct"},
    "superseded": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("status", OFFERED_BY_STATUS)
def test_the_run_page_offers_what_the_state_allows(
    users_by_role: dict[str, Any], status: str
) -> None:
    run = IndexRun(status=status)
    for role, user in users_by_role.items():
        offered = {
            action
            for action in ACTIONS
            if rules.test_rule(f"observatory.{action}_indexrun_now", user, run)
        }
        expected = OFFERED_BY_STATUS[status] if role in RUNS_THE_NETWORK else set()
        assert offered == expected, role
