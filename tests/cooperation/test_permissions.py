"""The permission matrix: roles by actions on a request of Uruguay (the own country of
``member_own``; Brazil, ``member_other``'s country, is its provider once matched). Each
action is tried by every role through the service on a fresh request at the right state: a
refusal is ``PermissionDenied`` and changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import FundBudget, Request, State
from gealc.groups.models import WorkingLine
from gealc.network.models import Country
from tests.cooperation.conftest import file_request

ROLES = (
    "public",
    "stakeholder",
    "member_own",
    "member_other",
    "reviewer",
    "secretariat",
    "administrator",
)
RUNS = {"secretariat", "administrator"}
OWN = {"member_own", "administrator"}  # Django gives a superuser every permission
PROVIDER = {"member_other", "administrator"}

Act = Callable[[Any, Request, dict[str, Any]], Any]
# action: (state the request must be in, the call, roles allowed)
MATRIX: dict[str, tuple[str, Act, set[str]]] = {
    "submit": (State.DRAFT, lambda u, r, f: cooperation.request_submit(actor=u, request=r), OWN),
    "change": (
        State.DRAFT,
        lambda u, r, f: cooperation.request_update(
            actor=u, request=r, expected_version=1, working_line=r.working_line, data={}
        ),
        OWN | RUNS,
    ),
    "withdraw": (
        State.SUBMITTED,
        lambda u, r, f: cooperation.request_withdraw(actor=u, request=r, reason="No."),
        OWN,
    ),
    "accept": (
        State.SUBMITTED,
        lambda u, r, f: cooperation.request_accept(actor=u, request=r),
        RUNS,
    ),
    "return": (
        State.SUBMITTED,
        lambda u, r, f: cooperation.request_return(actor=u, request=r, reason="Why?"),
        RUNS,
    ),
    "decline": (
        State.ACCEPTED,
        lambda u, r, f: cooperation.request_decline(actor=u, request=r, reason="No."),
        RUNS,
    ),
    "match": (
        State.ACCEPTED,
        lambda u, r, f: cooperation.request_match(actor=u, request=r, provider=f["brazil"]),
        RUNS,
    ),
    "plan": (
        State.MATCHED,
        lambda u, r, f: cooperation.request_plan(
            actor=u,
            request=r,
            start=datetime.date(2026, 3, 1),
            end=datetime.date(2026, 3, 2),
            agenda="",
        ),
        RUNS,
    ),
    "approve fund": (
        State.ACCEPTED,
        lambda u, r, f: cooperation.fund_approve(
            actor=u, request=r, budget=f["budget_2026"], amount=Decimal(10)
        ),
        RUNS,
    ),
    "carry out": (
        State.PLANNED,
        lambda u, r, f: cooperation.request_carry_out(actor=u, request=r),
        RUNS | PROVIDER,
    ),
    "report": (
        State.CARRIED_OUT,
        lambda u, r, f: cooperation.request_report(actor=u, request=r, report="Done."),
        PROVIDER,
    ),
    "answer survey": (
        State.REPORTED,
        lambda u, r, f: cooperation.evaluation_answer(actor=u, request=r, data={}),
        OWN | PROVIDER,
    ),
    "close": (
        State.EVALUATED,
        lambda u, r, f: cooperation.request_close(actor=u, request=r),
        RUNS,
    ),
}


@pytest.mark.parametrize("action", list(MATRIX))
def test_who_may_act(
    action: str,
    users_by_role: dict[str, Any],
    uruguay: Country,
    brazil: Country,
    line_interop: WorkingLine,
    advance: Callable[[Request, str], Request],
    budget_2026: FundBudget,
) -> None:
    state, act, allowed = MATRIX[action]
    fixtures = {"brazil": brazil, "budget_2026": budget_2026}
    outcome = {}
    for role in ROLES:
        request = advance(file_request(users_by_role["member_own"], uruguay, line_interop), state)
        try:
            act(users_by_role[role], request, fixtures)
        except PermissionDenied:
            request.refresh_from_db()
            assert request.state == state, (action, role)
            outcome[role] = False
        else:
            outcome[role] = True
    assert {role for role, done in outcome.items() if done} == allowed


@pytest.mark.parametrize(
    ("state", "readers"),
    [
        (State.DRAFT, {"member_own", "secretariat", "administrator"}),
        (
            State.SUBMITTED,
            {"member_own", "member_other", "reviewer", "secretariat", "administrator"},
        ),
        (State.ACCEPTED, set(ROLES)),
    ],
)
def test_who_may_read(
    state: str,
    readers: set[str],
    users_by_role: dict[str, Any],
    request_draft: Request,
    advance: Callable[[Request, str], Request],
) -> None:
    advance(request_draft, state)
    may_read = {
        role
        for role in ROLES
        if users_by_role[role].has_perm("cooperation.view_request", request_draft)
    }
    assert may_read == readers


def test_filing_for_another_country_is_refused(
    users_by_role: dict[str, Any], brazil: Country, line_interop: WorkingLine
) -> None:
    with pytest.raises(PermissionDenied):
        file_request(users_by_role["member_own"], brazil, line_interop)
    assert not Request.objects.exists()
