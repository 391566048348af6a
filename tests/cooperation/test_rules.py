"""What a request's page offers is a rule per action (``cooperation.<action>_now``: who may,
and from which states), the same tables the services check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import rules
from django.contrib.auth.models import User

from gealc.cooperation import views
from gealc.cooperation.models import Request, State
from gealc.cooperation.rules import REQUEST_ACTIONS

pytestmark = pytest.mark.django_db


def _offered(user: User, request: Request) -> list[str]:
    return [
        name for name in views.ACTIONS if rules.test_rule(f"cooperation.{name}_now", user, request)
    ]


def test_every_action_of_the_page_has_its_rule() -> None:
    assert list(views.ACTIONS) == list(REQUEST_ACTIONS)
    assert all(rules.rule_exists(f"cooperation.{name}_now") for name in views.ACTIONS)


def test_the_page_offers_what_the_state_and_the_role_allow(
    request_draft: Request,
    advance: Callable[[Request, str], Request],
    secretariat: User,
    member_ury: User,
    member_bra: User,
) -> None:
    assert _offered(member_ury, request_draft) == ["submit", "withdraw"]
    assert _offered(secretariat, request_draft) == []
    assert _offered(member_bra, request_draft) == []
    advance(request_draft, State.SUBMITTED)
    assert _offered(secretariat, request_draft) == ["accept", "return", "decline"]
    assert _offered(member_ury, request_draft) == ["withdraw"]
    advance(request_draft, State.ACCEPTED)
    assert _offered(secretariat, request_draft) == ["match", "fund", "decline"]
    advance(request_draft, State.MATCHED)
    assert _offered(secretariat, request_draft) == ["plan", "mission", "fund", "decline"]
