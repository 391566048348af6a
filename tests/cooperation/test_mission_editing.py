"""Changing a mission after it was arranged: the secretariat changes its people, dates, agenda,
costs and budget line; dates in the wrong order and a fund share the fund's balance cannot
cover get a field message and change nothing (the fund's one rule, ``fund_approve``, decides);
a change based on an older version is refused instead of overwriting."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Expert, FundBudget, FundEntry, Mission, Request, State
from tests.cooperation.conftest import roles_allowed
from tests.cooperation.test_views import client_for, url

pytestmark = pytest.mark.django_db

ROLES = ("public", "stakeholder", "member_own", "member_other", "reviewer", "secretariat")
MISSION = {
    "from_institution": "Agencia de Brasil",
    "to_institution": "Agesic",
    "start": datetime.date(2026, 3, 10),
    "end": datetime.date(2026, 3, 12),
    "agenda": "Arquitectura.",
    "currency": "USD",
    "travel_cost": Decimal(800),
    "per_diem": Decimal(400),
    "fund_share": Decimal(1500),
    "co_financing": Decimal(0),
}


@pytest.fixture
def expert_bra(secretariat: User, member_bra: User) -> Expert:
    return cooperation.expert_add(actor=secretariat, person=member_bra.person)


@pytest.fixture
def mission(
    request_draft: Request,
    advance: Callable[[Request, str], Request],
    secretariat: User,
    expert_bra: Expert,
    budget_2026: FundBudget,
) -> Mission:
    """A planned request of Uruguay with 2 000 USD committed from the 10 000 USD of 2026, and
    a mission whose 1 500 USD fund share that commitment covers."""
    advance(request_draft, State.PLANNED)
    cooperation.fund_approve(
        actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal(2000)
    )
    return cooperation.mission_create(
        actor=secretariat,
        request=request_draft,
        expert=expert_bra,
        data=MISSION,
        budget_line=budget_2026,
    )


def change(
    actor: Any, mission: Mission, version: int = 1, expert: Expert | None = None, **data: Any
) -> Mission:
    budget_line = data.pop("budget_line", mission.budget_line)
    return cooperation.mission_update(
        actor=actor,
        mission=mission,
        expected_version=version,
        expert=expert or mission.expert,
        budget_line=budget_line,
        data=MISSION | data,
    )


def _commitments(request: Request) -> list[Decimal]:
    entries = request.fund_entries.filter(kind=FundEntry.Kind.COMMITMENT)
    return list(entries.values_list("amount", flat=True))


def test_the_secretariat_changes_a_mission_and_the_fund_commits_the_share_beyond(
    mission: Mission, secretariat: User, member_ury: User
) -> None:
    assert _commitments(mission.request) == [Decimal(2000)]  # 1 500 was covered: no new one
    other = cooperation.expert_add(actor=secretariat, person=member_ury.person)
    changed = change(
        secretariat,
        mission,
        expert=other,
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 4, 3),
        agenda="Gobernanza.",
        travel_cost=Decimal(900),
        fund_share=Decimal(2600),
        co_financing=Decimal(100),
    )
    assert (changed.expert, changed.start, changed.end) == (
        other,
        datetime.date(2026, 4, 1),
        datetime.date(2026, 4, 3),
    )
    assert (changed.agenda, changed.travel_cost, changed.version) == ("Gobernanza.", 900, 2)
    # 2 600 - 2 000 already committed: 600 more from the fund, recorded by the secretariat.
    assert _commitments(mission.request) == [Decimal(2000), Decimal(600)]
    assert mission.request.fund_entries.last().recorded_by == secretariat
    assert changed.history.first().history_user == secretariat
    assert changed.history.count() == 2


def test_dates_in_the_wrong_order_change_nothing(
    mission: Mission, secretariat: User, english: None
) -> None:
    with pytest.raises(ValidationError) as error:
        change(
            secretariat,
            mission,
            start=datetime.date(2026, 3, 12),
            end=datetime.date(2026, 3, 10),
            fund_share=Decimal(3000),
        )
    assert error.value.message_dict == {"end": ["The end date cannot be before the start date."]}
    mission.refresh_from_db()
    assert (mission.end, mission.version) == (datetime.date(2026, 3, 12), 1)
    assert _commitments(mission.request) == [Decimal(2000)]


def test_a_fund_share_beyond_the_balance_changes_nothing(
    mission: Mission, secretariat: User, english: None
) -> None:
    """10 000 budget - 2 000 committed = 8 000 left; 10 001 + 2 000 committed would need
    10 001 more."""
    with pytest.raises(ValidationError) as error:
        change(secretariat, mission, fund_share=Decimal(12001), agenda="Changed.")
    assert error.value.message_dict == {
        "fund_share": [
            "The missions' fund share needs 10,001.00 USD more than the fund committed to this "
            "request.",
            "10,001.00 USD is more than the fund's remaining balance of 8,000.00 USD for 2026.",
        ]
    }
    mission.refresh_from_db()
    assert (mission.fund_share, mission.agenda, mission.version) == (1500, "Arquitectura.", 1)
    assert _commitments(mission.request) == [Decimal(2000)]
    change(secretariat, mission, fund_share=Decimal(10000))  # exactly the balance: allowed
    assert _commitments(mission.request) == [Decimal(2000), Decimal(8000)]


def test_money_that_does_not_fit_the_budget_line_is_refused(
    mission: Mission, secretariat: User, budget_2026: FundBudget, english: None
) -> None:
    with pytest.raises(ValidationError) as currency:
        change(secretariat, mission, currency="EUR")
    assert currency.value.message_dict == {
        "currency": ["The mission's currency must be the budget line's currency."]
    }
    with pytest.raises(ValidationError) as no_line:
        change(secretariat, mission, budget_line=None)
    assert no_line.value.message_dict == {
        "budget_line": ["Choose the budget line that pays the fund share."]
    }
    mission.refresh_from_db()
    assert (mission.currency, mission.budget_line, mission.version) == ("USD", budget_2026, 1)


def test_a_change_based_on_an_older_version_is_refused(
    mission: Mission, secretariat: User, administrator: User, english: None
) -> None:
    change(administrator, mission, agenda="Saved first.")
    with pytest.raises(ValidationError) as error:
        change(secretariat, mission, agenda="Saved second.")  # it had read version 1
    assert error.value.code == "stale"
    assert "This mission was changed by someone else" in error.value.messages[0]
    mission.refresh_from_db()
    assert (mission.agenda, mission.version) == ("Saved first.", 2)


def test_a_mission_is_not_changed_once_carried_out(
    mission: Mission, secretariat: User, member_bra: User, english: None
) -> None:
    assert secretariat.has_perm("cooperation.arrange_mission", mission.request)
    cooperation.request_carry_out(actor=member_bra, request=mission.request)
    mission.request.refresh_from_db()
    assert not secretariat.has_perm("cooperation.arrange_mission", mission.request)
    with pytest.raises(ValidationError, match="only until the exchange is carried out"):
        change(secretariat, mission, agenda="Late.")
    mission.refresh_from_db()
    assert mission.agenda == "Arquitectura."


def test_who_may_change_a_mission(mission: Mission, users_by_role: dict[str, Any]) -> None:
    """Uruguay asked (``member_own``), Brazil provides (``member_other``): only the secretariat
    arranges and changes missions."""
    allowed = roles_allowed(
        users_by_role,
        ROLES,
        lambda user, role: change(user, mission, version=mission.version, agenda=role),
    )
    assert allowed == {"secretariat"}
    mission.refresh_from_db()
    assert (mission.agenda, mission.version) == ("secretariat", 2)


# The page ---------------------------------------------------------------------------------


def _fields(mission: Mission, **changes: object) -> dict[str, object]:
    return {
        "expert": mission.expert_id,
        "from_institution": "Agencia de Brasil",
        "to_institution": "Agesic, Montevideo",
        "start": "2026-03-10",
        "end": "2026-03-13",
        "agenda": "Arquitectura y gobernanza.",
        "currency": "USD",
        "travel_cost": "800",
        "per_diem": "500",
        "fund_share": "1500",
        "co_financing": "0",
        "budget_line": mission.budget_line_id,
        "expected_version": "1",
    } | changes


def test_the_secretariat_changes_a_mission_from_its_page(
    mission: Mission, secretariat: User, member_ury: User
) -> None:
    client = client_for(secretariat)
    detail = url("cooperation_request_detail", mission.request_id)
    address = url("cooperation_mission_edit", mission.pk)
    assert address in client.get(detail).content.decode()
    assert address not in client_for(member_ury).get(detail).content.decode()
    assert client.get(address).status_code == 200
    response = client.post(address, _fields(mission))
    assert response.status_code == 302
    assert response["Location"] == detail
    mission.refresh_from_db()
    assert (mission.to_institution, mission.end, mission.per_diem) == (
        "Agesic, Montevideo",
        datetime.date(2026, 3, 13),
        500,
    )


def test_the_page_refuses_the_countries_and_the_public(
    mission: Mission, member_ury: User, member_bra: User
) -> None:
    address = url("cooperation_mission_edit", mission.pk)
    for user in (member_ury, member_bra):  # the requester and the provider
        assert client_for(user).get(address).status_code == 403
        assert client_for(user).post(address, _fields(mission)).status_code == 403
    assert Client().post(address, _fields(mission)).status_code == 302  # to the sign-in
    mission.refresh_from_db()
    assert mission.version == 1


def test_the_page_shows_bad_dates_an_over_budget_share_and_a_conflict(
    mission: Mission, secretariat: User, administrator: User
) -> None:
    client = client_for(secretariat)
    address = url("cooperation_mission_edit", mission.pk)
    backwards = client.post(address, _fields(mission, end="2026-03-01"))
    assert backwards.status_code == 400
    assert "The end date cannot be before the start date." in backwards.content.decode()
    over = client.post(address, _fields(mission, fund_share="12001"))
    assert over.status_code == 400
    assert "more than the fund&#x27;s remaining balance of 8,000.00 USD" in over.content.decode()
    change(administrator, mission, agenda="Saved meanwhile.")
    stale = client.post(address, _fields(mission))
    assert stale.status_code == 400
    assert "This mission was changed by someone else" in stale.content.decode()
    assert 'name="expected_version" value="2"' in stale.content.decode()
    mission.refresh_from_db()
    assert (mission.agenda, mission.version) == ("Saved meanwhile.", 2)
    assert _commitments(mission.request) == [Decimal(2000)]
