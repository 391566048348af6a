"""Pages that change the working groups: the groups themselves (the secretariat's), a year's
plan and its commitments (milestones done, the year-end close), a group's documents and
memberships, meetings (schedule, update, attendance) and training (courses, editions,
enrolment, completion, certificates). The edits of groups, courses and editions carry the
version the editor started from: a change made meanwhile by someone else is shown beside
theirs, never overwritten.

Each page parses a form, checks the permission on the server (``require_permission`` with the
rules of ``gealc.groups.rules``), calls one service and shows a refusal on the form with the
field it names; nothing is saved unless the service accepts all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gealc.core.forms import Conflict, add_service_errors, form_status
from gealc.core.l10n import format_date
from gealc.core.permissions import require_permission
from gealc.core.views import change_page
from gealc.groups import forms, selectors, services
from gealc.groups.models import Certificate, Enrolment, Membership, Milestone

TRAINING = "groups.manage_training"


def _language() -> str:
    """The language the editor writes a translated text in (the page's)."""
    return (get_language() or "es")[:2]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _all_valid(*items: Any) -> bool:
    results = [item.is_valid() for item in items]  # no short cut: each shows its errors
    return all(results)


@dataclass
class Saved:
    """What a service returned for an accepted form (``None`` for some services)."""

    result: Any


def _save(
    request: HttpRequest,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    rename: Mapping[str, str] | None = None,
) -> Saved | None:
    """Call the service with a submitted, valid form's data and say ``done``; a refusal goes
    onto the form (on the field it names, after ``rename``). None when nothing was saved."""
    if not (form.is_bound and form.is_valid()):
        return None
    try:
        result = call(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error, rename)
        return None
    messages.success(request, done)
    return Saved(result)


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], *shown: Any
) -> HttpResponse:
    return render(request, f"groups/{template}", context, status=form_status(*shown))


def _simple_page(
    request: HttpRequest,
    form: Any,
    *,
    heading: str,
    submit: str,
    back: tuple[str, str],
    lead: str = "",
    conflicts: Sequence[Conflict] = (),
) -> HttpResponse:
    """A page of one form: its heading, an explanation, the form and a way back (and, after
    a refused stale edit, the values saved meanwhile beside the editor's)."""
    context = {
        "form": form,
        "heading": heading,
        "lead": lead,
        "submit": submit,
        "back_url": back[0],
        "back_label": back[1],
        "multipart": form.is_multipart(),
        "conflicts": conflicts,
    }
    return _form_page(request, "form_page.html", context, form)


def _one_form_page(
    request: HttpRequest,
    form: Any,
    call: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    then: Callable[[Any], str],
    heading: str,
    submit: str,
    back: tuple[str, str],
    lead: str = "",
    rename: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A page of one form whose accepted data ``call`` saves through a service, then goes to
    ``then(result)``; shown again with the refusal otherwise."""
    saved = _save(request, form, call, done=done, rename=rename)
    if saved:
        return redirect(then(saved.result))
    return _simple_page(request, form, heading=heading, submit=submit, back=back, lead=lead)


def _edit_page(
    request: HttpRequest,
    form_class: type[forms.CreateOrEditForm],
    record: Any,
    update: Callable[..., Any],
    *,
    done: str,
    heading: str,
    submit: str,
    back: tuple[str, str],
) -> HttpResponse:
    """The page that changes ``record`` with ``form_class`` through the service ``update``
    (given the actor, the changes and the version the form started from), then goes ``back``.
    When someone else changed the record meanwhile, the editor keeps their input, now based
    on the saved version (sending it again applies it knowingly), and sees what differs."""
    form = form_class(_posted(request), initial=form_class.initial_for(record), editing=True)
    return change_page(
        request,
        form,
        record,
        lambda: update(
            actor=request.user,
            data=form.changes(),
            expected_version=form.cleaned_data["expected_version"],
        ),
        done=(done, back[0]),
        page=lambda conflicts: _simple_page(
            request, form, heading=heading, submit=submit, back=back, conflicts=conflicts
        ),
    )


# Working groups ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    """The secretariat sets up a working group; its coordinators then add its members."""
    require_permission(request, "groups.add_workinggroup")
    form = forms.GroupForm(_posted(request), initial={"start": timezone.localdate()})
    return _one_form_page(
        request,
        form,
        lambda _data: services.group_create(
            actor=request.user, data=form.details(), **form.relations()
        ),
        done=_("The group is set up; add its members from its page."),
        then=lambda group: reverse("group_detail", args=[group.slug]),
        heading=_("New working group"),
        submit=_("Set up the group"),
        back=(reverse("group_list"), _("Working groups")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_update(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat changes a group's details; its address stays."""
    group = selectors.group_get(slug)
    require_permission(request, "groups.manage_groups", group)
    return _edit_page(
        request,
        forms.GroupForm,
        group,
        partial(services.group_update, group=group),
        done=_("The group is updated."),
        heading=_("Change %(group)s") % {"group": group.name},
        submit=_("Save the group"),
        back=(reverse("group_detail", args=[group.slug]), str(group.name)),
    )


# The plan and its commitments -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """The secretariat opens the plan of a year, as a draft until the assembly adopts it."""
    require_permission(request, "groups.change_workplan")
    return _one_form_page(
        request,
        forms.PlanForm(_posted(request)),
        lambda data: services.plan_create(actor=request.user, year=data["year"]),
        done=_(
            "The plan is a draft: the assembly adopts it by a decision in the minutes of its "
            "meeting."
        ),
        then=lambda plan: reverse("plan_year", args=[plan.year]),
        heading=_("New work plan"),
        lead=_(
            "The plan of a year starts as a draft that only members of the network see; the "
            "assembly adopts it by a decision in the minutes of its meeting."
        ),
        submit=_("Create the plan"),
        back=(reverse("plan"), _("Work plan")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: HttpRequest, year: int) -> HttpResponse:
    """A coordinator adds a commitment of their group to a year's plan (the secretariat to
    any group's), with its milestones and what it links to."""
    plan = selectors.plan_get(year, request.user)
    groups = selectors.groups_editable(request.user, "groups.add_commitment")
    if not groups.exists():
        raise PermissionDenied
    data = _posted(request)
    start, end = f"{plan.year}-01-01", f"{plan.year}-12-31"
    form = forms.CommitmentForm(data, groups=groups, initial={"start": start, "end": end})
    milestones = forms.MilestoneFormSet(data, prefix="milestones")
    if data is not None and _all_valid(form, milestones):
        language = _language()
        try:
            commitment = services.commitment_create(
                actor=request.user,
                plan=plan,
                group=form.cleaned_data["group"],
                lead_country=form.cleaned_data["lead_country"],
                data=form.data_for_service(language),
                milestones=[
                    services.MilestoneInput(row.cleaned_data["title"], row.cleaned_data["due"])
                    for row in milestones
                    if row.cleaned_data.get("title")
                ],
                **form.relations(),
            )
        except ValidationError as error:
            rename = {f"title_{language}": "title", f"description_{language}": "description"}
            add_service_errors(form, error, rename)
        else:
            messages.success(request, _("The commitment is in the plan."))
            return redirect("commitment_detail", pk=commitment.pk)
    context = {"plan": plan, "form": form, "milestones": milestones}
    return _form_page(request, "commitment_form.html", context, form, milestones)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    """A country of the commitment (or its coordinator) marks a milestone done on a date."""
    milestone = get_object_or_404(Milestone.objects.select_related("commitment"), pk=pk)
    commitment = selectors.commitment_get(milestone.commitment_id, request.user)
    require_permission(request, "groups.report_progress", commitment)
    form = forms.MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_mark_done(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request,
            _("Milestone “%(milestone)s” not marked done: %(problem)s")
            % {"milestone": milestone.title, "problem": problems},
        )
    else:
        messages.success(request, _("The milestone is marked done."))
    return redirect("commitment_detail", pk=commitment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The year-end close of a commitment: completed, carried over to a later plan, dropped
    with a reason or replaced by another commitment — never silently lost."""
    commitment = selectors.commitment_get(pk, request.user)
    require_permission(request, "groups.close_commitment", commitment)
    form = forms.CloseForm(_posted(request), plans=selectors.later_plans(commitment))
    language = _language()
    saved = _save(
        request,
        form,
        lambda data: services.commitment_close(
            actor=request.user,
            commitment=commitment,
            outcome=data["outcome"],
            reason=data["reason"],
            next_plan=data["next_plan"],
            replacement=form.replacement(language),
        ),
        done=_("The commitment is closed for its year."),
        rename={
            "outcome_reason": "reason",
            "replacement": "replacement_title",
            f"title_{language}": "replacement_title",
        },
    )
    if saved:  # to the commitment that carries it on, if any
        return redirect("commitment_detail", pk=(saved.result or commitment).pk)
    return _simple_page(
        request,
        form,
        heading=_("Close %(commitment)s for its year") % {"commitment": commitment.title},
        lead=_(
            "Completed only when its accepted progress is complete. Carried over: a copy with "
            "its milestones not done goes into the later plan. Dropped: say why. Replaced: "
            "give the title of the commitment that replaces it in the later plan."
        ),
        submit=_("Close the commitment"),
        back=(reverse("commitment_detail", args=[commitment.pk]), str(commitment.title)),
    )


# A group's documents and members ----------------------------------------------------------


def _document_page(
    request: HttpRequest, owner: dict[str, Any], *, done: str, heading: str, back: tuple[str, str]
) -> HttpResponse:
    """Upload a document to a group's space or a meeting's papers (``owner``: ``group=`` or
    ``meeting=``), checked like evidence files; back to the owner's page once saved."""
    return _one_form_page(
        request,
        forms.DocumentForm(_posted(request), request.FILES or None),
        lambda data: services.document_add(actor=request.user, **owner, **data),
        done=done,
        then=lambda _document: back[0],
        heading=heading,
        submit=_("Upload the document"),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator uploads a document to the group's space."""
    group = selectors.group_get(slug)
    require_permission(request, "groups.add_document", group)
    return _document_page(
        request,
        {"group": group},
        done=_("The document is in the group's space."),
        heading=_("Add a document to %(group)s") % {"group": group.name},
        back=(reverse("group_detail", args=[group.slug]), str(group.name)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever may change a meeting adds its papers."""
    meeting = selectors.meeting_get(pk, request.user)
    require_permission(request, "groups.change_meeting", meeting)
    return _document_page(
        request,
        {"meeting": meeting},
        done=_("The document is among the meeting's papers."),
        heading=_("Add a document to %(meeting)s") % {"meeting": meeting.title},
        back=(reverse("meeting_detail", args=[meeting.pk]), str(meeting.title)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    """A coordinator adds a person of the directory to their group, with a role and a date."""
    group = selectors.group_get(slug)
    require_permission(request, "groups.add_membership", group)
    back = (reverse("group_detail", args=[group.slug]), str(group.name))
    return _one_form_page(
        request,
        forms.MembershipForm(_posted(request), initial={"start": timezone.localdate()}),
        lambda data: services.membership_add(actor=request.user, group=group, **data),
        done=_("The person is a member of the group."),
        rename={NON_FIELD_ERRORS: "person"},
        then=lambda _membership: back[0],
        heading=_("Add a member to %(group)s") % {"group": group.name},
        submit=_("Add the member"),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership on a date with a reason; it stays in the group's history."""
    membership = get_object_or_404(
        Membership.objects.select_related("group", "person", "country"), pk=pk
    )
    require_permission(request, "groups.add_membership", membership.group)
    group = membership.group
    back = (reverse("group_detail", args=[group.slug]), str(group.name))
    return _one_form_page(
        request,
        forms.MembershipEndForm(_posted(request), initial={"end": timezone.localdate()}),
        lambda data: services.membership_end(actor=request.user, membership=membership, **data),
        done=_("The membership has ended; it stays in the history."),
        rename={"end_reason": "reason"},
        then=lambda _membership: back[0],
        heading=_("End the membership of %(person)s") % {"person": membership.person},
        lead=_("The membership is kept in the group's history with its dates and the reason."),
        submit=_("End the membership"),
        back=back,
    )


# Meetings ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request: HttpRequest) -> HttpResponse:
    """A coordinator schedules a meeting of their group; the secretariat one of any group or
    of the whole network. Open actions of earlier meetings go onto its agenda."""
    require_permission(request, "groups.add_meeting")
    data = _posted(request)
    initial = {"group": request.GET.get("group", "")}  # from the group's page
    form = forms.MeetingForm(data, groups=selectors.groups_editable(request.user), initial=initial)
    form.fields["group"].required = not request.user.has_perm("groups.change_workplan")
    agenda = forms.AgendaFormSet(data, prefix="agenda")
    if data is not None and _all_valid(form, agenda):
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                group=form.cleaned_data["group"],
                data=form.data_for_service(),
                agenda=[
                    services.AgendaInput(**row.cleaned_data)
                    for row in agenda
                    if row.cleaned_data.get("title")
                ],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is scheduled; its people are told."))
            return redirect("meeting_detail", pk=meeting.pk)
    return _form_page(
        request,
        "meeting_form.html",
        {"form": form, "agenda": agenda, "meeting": None},
        form,
        agenda,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(pk, request.user)
    require_permission(request, "groups.change_meeting", meeting)
    form = forms.MeetingForm(_posted(request), initial=forms.MeetingForm.initial_for(meeting))
    if _save(
        request,
        form,
        lambda _data: services.meeting_update(
            actor=request.user, meeting=meeting, data=form.data_for_service()
        ),
        done=_("The meeting is updated; its people are told."),
    ):
        return redirect("meeting_detail", pk=meeting.pk)
    context = {"form": form, "agenda": None, "meeting": meeting}
    return _form_page(request, "meeting_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who of the people registered attended, ticked in one form."""
    meeting = selectors.meeting_get(pk, request.user)
    require_permission(request, "groups.change_meeting", meeting)
    form = forms.AttendanceForm(_posted(request), registrations=selectors.registrations(meeting))
    if _save(
        request,
        form,
        lambda _data: services.attendance_record(
            actor=request.user, meeting=meeting, attended=form.attended()
        ),
        done=_("The attendance is recorded."),
    ):
        return redirect("meeting_detail", pk=meeting.pk)
    return _simple_page(
        request,
        form,
        heading=_("Attendance at %(meeting)s") % {"meeting": meeting.title},
        lead=_("Tick the people who attended; those left unticked did not attend.")
        if form.fields
        else _("Nobody has registered for this meeting."),
        submit=_("Record the attendance"),
        back=(reverse("meeting_detail", args=[meeting.pk]), str(meeting.title)),
    )


# Training ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    require_permission(request, TRAINING)
    form = forms.CourseForm(_posted(request), initial={"language": _language()})
    return _one_form_page(
        request,
        form,
        lambda data: services.course_create(
            actor=request.user, data=form.details(), working_line=data["working_line"]
        ),
        done=_("The course is added; add its editions here."),
        then=lambda course: reverse("course_detail", args=[course.slug]),
        heading=_("New course"),
        submit=_("Add the course"),
        back=(reverse("course_list"), _("Training")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_update(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat changes a course; its address and certificates stay."""
    course = selectors.course_get(slug)
    require_permission(request, TRAINING)
    return _edit_page(
        request,
        forms.CourseForm,
        course,
        partial(services.course_update, course=course),
        done=_("The course is updated."),
        heading=_("Change %(course)s") % {"course": course.title},
        submit=_("Save the course"),
        back=(reverse("course_detail", args=[course.slug]), str(course.title)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an edition's dates or place."""
    require_permission(request, TRAINING)
    edition = selectors.edition_get(pk)
    return _edit_page(
        request,
        forms.EditionForm,
        edition,
        partial(services.edition_update, edition=edition),
        done=_("The edition is updated."),
        heading=_("Change the edition of %(course)s") % {"course": edition.course.title},
        submit=_("Save the edition"),
        back=(
            reverse("edition_detail", args=[edition.pk]),
            _("%(course)s: edition of %(start)s")
            % {"course": edition.course.title, "start": format_date(edition.start)},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_create(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.course_get(slug)
    require_permission(request, TRAINING)
    return _one_form_page(
        request,
        forms.EditionForm(_posted(request)),
        lambda data: services.edition_create(actor=request.user, course=course, **data),
        done=_("The edition is added; enrol its participants here."),
        then=lambda edition: reverse("edition_detail", args=[edition.pk]),
        heading=_("New edition of %(course)s") % {"course": course.title},
        submit=_("Add the edition"),
        back=(reverse("course_detail", args=[course.slug]), str(course.title)),
    )


def _edition_page(
    request: HttpRequest,
    edition: Any,
    *,
    enrol_form: forms.EnrolForm | None = None,
    problem: str = "",
) -> HttpResponse:
    """The secretariat's page of an edition: enrolments with their completion and
    certificate; a refused row is named at the top (400)."""
    rows = [
        (
            enrolment,
            forms.EnrolmentRecordForm(
                prefix=f"e{enrolment.pk}",
                initial={
                    "attended": enrolment.attended,
                    "completed_on": enrolment.completed_on,
                },
            ),
        )
        for enrolment in selectors.enrolments(edition)
    ]
    context = {
        "edition": edition,
        "course": edition.course,
        "rows": rows,
        "enrol_form": enrol_form or forms.EnrolForm(),
        "problem": problem,
    }
    refused = bool(problem) or (enrol_form is not None and not enrol_form.is_valid())
    return render(request, "groups/edition_detail.html", context, status=400 if refused else 200)


@login_required
@require_http_methods(["GET"])
def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request, TRAINING)
    return _edition_page(request, selectors.edition_get(pk))


@login_required
@require_POST
def edition_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol a person of the directory, or invite someone by name and e-mail."""
    require_permission(request, TRAINING)
    edition = selectors.edition_get(pk)
    form = forms.EnrolForm(request.POST)
    if _save(
        request,
        form,
        lambda data: services.enrol(actor=request.user, edition=edition, **data),
        done=_("The person is enrolled."),
    ):
        return redirect("edition_detail", pk=edition.pk)
    return _edition_page(request, edition, enrol_form=form)


def _row_problem(enrolment: Enrolment, error: ValidationError | str) -> str:
    problem = error if isinstance(error, str) else " ".join(error.messages)
    return _("%(name)s: %(problem)s") % {"name": enrolment.name, "problem": problem}


@login_required
@require_POST
def enrolment_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether an enrolled person attended, and the day they completed the course."""
    require_permission(request, TRAINING)
    enrolment = get_object_or_404(Enrolment.objects.select_related("edition__course"), pk=pk)
    form = forms.EnrolmentRecordForm(request.POST, prefix=f"e{enrolment.pk}")
    if not form.is_valid():
        problem = _row_problem(enrolment, _("give the completion date as a date."))
        return _edition_page(request, enrolment.edition, problem=problem)
    try:
        services.enrolment_record(actor=request.user, enrolment=enrolment, **form.cleaned_data)
    except ValidationError as error:
        return _edition_page(request, enrolment.edition, problem=_row_problem(enrolment, error))
    messages.success(request, _("Recorded for %(name)s.") % {"name": enrolment.name})
    return redirect("edition_detail", pk=enrolment.edition_id)


@login_required
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    require_permission(request, TRAINING)
    enrolment = get_object_or_404(Enrolment.objects.select_related("edition__course"), pk=pk)
    try:
        certificate = services.certificate_issue(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        return _edition_page(request, enrolment.edition, problem=_row_problem(enrolment, error))
    messages.success(
        request,
        _("Certificate %(code)s issued to %(name)s.")
        % {"code": certificate.code, "name": enrolment.name},
    )
    return redirect("edition_detail", pk=enrolment.edition_id)


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, code: str) -> HttpResponse:
    require_permission(request, TRAINING)
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__edition__course"), code=code
    )
    enrolment = certificate.enrolment
    form = forms.RevokeForm(request.POST)
    if not form.is_valid():
        problem = _row_problem(enrolment, _("say why the certificate is revoked."))
        return _edition_page(request, enrolment.edition, problem=problem)
    try:
        services.certificate_revoke(
            actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _edition_page(request, enrolment.edition, problem=_row_problem(enrolment, error))
    messages.success(request, _("Certificate %(code)s revoked.") % {"code": certificate.code})
    return redirect("edition_detail", pk=enrolment.edition_id)
