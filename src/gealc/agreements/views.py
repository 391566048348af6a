"""Pages of the integration agreements: the list with filters, an agreement with its parties,
timeline and documents (and the secretariat's forms), the matrix of who recognises whom as of a
year, and each country's agreements.

Views parse the request, check permissions with ``rules``, call the selectors and services and
render; every change goes through ``gealc.agreements.services``. A refused form is shown again
with its errors (400), nothing saved.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gealc.agreements import charts, forms, selectors, services
from gealc.agreements.models import Agreement, AgreementDocument, Party
from gealc.core import records
from gealc.core.forms import add_service_errors, form_status
from gealc.core.permissions import require_permission
from gealc.network import selectors as network_selectors


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    agreements = selectors.agreement_list(
        request.user,
        kind=filters.get("kind") or None,
        status=filters.get("status") or None,
        country=filters.get("country"),
        year=filters.get("year"),
    )
    context = {
        "form": form,
        "agreements": agreements,
        "can_add": request.user.has_perm("agreements.add_agreement"),
    }
    return render(request, "agreements/agreement_list.html", context, status=form_status(form))


@require_GET
def agreement_matrix(request: HttpRequest) -> HttpResponse:
    years = selectors.agreement_years(request.user)
    form = forms.MatrixForm(request.GET or None, years=years)
    chosen = form.cleaned_data if form.is_valid() else {}
    kind = chosen.get("kind") or Agreement.Kind.SIGNATURES
    year = chosen.get("year") or timezone.localdate().year
    matrix = selectors.matrix(request.user, kind=kind, year=year)
    context = {
        "form": form,
        "matrix": matrix,
        "kind_label": Agreement.Kind(kind).label,
        "summary": charts.matrix_summary(matrix),
        "chart": charts.matrix_chart(matrix),
    }
    return render(request, "agreements/matrix.html", context, status=form_status(form))


def _detail(request: HttpRequest, agreement: Agreement, **bound: Any) -> HttpResponse:
    """The agreement page, with the forms the reader may use (``bound`` ones with errors)."""
    user = request.user
    manages = user.has_perm("agreements.change_parties", agreement)
    context = {
        "agreement": agreement,
        "parties": selectors.agreement_parties(agreement),
        "timeline": selectors.agreement_timeline(agreement),
        "documents": agreement.documents.all(),
        "can_edit": user.has_perm("agreements.change_agreement", agreement),
        "sees_people": user.has_perm("network.view_contacts"),
        "can_manage": manages,
        "can_move": user.has_perm("agreements.change_status", agreement),
        "can_add_document": user.has_perm("agreements.add_document", agreement),
        "party_form": bound.get("party_form") or forms.PartyForm(prefix="party"),
        "leave_form": bound.get("leave_form") or forms.PartyLeaveForm(prefix="leave"),
        "leaving": bound.get("leaving"),
        "transition_form": bound.get("transition_form") or forms.TransitionForm(prefix="move"),
        "document_form": bound.get("document_form") or forms.DocumentForm(prefix="document"),
    }
    return render(
        request,
        "agreements/agreement_detail.html",
        context,
        status=form_status(*bound.values()) if bound else 200,
    )


@require_GET
def agreement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, selectors.agreement_get(slug, request.user))


def _run(form: django_forms.Form, call: Any, rename: dict[str, str] | None = None) -> bool:
    """Call the service when the form is valid; its refusal goes onto the form."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        add_service_errors(form, error, rename)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    require_permission(request, "agreements.add_agreement")
    form = forms.AgreementForm(request.POST or None)
    created: list[Agreement] = []

    def create() -> None:
        data = form.cleaned_data
        created.append(
            services.agreement_create(
                actor=request.user,
                kind=data["kind"],
                data=form.texts(),
                negotiation_start=data["negotiation_start"],
                parties=form.parties(),
                working_lines=data["working_lines"],
            )
        )

    rename = {"parties": "countries", "country": "countries", "start": "parties_since"}
    if request.method == "POST" and _run(form, create, rename):
        messages.success(request, _("The agreement is recorded."))
        return redirect("agreement_detail", slug=created[0].slug)
    context = {"form": form, "agreement": None}
    return render(request, "agreements/agreement_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = selectors.agreement_get(slug, request.user)
    require_permission(request, "agreements.change_agreement", agreement)
    language = (request.LANGUAGE_CODE or "es")[:2]
    initial = {
        "title": getattr(agreement, f"title_{language}", "") or "",
        "summary": getattr(agreement, f"summary_{language}", "") or "",
        "working_lines": agreement.working_lines.all(),
    }
    form = forms.TextsForm(request.POST or None, initial=initial)

    def update() -> None:
        services.agreement_update(
            actor=request.user,
            agreement=agreement,
            data=form.texts(),
            working_lines=form.cleaned_data["working_lines"],
        )

    if request.method == "POST" and _run(form, update):
        messages.success(request, _("The agreement is saved."))
        return redirect("agreement_detail", slug=agreement.slug)
    context = {"form": form, "agreement": agreement}
    return render(request, "agreements/agreement_form.html", context, status=form_status(form))


@login_required
@require_POST
def party_add(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = selectors.agreement_get(slug, request.user)
    require_permission(request, "agreements.change_parties", agreement)
    form = forms.PartyForm(request.POST, prefix="party")

    def add() -> None:
        data = form.cleaned_data
        services.party_add(
            actor=request.user, agreement=agreement, country=data["country"], start=data["start"]
        )

    if _run(form, add):
        messages.success(request, _("The country is now a party."))
        return redirect("agreement_detail", slug=agreement.slug)
    return _detail(request, agreement, party_form=form)


@login_required
@require_POST
def party_leave(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(slug, request.user)
    require_permission(request, "agreements.change_parties", agreement)
    party = get_object_or_404(Party, pk=pk, agreement=agreement)
    form = forms.PartyLeaveForm(request.POST, prefix="leave")

    def leave() -> None:
        data = form.cleaned_data
        services.party_remove(
            actor=request.user, party=party, end=data["end"], reason=data["end_reason"]
        )

    if _run(form, leave, {"country": "end"}):
        messages.success(request, _("The country has left the agreement."))
        return redirect("agreement_detail", slug=agreement.slug)
    return _detail(request, agreement, leave_form=form, leaving=party)


@login_required
@require_POST
def agreement_transition(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = selectors.agreement_get(slug, request.user)
    require_permission(request, "agreements.change_status", agreement)
    form = forms.TransitionForm(request.POST, prefix="move")

    def move() -> None:
        data = form.cleaned_data
        services.agreement_transition(
            actor=request.user,
            agreement=agreement,
            to_status=data["status"],
            date=data["date"],
            reason=data["reason"],
        )

    if _run(form, move):
        messages.success(request, _("The new status is recorded."))
        return redirect("agreement_detail", slug=agreement.slug)
    return _detail(request, agreement, transition_form=form)


@login_required
@require_POST
def document_upload(request: HttpRequest, slug: str) -> HttpResponse:
    agreement = selectors.agreement_get(slug, request.user)
    require_permission(request, "agreements.add_document", agreement)
    form = forms.DocumentForm(request.POST, request.FILES, prefix="document")

    def upload() -> None:
        data = form.cleaned_data
        services.document_add(
            actor=request.user, agreement=agreement, title=data["title"], file=data["file"]
        )

    if _run(form, upload):
        messages.success(request, _("The document is added."))
        return redirect("agreement_detail", slug=agreement.slug)
    return _detail(request, agreement, document_form=form)


@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(AgreementDocument.objects.select_related("agreement"), pk=pk)
    return records.document_download(
        request.user, document.file, permission="agreements.view_agreement", obj=document.agreement
    )


@require_GET
def country_agreements(request: HttpRequest, iso3: str) -> HttpResponse:
    country = network_selectors.country_get(iso3)
    context = {
        "country": country,
        "agreements": selectors.country_agreements(request.user, country),
    }
    return render(request, "agreements/country_agreements.html", context)
