"""Two approvals of the cooperation fund at the same moment never overspend it: each runs in
its own thread with its own database connection, both read the balance at once, and the
budget row's lock makes the second wait for the first and then see what is left.

Only PostgreSQL has row locks (SQLite serialises every write, so there is no race to test)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import FundBudget, FundEntry, Request, State

from ..concurrency import Action, at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; SQLite runs one write at a time",
)

Advance = Callable[[Request, str], Request]


def test_two_approvals_at_once_never_overspend(
    transactional_db: None,
    request_draft: Request,
    advance: Advance,
    secretariat: User,
    budget_2026: FundBudget,
) -> None:
    advance(request_draft, State.ACCEPTED)

    def approve() -> Action:
        return lambda: cooperation.fund_approve(
            actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("7000")
        )

    outcomes = at_once([approve, approve])

    assert sorted(map(str, outcomes)) == ["done", "refused"]
    committed = FundEntry.objects.filter(budget=budget_2026, kind=FundEntry.Kind.COMMITMENT)
    assert [entry.amount for entry in committed] == [Decimal("7000.00")]
