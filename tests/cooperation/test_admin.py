"""The cooperation admin: budgets through ``fund_budget_set``, everything else read here."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from gealc.cooperation.models import FundBudget

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["request", "offer", "fundentry", "mission", "evaluation"])
def test_the_records_of_other_pages_are_read_here(admin_client: Client, model: str) -> None:
    assert admin_client.get(reverse(f"admin:cooperation_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:cooperation_{model}_add")).status_code == 403


def test_a_budget_is_set_in_the_admin(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:cooperation_fundbudget_add"),
        {"year": 2027, "currency": "usd", "amount": "25000"},
    )
    assert response.status_code == 302
    budget = FundBudget.objects.get()
    assert (budget.year, budget.currency, budget.amount) == (2027, "USD", Decimal("25000"))
