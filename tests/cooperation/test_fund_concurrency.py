"""Two approvals of the cooperation fund at the same moment never overspend it: each runs in
its own thread with its own database connection, both read the balance at once, and the
budget row's lock makes the second wait for the first and then see what is left.

Only PostgreSQL has row locks (SQLite serialises every write, so there is no race to test)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import FundBudget, FundEntry, Request, State

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
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def approve() -> None:
        try:
            start.wait(timeout=30)
            cooperation.fund_approve(
                actor=secretariat,
                request=request_draft,
                budget=budget_2026,
                amount=Decimal("7000"),
            )
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["approved", "refused"]
    committed = FundEntry.objects.filter(budget=budget_2026, kind=FundEntry.Kind.COMMITMENT)
    assert [entry.amount for entry in committed] == [Decimal("7000.00")]
