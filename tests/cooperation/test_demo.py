"""The demo loads through the services, is labelled demo, covers every state over three
years with a fund, offers, experts, missions and evaluations, and loading it twice writes
nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from gealc.cooperation import demo, selectors
from gealc.cooperation.models import (
    Evaluation,
    Expert,
    FundEntry,
    Mission,
    Offer,
    Request,
    State,
)
from gealc.network import demo as network_demo
from gealc.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo() -> None:
    network_demo.load()  # the countries, people and accounts it builds on
    demo.load()
    requests = Request.objects.all()
    assert {r.state for r in requests} == set(State.values)
    assert len({r.created_at.year for r in requests}) == 3
    assert not requests.filter(is_demo=False).exists()
    assert all(r.title_en.endswith("(demo)") for r in requests)
    assert Offer.objects.filter(is_demo=True).count() == 3
    assert Expert.objects.exists()
    assert Mission.objects.exists()
    assert Evaluation.objects.exists()
    assert FundEntry.objects.filter(kind=FundEntry.Kind.SPENDING).exists()
    for line in selectors.fund_lines():
        assert 0 <= line.balance <= line.budget.amount
    assert not Notification.objects.exists()
    assert mail.outbox == []
    counts = (Request.objects.count(), FundEntry.objects.count(), Offer.objects.count())
    demo.load()
    assert (Request.objects.count(), FundEntry.objects.count(), Offer.objects.count()) == counts
