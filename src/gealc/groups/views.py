"""Pages of the working groups: groups, the regional plan and its commitments, meetings and
their minutes, the calendar and its feeds, training, certificates and their verification.

Views parse the request, check permissions with ``rules`` (``user.has_perm``; what a page
offers now, with ``rules.test_rule``), call the selectors and services and render; every
change goes through ``gealc.groups.services``.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gealc.core import records
from gealc.core.forms import add_service_errors, form_status
from gealc.core.pdf import render_pdf
from gealc.core.permissions import require_permission
from gealc.groups import calendar, charts, exports, forms, selectors, services
from gealc.groups.models import Document, Meeting, ProgressUpdate
from gealc.network import selectors as network_selectors
from gealc.network.models import Country

ICAL_TYPE = "text/calendar; charset=utf-8"


def _year(request: HttpRequest) -> int:
    return timezone.localdate().year


# Groups -----------------------------------------------------------------------------------


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    context = {
        "groups": selectors.group_list(),
        "lines": selectors.working_lines(),
        "overdue": selectors.overdue_milestones().count(),
        "manages_groups": request.user.has_perm("groups.add_workinggroup"),
    }
    return render(request, "groups/group_list.html", context)


@require_GET
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get(slug)
    user = request.user
    year = _year(request)
    items = list(selectors.commitments(user, year=year, group=group))
    every = selectors.commitments(user, group=group)
    shared = selectors.shared_work(every)
    context = {
        "group": group,
        "year": year,
        "members": selectors.group_members(group),
        "past_members": selectors.group_members(group, current=False),
        "commitments": [(c, selectors.level_of(c)) for c in items],
        "meetings": selectors.meetings_visible(user).filter(group=group).order_by("-starts_at"),
        "documents": selectors.documents_visible(group, user),
        "practices": shared.practices,
        "software": shared.software,
        "datasets": shared.datasets,
        "can_edit": user.has_perm("groups.change_workinggroup", group),
        "manages_groups": user.has_perm("groups.manage_groups", group),
        "can_add_document": user.has_perm("groups.add_document", group),
        "can_end_membership": user.has_perm("groups.add_membership", group),
        "sees_personal": user.has_perm("groups.view_personal_data"),
        "report_years": sorted({c.plan.year for c in every}, reverse=True),
        "today": timezone.localdate(),  # overdue milestones are marked against it
    }
    return render(request, "groups/group_detail.html", context)


@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    return records.document_download(
        request.user, document.file, permission="groups.view_document", obj=document
    )


def _check_year(year: int) -> None:
    """A year a date can hold; any other is no page (never a 500 from the database)."""
    if not 1 <= year <= 9999:
        raise Http404(_("There is no work plan of this year to show."))


def _report_context(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    _check_year(year)
    group = selectors.group_get(slug)
    report = selectors.year_end_report(group, year, request.user)
    if not report.commitments and not report.meetings:
        raise Http404(_("This group has no plan or meeting in that year."))
    return {"report": report, "group": group, "year": year, "demo": group.is_demo}


@require_GET
def group_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return render(request, "groups/report.html", _report_context(request, slug, year))


@require_GET
def group_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    context = _report_context(request, slug, year)
    html = render_to_string("groups/includes/report_body.html", context, request=request)
    title = _("Year-end report %(year)s: %(group)s") % {"year": year, "group": context["group"]}
    address = request.build_absolute_uri(reverse("group_report", args=[slug, year]))
    fragment = {"title": title, "html": html, "header": _("Working groups")}
    response = HttpResponse(render_pdf(fragment, address))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = f'inline; filename="{slug}-{year}.pdf"'
    return response


# The plan and its commitments -------------------------------------------------------------


@require_GET
def plan(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The regional plan of a year, by group, country ("what my country committed to") or
    indicator ("who is working on interoperability")."""
    plans = selectors.plans_visible(request.user)
    if year is not None:
        _check_year(year)
    chosen = selectors.plan_get(year, request.user) if year else plans.first()
    form = forms.PlanFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    items = (
        selectors.commitments(
            request.user,
            year=chosen.year,
            group=filters.get("group"),
            country=filters.get("country"),
            indicator=filters.get("indicator", ""),
        )
        if chosen
        else []
    )
    by_group: dict[Any, list[Any]] = {}
    for commitment in items:
        by_group.setdefault(commitment.group, []).append(
            (commitment, selectors.level_of(commitment))
        )
    context = {
        "plan": chosen,
        "plans": plans,
        "form": form,
        "by_group": by_group,
        "today": timezone.localdate(),
        "my_countries": network_selectors.countries_of_user(request.user),
        "can_create_plan": request.user.has_perm("groups.change_workplan"),
        "can_add_commitment": request.user.is_authenticated
        and selectors.groups_editable(request.user, "groups.add_commitment").exists(),
    }
    return render(request, "groups/plan.html", context, status=form_status(form))


def _reporting_countries(user: Any, commitment: Any) -> Any:
    committed = [commitment.lead_country_id, *[c.pk for c in commitment.countries.all()]]
    countries = Country.objects.filter(pk__in=committed)
    if user.has_perm("groups.review_progress", commitment):
        return countries
    own = network_selectors.countries_of_user(user).values("pk")
    return countries.filter(pk__in=own)


@require_http_methods(["GET", "POST"])
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(pk, request.user)
    user = request.user
    can_report = rules.test_rule("groups.report_progress_now", user, commitment)
    form = None
    if can_report:
        form = forms.ProgressForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            countries=_reporting_countries(user, commitment),
            initial={"date": timezone.localdate()},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.progress_report(actor=user, commitment=commitment, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("Progress recorded; the group's coordinator reviews it.")
                )
                return redirect("commitment_detail", pk=commitment.pk)
    updates = commitment.progress_updates.select_related("country")
    context = {
        "commitment": commitment,
        "level": selectors.level_of(commitment),
        "updates": updates,
        "form": form,
        "can_review": user.has_perm("groups.review_progress", commitment),
        "can_mark_done": can_report,
        "can_close": rules.test_rule("groups.close_commitment_now", user, commitment),
        "review_form": forms.ReviewForm(),
        "today": timezone.localdate(),
    }
    return render(request, "groups/commitment_detail.html", context, status=form_status(form))


@login_required
@require_POST
def progress_review(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate.objects.select_related("commitment"), pk=pk)
    require_permission(request, "groups.review_progress", update.commitment)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.progress_review(
                actor=request.user,
                update=update,
                accept=form.cleaned_data["decision"] == forms.ReviewForm.ACCEPT,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The review is recorded."))
    else:
        messages.error(request, _("Choose to accept or return the update."))
    return redirect("commitment_detail", pk=update.commitment_id)


@require_GET
def progress_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(ProgressUpdate, pk=pk)
    selectors.commitment_get(update.commitment_id, request.user)  # visible plan only
    if not update.evidence_file:
        raise Http404(_("This update has no file."))
    return records.file_download(update.evidence_file)


# Meetings ---------------------------------------------------------------------------------


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(pk, request.user)
    user = request.user
    person = getattr(user, "person", None) if user.is_authenticated else None
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda.select_related("carried_action__owner"),
        "decisions": meeting.decisions.select_related("plan"),
        "actions": meeting.actions.select_related("owner"),
        "documents": [
            d for d in meeting.documents.all() if user.has_perm("groups.view_document", d)
        ],
        "registrations": selectors.registrations(meeting),
        "sees_personal": user.has_perm("groups.view_personal_data"),
        "can_edit": user.has_perm("groups.change_meeting", meeting),
        "can_register": user.has_perm("groups.register_meeting")
        and not meeting.is_past
        and not meeting.cancelled,
        "registered": person is not None and meeting.registrations.filter(person=person).exists(),
    }
    return render(request, "groups/meeting_detail.html", context)


@login_required
@require_POST
def meeting_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(pk, request.user)
    try:
        services.meeting_register(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("You are registered; the meeting is in your personal calendar.")
        )
    return redirect("meeting_detail", pk=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator (or the secretariat) records decisions and actions, and the status of
    the open actions carried onto this meeting's agenda, all at once."""
    meeting = selectors.meeting_get(pk, request.user)
    require_permission(request, "groups.change_meeting", meeting)
    data = request.POST if request.method == "POST" else None
    minutes = forms.MinutesForms(
        data, owners=selectors.action_owners(meeting), carried=selectors.carried_agenda(meeting)
    )
    errors: list[str] = []
    if data is not None and minutes.is_valid():
        try:
            services.minutes_record(
                actor=request.user,
                meeting=meeting,
                decisions=minutes.decision_inputs(),
                actions=minutes.action_inputs(),
                reviewed_actions=minutes.reviewed_actions(),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The minutes are recorded."))
            return redirect("meeting_detail", pk=meeting.pk)
    elif data is not None:
        errors = [_("Please correct the marked fields.")]
    context = {
        "meeting": meeting,
        "decisions": minutes.decisions,
        "actions": minutes.actions,
        "carried_forms": minutes.carried,
        "errors": errors,
    }
    return render(request, "groups/meeting_minutes.html", context, status=400 if errors else 200)


# The calendar and its feeds ---------------------------------------------------------------


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    form = forms.CalendarFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    meetings = selectors.calendar(
        request.user,
        group=filters.get("group"),
        country=filters.get("country"),
        kind=filters.get("kind", ""),
    )
    now = timezone.now()
    user = request.user
    personal = (
        reverse("calendar_personal_feed", args=[calendar.personal_token(user.pk)])
        if user.is_authenticated
        else ""
    )
    context = {
        "form": form,
        "upcoming": [m for m in meetings if m.ends_at >= now],
        "past": [m for m in meetings if m.ends_at < now][::-1][:20],
        "network_feed": reverse("calendar_feed"),
        "group": filters.get("group"),
        "personal_feed": personal,
        "has_meetings": selectors.calendar(request.user).exists(),
        "can_schedule": user.has_perm("groups.add_meeting"),
    }
    return render(request, "groups/calendar.html", context, status=form_status(form))


def _ical(request: HttpRequest, meetings: Any, name: str) -> HttpResponse:
    """The feed, or a 404 with a plain message for a calendar with nothing in it (RFC 5545
    wants at least one event, and an empty file would look like a broken subscription)."""
    meetings = list(meetings)
    if not meetings:
        return HttpResponse(
            _("This calendar has no meetings yet, so there is nothing to export."),
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    body = calendar.feed(
        meetings,
        name=name,
        address=request.build_absolute_uri(reverse("meeting_list")),
        domain=request.get_host().split(":")[0] or "gealc.invalid",
    )
    response = HttpResponse(body, content_type=ICAL_TYPE)
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meetings_visible(request.user).filter(is_public=True)
    return _ical(request, meetings.order_by("starts_at"), _("GEALC network meetings"))


@require_GET
def calendar_group_feed(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.group_get(slug)
    meetings = Meeting.objects.filter(group=group, is_public=True).order_by("starts_at")
    return _ical(request, meetings, str(group.name))


@require_GET
def calendar_personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = User.objects.filter(pk=calendar.user_of_token(token), is_active=True).first()
    if user is None:
        raise Http404(_("This calendar address is not valid."))
    return _ical(request, selectors.personal_calendar(user), _("My GEALC meetings"))


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    return redirect("calendar")


# Training ---------------------------------------------------------------------------------


@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    context = {
        "courses": selectors.course_list(),
        "manages_training": request.user.has_perm("groups.manage_training"),
    }
    return render(request, "groups/course_list.html", context)


@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.course_get(slug)
    sees_personal = request.user.has_perm("groups.view_personal_data")
    editions = [
        (
            edition,
            edition.enrolments.select_related("country") if sees_personal else None,
            edition.enrolments.filter(completed_on__isnull=False).count(),
        )
        for edition in course.editions.all()
    ]
    context = {
        "course": course,
        "editions": editions,
        "sees_personal": sees_personal,
        "manages_training": request.user.has_perm("groups.manage_training"),
    }
    return render(request, "groups/course_detail.html", context)


@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate by its code: valid, revoked or expired, with the name, the
    course and the date only."""
    form = forms.VerifyForm(request.GET if "code" in request.GET else None)
    certificate = None
    if form.is_valid():
        certificate = selectors.certificate_find(form.cleaned_data["code"])
        if certificate is None:
            form.add_error(
                "code",
                _(
                    "No certificate has this code. Check it against the certificate: "
                    "twelve letters and digits, such as ABCD-EFGH-JK23."
                ),
            )
    context = {"form": form, "certificate": certificate}
    status = (
        404
        if form.is_bound and certificate is None and not form.has_error("code", "required")
        else 200
    )
    return render(request, "groups/certificate_verify.html", context, status=status)


@require_GET
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = selectors.certificate_find(code)
    if certificate is None:
        raise Http404(_("No certificate has this code."))
    verify = request.build_absolute_uri(reverse("certificate_verify")) + f"?code={certificate.code}"
    html = render_to_string(
        "groups/includes/certificate_body.html",
        {"certificate": certificate, "verify": verify},
        request=request,
    )
    title = _("Certificate %(code)s") % {"code": certificate.code}
    fragment = {"title": title, "html": html, "header": _("Training")}
    response = HttpResponse(render_pdf(fragment, verify))
    response["Content-Type"] = "application/pdf"
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@require_GET
def training_report(request: HttpRequest) -> HttpResponse:
    """Officials trained per country, year, course and working line (page, CSV, XLSX), and a
    country's training set against its index scores per dimension."""
    form = forms.TrainingFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.officials_trained(year=filters.get("year"), country=filters.get("country"))
    file_format = request.GET.get("format", "")
    if file_format in ("csv", "xlsx") and form.is_valid():
        if file_format == "csv":
            response = HttpResponse(
                exports.trained_csv(rows), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                exports.trained_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="officials-trained.{file_format}"'
        return response
    if file_format not in ("", "csv", "xlsx"):
        form.add_error(None, _("Choose the CSV or XLSX format."))
    country = filters.get("country")
    run, gaps = selectors.training_gaps(country) if country else (None, [])
    by_country = selectors.trained_by(rows, "country")
    context = {
        "form": form,
        "rows": rows,
        "by_country": by_country,
        "by_line": selectors.trained_by(rows, "working_line"),
        "by_course": selectors.trained_by(rows, "course"),
        "chart": charts.trained_chart(by_country),
        "country": country,
        "run": run,
        "gaps": gaps,
        "query": request.GET.urlencode(),
    }
    return render(request, "groups/training_report.html", context, status=form_status(form))
