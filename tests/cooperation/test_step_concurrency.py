"""Two people of the secretariat taking a step of the same request at the same moment: one
accepts it while the other returns it to its country. Each runs in its own thread with its own
database connection; the request row's lock makes the second wait for the first and then find
the step taken, so exactly one wins and the history records one move out of "submitted".

Only PostgreSQL has row locks (SQLite serialises every write, so there is no race to test)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Request, State, Transition

from ..concurrency import Action, at_once

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; SQLite runs one write at a time",
)


def test_accept_and_return_at_once_leave_one_winner(
    transactional_db: None,
    request_draft: Request,
    advance: Callable[[Request, str], Request],
    secretariat: User,
) -> None:
    advance(request_draft, State.SUBMITTED)
    steps = {
        "accepted": lambda request: cooperation.request_accept(actor=secretariat, request=request),
        "returned": lambda request: cooperation.request_return(
            actor=secretariat, request=request, reason="Name the systems to connect."
        ),
    }

    def taking(name: str) -> Callable[[], Action]:
        def read() -> Action:
            request = Request.objects.get(pk=request_draft.pk)  # each its own copy
            return lambda: steps[name](request)

        return read

    outcomes = dict(zip(steps, at_once([taking(name) for name in steps]), strict=True))

    assert sorted(map(str, outcomes.values())) == ["done", "refused"]
    winner = next(name for name, outcome in outcomes.items() if outcome.done)
    request_draft.refresh_from_db()
    assert request_draft.state == winner
    moves = Transition.objects.filter(request=request_draft, from_state=State.SUBMITTED)
    assert list(moves.values_list("to_state", flat=True)) == [winner]
