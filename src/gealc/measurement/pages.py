"""What each measurement page shows: the selectors' reads arranged for its template.

Views parse the request, check permissions and call services; the builders here read through
the selectors and return plain values for the templates (no request, no ORM query of their
own), as ``observatory/pages.py`` does for the public pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.charts import Chart, bar_chart
from gealc.core import l10n
from gealc.measurement import rules as measurement_rules
from gealc.measurement import selectors
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

# --- frameworks ------------------------------------------------------------------------------


@dataclass
class DimensionBlock:
    dimension: Dimension
    indicators: list[Any]


def framework_detail(framework: FrameworkVersion) -> dict[str, Any]:
    indicators = list(framework.indicators.select_related("dimension"))
    dimensions = [
        DimensionBlock(dimension, [i for i in indicators if i.dimension_id == dimension.pk])
        for dimension in framework.dimensions.all()
    ]
    return {
        "framework": framework,
        "dimensions": dimensions,
        "variables": list(framework.variables.all()),
        "rules": list(framework.rules.all()),
        "rounds": list(framework.rounds.all()),
    }


# --- rounds ----------------------------------------------------------------------------------


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


def progress_rows(round_: Round, user: Any) -> list[ProgressRow]:
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


def round_detail(round_: Round, user: Any) -> dict[str, Any]:
    rows = progress_rows(round_, user)
    manages = user.has_perm("measurement.manage_round", round_)
    return {
        "round": round_,
        "rows": rows,
        "chart": _progress_chart(round_, rows),
        "states": selectors.round_progress(round_),
        "can_manage": manages,
        "can_close": user.has_perm("measurement.close_round", round_),
        "can_reopen": user.has_perm("measurement.reopen_round", round_),
        "can_publish": manages and selectors.round_has_validated(round_),
    }


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
    def shows_confidential_number(self) -> bool:
        """A confidential number shown to one of the submission's insiders."""
        value = self.value
        return bool(value and value.is_confidential and value.value is not None)

    @property
    def root_comment(self) -> Comment | None:
        return self.comments[0] if self.comments else None


@dataclass
class VariableGroup:
    code: str
    name: str
    rows: list[ValueRowView]

    @property
    def filled(self) -> int:
        return sum(1 for row in self.rows if row.value is not None)


def comment_thread_row(value: Value) -> ValueRowView:
    """One value's row with its comment thread (the fragment htmx swaps after a comment)."""
    threads = selectors.value_threads([value])
    return ValueRowView(value.variable, value, comments=threads.get(value.pk, []))


def variable_groups(
    submission: Submission, entry: Any, show_threads: bool, reader: Any
) -> list[VariableGroup]:
    """The framework's variables grouped by dimension (then "Other variables"), each with its
    stored value, its input row (``entry``) and, when asked for, its comment thread."""
    framework = submission.round.framework_version
    values = {v.variable.code: v for v in selectors.submission_values(submission)}
    threads = selectors.value_threads(values.values()) if show_threads else {}
    dimension_of = selectors.variable_dimensions(framework)
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
    check: str = ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.issue, name)


def _built_in_checks() -> dict[str, str]:
    """The built-in checks by the prefix of their rule (``range:code``), in words."""
    return {
        "missing": _("A value or a reason why there is none"),
        "type": _("Type of value"),
        "range": _("Accepted range"),
        "evidence": _("Evidence"),
        "plausible": _("Plausible range of an indicator"),
        "indicator": _("An indicator can be computed"),
    }


def report_rows(
    report: ValidationReport,
    names: dict[str, str],
    justified: dict[str, str],
    rule_kinds: dict[str, str] | None = None,
) -> list[ReportRow]:
    """The report's issues with the variable's name and each check said in words (the kind
    of a framework rule, or what a built-in check looks at), never an internal code."""
    checks = {**_built_in_checks(), **(rule_kinds or {})}
    return [
        ReportRow(
            issue,
            names.get(issue.variable, issue.variable),
            justified.get(issue.rule, ""),
            checks.get(issue.rule) or checks.get(issue.rule.partition(":")[0], ""),
        )
        for issue in [*report.errors, *report.warnings]
    ]


def permissions(user: Any, submission: Submission) -> dict[str, bool]:
    """What the page offers this user; every answer is a rule of ``measurement.rules``."""

    def can(permission: str) -> bool:
        return bool(user.has_perm(f"measurement.{permission}", submission))

    return {
        "can_edit": measurement_rules.may_change_values(user, submission),
        "can_submit": measurement_rules.may_change_values(user, submission)
        and can("submit_submission"),
        "can_return": can("return_submission"),
        "can_validate": can("validate_submission"),
        "can_publish": can("publish_submission"),
        "can_comment": can("comment_submission"),
        "can_assign": can("assign_reviewer"),
        "can_view_history": can("view_history"),
    }


def submission_detail(
    user: Any, submission: Submission, allowed: dict[str, bool], entry: Any
) -> dict[str, Any]:
    """The submission page's context, without its forms (the view adds those)."""
    show_report = allowed["can_view_history"] or allowed["can_edit"]
    report = selectors.submission_validation_report_for(user, submission) if show_report else None
    justified = {j.rule.code: j.text for j in submission.justifications.select_related("rule")}
    names = {v.code: v.name for v in submission.round.framework_version.variables.all()}
    groups = variable_groups(
        submission,
        entry,
        show_threads=allowed["can_view_history"] or allowed["can_comment"],
        reader=user,
    )
    filled = sum(1 for g in groups for row in g.rows if row.value is not None)
    return {
        "submission": submission,
        "round": submission.round,
        "entry": entry,
        "groups": groups,
        "report": report,
        "show_report": show_report,
        "justified": justified,
        "report_rows": report_rows(report, names, justified, _rule_kinds(submission))
        if report
        else [],
        "progress": {"filled": filled, "total": len(names)},
        "reviewers": [a.reviewer for a in submission.assignments.select_related("reviewer")],
        "last_transition": selectors.submission_transitions(submission).last(),
        "conflicts": [],
        **allowed,
    }


def _rule_kinds(submission: Submission) -> dict[str, str]:
    rules = submission.round.framework_version.rules.all()
    return {rule.code: str(rule.get_kind_display()) for rule in rules}


def autosaved(submission: Submission) -> dict[str, Any]:
    """What the page needs after a background save: the versions stored now."""
    submission.refresh_from_db()
    values = selectors.submission_values(submission)
    return {
        "expected_version": submission.lock_version,
        "versions": {value.variable.code: value.version for value in values},
        "message": _("Saved automatically at %(time)s.")
        % {"time": l10n.format_time(timezone.now())},
    }


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


def value_entries(records: Sequence[Any], with_variable: bool) -> list[HistoryEntry]:
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


def submission_history(submission: Submission) -> dict[str, Any]:
    entries = value_entries(selectors.submission_value_records(submission), with_variable=True)
    entries += _transition_entries(list(selectors.submission_transitions(submission)))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    names = {v.code: v.name for v in submission.round.framework_version.variables.all()}
    return {
        "submission": submission,
        "round": submission.round,
        "entries": entries,
        "names": names,
        "justifications": submission.justifications.select_related("rule", "author"),
    }


def value_history(submission: Submission, value: Value) -> dict[str, Any]:
    records = list(selectors.value_history(submission, value.variable.code))
    entries = value_entries(records, with_variable=False)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return {
        "submission": submission,
        "round": submission.round,
        "value": value,
        "variable": value.variable,
        "entries": entries,
        "comments": selectors.value_threads([value]).get(value.pk, []),
    }
