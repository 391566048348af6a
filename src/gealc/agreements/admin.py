"""Admin for the secretariat: agreements are recorded and their texts changed through the
services (``gealc.core.service_admin``), as on the pages; parties, transitions and documents
are written by the agreement page's forms and only read here, with their change history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gealc.agreements import services
from gealc.agreements.models import Agreement, AgreementDocument, Party, Transition
from gealc.agreements.services import PartyInput
from gealc.core.admin import ReadOnlyHistoryAdmin, TranslatedHistoryAdmin
from gealc.core.service_admin import ServiceAdmin, ServiceInline
from gealc.network.models import Country

# Set by transitions (the agreement's page), never typed in the admin.
STEP_FIELDS = ("slug", "status", "signed_on", "in_force_on", "ended_on")


class AgreementAdminForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        Country.objects.order_by("name"),
        required=False,
        label=_("Parties"),
        help_text=_("At least two countries, parties from the start of the negotiation."),
    )

    class Meta:
        model = Agreement
        fields = ("kind", "title", "summary", "negotiation_start", "working_lines", "is_demo")


class PartyInline(ServiceInline, admin.TabularInline):
    model = Party
    fields = ("country", "start", "end", "end_reason")
    readonly_fields = fields
    extra = 0


class TransitionInline(ServiceInline, admin.TabularInline):
    model = Transition
    fields = ("from_status", "to_status", "date", "reason", "actor", "recorded_at")
    readonly_fields = fields
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    form = AgreementAdminForm
    exclude = STEP_FIELDS
    list_display = ("title", "kind", "status", "negotiation_start", "in_force_on", "is_demo")
    list_filter = ("kind", "status")
    inlines = (PartyInline, TransitionInline)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ()
        return (*STEP_FIELDS, "kind", "negotiation_start", "is_demo")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        return fields if obj is None else [name for name in fields if name != "countries"]

    def create(self, actor: Any, data: Mapping[str, Any]) -> Agreement:
        start = data["negotiation_start"]
        relations = ("kind", "negotiation_start", "countries", "working_lines", "is_demo")
        return services.agreement_create(
            actor=actor,
            kind=data["kind"],
            data={k: v for k, v in data.items() if k not in relations},
            negotiation_start=start,
            parties=[PartyInput(country, start) for country in data.get("countries") or ()],
            working_lines=data.get("working_lines") or (),
            is_demo=data.get("is_demo", False),
        )

    def update(self, actor: Any, obj: Agreement, data: Mapping[str, Any]) -> Agreement:
        texts = {k: v for k, v in data.items() if k not in ("working_lines", "countries")}
        return services.agreement_update(
            actor=actor, agreement=obj, data=texts, working_lines=data.get("working_lines")
        )


for model, columns in (
    (Party, ("country", "agreement", "start", "end")),
    (Transition, ("agreement", "from_status", "to_status", "date", "actor")),
    (AgreementDocument, ("title", "agreement", "uploaded_at")),
):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyHistoryAdmin,), {"list_display": columns})
    )
