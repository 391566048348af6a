"""Pages of the welcome dossier: the dossier of a country (page and PDF), its welcome
checklist, and the secretariat's list of welcomes.

Views parse the request, check permissions, call the selectors and services and render.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from gealc.continuity import pdf, selectors, services, tasks
from gealc.continuity.models import WelcomeStep
from gealc.core.permissions import require_permission
from gealc.network.models import Appointment
from gealc.network.selectors import country_get

RECENT_ARRIVALS_DAYS = 180


@require_safe
def dossier(request: HttpRequest, iso3: str) -> HttpResponse:
    country = country_get(iso3)
    read = selectors.dossier(country, request.user)
    can_see_welcome = request.user.has_perm("continuity.view_welcome", country)
    return render(
        request,
        "continuity/dossier.html",
        {
            "dossier": read,
            "checklist": selectors.welcome_checklist(read.welcome) if can_see_welcome else None,
            "can_change_welcome": request.user.has_perm("continuity.change_welcome", country),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_safe
def first_days(request: HttpRequest, iso3: str) -> HttpResponse:
    """The first 90 days of the country's new head or delegate: for its members and the
    secretariat."""
    country = country_get(iso3)
    require_permission(request, "continuity.view_members_dossier", country)
    return render(
        request,
        "continuity/first_days.html",
        {"first_days": selectors.first_days(country, request.user)},
    )


@require_safe
def dossier_pdf(request: HttpRequest, iso3: str) -> HttpResponse:
    """The PDF once a worker has rendered it; until then a page that says it is being
    prepared (202)."""
    country = country_get(iso3)
    read = selectors.dossier(country, request.user)
    language = get_language()
    name = pdf.dossier_pdf_name(read, language)
    if not default_storage.exists(name):
        tasks.render_dossier_pdf.enqueue(
            iso3=country.iso3,
            language=language,
            user_id=request.user.pk if request.user.is_authenticated else None,
            address=request.build_absolute_uri().removesuffix("dossier.pdf") + "dossier/",
        )
    if not default_storage.exists(name):  # the immediate backend has rendered it by now
        return render(request, "continuity/dossier_pdf_pending.html", {"dossier": read}, status=202)
    with default_storage.open(name) as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{country.iso3.lower()}.pdf"'
    return response


@login_required
@require_POST
def welcome_step(request: HttpRequest, iso3: str, step: str) -> HttpResponse:
    country = country_get(iso3)
    welcome = selectors.latest_welcome(country)
    if welcome is None:
        require_permission(request, "continuity.change_welcome", country)
        return _no_welcome(request, country.iso3)
    try:
        services.welcome_step_set(
            actor=request.user,
            welcome=welcome,
            step=step,
            done=request.POST.get("done") == "1",
            note=request.POST.get("note", "")[:2000],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The welcome checklist is updated."))
    return redirect("dossier", iso3=country.iso3)


def _no_welcome(request: HttpRequest, iso3: str) -> HttpResponse:
    messages.error(request, _("No welcome is open for this country."))
    return redirect("dossier", iso3=iso3)


@login_required
@require_GET
def welcome_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, "continuity.change_welcome")
    since = timezone.localdate() - datetime.timedelta(days=RECENT_ARRIVALS_DAYS)
    welcomes = [
        (welcome, selectors.welcome_checklist(welcome)) for welcome in selectors.welcome_list()
    ]
    return render(
        request,
        "continuity/welcome_list.html",
        {
            "welcomes": welcomes,
            "arrivals": selectors.arrivals_without_welcome(since),
            "steps_total": len(WelcomeStep.Step.choices),
        },
    )


@login_required
@require_POST
def welcome_open(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(
        Appointment.objects.select_related("institution__country"), pk=pk
    )
    try:
        services.welcome_open(actor=request.user, appointment=appointment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("welcome_list")
    messages.success(request, _("The welcome is open."))
    return redirect("dossier", iso3=appointment.institution.country.iso3)
