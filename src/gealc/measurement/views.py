"""Pages of the measurement rounds: frameworks, rounds and their dashboard, submissions.

Views parse the request, check permissions with ``rules`` (``user.has_perm``), call selectors
and services and render. A submission the user may not read answers 404 (drafts of other
countries do not appear to exist); a refused change to one they may read answers 403.
Downloads and imports call measurement-io's functions (``spreadsheets``, ``exports``,
``imports``); the small dataclasses here only arrange what the selectors read for a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from gealc.core import records
from gealc.core.forms import add_service_errors
from gealc.core.permissions import require_permission
from gealc.measurement import (
    exports,
    frameworks,
    import_uploads,
    imports,
    pages,
    selectors,
    services,
    spreadsheets,
)
from gealc.measurement import rules as measurement_rules
from gealc.measurement.forms import (
    CommentForm,
    EntryForm,
    ImportForm,
    ReasonForm,
    ReviewerAssignForm,
    RoundCreateForm,
    SubmitForm,
)
from gealc.measurement.models import Submission

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submission(request: HttpRequest, pk: int, iso3: str) -> Submission:
    return selectors.submission_get_visible(request.user, pk, iso3)


def _submission_url(submission: Submission, anchor: str = "") -> str:
    url = reverse("submission_detail", args=[submission.round_id, submission.country.iso3.lower()])
    return f"{url}#{anchor}" if anchor else url


def _download(body: bytes, filename: str) -> HttpResponse:
    content_type = XLSX_TYPE if filename.endswith(".xlsx") else "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- frameworks ------------------------------------------------------------------------------


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.framework_list().prefetch_related("rounds"))
    return render(request, "measurement/framework_list.html", {"versions": versions})


@require_GET
def framework_detail(request: HttpRequest, code: str, version: str) -> HttpResponse:
    context = pages.framework_detail(selectors.framework_get(code, version))
    return render(request, "measurement/framework_detail.html", context)


@require_GET
def framework_spec(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework = selectors.framework_get(code, version)
    text = frameworks.dump_yaml(services.framework_export(version=framework))
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    filename = f"{framework.code}-{framework.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- rounds ----------------------------------------------------------------------------------


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rounds": list(selectors.round_list()),
        "can_open": request.user.has_perm("measurement.manage_round"),
        "my_submissions": selectors.submissions_to_work_on(request.user),
    }
    return render(request, "measurement/round_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    require_permission(request, "measurement.manage_round")
    if request.method != "POST":
        form = RoundCreateForm(initial=RoundCreateForm.initial_for_today(timezone.localdate()))
    else:
        form = RoundCreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.round_open(
                    actor=request.user,
                    framework_version=data["framework_version"],
                    reference_year=data["reference_year"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    countries=list(data["countries"]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The round is open."))
                return redirect("round_detail", pk=round_.pk)
    return render(request, "measurement/round_create.html", {"form": form})


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = pages.round_detail(selectors.round_get(pk), request.user)
    context["reason_form"] = ReasonForm()
    return render(request, "measurement/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_status_change(request, pk, closing=True)


@login_required
@require_http_methods(["GET", "POST"])
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_status_change(request, pk, closing=False)


def _round_status_change(request: HttpRequest, pk: int, *, closing: bool) -> HttpResponse:
    round_ = selectors.round_get(pk)
    require_permission(request, "measurement.manage_round", round_)
    service = services.round_close if closing else services.round_reopen
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            service(actor=request.user, round=round_, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = _("The round is closed.") if closing else _("The round is open again.")
            messages.success(request, done)
            return redirect("round_detail", pk=round_.pk)
    context = {"round": round_, "form": form, "closing": closing}
    return render(request, "measurement/round_status.html", context)


@login_required
@require_POST
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(pk)
    require_permission(request, "measurement.manage_round", round_)
    try:
        with transaction.atomic():
            services.round_publish(actor=request.user, round=round_)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Every validated submission of the round is published."))
    return redirect("round_detail", pk=round_.pk)


# --- the submission page -----------------------------------------------------------------


def _render_submission(
    request: HttpRequest, submission: Submission, status: int = 200, **overrides: Any
) -> HttpResponse:
    """The submission page; ``overrides`` replace forms that were sent and refused."""
    allowed = pages.permissions(request.user, submission)
    entry = overrides.pop("entry", None)
    if entry is None and allowed["can_edit"]:
        entry = _fresh_entry(submission)
    context = pages.submission_detail(request.user, submission, allowed, entry)
    report, justified = context["report"], context.pop("justified")
    context["submit_form"] = SubmitForm(
        warnings=report.warnings if report else [],
        initial={f"justification_{k}": v for k, v in justified.items()},
    )
    context["return_form"] = ReasonForm(prefix="return")
    context["assign_form"] = ReviewerAssignForm(reviewers=selectors.reviewer_choices())
    context.update(overrides)
    return render(request, "measurement/submission_detail.html", context, status=status)


def _fresh_entry(submission: Submission) -> EntryForm:
    framework = submission.round.framework_version
    values = {v.variable.code: v for v in selectors.submission_values(submission)}
    return EntryForm(submission, list(framework.variables.all()), values)


@require_http_methods(["GET", "POST"])
def submission_detail(request: HttpRequest, pk: int, iso3: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    if request.method != "POST":
        return _render_submission(request, submission)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    measurement_rules.require_change(request.user, submission)
    framework = submission.round.framework_version
    values = {v.variable.code: v for v in selectors.submission_values(submission)}
    entry = EntryForm(
        submission, list(framework.variables.all()), values, request.POST, request.FILES
    )
    if request.headers.get("X-Autosave") == "1":
        return _autosave(request, submission, entry)
    if not entry.is_valid():
        return _render_submission(request, submission, status=400, entry=entry)
    rows = entry.changed_rows()
    if not rows:
        messages.info(request, _("Nothing changed, so nothing was saved."))
        return redirect(_submission_url(submission))
    try:
        services.values_save_many(
            actor=request.user,
            submission=submission,
            rows=rows,
            expected_version=entry.expected_version,
        )
    except services.ConflictError as conflict:
        return _entry_conflict(request, submission, entry, conflict)
    except ValidationError as error:
        entry.add_service_errors(error)
        return _render_submission(request, submission, status=400, entry=entry)
    messages.success(
        request,
        _("%(count)s values saved. The validation report below is up to date.")
        % {"count": len(rows)},
    )
    return redirect(_submission_url(submission, _saved_section(request, framework)))


def _autosave(request: HttpRequest, submission: Submission, entry: EntryForm) -> JsonResponse:
    """A draft section saved in the background (entry-form.js): JSON with the versions now
    stored, or why it was not saved (the section's button then shows the details)."""
    needs_correcting = _(
        "Not saved automatically: a value needs correcting. Save the section to see it."
    )
    if not entry.is_valid():
        return JsonResponse({"message": needs_correcting}, status=400)
    rows = entry.changed_rows()
    try:
        if rows:
            services.values_save_many(
                actor=request.user,
                submission=submission,
                rows=rows,
                expected_version=entry.expected_version,
            )
    except services.ConflictError:
        message = _("Not saved automatically: someone else changed these values meanwhile.")
        return JsonResponse({"message": message}, status=409)
    except ValidationError:
        return JsonResponse({"message": needs_correcting}, status=400)
    return JsonResponse(pages.autosaved(submission))


def _saved_section(request: HttpRequest, framework: Any) -> str:
    """Back to the section that was saved (its form sends its code), else to the report."""
    section = request.POST.get("section", "")
    codes = {dimension.code for dimension in framework.dimensions.all()} | {"other"}
    return f"dimension-{section}" if section in codes else "validation-report"


def _entry_conflict(
    request: HttpRequest, submission: Submission, entry: EntryForm, conflict: Any
) -> HttpResponse:
    """Show both sides; keep the user's input, now based on the current lock version and on
    the stored versions of the values in conflict (so saving again replaces them knowingly)."""
    names = {code: row.variable.name for code, row in entry.rows.items()}
    conflicts = [
        {
            "code": item.variable,
            "name": names.get(item.variable, item.variable),
            "field": _("Value"),
            "stored": item.current,
            "yours": item.attempted,
            "by": item.current_by,
        }
        for item in conflict.conflicts
    ]
    entry.rebase(
        conflict.current_version,
        {item.variable: item.current_version for item in conflict.conflicts},
    )
    submission.refresh_from_db()
    return _render_submission(request, submission, status=409, entry=entry, conflicts=conflicts)


@login_required
@require_POST
def submission_transition(
    request: HttpRequest, pk: int, iso3: str, transition: str
) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    handler = TRANSITION_HANDLERS.get(transition)
    if handler is None:
        raise Http404
    return handler(request, submission)


def _submit(request: HttpRequest, submission: Submission) -> HttpResponse:
    require_permission(request, "measurement.submit_submission", submission)
    report = selectors.submission_validation_report(submission)
    form = SubmitForm(request.POST, warnings=report.warnings)
    if form.is_valid():
        try:
            services.submission_submit(
                actor=request.user,
                submission=submission,
                justifications=form.justifications(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The submission was sent for review."))
            return redirect(_submission_url(submission))
    return _render_submission(request, submission, status=400, submit_form=form)


def _return(request: HttpRequest, submission: Submission) -> HttpResponse:
    require_permission(request, "measurement.return_submission", submission)
    form = ReasonForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.submission_return(
                actor=request.user, submission=submission, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The submission was returned to the country."))
            return redirect(_submission_url(submission))
    return _render_submission(request, submission, status=400, return_form=form)


def _simple_step(
    service: Callable[..., Any], permission: str, done: Callable[[], str]
) -> Callable[[HttpRequest, Submission], HttpResponse]:
    def step(request: HttpRequest, submission: Submission) -> HttpResponse:
        require_permission(request, permission, submission)
        try:
            service(actor=request.user, submission=submission)
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, done())
        return redirect(_submission_url(submission))

    return step


TRANSITION_HANDLERS: dict[str, Callable[[HttpRequest, Submission], HttpResponse]] = {
    "submit": _submit,
    "return": _return,
    "validate": _simple_step(
        services.submission_validate,
        "measurement.validate_submission",
        lambda: _("The submission is validated."),
    ),
    "publish": _simple_step(
        services.submission_publish,
        "measurement.publish_submission",
        lambda: _("The submission is published."),
    ),
}


@login_required
@require_POST
def reviewer_assign(request: HttpRequest, pk: int, iso3: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    require_permission(request, "measurement.assign_reviewer", submission)
    form = ReviewerAssignForm(request.POST, reviewers=selectors.reviewer_choices())
    if form.is_valid():
        try:
            services.reviewer_assign(
                actor=request.user, submission=submission, reviewer=form.cleaned_data["reviewer"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The reviewer was assigned."))
            return redirect(_submission_url(submission))
    return _render_submission(request, submission, status=400, assign_form=form)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def comment_add(request: HttpRequest, pk: int, iso3: str, code: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    value = selectors.value_get(submission, code)
    require_permission(request, "measurement.comment_submission", submission)
    form = CommentForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            services.comment_add(
                actor=request.user,
                value=value,
                text=form.cleaned_data["text"],
                parent_id=form.cleaned_data.get("parent"),
            )
        except ValidationError as error:
            errors = list(error.messages)
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if getattr(request, "htmx", False):
        row = pages.comment_thread_row(value)
        row.comment_errors = errors
        context = {
            "row": row,
            "can_comment": True,
            "submission": submission,
            "round": submission.round,
        }
        # 200 even with an error: htmx swaps only successful responses, and the thread
        # fragment carries the message next to the box.
        return render(request, "measurement/includes/comment_thread.html", context)
    if errors:
        for message in errors:
            messages.error(request, f"{value.variable.name}: {message}")
    else:
        messages.success(request, _("Your comment was added."))
    return redirect(_submission_url(submission, f"variable-{code}"))


# --- history -------------------------------------------------------------------------------


@require_GET
def submission_history(request: HttpRequest, pk: int, iso3: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    require_permission(request, "measurement.view_history", submission)
    context = pages.submission_history(submission)
    return render(request, "measurement/submission_history.html", context)


@require_GET
def value_history(request: HttpRequest, pk: int, iso3: str, code: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    require_permission(request, "measurement.view_history", submission)
    context = pages.value_history(submission, selectors.value_get(submission, code))
    return render(request, "measurement/value_history.html", context)


# --- downloads and imports -----------------------------------------------------------------


@require_GET
def submission_template(request: HttpRequest, pk: int, iso3: str, fmt: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    # Pre-filled with every current value, confidential ones too: as the export.
    require_permission(request, "measurement.view_confidential", submission)
    if fmt == "csv":
        body = spreadsheets.submission_template_csv(submission)
    else:
        body = spreadsheets.submission_template_xlsx(submission)
    return _download(body, spreadsheets.submission_filename(submission, "template", fmt))


@require_GET
def submission_export(request: HttpRequest, pk: int, iso3: str, fmt: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    # The export holds confidential numbers: the public downloads published data elsewhere.
    require_permission(request, "measurement.view_confidential", submission)
    body = (
        exports.submission_csv(submission) if fmt == "csv" else exports.submission_xlsx(submission)
    )
    return _download(body, spreadsheets.submission_filename(submission, "export", fmt))


@require_GET
def value_evidence(request: HttpRequest, pk: int, iso3: str, code: str) -> FileResponse:
    """An uploaded evidence file, for those who may read the submission.

    Files are never served from the media URL: a draft's evidence is as private as the draft,
    and a confidential value's evidence stays with those it is not confidential to.
    """
    submission = _submission(request, pk, iso3)
    value = selectors.value_get(submission, code)
    if not value.evidence_file:
        raise Http404("This value has no evidence file.")
    if measurement_rules.is_confidential_to(request.user, value):
        raise PermissionDenied
    # A download of the type its kind fixes, never rendered as a page of the site.
    return records.file_download(value.evidence_file)


@login_required
@require_http_methods(["GET", "POST"])
def submission_import(request: HttpRequest, pk: int, iso3: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    require_permission(request, "measurement.change_submission", submission)
    context: dict[str, Any] = {"submission": submission, "round": submission.round}
    if request.method != "POST":
        context["form"] = ImportForm()
        return render(request, "measurement/submission_import.html", context)
    if "token" in request.POST:
        return _import_confirm(request, submission, context)
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "measurement/submission_import.html", context, status=400)
    try:
        data = imports.read_upload(form.cleaned_data["file"])
    except imports.ImportRefused as refused:
        report = imports.ImportReport(problems=[refused.problem])
    else:
        report = services.values_import(
            actor=request.user,
            submission=submission,
            upload=data,
            expected_version=None,
            dry_run=True,
        )
        if report.ok and report.changes:  # a file that changes nothing is never confirmed
            context["token"] = import_uploads.import_upload_stash(submission=submission, data=data)
            context["expected_version"] = submission.lock_version
    context["report"] = report
    return render(
        request, "measurement/submission_import.html", context, status=200 if report.ok else 400
    )


def _import_confirm(
    request: HttpRequest, submission: Submission, context: dict[str, Any]
) -> HttpResponse:
    context["form"] = ImportForm()
    stashed = import_uploads.import_upload_take(
        submission=submission, token=request.POST.get("token", "")
    )
    if stashed is None:
        messages.error(request, _("The checked file has expired; upload it again."))
        return render(request, "measurement/submission_import.html", context, status=400)
    name, data = stashed
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        expected = submission.lock_version
    report = services.values_import(
        actor=request.user,
        submission=submission,
        upload=data,
        expected_version=expected,
        dry_run=False,
    )
    if report.saved:
        # Only once the values are committed: if the request failed, the file could be resent.
        transaction.on_commit(lambda: import_uploads.import_upload_discard(name=name))
        messages.success(request, _("%(count)s rows imported.") % {"count": len(report.rows)})
        return redirect(_submission_url(submission, "validation-report"))
    context["report"] = report
    return render(request, "measurement/submission_import.html", context, status=409)
