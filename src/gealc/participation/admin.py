"""Admin for the secretariat: consultations are created, and their questions added, through
the services (``gealc.core.service_admin``); stakeholders, organisations, contributions and
reports are written by the pages' workflows (registration, verification, moderation) and only
read here, with their change history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gealc.core.admin import ReadOnlyHistoryAdmin, TranslatedHistoryAdmin
from gealc.core.service_admin import ServiceAdmin, ServiceInline
from gealc.participation import services
from gealc.participation.forms import option_labels
from gealc.participation.models import (
    Consultation,
    Contribution,
    Question,
    Report,
    Stakeholder,
    StakeholderOrganisation,
)

SUBJECT_LINKS = ("framework", "work_plan", "commitment", "practice")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a choice or a ranking: one option per line, as es | pt | en | fr."),
    )

    class Meta:
        model = Question
        fields = (
            "kind",
            *(f"{name}_{code}" for name in ("text", "help_text") for code in LANGUAGES),
            "dimension",
            "indicator",
        )


class QuestionInline(ServiceInline, admin.StackedInline):
    """Questions are added while the consultation is a draft or announced; they are not
    rewritten once people may have answered them."""

    model = Question
    form = QuestionForm
    extra = 0
    exclude = ("order", "is_demo")

    def create(self, actor: Any, parent: Consultation, data: Mapping[str, Any]) -> Question:
        texts = {k: v for k, v in data.items() if k.startswith(("text_", "help_text_")) and v}
        question = services.QuestionInput(
            kind=data["kind"],
            text=texts,
            options=option_labels(data.get("options_text") or ""),
            dimension=data.get("dimension"),
            indicator=data.get("indicator"),
        )
        return services.question_add(actor=actor, consultation=parent, question=question)


@admin.register(Consultation)
class ConsultationAdmin(ServiceAdmin, TranslatedHistoryAdmin):
    list_display = ("title", "subject", "phase", "opens_at", "closes_at", "is_demo")
    list_filter = ("phase", "subject")
    exclude = ("slug", "phase", "summary_published_at", "created_at")
    inlines = [QuestionInline]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        # The subject stays what it was created on; the summary is published on its page.
        summary = sorted(services.SUMMARY_FIELDS)
        return () if obj is None else ("subject", *SUBJECT_LINKS, "is_demo", *summary)

    def create(self, actor: Any, data: Mapping[str, Any]) -> Consultation:
        links = {"subject", *SUBJECT_LINKS, "is_demo", "synthesis", "response"}
        fields = {
            k: v
            for k, v in data.items()
            if k not in links and not k.startswith(("synthesis", "response"))
        }
        subject = data["subject"]
        linked = next((data.get(name) for name in SUBJECT_LINKS if data.get(name)), None)
        return services.consultation_create(
            actor=actor,
            data=fields,
            subject=subject,
            subject_object=linked,
            is_demo=data.get("is_demo", False),
        )

    def update(self, actor: Any, obj: Consultation, data: Mapping[str, Any]) -> Consultation:
        """Texts, dates, time zone and languages, through ``consultation_update`` (so a closed
        consultation no longer changes); its phases change on its page."""
        return services.consultation_update(actor=actor, consultation=obj, data=data)


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyHistoryAdmin):
    list_display = ("public_name", "organisation", "sector", "country", "verification")
    list_filter = ("verification", "sector")


@admin.register(StakeholderOrganisation)
class StakeholderOrganisationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("name", "sector", "country", "verification")
    list_filter = ("verification", "sector")


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("pk", "question", "language", "is_hidden", "under_review", "created_at")
    list_filter = ("is_hidden", "under_review", "language")


@admin.register(Report)
class ReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("contribution", "reason", "created_at", "reviewed_at")
    list_filter = ("reason",)
