"""Pages of horizontal cooperation: the requests (filed, changed while with their country,
listed, read with their history, suggestions and the actions the viewer may take), the
standing offers and the secretariat's queue with the fund.

Views parse the request, check permissions with ``rules``, call the selectors and services
and render; every change goes through ``gealc.cooperation.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gealc.cooperation import charts, forms, selectors, services, suggestions
from gealc.cooperation.models import Evaluation, Mission, Modality, Offer, Request
from gealc.cooperation.rules import REPRESENTATIVE_ROLES, REQUEST_ACTIONS
from gealc.core.forms import Conflict, VersionedForm, add_service_errors, form_status
from gealc.core.permissions import require_permission
from gealc.core.views import change_page
from gealc.network import selectors as network_selectors

PAGE_SIZE = 20


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _represented(user: Any) -> Any:
    """The countries the user speaks for in cooperation (delegate, alternate, focal point)."""
    return network_selectors.countries_of_user(user, roles=REPRESENTATIVE_ROLES)


def _posted(request: HttpRequest, changeable: bool) -> Any:
    """The posted data, to check and save; none for a record that no longer changes."""
    return request.POST if request.method == "POST" and changeable else None


def _change_page(
    request: HttpRequest,
    form: VersionedForm,
    record: Any,
    save: Callable[[dict[str, Any]], object],
    *,
    changeable: bool,
    done: tuple[str, str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A cooperation record's change page (``core.views.change_page``); a record that no
    longer changes answers a post with 409."""

    def page(conflicts: list[Conflict]) -> HttpResponse:
        status = 409 if request.method == "POST" and not changeable else form_status(form)
        shown = {**context, "form": form, "conflicts": conflicts}
        return render(request, template, shown, status=status)

    return change_page(request, form, record, lambda: save(form.cleaned_data), done=done, page=page)


def _get(pk: int, user: Any) -> Request:
    try:
        return selectors.request_get_visible(pk, user)
    except Request.DoesNotExist:
        raise Http404(_("No such cooperation request.")) from None


# Lists ------------------------------------------------------------------------------------


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "country": data["country"].iso3 if data["country"] else None,
            "state": data["state"] or None,
            "working_line": data["working_line"].slug if data["working_line"] else None,
            "modality": data["modality"] or None,
            "practice": data["practice"].slug if data["practice"] else None,
        }
    own = _represented(request.user)
    context = {
        "form": form,
        "page": _page(request, selectors.request_list(request.user, **filters)),
        "own_requests": selectors.requests_visible_to(request.user).filter(
            requesting_country__in=own
        ),
        "can_file": own.exists(),
        "query_string": _without_page(request),
    }
    return render(request, "cooperation/request_list.html", context, status=form_status(form))


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.current_offers())
    context = {
        "offers": offers,
        "can_offer": _represented(request.user).exists(),
        "endable": {
            o.pk
            for o in offers
            if o.end is None and request.user.has_perm("cooperation.change_offer", o)
        },
    }
    return render(request, "cooperation/offer_list.html", context)


@login_required
@require_POST
def offer_end(request: HttpRequest, pk: int) -> HttpResponse:
    """The offering country (or the secretariat) stops offering; the offer stays on record."""
    offer = selectors.current_offers().filter(pk=pk, end__isnull=True).first()
    if offer is None:  # never offered, or already ended
        raise Http404
    require_permission(request, "cooperation.change_offer", offer)
    services.offer_end(actor=request.user, offer=offer)
    messages.success(request, _("The offer has ended; it stays on record."))
    return redirect("cooperation_offer_list")


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The offering country (or the secretariat) changes a standing offer; an ended one stays
    as it ended."""
    try:
        offer = selectors.offer_get(pk)
    except Offer.DoesNotExist:
        raise Http404(_("No such offer.")) from None
    require_permission(request, "cooperation.change_offer", offer)
    language = get_language() or "es"
    initial = forms.OfferChangeForm.initial_for(offer, language)
    changeable = offer.end is None
    form = forms.OfferChangeForm(_posted(request, changeable), offer=offer, initial=initial)
    return _change_page(
        request,
        form,
        offer,
        lambda data: services.offer_update(
            actor=request.user,
            offer=offer,
            expected_version=data["expected_version"],
            working_line=data["working_line"],
            data=form.service_data(language),
            practices=data["practices"],
            software=data["software"],
        ),
        changeable=changeable,
        done=(_("The offer is saved."), reverse("cooperation_offer_list")),
        template="cooperation/offer_edit.html",
        context={"offer": offer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    """A country publishes a standing offer, linked to its practices."""
    countries = _represented(request.user)
    if not countries.exists():
        raise PermissionDenied
    form = forms.OfferForm(
        request.POST if request.method == "POST" else None,
        countries=countries,
        initial={"country": countries.first(), "start": timezone.localdate()},
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.offer_create(
                actor=request.user,
                country=data["country"],
                working_line=data["working_line"],
                data=form.service_data(get_language() or "es"),
                practices=data["practices"],
                software=data["software"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your offer is published."))
            return redirect("cooperation_offer_list")
    return render(request, "cooperation/offer_form.html", {"form": form}, status=form_status(form))


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    require_permission(request, "cooperation.review_request")
    context = {"requests": selectors.secretariat_queue(), "fund": selectors.fund_lines()}
    return render(request, "cooperation/queue.html", context)


# Filing -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    countries = _represented(request.user)
    if not countries.exists():
        raise PermissionDenied
    initial = {"practice": request.GET.get("practice"), "country": countries.first()}
    form = forms.RequestForm(
        request.POST if request.method == "POST" else None, countries=countries, initial=initial
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.request_create(
                actor=request.user,
                country=data["country"],
                working_line=data["working_line"],
                data=form.service_data(get_language() or "es"),
                dimension=data["dimension"],
                indicators=data["indicators"],
                partners=data["preferred_partners"],
                practice=data["practice"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request is saved."))
            return redirect("cooperation_request_detail", pk=created.pk)
    return render(
        request, "cooperation/request_form.html", {"form": form}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The requesting country (or the secretariat) changes a request while it is with the
    country: a draft, or returned by the secretariat with what to change."""
    item = _get(pk, request.user)
    require_permission(request, "cooperation.change_request", item)
    language = get_language() or "es"
    changeable = rules.test_rule("cooperation.change_request_now", request.user, item)
    form = forms.RequestChangeForm(
        _posted(request, changeable),
        request=item,
        initial=forms.RequestChangeForm.initial_for(item, language),
    )
    return _change_page(
        request,
        form,
        item,
        lambda data: services.request_update(
            actor=request.user,
            request=item,
            expected_version=data["expected_version"],
            working_line=data["working_line"],
            data=form.service_data(language),
            dimension=data["dimension"],
            indicators=data["indicators"],
            partners=data["preferred_partners"],
            practice=data["practice"],
        ),
        changeable=changeable,
        done=(_("The request is saved."), reverse("cooperation_request_detail", args=[item.pk])),
        template="cooperation/request_edit.html",
        context={"item": item, "changeable": changeable},
    )


# One request ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """An action on a request: its form (if any) and the service call (who may take it and
    when is ``rules.REQUEST_ACTIONS``)."""

    name: str
    label: Any
    form: type[django_forms.Form] | None
    call: Callable[..., Any]


def _call(service: Callable[..., Any], **names: str) -> Callable[..., Any]:
    """A service call taking the form's cleaned fields under the service's argument names."""

    def call(actor: Any, request: Request, data: dict[str, Any]) -> Any:
        values = {argument: data[field] for argument, field in names.items()}
        return service(actor=actor, request=request, **values)

    return call


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "submit",
            gettext_lazy("Send to the secretariat"),
            None,
            _call(services.request_submit),
        ),
        Action(
            "accept",
            gettext_lazy("Accept"),
            None,
            _call(services.request_accept),
        ),
        Action(
            "return",
            gettext_lazy("Return to the country"),
            forms.ReasonForm,
            _call(services.request_return, reason="reason"),
        ),
        Action(
            "match",
            gettext_lazy("Match with a provider"),
            forms.MatchForm,
            _call(services.request_match, provider="provider", experts="experts"),
        ),
        Action(
            "plan",
            gettext_lazy("Plan"),
            forms.PlanForm,
            _call(services.request_plan, start="start", end="end", agenda="agenda"),
        ),
        Action(
            "mission",
            gettext_lazy("Arrange a mission"),
            forms.MissionForm,
            lambda actor, request, data: services.mission_create(
                actor=actor,
                request=request,
                expert=data["expert"],
                budget_line=data["budget_line"],
                data=forms.mission_fields(data),
            ),
        ),
        Action(
            "fund",
            gettext_lazy("Approve from the fund"),
            forms.FundApprovalForm,
            _call(services.fund_approve, budget="budget", amount="amount", note="note"),
        ),
        Action(
            "carry_out",
            gettext_lazy("Mark as carried out"),
            None,
            _call(services.request_carry_out),
        ),
        Action(
            "report",
            gettext_lazy("Submit the report"),
            forms.ReportForm,
            _call(services.request_report, report="report"),
        ),
        Action(
            "survey",
            gettext_lazy("Answer the survey"),
            forms.SurveyForm,
            lambda actor, request, data: services.evaluation_answer(
                actor=actor, request=request, data=data
            ),
        ),
        Action(
            "follow_up",
            gettext_lazy("Answer the follow-up"),
            forms.FollowUpForm,
            lambda actor, request, data: services.evaluation_answer(
                actor=actor, request=request, data=data, kind=Evaluation.Kind.FOLLOW_UP
            ),
        ),
        Action(
            "close",
            gettext_lazy("Close"),
            None,
            _call(services.request_close),
        ),
        Action(
            "withdraw",
            gettext_lazy("Withdraw"),
            forms.ReasonForm,
            _call(services.request_withdraw, reason="reason"),
        ),
        Action(
            "decline",
            gettext_lazy("Decline"),
            forms.ReasonForm,
            _call(services.request_decline, reason="reason"),
        ),
    )
}


@dataclass(frozen=True)
class Offered:
    action: Action
    form: django_forms.Form | None


def _offered(request: HttpRequest, item: Request, failed: Offered | None) -> list[Offered]:
    shown = []
    for name, action in ACTIONS.items():
        if not rules.test_rule(f"cooperation.{name}_now", request.user, item):
            continue
        if failed is not None and failed.action.name == name:
            shown.append(failed)
        else:
            form = action.form(prefix=name) if action.form else None
            shown.append(Offered(action, form))
    return shown


def _detail(request: HttpRequest, item: Request, failed: Offered | None = None) -> HttpResponse:
    user = request.user
    context = {
        "item": item,
        "transitions": item.transitions.select_related("actor"),
        "actions": _offered(request, item, failed),
        "suggestions": suggestions.suggest(item) if item.is_open else [],
        "show_people": user.has_perm("cooperation.view_personal_data"),
        "fund_entries": selectors.fund_of_request(item)
        if user.has_perm("cooperation.view_fund")
        else [],
        "evaluations": item.evaluations.all() if user.has_perm("cooperation.view_fund") else [],
        "missions": item.missions.select_related("expert__person")
        if user.has_perm("cooperation.view_personal_data")
        else [],
        "outcomes": selectors.request_outcome(item),
        "missions_changeable": user.has_perm("cooperation.arrange_mission", item),
        "changeable": rules.test_rule("cooperation.change_request_now", user, item),
    }
    status = 400 if failed is not None else 200
    return render(request, "cooperation/request_detail.html", context, status=status)


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk, request.user))


@login_required
@require_POST
def request_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _get(pk, request.user)
    if action not in ACTIONS:
        raise Http404(_("No such action."))
    chosen = ACTIONS[action]
    require_permission(request, REQUEST_ACTIONS[action][0], item)
    form = chosen.form(request.POST, prefix=action) if chosen.form else None
    if form is not None and not form.is_valid():
        return _detail(request, item, Offered(chosen, form))
    try:
        chosen.call(request.user, item, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:  # an action without fields: an empty form carries the refusal
            form = django_forms.Form({}, prefix=action)
            form.full_clean()
        add_service_errors(form, error)
        # The refused call may have changed the object in memory; show what is saved.
        return _detail(request, _get(pk, request.user), Offered(chosen, form))
    messages.success(request, _("Done: %(action)s.") % {"action": chosen.label})
    return redirect("cooperation_request_detail", pk=item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat changes a mission's people, dates, agenda, costs or budget line."""
    try:
        mission = selectors.mission_get(pk)
    except Mission.DoesNotExist:
        raise Http404(_("No such mission.")) from None
    require_permission(request, "cooperation.review_request", mission.request)
    form = forms.MissionChangeForm(
        _posted(request, True),
        mission=mission,
        initial=forms.MissionChangeForm.initial_for(mission),
    )
    return _change_page(
        request,
        form,
        mission,
        lambda data: services.mission_update(
            actor=request.user,
            mission=mission,
            expected_version=data["expected_version"],
            expert=data["expert"],
            budget_line=data["budget_line"],
            data=forms.mission_fields(data),
        ),
        changeable=True,
        done=(
            _("The mission is saved."),
            reverse("cooperation_request_detail", args=[mission.request_id]),
        ),
        template="cooperation/mission_edit.html",
        context={"mission": mission},
    )


# The picture ------------------------------------------------------------------------------


@require_GET
def numbers(request: HttpRequest) -> HttpResponse:
    """Cooperation in numbers per year and the graph of who helped whom (public)."""
    years = selectors.numbers_by_year()
    context = {
        "years": [(y, [y.modalities.get(code, 0) for code in Modality.values]) for y in years],
        "modalities": Modality.choices,
        "graph": charts.helped_graph(selectors.who_helped_whom()),
    }
    return render(request, "cooperation/numbers.html", context)


@require_GET
def country_record(request: HttpRequest, iso3: str) -> HttpResponse:
    """A country's cooperation: what it asked for, what it gave, what it offers."""
    country = network_selectors.country_get(iso3)
    context = {
        "country": country,
        "asked": selectors.requests_of_country(country, request.user),
        "given": selectors.requests_provided_by(country, request.user),
        "offers": selectors.current_offers(country=country.iso3),
    }
    return render(request, "cooperation/country_record.html", context)


# Experts ----------------------------------------------------------------------------------


@login_required
@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    """The roster, for members of the network only."""
    require_permission(request, "cooperation.view_experts")
    experts = selectors.experts_available()
    own = experts.filter(person__user=request.user).first()
    return render(request, "cooperation/expert_list.html", {"experts": experts, "own": own})


@login_required
@require_POST
def expert_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """An expert leaves the roster (or the secretariat takes them off it)."""
    expert = selectors.experts_available().filter(pk=pk).first()
    if expert is None:
        raise Http404(_("No such expert on the roster."))
    services.expert_decline(actor=request.user, expert=expert)
    messages.success(request, _("%(name)s is no longer on the roster.") % {"name": expert})
    return redirect("cooperation_expert_list")
