"""Pages of accounts and access: invitations (list, create, revoke, accept), the handover of
an appointment, and the security log with its CSV export.

Sign-in, sign-out, password reset, e-mail addresses, second factors and sessions are
allauth's views (``urls.py``), shown in the site's templates.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gealc.accounts import forms, selectors, services
from gealc.accounts.models import Invitation, Role
from gealc.accounts.rules import InvitationTarget
from gealc.core.forms import add_service_errors, form_status
from gealc.core.permissions import require_permission
from gealc.core.tabular import csv_bytes

PAGE_SIZE = 50
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _invitable_roles(user: object) -> list[str]:
    return [role for role in Role.values if _may_invite(user, role)]


def _may_invite(user: object, role: str) -> bool:
    if role == Role.MEMBER:
        return any(
            user.has_perm("accounts.add_invitation", InvitationTarget(role, country))
            for country in selectors.invitable_countries(user)[:1]
        )
    return user.has_perm("accounts.add_invitation", InvitationTarget(role))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, "accounts.view_invitation")
    roles = _invitable_roles(request.user)
    form = forms.InvitationForm(
        request.POST or None,
        countries=selectors.invitable_countries(request.user),
        roles=roles,
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invitation_create(
                actor=request.user,
                site_url=_site_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s is invited; the e-mail with the link went to %(email)s.")
                % {"person": sent.invitation.person, "email": sent.invitation.email},
            )
            return redirect("invitation_list")
    invitations = selectors.invitations_visible_to(request.user)
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "can_revoke": {
            invitation.pk
            for invitation in page
            if rules.test_rule("accounts.revoke_invitation_now", request.user, invitation)
        },
        "handover_appointments": selectors.handover_appointments(request.user)[:500],
    }
    return render(request, "accounts/invitation_list.html", context, status=form_status(form))


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation of %(person)s is revoked.") % {"person": invitation.person}
        )
    return redirect("invitation_list")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationUnusable as refusal:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"message": refusal.message},
            status=refusal.status,
        )
    has_account = invitation.person.user_id is not None
    form = (
        None
        if has_account
        else forms.AcceptForm(
            request.POST or None, initial={"username": _suggested_username(invitation)}
        )
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form is not None else {}
        try:
            account = services.invitation_accept(
                token=token,
                user=request.user,
                username=data.get("username", ""),
                password=data.get("password", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            if form is not None and isinstance(error, ValidationError):
                add_service_errors(form, error)
            else:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        except services.InvitationUnusable as refusal:
            return render(
                request,
                "accounts/invitation_unusable.html",
                {"message": refusal.message},
                status=refusal.status,
            )
        else:
            if not request.user.is_authenticated:
                login(request, account, backend=SIGN_IN_BACKEND)
            messages.success(
                request,
                _("Welcome to GEALC Hub: you are now %(role)s.") % {"role": invitation.role_label},
            )
            return redirect("home")
    context = {"invitation": invitation, "form": form, "has_account": has_account}
    status = form_status(form) if form is not None else (400 if request.method == "POST" else 200)
    return render(request, "accounts/invitation_accept.html", context, status=status)


def _suggested_username(invitation: Invitation) -> str:
    return invitation.email.split("@", 1)[0][:150]


@login_required
@require_http_methods(["GET", "POST"])
def appointment_handover(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(selectors.handover_appointments(request.user), pk=pk)
    require_permission(request, "network.change_appointment", appointment)
    form = forms.HandoverForm(request.POST or None, initial={"end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            done = services.appointment_handover(
                actor=request.user,
                appointment=appointment,
                site_url=_site_url(request),
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                add_service_errors(form, error, rename={"start": "end", "person": "successor"})
            else:
                form.add_error(None, str(error))
        else:
            note = (
                _("an invitation went to %(email)s") % {"email": done.invitation.invitation.email}
                if done.invitation
                else _("they sign in with their account")
            )
            messages.success(
                request,
                _(
                    "%(old)s's appointment ends on %(end)s and %(new)s's starts the next day; "
                    "%(note)s."
                )
                % {
                    "old": done.ended.person,
                    "end": done.ended.end.isoformat(),
                    "new": done.started.person,
                    "note": note,
                },
            )
            return redirect("invitation_list")
    context = {"appointment": appointment, "form": form}
    return render(request, "accounts/appointment_handover.html", context, status=form_status(form))


def _security_log_filter(request: HttpRequest) -> forms.SecurityLogFilter:
    require_permission(request, "accounts.view_securityevent")
    return forms.SecurityLogFilter(request.GET or None)


@login_required
@require_http_methods(["GET", "HEAD"])
def security_log(request: HttpRequest) -> HttpResponse:
    form = _security_log_filter(request)
    valid = form.is_valid() if form.is_bound else True
    events = selectors.security_events(form.cleaned_data if form.is_bound and valid else {})
    context = {
        "form": form,
        "page_obj": Paginator(events if valid else events.none(), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "query": _query_without_page(request),
    }
    return render(request, "accounts/security_log.html", context, status=200 if valid else 400)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


CSV_COLUMNS = ("time", "event", "account", "done_by", "address", "detail")


@login_required
@require_http_methods(["GET", "HEAD"])
def security_log_csv(request: HttpRequest) -> HttpResponse:
    form = _security_log_filter(request)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    events = selectors.security_events(form.cleaned_data if form.is_bound else {})
    rows = (
        (e.at.isoformat(), e.kind, e.username, e.actor, e.ip_address, e.detail)
        for e in events.iterator()
    )
    response = HttpResponse(csv_bytes(rows, CSV_COLUMNS), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="security-log.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
