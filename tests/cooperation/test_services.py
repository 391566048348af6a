"""The cooperation workflow through its services: every step is a dated, attributed
transition, reasons are required where due, and bad input changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gealc.cooperation import services as cooperation
from gealc.cooperation.models import Evaluation, FundBudget, FundEntry, Request, State
from gealc.groups.models import WorkingLine
from gealc.network.models import Country
from gealc.notifications.models import Notification
from tests.cooperation.conftest import file_request

pytestmark = pytest.mark.usefixtures("english")

Advance = Callable[[Request, str], Request]


def test_the_whole_workflow_is_recorded(request_draft: Request, advance: Advance) -> None:
    request = advance(request_draft, State.CLOSED)
    moves = list(request.transitions.values_list("from_state", "to_state"))
    assert moves == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "matched"),
        ("matched", "planned"),
        ("planned", "carried_out"),
        ("carried_out", "reported"),
        ("reported", "evaluated"),
        ("evaluated", "closed"),
    ]
    actors = [t.actor.username for t in request.transitions.all()]
    assert actors[:3] == ["member_ury", "member_ury", "secretariat"]
    assert actors[5:7] == ["member_bra", "member_bra"]
    assert request.provider_country.iso3 == "BRA"
    assert request.history.count() >= 8


def test_returning_needs_a_reason_and_the_country_resubmits(
    request_draft: Request, advance: Advance, secretariat: User, member_ury: User
) -> None:
    advance(request_draft, State.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        cooperation.request_return(actor=secretariat, request=request_draft, reason="  ")
    assert "Give a reason." in str(error.value)
    request_draft.refresh_from_db()
    assert request_draft.state == State.SUBMITTED
    cooperation.request_return(
        actor=secretariat, request=request_draft, reason="Say which registry."
    )
    cooperation.request_submit(actor=member_ury, request=request_draft)
    last = request_draft.transitions.filter(to_state="returned").get()
    assert last.reason == "Say which registry."
    assert request_draft.state == State.SUBMITTED


@pytest.mark.parametrize("state", [State.DRAFT, State.ACCEPTED, State.PLANNED])
def test_the_country_withdraws_an_open_request_with_a_reason(
    request_draft: Request, advance: Advance, member_ury: User, state: str
) -> None:
    advance(request_draft, state)
    with pytest.raises(ValidationError):
        cooperation.request_withdraw(actor=member_ury, request=request_draft, reason="")
    cooperation.request_withdraw(actor=member_ury, request=request_draft, reason="Solved at home.")
    assert request_draft.state == State.WITHDRAWN
    assert request_draft.transitions.last().reason == "Solved at home."


def test_a_carried_out_request_can_no_longer_be_withdrawn_or_declined(
    request_draft: Request, advance: Advance, member_ury: User, secretariat: User
) -> None:
    advance(request_draft, State.CARRIED_OUT)
    with pytest.raises(ValidationError, match="cannot become Withdrawn"):
        cooperation.request_withdraw(actor=member_ury, request=request_draft, reason="Late.")
    with pytest.raises(ValidationError, match="cannot become Declined"):
        cooperation.request_decline(actor=secretariat, request=request_draft, reason="Late.")


def test_the_secretariat_declines_with_a_reason(
    request_draft: Request, advance: Advance, secretariat: User
) -> None:
    advance(request_draft, State.MATCHED)
    cooperation.request_decline(actor=secretariat, request=request_draft, reason="No provider.")
    assert request_draft.state == State.DECLINED


def test_a_request_naming_its_own_country_as_partner_is_refused(
    member_ury: User, uruguay: Country, brazil: Country, line_interop: WorkingLine
) -> None:
    with pytest.raises(ValidationError) as error:
        cooperation.request_create(
            actor=member_ury,
            country=uruguay,
            working_line=line_interop,
            data={"title_en": "Own partner", "need_en": "x", "modality": "workshop"},
            partners=[brazil, uruguay],
        )
    assert error.value.message_dict == {
        "preferred_partners": ["A request cannot name its own country as a partner."]
    }
    assert not Request.objects.exists()


def test_preferred_dates_in_the_wrong_order_are_refused(
    member_ury: User, uruguay: Country, line_interop: WorkingLine
) -> None:
    with pytest.raises(ValidationError) as error:
        cooperation.request_create(
            actor=member_ury,
            country=uruguay,
            working_line=line_interop,
            data={
                "title_en": "Backwards",
                "need_en": "x",
                "modality": "workshop",
                "preferred_start": datetime.date(2026, 5, 1),
                "preferred_end": datetime.date(2026, 4, 1),
            },
        )
    assert "The preferred end cannot be before the preferred start." in str(error.value)
    assert not Request.objects.exists()


def test_planned_dates_in_the_wrong_order_are_refused(
    request_draft: Request, advance: Advance, secretariat: User
) -> None:
    advance(request_draft, State.MATCHED)
    with pytest.raises(ValidationError) as error:
        cooperation.request_plan(
            actor=secretariat,
            request=request_draft,
            start=datetime.date(2026, 3, 12),
            end=datetime.date(2026, 3, 10),
            agenda="",
        )
    assert error.value.message_dict == {
        "planned_end": ["The planned end cannot be before the start."]
    }
    request_draft.refresh_from_db()
    assert request_draft.state == State.MATCHED
    assert request_draft.planned_start is None


def test_the_provider_cannot_be_the_requester(
    request_draft: Request, advance: Advance, secretariat: User, uruguay: Country
) -> None:
    advance(request_draft, State.ACCEPTED)
    with pytest.raises(ValidationError, match="another country"):
        cooperation.request_match(actor=secretariat, request=request_draft, provider=uruguay)
    request_draft.refresh_from_db()
    assert request_draft.state == State.ACCEPTED


def test_a_survey_answered_twice_is_refused(
    request_draft: Request, advance: Advance, member_ury: User, member_bra: User
) -> None:
    advance(request_draft, State.EVALUATED)
    with pytest.raises(ValidationError, match="already answered"):
        cooperation.evaluation_answer(
            actor=member_ury, request=request_draft, data={"goals_met": 1}
        )
    provider = cooperation.evaluation_answer(
        actor=member_bra, request=request_draft, data={"satisfaction": 4}
    )
    assert provider.role == Evaluation.Role.PROVIDER
    assert Evaluation.objects.filter(request=request_draft).count() == 2


def test_the_survey_waits_for_the_report(
    request_draft: Request, advance: Advance, member_ury: User
) -> None:
    advance(request_draft, State.CARRIED_OUT)
    with pytest.raises(ValidationError, match="once the provider has reported"):
        cooperation.evaluation_answer(actor=member_ury, request=request_draft, data={})
    assert not Evaluation.objects.exists()


def test_scores_outside_one_to_five_are_refused(
    request_draft: Request, advance: Advance, member_ury: User
) -> None:
    advance(request_draft, State.REPORTED)
    with pytest.raises(ValidationError):
        cooperation.evaluation_answer(
            actor=member_ury, request=request_draft, data={"goals_met": 9}
        )
    request_draft.refresh_from_db()
    assert request_draft.state == State.REPORTED


# The fund -------------------------------------------------------------------------------


def test_an_approval_beyond_the_balance_is_refused(
    request_draft: Request, advance: Advance, secretariat: User, budget_2026: FundBudget
) -> None:
    advance(request_draft, State.ACCEPTED)
    cooperation.fund_approve(
        actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("7000")
    )
    with pytest.raises(ValidationError) as error:
        cooperation.fund_approve(
            actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("3000.01")
        )
    assert error.value.message_dict == {
        "amount": [
            "3,000.01 USD is more than the fund's remaining balance of 3,000.00 USD for 2026."
        ]
    }
    assert FundEntry.objects.count() == 1


def test_spending_stays_within_the_commitment(
    request_draft: Request, advance: Advance, secretariat: User, budget_2026: FundBudget
) -> None:
    advance(request_draft, State.PLANNED)
    cooperation.fund_approve(
        actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("2000")
    )
    cooperation.fund_spend(
        actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("1500")
    )
    with pytest.raises(ValidationError, match=r"than the 500\.00 USD committed"):
        cooperation.fund_spend(
            actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("501")
        )


def test_a_budget_cannot_drop_below_its_commitments(
    request_draft: Request, advance: Advance, secretariat: User, budget_2026: FundBudget
) -> None:
    advance(request_draft, State.ACCEPTED)
    cooperation.fund_approve(
        actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("4000")
    )
    with pytest.raises(ValidationError, match="less than what is already committed"):
        cooperation.fund_budget_set(
            actor=secretariat, year=2026, currency="USD", amount=Decimal("3999")
        )
    budget_2026.refresh_from_db()
    assert budget_2026.amount == Decimal("10000")


def test_the_fund_pays_only_accepted_requests(
    request_draft: Request, secretariat: User, budget_2026: FundBudget
) -> None:
    with pytest.raises(ValidationError, match="only for accepted requests"):
        cooperation.fund_approve(
            actor=secretariat, request=request_draft, budget=budget_2026, amount=Decimal("1")
        )


def test_only_the_secretariat_approves(
    request_draft: Request, advance: Advance, member_ury: User, budget_2026: FundBudget
) -> None:
    advance(request_draft, State.ACCEPTED)
    with pytest.raises(PermissionDenied):
        cooperation.fund_approve(
            actor=member_ury, request=request_draft, budget=budget_2026, amount=Decimal("1")
        )


def test_file_request_helper_builds_a_draft(
    member_bra: User, brazil: Country, line_interop: WorkingLine
) -> None:
    request = file_request(member_bra, brazil, line_interop, "Open data")
    assert request.state == State.DRAFT
    assert request.transitions.get().to_state == State.DRAFT


# Follow-up ------------------------------------------------------------------------------


def test_follow_up_reminders_go_once_six_months_after_the_exchange(
    request_draft: Request,
    advance: Advance,
    secretariat: User,
    member_ury: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    advance(request_draft, State.REPORTED)
    assert cooperation.follow_up_reminders_send() == 0  # carried out today: not yet
    cooperation.request_date_past(
        actor=secretariat,
        request=request_draft,
        filed_at=timezone.now() - datetime.timedelta(days=300),
        step=datetime.timedelta(days=21),
    )  # carried out (the 6th step) 195 days ago
    with django_capture_on_commit_callbacks(execute=True):
        assert cooperation.follow_up_reminders_send() == 1
    # The requester's and the provider's people are asked, in their language (Spanish here).
    reminders = [m for m in mail.outbox if "seis meses" in m.subject]
    assert {address for m in reminders for address in m.to} == {
        "delegate.ury@example.org",
        "focal.bra@example.org",
    }
    assert all(request_draft.title in m.subject for m in reminders)
    assert Notification.objects.filter(kind="cooperation_follow_up").exists()
    assert cooperation.follow_up_reminders_send() == 0  # once per request
    answer = cooperation.evaluation_answer(
        actor=member_ury,
        request=request_draft,
        data={"what_changed": "Connected two registries."},
        kind=Evaluation.Kind.FOLLOW_UP,
    )
    assert answer.role == Evaluation.Role.REQUESTER


def test_state_changes_reach_the_people_concerned(
    member_bra: User,
    member_ury: User,
    secretariat: User,
    brazil: Country,
    line_interop: WorkingLine,
    practice_published: Any,
) -> None:
    """Brazil asks to replicate Uruguay's practice: Uruguay's delegate and the secretariat
    hear of it; Brazil's focal point hears of every step of its request."""
    request = cooperation.request_create(
        actor=member_bra,
        country=brazil,
        working_line=line_interop,
        data={"title_en": "Replicate it", "need_en": "x", "modality": "workshop"},
        practice=practice_published,
        submit=True,
    )
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"member_ury", "member_bra", "secretariat"} <= told
    before = Notification.objects.filter(recipient=member_bra).count()
    cooperation.request_accept(actor=secretariat, request=request)
    assert Notification.objects.filter(recipient=member_bra).count() == before + 1
