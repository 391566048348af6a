"""Pages of notifications: my notifications (mark one or all read), my e-mail preferences,
and, for the secretariat, the e-mails that failed (send one again).

Views parse the request, check permissions, call the selectors and services and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gealc.core.forms import add_service_errors, form_status
from gealc.core.permissions import require_permission
from gealc.notifications import selectors, services
from gealc.notifications.forms import PreferencesForm
from gealc.notifications.models import Delivery

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.notification_list(request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page_obj": page,
            "unread_only": unread_only,
            "unread": selectors.unread_count(request.user),
            "query_string": "show=unread" if unread_only else "",
        },
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.notification_get_own(pk, request.user)
    services.notification_mark_read(actor=request.user, notification=notification)
    messages.success(request, _("Notification marked as read."))
    return redirect("notification_list")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect("notification_list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    preferences = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, preferences=preferences)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(actor=request.user, choices=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notification_preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=form_status(form),
    )


@login_required
@require_GET
def delivery_failed_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, "notifications.view_delivery")
    page = Paginator(selectors.failed_deliveries(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "notifications/delivery_failed_list.html", {"page_obj": page, "query_string": ""}
    )


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=pk)
    try:
        services.delivery_retry(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The e-mail to %(address)s is queued again.") % {"address": delivery.address}
        )
    return redirect("delivery_failed_list")
