"""Pages of the measurement rounds: frameworks, rounds and their dashboard, submissions.

Views parse the request, check permissions with ``rules`` (``user.has_perm``), call selectors
and services and render. A submission the user may not read answers 404 (drafts of other
countries do not appear to exist); a refused change to one they may read answers 403.
Downloads and imports call measurement-io's functions (``spreadsheets``, ``exports``,
``imports``); the small dataclasses here only arrange what the selectors read for a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from gealc.charts import Chart, bar_chart
from gealc.core.files import attachment_response
from gealc.core.forms import add_service_errors
from gealc.measurement import (
    exports,
    formulas,
    frameworks,
    import_uploads,
    imports,
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
from gealc.measurement.models import (
    Comment,
    Dimension,
    FrameworkVersion,
    Round,
    Submission,
    Transition,
    Value,
    Variable,
    format_decimal,
)
from gealc.measurement.validation import Issue, ValidationReport
from gealc.network import rules as network_rules

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


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


@dataclass
class DimensionBlock:
    dimension: Dimension
    indicators: list[Any]


@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.framework_list().prefetch_related("rounds"))
    return render(request, "measurement/framework_list.html", {"versions": versions})


@require_GET
def framework_detail(request: HttpRequest, code: str, version: str) -> HttpResponse:
    framework = selectors.framework_get(code, version)
    indicators = list(framework.indicators.select_related("dimension"))
    dimensions = [
        DimensionBlock(dimension, [i for i in indicators if i.dimension_id == dimension.pk])
        for dimension in framework.dimensions.all()
    ]
    context = {
        "framework": framework,
        "dimensions": dimensions,
        "variables": list(framework.variables.all()),
        "rules": list(framework.rules.all()),
        "rounds": list(framework.rounds.all()),
    }
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
        "my_submissions": _my_submissions(request.user),
    }
    return render(request, "measurement/round_list.html", context)


def _my_submissions(user: Any) -> list[Submission]:
    """What the user has to work on: their countries' submissions and their reviews."""
    own = Submission.objects.filter(
        country__in=selectors.countries_of(user), round__status=Round.Status.OPEN
    ).select_related("round", "country")
    reviews = selectors.reviewer_assignments(user).exclude(state=Submission.State.PUBLISHED)
    found = {submission.pk: submission for submission in [*own, *reviews]}
    return sorted(found.values(), key=lambda s: (-s.round.reference_year, s.country.name))


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    _require(request, "measurement.manage_round")
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


@dataclass(frozen=True)
class ProgressRow:
    """One country on the round's dashboard; figures only when the viewer may read them."""

    submission: Submission
    readable: bool
    filled: int = 0
    total: int = 0
    errors: int = 0
    warnings: int = 0
    reviewers: tuple[str, ...] = ()

    @property
    def country(self) -> Any:
        return self.submission.country

    @property
    def percent_filled(self) -> float:
        return round(100 * self.filled / self.total, 1) if self.total else 0.0


def _progress_rows(round_: Round, user: Any) -> list[ProgressRow]:
    total = round_.framework_version.variables.count()
    visible = {s.pk: s for s in selectors.submissions_visible_to(user, round_)}
    reports = selectors.round_validation_reports(round_) if visible else {}
    rows = []
    for submission in round_.submissions.select_related("country").order_by("country__name"):
        shown = visible.get(submission.pk)
        if shown is None:
            rows.append(ProgressRow(submission, readable=False))
            continue
        report = reports.get(submission.country.iso3, ValidationReport([], []))
        reviewers = tuple(
            a.reviewer.get_full_name() or a.reviewer.username for a in shown.assignments.all()
        )
        filled = getattr(shown, "value_count", 0)
        rows.append(
            ProgressRow(
                shown,
                True,
                min(filled, total),
                total,
                len(report.errors),
                len(report.warnings),
                reviewers,
            )
        )
    return rows


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(pk)
    rows = _progress_rows(round_, request.user)
    manages = request.user.has_perm("measurement.manage_round", round_)
    context = {
        "round": round_,
        "rows": rows,
        "chart": _progress_chart(round_, rows),
        "states": selectors.round_progress(round_),
        "can_manage": manages,
        "can_publish": manages
        and round_.submissions.filter(state=Submission.State.VALIDATED).exists(),
        "reason_form": ReasonForm(),
    }
    return render(request, "measurement/round_detail.html", context)


def _progress_chart(round_: Round, rows: list[ProgressRow]) -> Chart | None:
    visible = [(row.country.name, row.percent_filled) for row in rows if row.readable]
    if not visible:
        return None
    return bar_chart(
        title=_("Variables filled in, by country (round %(year)s)")
        % {"year": round_.reference_year},
        data=visible,
        category_title=_("Country"),
        value_title=_("Variables filled in (%)"),
        decimals=0,
        value_domain=(0, 100),
    )


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
    _require(request, "measurement.manage_round", round_)
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
    _require(request, "measurement.manage_round", round_)
    try:
        with transaction.atomic():
            services.round_publish(actor=request.user, round=round_)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("Every validated submission of the round is published."))
    return redirect("round_detail", pk=round_.pk)


# --- the submission page -----------------------------------------------------------------


@dataclass
class ValueRowView:
    """A variable on the submission page: its stored value, its input row and its thread."""

    variable: Variable
    value: Value | None
    form: Any = None
    comments: list[Comment] = field(default_factory=list)
    comment_errors: list[str] = field(default_factory=list)
    withheld: bool = False  # confidential to the reader: no number, evidence or comment

    @property
    def comment_count(self) -> int:
        return sum(1 + len(c.replies_list) for c in self.comments)  # type: ignore[attr-defined]

    @property
    def number(self) -> str:
        """The stored number as written (120, 12.5), whatever its status."""
        if self.value is None or self.value.value is None:
            return ""
        return format_decimal(self.value.value)

    @property
    def root_comment(self) -> Comment | None:
        return self.comments[0] if self.comments else None


@dataclass
class VariableGroup:
    code: str
    name: str
    rows: list[ValueRowView]


def _threads(values: Sequence[Value]) -> dict[int, list[Comment]]:
    """Root comments per value id, each with ``replies_list`` (answers in order)."""
    comments = Comment.objects.filter(value__in=list(values)).select_related("author")
    roots: dict[int, list[Comment]] = {}
    by_id: dict[int, Comment] = {}
    for comment in comments.order_by("created_at", "pk"):
        comment.replies_list = []  # type: ignore[attr-defined]
        by_id[comment.pk] = comment
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.replies_list.append(comment)  # type: ignore[attr-defined]
        else:
            roots.setdefault(comment.value_id, []).append(comment)
    return roots


def _dimension_of_variables(framework: FrameworkVersion) -> dict[str, Dimension]:
    """Each variable's dimension: the first (in order) of the indicators that use it."""
    found: dict[str, Dimension] = {}
    for indicator in framework.indicators.select_related("dimension").order_by(
        "dimension__order", "order", "code"
    ):
        try:
            names = formulas.parse(indicator.formula).names
        except formulas.FormulaError:
            continue
        for name in sorted(names):
            found.setdefault(name, indicator.dimension)
    return found


def _variable_groups(
    submission: Submission, entry: EntryForm | None, show_threads: bool, reader: Any
) -> list[VariableGroup]:
    framework = submission.round.framework_version
    values = {v.variable.code: v for v in selectors.submission_values(submission)}
    threads = _threads(list(values.values())) if show_threads else {}
    dimension_of = _dimension_of_variables(framework)
    groups: dict[str, VariableGroup] = {
        d.code: VariableGroup(d.code, d.name, []) for d in framework.dimensions.all()
    }
    other = VariableGroup("other", _("Other variables"), [])
    for variable in framework.variables.all():
        value = values.get(variable.code)
        row = ValueRowView(
            variable,
            value,
            entry.rows.get(variable.code) if entry else None,
            threads.get(value.pk, []) if value else [],
            withheld=value is not None and measurement_rules.is_confidential_to(reader, value),
        )
        dimension = dimension_of.get(variable.code)
        (groups[dimension.code] if dimension else other).rows.append(row)
    return [group for group in [*groups.values(), other] if group.rows]


@dataclass(frozen=True)
class ReportRow:
    issue: Issue
    variable_name: str
    justification: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.issue, name)


def _report_rows(
    report: ValidationReport, names: dict[str, str], justified: dict[str, str]
) -> list[ReportRow]:
    return [
        ReportRow(issue, names.get(issue.variable, issue.variable), justified.get(issue.rule, ""))
        for issue in [*report.errors, *report.warnings]
    ]


def _permissions(user: Any, submission: Submission) -> dict[str, bool]:
    def can(permission: str) -> bool:
        return bool(user.has_perm(f"measurement.{permission}", submission))

    # A closed round keeps its drafts as they are: the page is read-only until it reopens.
    round_open = submission.round.status == Round.Status.OPEN
    return {
        "can_edit": round_open and can("change_submission"),
        "can_submit": round_open and can("submit_submission"),
        "can_return": can("return_submission"),
        "can_validate": can("validate_submission"),
        "can_publish": can("publish_submission"),
        "can_comment": can("comment_submission"),
        "can_assign": can("assign_reviewer") and submission.state != Submission.State.PUBLISHED,
        "can_view_history": can("view_history"),
    }


def _reviewer_choices() -> list[User]:
    return list(User.objects.filter(groups__name=network_rules.REVIEWER).order_by("username"))


def _render_submission(
    request: HttpRequest, submission: Submission, status: int = 200, **overrides: Any
) -> HttpResponse:
    """The submission page; ``overrides`` replace forms that were sent and refused."""
    allowed = _permissions(request.user, submission)
    entry = overrides.pop("entry", None)
    if entry is None and allowed["can_edit"]:
        entry = _fresh_entry(submission)
    show_report = allowed["can_view_history"] or allowed["can_edit"]
    report = (
        selectors.submission_validation_report_for(request.user, submission)
        if show_report
        else None
    )
    justified = {j.rule.code: j.text for j in submission.justifications.select_related("rule")}
    framework = submission.round.framework_version
    names = {v.code: v.name for v in framework.variables.all()}
    groups = _variable_groups(
        submission,
        entry,
        show_threads=allowed["can_view_history"] or allowed["can_comment"],
        reader=request.user,
    )
    filled = sum(1 for g in groups for row in g.rows if row.value is not None)
    warnings = report.warnings if report else []
    context: dict[str, Any] = {
        "submission": submission,
        "round": submission.round,
        "entry": entry,
        "groups": groups,
        "report": report,
        "show_report": show_report,
        "report_rows": _report_rows(report, names, justified) if report else [],
        "progress": {"filled": filled, "total": len(names)},
        "reviewers": [a.reviewer for a in submission.assignments.select_related("reviewer")],
        "last_transition": selectors.submission_transitions(submission).last(),
        "submit_form": SubmitForm(
            warnings=warnings, initial={f"justification_{k}": v for k, v in justified.items()}
        ),
        "return_form": ReasonForm(prefix="return"),
        "assign_form": ReviewerAssignForm(reviewers=_reviewer_choices()),
        "conflicts": [],
        **allowed,
    }
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
    _require(request, "measurement.change_submission", submission)
    framework = submission.round.framework_version
    values = {v.variable.code: v for v in selectors.submission_values(submission)}
    entry = EntryForm(
        submission, list(framework.variables.all()), values, request.POST, request.FILES
    )
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
    return redirect(_submission_url(submission, "validation-report"))


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
    _require(request, "measurement.submit_submission", submission)
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
    _require(request, "measurement.return_submission", submission)
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
        _require(request, permission, submission)
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
    _require(request, "measurement.assign_reviewer", submission)
    form = ReviewerAssignForm(request.POST, reviewers=_reviewer_choices())
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
    _require(request, "measurement.comment_submission", submission)
    form = CommentForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], value=value).first()
        try:
            services.comment_add(
                actor=request.user, value=value, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            errors = list(error.messages)
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    if getattr(request, "htmx", False):
        row = ValueRowView(value.variable, value, comments=_threads([value]).get(value.pk, []))
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


VALUE_HISTORY_FIELDS = ("value", "status", "evidence_url", "evidence_file", "comment")


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]
    reason: str = ""
    variable_code: str = ""


def _user_label(user: Any) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.username


def _shown(record: Any, name: str) -> str:
    if name == "status":
        return str(dict(Value.Status.choices).get(record.status, record.status))
    raw = getattr(record, name)
    if name == "value" and raw is not None:
        return format_decimal(raw)
    return "" if raw in (None, "") else str(raw)


def _value_entries(records: Sequence[Any], with_variable: bool) -> list[HistoryEntry]:
    """Each historical value record compared with the one before it (same value)."""
    ordered = sorted(records, key=lambda r: (r.id, r.history_date))
    previous: dict[int, Any] = {}
    entries = []
    labels = {name: str(Value._meta.get_field(name).verbose_name) for name in VALUE_HISTORY_FIELDS}
    for record in ordered:
        before = previous.get(record.id)
        changes = [
            (labels[name], _shown(before, name) if before else "", _shown(record, name))
            for name in VALUE_HISTORY_FIELDS
            if before is None or _shown(before, name) != _shown(record, name)
        ]
        previous[record.id] = record
        if before is None:
            changes = [c for c in changes if c[2]]
        code = record.variable.code if with_variable else ""
        what = _("Value created") if before is None else _("Value changed")
        entries.append(
            HistoryEntry(
                record.history_date,
                _user_label(record.history_user),
                what,
                changes,
                variable_code=code,
            )
        )
    return entries


def _transition_entries(transitions: Sequence[Transition]) -> list[HistoryEntry]:
    states = dict(Submission.State.choices)
    return [
        HistoryEntry(
            t.at,
            _user_label(t.actor),
            _("State changed"),
            [(_("State"), str(states.get(t.from_state, "")), str(states.get(t.to_state, "")))],
            reason=t.reason,
        )
        for t in transitions
    ]


@require_GET
def submission_history(request: HttpRequest, pk: int, iso3: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    _require(request, "measurement.view_history", submission)
    records = list(
        Value.history.filter(submission_id=submission.pk).select_related(  # type: ignore[attr-defined]
            "history_user", "variable"
        )
    )
    entries = _value_entries(records, with_variable=True)
    entries += _transition_entries(list(selectors.submission_transitions(submission)))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    names = {v.code: v.name for v in submission.round.framework_version.variables.all()}
    context = {
        "submission": submission,
        "round": submission.round,
        "entries": entries,
        "names": names,
        "justifications": submission.justifications.select_related("rule", "author"),
    }
    return render(request, "measurement/submission_history.html", context)


@require_GET
def value_history(request: HttpRequest, pk: int, iso3: str, code: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    _require(request, "measurement.view_history", submission)
    value = selectors.value_get(submission, code)
    entries = _value_entries(list(selectors.value_history(submission, code)), with_variable=False)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    context = {
        "submission": submission,
        "round": submission.round,
        "value": value,
        "variable": value.variable,
        "entries": entries,
        "comments": _threads([value]).get(value.pk, []),
    }
    return render(request, "measurement/value_history.html", context)


# --- downloads and imports -----------------------------------------------------------------


@require_GET
def submission_template(request: HttpRequest, pk: int, iso3: str, fmt: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    # Pre-filled with every current value, confidential ones too: as the export.
    _require(request, "measurement.view_confidential", submission)
    if fmt == "csv":
        body = spreadsheets.submission_template_csv(submission)
    else:
        body = spreadsheets.submission_template_xlsx(submission)
    return _download(body, spreadsheets.submission_filename(submission, "template", fmt))


@require_GET
def submission_export(request: HttpRequest, pk: int, iso3: str, fmt: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    # The export holds confidential numbers: the public downloads published data elsewhere.
    _require(request, "measurement.view_confidential", submission)
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
    filename = value.evidence_file.name.rsplit("/", 1)[-1]
    try:
        stream = value.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The evidence file is missing.")) from None
    # A download of the type its kind fixes, never rendered as a page of the site.
    return attachment_response(stream, filename=filename)


@login_required
@require_http_methods(["GET", "POST"])
def submission_import(request: HttpRequest, pk: int, iso3: str) -> HttpResponse:
    submission = _submission(request, pk, iso3)
    _require(request, "measurement.change_submission", submission)
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
        report = imports.submission_import(
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
    report = imports.submission_import(
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
    transaction.set_rollback(True)
    context["report"] = report
    return render(request, "measurement/submission_import.html", context, status=409)
