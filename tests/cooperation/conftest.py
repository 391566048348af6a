"""Cooperation fixtures, built through the real services; reuse them in any cooperation test.

The network and knowledge fixtures are available too (``uruguay``, ``brazil``, ``chile``,
``secretariat``, ``member_ury`` — delegate of Uruguay, ``member_bra`` — focal point of
Brazil, ``users_by_role``, ``practice_published`` — a practice of Uruguay …).

``line_interop`` — the seeded "interoperability" working line.
``request_draft`` — Uruguay's draft request "Interoperability platform (test)", filed by
    ``member_ury``, an expert mission, preferred in 2026-03-01 to 2026-04-30, in Spanish.
``advance(request, state)`` — moves a request along the workflow up to ``state`` through
    the services (Brazil is the provider; the secretariat, Brazil's focal point and
    Uruguay's delegate act in turn).
``budget_2026`` — the fund's 2026 budget of 10 000 USD.
``roles_allowed(users_by_role, roles, act)`` — the roles whose ``act(user, role)`` is not
    refused with ``PermissionDenied`` (a permission matrix's row).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import WORKFLOW, FundBudget, Request, State
from gealc.groups.models import WorkingLine
from gealc.network.models import Country
from tests.knowledge.conftest import *  # noqa: F403  (network fixtures and practices)


@pytest.fixture
def line_interop(db: None) -> WorkingLine:
    return WorkingLine.objects.get(slug="interoperability")


def file_request(
    actor: User, country: Country, line: WorkingLine, title: str = "Interoperability platform"
) -> Request:
    return cooperation.request_create(
        actor=actor,
        country=country,
        working_line=line,
        data={
            "title_es": f"{title} (test)",
            "title_en": f"{title} (test)",
            "need_es": "Queremos conocer cómo otros países conectan sus registros.",
            "modality": "expert_mission",
            "preferred_start": datetime.date(2026, 3, 1),
            "preferred_end": datetime.date(2026, 4, 30),
            "languages": ["es"],
        },
    )


def roles_allowed(
    users_by_role: dict[str, Any], roles: Iterable[str], act: Callable[[Any, str], object]
) -> set[str]:
    allowed = set()
    for role in roles:
        try:
            act(users_by_role[role], role)
        except PermissionDenied:
            continue
        allowed.add(role)
    return allowed


@pytest.fixture
def request_draft(member_ury: User, uruguay: Country, line_interop: WorkingLine) -> Request:
    return file_request(member_ury, uruguay, line_interop)


@pytest.fixture
def advance(
    secretariat: User, member_ury: User, member_bra: User, brazil: Country
) -> Callable[[Request, str], Request]:
    steps = {
        State.SUBMITTED: lambda r: cooperation.request_submit(actor=member_ury, request=r),
        State.ACCEPTED: lambda r: cooperation.request_accept(actor=secretariat, request=r),
        State.MATCHED: lambda r: cooperation.request_match(
            actor=secretariat, request=r, provider=brazil
        ),
        State.PLANNED: lambda r: cooperation.request_plan(
            actor=secretariat,
            request=r,
            start=datetime.date(2026, 3, 10),
            end=datetime.date(2026, 3, 12),
            agenda="Día 1: arquitectura. Día 2: gobernanza.",
        ),
        State.CARRIED_OUT: lambda r: cooperation.request_carry_out(actor=member_bra, request=r),
        State.REPORTED: lambda r: cooperation.request_report(
            actor=member_bra, request=r, report="Se compartió la arquitectura."
        ),
        State.EVALUATED: lambda r: cooperation.evaluation_answer(
            actor=member_ury,
            request=r,
            data={"goals_met": 5, "knowledge_gained": 4, "satisfaction": 5},
        ),
        State.CLOSED: lambda r: cooperation.request_close(actor=secretariat, request=r),
    }

    def move(request: Request, state: str) -> Request:
        for step in WORKFLOW[WORKFLOW.index(request.state) + 1 : WORKFLOW.index(state) + 1]:
            steps[step](request)
        request.refresh_from_db()
        return request

    return move


@pytest.fixture
def budget_2026(secretariat: User) -> FundBudget:
    return cooperation.fund_budget_set(
        actor=secretariat, year=2026, currency="usd", amount=Decimal("10000")
    )
