"""Pages of the network directory.

Views parse the request, check permissions with ``rules`` (through ``user.has_perm``), call
selectors and services and render. Contact details are shown only to network members; the
two forms change data only through ``services``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from gealc.charts import Chart, MapCountry, member_map
from gealc.core.forms import form_status
from gealc.core.permissions import require_permission
from gealc.core.views import change_page
from gealc.network import selectors, services
from gealc.network.forms import (
    InstitutionForm,
    TransitionForm,
    add_transition_errors,
    new_appointment_formset,
)
from gealc.network.models import Country

# Longest search text read from the address; more is cut rather than refused.
MAX_QUERY_LENGTH = 200


def _can_see_contacts(request: HttpRequest) -> bool:
    return bool(request.user.has_perm("network.view_contacts"))


def _country_map(countries: list[Country]) -> Chart | None:
    if not countries:
        return None
    return member_map(
        [
            MapCountry(country.iso_numeric, country.name, country.get_membership_display())
            for country in countries
        ],
        title=_("Member and observer countries of the network"),
        legend_title=_("Membership"),
    )


@require_GET
def country_list(request: HttpRequest) -> HttpResponse:
    groups = {
        membership: selectors.countries_by_subregion(membership)
        for membership in Country.Membership.values
    }
    countries = [c for group_list in groups.values() for g in group_list for c in g.countries]
    context = {
        "member_groups": groups[Country.Membership.MEMBER],
        "observer_groups": groups[Country.Membership.OBSERVER],
        "country_count": len(countries),
        "map": _country_map(countries),
    }
    return render(request, "network/country_list.html", context)


@require_GET
def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    country = selectors.country_get(iso3)
    authority = selectors.country_national_authority(country)
    user = request.user
    context = {
        "country": country,
        "authority": authority,
        "head": selectors.country_current_head(country),
        "delegates": selectors.country_delegates(country),
        "focal_points": selectors.country_focal_points(country),
        "seats": selectors.country_seats(country),
        "other_institutions": [
            (institution, user.has_perm("network.change_institution", institution))
            for institution in selectors.country_institutions(country)
            if not institution.is_national_authority
        ],
        "show_contacts": _can_see_contacts(request),
        "can_edit_authority": bool(
            authority and user.has_perm("network.change_institution", authority)
        ),
        "can_record_transition": user.has_perm("network.record_transition", country),
    }
    return render(request, "network/country_detail.html", context)


@require_GET
def country_role_history(request: HttpRequest, iso3: str) -> HttpResponse:
    country = selectors.country_get(iso3)
    context = {
        "country": country,
        "history": selectors.role_history(country),
        "show_contacts": _can_see_contacts(request),
    }
    return render(request, "network/country_role_history.html", context)


@require_GET
@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    context = {"query": query, "results": selectors.directory_search(query, request.user)}
    # htmx live search swaps in only the results; the full page works without JavaScript.
    # A history restore (the back button after a cache miss) needs the whole page.
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "network/includes/directory_results.html", context)
    return render(request, "network/directory.html", context)


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_visible(pk, request.user)
    context = {
        "person": person,
        "appointments": selectors.person_current_appointments(person),
        "show_contacts": _can_see_contacts(request),
    }
    return render(request, "network/person_detail.html", context)


@require_GET
def governance(request: HttpRequest) -> HttpResponse:
    context = {
        "bodies": selectors.governance_overview(),
        "show_contacts": _can_see_contacts(request),
    }
    return render(request, "network/governance.html", context)


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    context = {"organisations": selectors.organisation_list()}
    return render(request, "network/organisation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    institution = selectors.institution_get(pk)
    require_permission(request, "network.change_institution", institution)
    form = InstitutionForm(
        request.POST if request.method == "POST" else None,
        initial=InstitutionForm.initial_for(institution),
    )
    return change_page(
        request,
        form,
        institution,
        lambda: services.institution_update(
            actor=request.user,
            institution=institution,
            expected_version=form.cleaned_data["expected_version"],
            data=form.changes(),
        ),
        done=(
            _("The institution was saved."),
            reverse("country_detail", kwargs={"iso3": institution.country.iso3.lower()}),
        ),
        page=lambda conflicts: render(
            request,
            "network/institution_edit.html",
            {"institution": institution, "form": form, "conflicts": conflicts},
            status=form_status(form),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_transition(request: HttpRequest, iso3: str) -> HttpResponse:
    country = selectors.country_get(iso3)
    require_permission(request, "network.record_transition", country)
    people = list(selectors.country_people(country))
    if request.method != "POST":
        form, formset = TransitionForm(), new_appointment_formset(country, people)
    else:
        form = TransitionForm(request.POST)
        formset = new_appointment_formset(country, people, data=request.POST)
        if form.is_valid() and formset.is_valid():
            rows = [index for index, row in enumerate(formset.forms) if row.is_filled()]
            try:
                result = services.government_transition(
                    actor=request.user,
                    country=country,
                    date=form.cleaned_data["date"],
                    ended_reason=form.cleaned_data["ended_reason"],
                    new_appointments=[formset.forms[i].new_appointment() for i in rows],
                )
            except ValidationError as error:
                add_transition_errors(form, formset, rows, error)
            else:
                messages.success(
                    request,
                    _("Change of government recorded: %(ended)d ended, %(started)d started.")
                    % {"ended": len(result.ended), "started": len(result.started)},
                )
                return redirect("country_role_history", iso3=country.iso3.lower())
    context = {
        "country": country,
        "form": form,
        "formset": formset,
        "current": selectors.country_current_appointments(country),
    }
    return render(
        request, "network/appointment_transition.html", context, status=form_status(form, formset)
    )
