"""Cooperation in the admin: the secretariat sets the fund's budgets and keeps the expert
roster here, through the services; requests, offers, fund entries, missions and evaluations
change on their pages and are read here with their history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import admin

from gealc.cooperation import services
from gealc.cooperation.models import (
    Evaluation,
    Expert,
    FundBudget,
    FundEntry,
    Mission,
    Offer,
    Request,
)
from gealc.core.admin import HistoryAdmin
from gealc.core.service_admin import ServiceAdmin


@admin.register(Request)
class RequestAdmin(ServiceAdmin, HistoryAdmin):
    """Filed and moved along on the request's page (``request_*`` services); read here."""

    list_display = ("title", "requesting_country", "provider_country", "state", "created_at")
    list_filter = ("state", "modality", "working_line")


@admin.register(Offer)
class OfferAdmin(ServiceAdmin, HistoryAdmin):
    list_display = ("title", "country", "working_line", "start", "end", "is_demo")
    list_filter = ("working_line",)


@admin.register(FundBudget)
class FundBudgetAdmin(ServiceAdmin, HistoryAdmin):
    """A budget is set with ``fund_budget_set`` (never below what is committed)."""

    list_display = ("year", "currency", "amount", "is_demo")
    fields = ("year", "currency", "amount")

    def create(self, actor: Any, data: Mapping[str, Any]) -> FundBudget:
        return services.fund_budget_set(
            actor=actor, year=data["year"], currency=data["currency"], amount=data["amount"]
        )

    def update(self, actor: Any, obj: FundBudget, data: Mapping[str, Any]) -> FundBudget:
        return services.fund_budget_set(
            actor=actor,
            year=obj.year,
            currency=obj.currency,
            amount=data.get("amount", obj.amount),
        )


@admin.register(FundEntry)
class FundEntryAdmin(ServiceAdmin, HistoryAdmin):
    """Approved and spent on the request's page (``fund_approve``/``fund_spend``)."""

    list_display = ("request", "kind", "amount", "budget", "recorded_at")
    list_filter = ("kind", "budget")


@admin.register(Expert)
class ExpertAdmin(ServiceAdmin, HistoryAdmin):
    """The secretariat puts people on the roster with ``expert_add``; an expert leaves it
    with ``expert_decline``."""

    list_display = ("person", "is_external", "availability", "declined_at")
    fields = ("person", "working_lines", "indicators", "languages", "availability", "is_external")

    def create(self, actor: Any, data: Mapping[str, Any]) -> Expert:
        return services.expert_add(
            actor=actor,
            person=data["person"],
            working_lines=data.get("working_lines") or [],
            indicators=data.get("indicators") or [],
            languages=data.get("languages") or [],
            availability=data.get("availability", ""),
            is_external=data.get("is_external", False),
        )


@admin.register(Mission)
class MissionAdmin(ServiceAdmin, HistoryAdmin):
    list_display = ("request", "expert", "start", "end", "fund_share", "currency")


@admin.register(Evaluation)
class EvaluationAdmin(ServiceAdmin, HistoryAdmin):
    list_display = ("request", "kind", "role", "satisfaction", "answered_at")
    list_filter = ("kind", "role")
