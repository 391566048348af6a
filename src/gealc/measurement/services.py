"""Every change to frameworks, rounds, submissions and values goes through these functions.

Each checks the actor's permission (``PermissionDenied``), validates (``ValidationError`` naming
the field) and runs in one transaction, so a refused or invalid call changes nothing.

Optimistic locking: a submission carries ``lock_version`` and each value its own ``version``.
Every save names the submission's version its author read (``expected_version``); a saved
value row may also name the version of that value its author saw (``ValueRow.expected_version``,
``None`` for "there was none yet"). The unit of conflict is then the value: a save whose rows
all name their versions succeeds although others changed *other* values meanwhile, and is
refused if any of its values changed since its author saw it. A row that names no version
(imports, older API clients) keeps the submission-level rule: nothing at all may have changed
since ``expected_version``; so do the workflow steps (submit, return, validate, publish).
A value save reads the submission's row ``FOR UPDATE`` (the values it then checks are current),
and every save or step moves the row on only ``WHERE lock_version = <the version it read or
expects>`` (one atomic statement, so it also holds on SQLite where ``SELECT … FOR UPDATE`` does
nothing): of two simultaneous saves of one value, one wins and the other gets a
:class:`ConflictError` with both values. Nothing is ever overwritten silently.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.core.results import Saved
from gealc.core.services import authorise, save_validated
from gealc.core.types import AnyUser
from gealc.measurement import frameworks, imports, notifications, selectors, validation
from gealc.measurement import rules as measurement_rules
from gealc.measurement.models import (
    Comment,
    Dimension,
    FrameworkVersion,
    Indicator,
    Justification,
    ReviewerAssignment,
    Round,
    Submission,
    Transition,
    ValidationRule,
    Value,
    Variable,
    format_decimal,
)
from gealc.network import rules as network_rules
from gealc.network.models import Country

State = Submission.State


class ConflictError(ValidationError):
    """Someone else saved first. ``conflicts`` lists, per variable, what is stored now and what
    this save tried to write; ``current_version`` is the submission's lock version to retry with
    (and each conflict's ``current_version`` the version of that value)."""

    def __init__(self, *, current_version: int, conflicts: Sequence[ValueConflict] = ()) -> None:
        self.current_version = current_version
        self.conflicts = list(conflicts)
        message = _(
            "Someone else changed this submission since you opened it. Nothing was saved; "
            "review the current values and apply your changes again."
        )
        details = [conflict.message for conflict in self.conflicts]
        super().__init__({NON_FIELD_ERRORS: [message, *details]}, code="conflict")


@dataclass(frozen=True)
class ValueConflict:
    """One value that differs: what is stored (and by whom), what this save tried to write,
    and the stored value's version (``None`` when there is no value), to save again against."""

    variable: str
    current: str
    attempted: str
    current_by: str = ""
    current_version: int | None = None

    @property
    def message(self) -> str:
        return _("%(variable)s: saved value %(current)s (by %(by)s), yours %(attempted)s.") % {
            "variable": self.variable,
            "current": self.current or _("(empty)"),
            "by": self.current_by or _("someone"),
            "attempted": self.attempted or _("(empty)"),
        }


class VersionNotGiven(enum.Enum):
    """A row that does not say which version of its value its author saw."""

    NOT_GIVEN = "not given"


VERSION_NOT_GIVEN = VersionNotGiven.NOT_GIVEN
SeenVersion = int | None | VersionNotGiven


@dataclass(frozen=True)
class ValueRow:
    """One value to save; ``value`` may be text, a number or None.

    ``expected_version`` is the version of the stored value the author saw (``None``: there was
    none yet). A row that gives it conflicts only if that value changed since; one that does not
    conflicts if anything in the submission changed since the save's ``expected_version``."""

    variable_code: str
    value: Any = None
    status: str = Value.Status.REPORTED
    evidence_url: str = ""
    comment: str = ""
    evidence_file: File | None = None
    expected_version: SeenVersion = VERSION_NOT_GIVEN

    @property
    def gives_version(self) -> bool:
        return self.expected_version is not VERSION_NOT_GIVEN


def _user_or_none(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) and actor.is_authenticated else None


# Frameworks -------------------------------------------------------------------------------


@transaction.atomic
def framework_import(*, actor: AnyUser, document: Any, is_demo: bool = False) -> FrameworkVersion:
    """Create a framework version from a document (mapping or YAML text), all or nothing."""
    authorise(actor, "measurement.manage_framework")
    parsed = frameworks.parse_document(document)
    code, version = parsed.header.values["code"], parsed.header.values["version"]
    if FrameworkVersion.objects.filter(code=code, version=version).exists():
        raise ValidationError(
            {"framework.version": _("%(code)s %(version)s already exists.") % parsed.header.values}
        )
    # The version replaced, when installed here (a fresh site may start from the latest one).
    previous = FrameworkVersion.objects.filter(code=code, version=parsed.previous or "").first()
    framework = _create(
        FrameworkVersion,
        actor,
        **parsed.header.model_fields(),
        previous=previous,
        index_spec=parsed.index_spec,
        is_demo=is_demo,
    )
    _create_structure(actor, framework, parsed)
    return framework


def _create_structure(
    actor: AnyUser, framework: FrameworkVersion, parsed: frameworks.FrameworkDocument
) -> None:
    for order, part in enumerate(parsed.variables):
        _create(Variable, actor, framework=framework, order=order, **part.model_fields())
    indicator_order = 0
    for order, part in enumerate(parsed.dimensions):
        dimension = _create(
            Dimension, actor, framework=framework, order=order, **part.model_fields()
        )
        for child in part.children:
            _create(
                Indicator,
                actor,
                framework=framework,
                dimension=dimension,
                order=indicator_order,
                **child.model_fields(),
            )
            indicator_order += 1
    for part in parsed.rules:
        _create(ValidationRule, actor, framework=framework, **part.model_fields())


def framework_export(*, version: FrameworkVersion) -> dict[str, Any]:
    """The stored version as a framework document (YAML-ready mapping)."""
    return frameworks.export_document(version)


FrameworkPart = FrameworkVersion | Dimension | Indicator | Variable | ValidationRule


@transaction.atomic
def framework_part_update(
    *, actor: AnyUser, part: FrameworkPart, changes: Mapping[str, Any]
) -> FrameworkPart:
    """Correct a framework version or one of its parts (a name, a translation, a weight)
    while the version is a draft; once a round uses it, a change is a new version."""
    authorise(actor, "measurement.manage_framework")
    framework = part if isinstance(part, FrameworkVersion) else part.framework
    if FrameworkVersion.objects.get(pk=framework.pk).is_frozen:
        raise ValidationError(
            _("A round uses this framework version, so it no longer changes: make a new version.")
        )
    for name, value in changes.items():
        setattr(part, name, value)
    return save_validated(part, actor)


def _freeze(framework: FrameworkVersion) -> None:
    FrameworkVersion.objects.filter(pk=framework.pk).update(status=FrameworkVersion.Status.FROZEN)
    framework.status = FrameworkVersion.Status.FROZEN


# Rounds -----------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    actor: AnyUser,
    framework_version: FrameworkVersion,
    reference_year: int,
    opens_on: datetime.date,
    closes_on: datetime.date,
    countries: Iterable[Country],
    is_demo: bool = False,
) -> Round:
    """Open a round: one draft submission per country; the framework version is frozen."""
    authorise(actor, "measurement.manage_round")
    countries = list(countries)
    if not countries:
        raise ValidationError({"countries": _("Choose at least one participating country.")})
    if Round.objects.filter(
        framework_version__code=framework_version.code, reference_year=reference_year
    ).exists():
        raise ValidationError(
            {"reference_year": _("There is already a round of this framework for this year.")}
        )
    measurement_round = _create(
        Round,
        actor,
        framework_version=framework_version,
        reference_year=reference_year,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=_user_or_none(actor),
        is_demo=is_demo,
    )
    measurement_round.countries.set(countries)
    _freeze(framework_version)
    for country in countries:
        submission = _create(
            Submission, actor, round=measurement_round, country=country, is_demo=is_demo
        )
        Transition.objects.create(
            submission=submission, from_state="", to_state=State.DRAFT, actor=_user_or_none(actor)
        )
    return measurement_round


@transaction.atomic
def round_close(*, actor: AnyUser, round: Round, reason: str = "") -> Round:
    authorise(actor, "measurement.manage_round", round)
    return _round_status(actor, round, Round.Status.OPEN, Round.Status.CLOSED, reason)


@transaction.atomic
def round_reopen(*, actor: AnyUser, round: Round, reason: str) -> Round:
    authorise(actor, "measurement.manage_round", round)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the round reopens.")})
    return _round_status(actor, round, Round.Status.CLOSED, Round.Status.OPEN, reason)


def _round_status(
    actor: AnyUser, measurement_round: Round, expected: str, new: str, reason: str
) -> Round:
    current = Round.objects.select_for_update().get(pk=measurement_round.pk)
    if current.status != expected:
        raise ValidationError(
            {"status": _("The round is %(status)s.") % {"status": current.get_status_display()}}
        )
    current.status = new
    current.status_reason = reason
    current._change_reason = reason  # type: ignore[attr-defined]  # kept in the history
    save_validated(current, actor)
    measurement_round.refresh_from_db()
    return measurement_round


@transaction.atomic
def round_publish(*, actor: AnyUser, round: Round) -> Round:
    """Publish every validated submission and mark the round published."""
    authorise(actor, "measurement.manage_round", round)
    for submission in round.submissions.filter(state=State.VALIDATED):
        submission_publish(actor=actor, submission=submission)
    current = Round.objects.select_for_update().get(pk=round.pk)
    current.status = Round.Status.PUBLISHED
    save_validated(current, actor)
    round.refresh_from_db()
    return round


@transaction.atomic
def reviewer_assign(
    *, actor: AnyUser, submission: Submission, reviewer: User
) -> ReviewerAssignment:
    authorise(actor, "measurement.assign_reviewer", submission)
    if not network_rules.is_reviewer(reviewer):
        raise ValidationError({"reviewer": _("This user is not a reviewer.")})
    if submission.country in selectors.countries_of(reviewer):
        raise ValidationError(
            {"reviewer": _("A reviewer never reviews their own country's submission.")}
        )
    return _create(
        ReviewerAssignment,
        actor,
        submission=submission,
        reviewer=reviewer,
        assigned_by=_user_or_none(actor),
    )


# Values -----------------------------------------------------------------------------------


@transaction.atomic
def value_save(
    *,
    actor: AnyUser,
    submission: Submission,
    variable_code: str,
    value: Any,
    status: str = Value.Status.REPORTED,
    evidence_url: str = "",
    evidence_file: File | None = None,
    comment: str = "",
    expected_version: int,
    expected_value_version: SeenVersion = VERSION_NOT_GIVEN,
) -> Saved[Value]:
    """Save one value unless someone else changed it since its author saw it at
    ``expected_value_version`` (``None``: there was none); without that, unless anything in the
    submission changed since ``expected_version`` (its lock version)."""
    row = ValueRow(
        variable_code,
        value,
        status,
        evidence_url,
        comment,
        evidence_file,
        expected_version=expected_value_version,
    )
    saved = values_save_many(
        actor=actor, submission=submission, rows=[row], expected_version=expected_version
    )
    return saved[0]


@transaction.atomic
def values_save_many(
    *,
    actor: AnyUser,
    submission: Submission,
    rows: Iterable[ValueRow | Mapping[str, Any]],
    expected_version: int,
) -> list[Saved[Value]]:
    """Save many values at once, all or nothing; errors are keyed ``<variable code>.<field>``
    (``rows.<n>`` when the code itself is wrong). If someone else changed what a row was based
    on (its value, or for a row without ``expected_version`` anything in the submission since
    ``expected_version``), :class:`ConflictError` names the values and nothing is written.
    Each saved value comes back with ``created`` (it had no value before) or updated."""
    authorise(actor, "measurement.change_submission", submission)
    current_version = _lock_for_values(actor, submission)
    try:
        parsed = [row if isinstance(row, ValueRow) else ValueRow(**row) for row in rows]
    except TypeError:
        raise ValidationError({"rows": _("Each row needs a variable code and a value.")}) from None
    variables = {v.code: v for v in submission.round.framework_version.variables.all()}
    existing = _stored_values(submission)
    prepared = _prepare_rows(parsed, variables, existing, submission)
    _check_versions(
        submission, parsed, existing, expected_version=expected_version, current=current_version
    )
    _lock(submission, current_version, parsed)
    user = _user_or_none(actor)
    saved: list[Saved[Value]] = []
    for _row, value in prepared:
        created = value.pk is None
        value.updated_by = user
        if not created:
            value.version += 1
        value._history_user = user  # already validated by _prepare_rows
        value.save()
        saved.append(Saved(value, created))
    return saved


@transaction.atomic
def values_import(
    *,
    actor: AnyUser,
    submission: Submission,
    upload: Any,
    expected_version: int | None,
    dry_run: bool,
) -> imports.ImportReport:
    """Check a file (bytes or an uploaded file) against the submission and, unless ``dry_run``,
    save all of it or nothing; the report says what changes (or would) and whether it saved.

    Even a dry run needs the right to change the submission now (``PermissionDenied`` saying
    why otherwise). Saving goes through :func:`values_save_many` with ``expected_version``
    (``None``: the current one). A refused save (a stale lock version, a rule of the service)
    comes back in the report, never as a half-done import.
    """
    measurement_rules.require_change(actor, submission)
    try:
        data = imports.read_upload(upload)
    except imports.ImportRefused as refused:
        return imports.ImportReport(problems=[refused.problem], dry_run=dry_run)
    framework = submission.round.framework_version
    report = imports.parse_file(data, imports.variable_specs(framework), imports.status_keys())
    report.dry_run = dry_run
    if not report.ok:
        return report
    report.changes = imports.changes_of(submission, report.rows)
    if dry_run:
        return report
    rows_by_code = {row.variable: row for row in report.rows}
    changed = [rows_by_code[change.variable].as_service_row() for change in report.changes]
    try:
        if changed:  # else the stored values already are what the file says
            values_save_many(
                actor=actor,
                submission=submission,
                rows=changed,
                expected_version=(
                    submission.lock_version if expected_version is None else expected_version
                ),
            )
    except ConflictError as conflict:
        report.conflict = imports.conflict_details(conflict, expected_version)
        return report
    except ValidationError as error:
        report.problems = imports.service_problems(error, rows_by_code)
        return report
    report.saved = True
    return report


def _lock_for_values(actor: AnyUser, submission: Submission) -> int:
    """The submission's lock version, its row locked until the save commits (so the values read
    next are current, and a simultaneous save waits); the change rule asked again of the row
    as it is now (another request may have submitted it since it was read). Superusers pass
    every permission check, so the rule (``rules.values_may_change``) is asked here too."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if not measurement_rules.is_round_open.test(actor, locked):
        raise ValidationError({"round": _("The round is not open for data entry.")})
    if not measurement_rules.is_editable.test(actor, locked):
        raise ValidationError(
            {"state": _("Values can be changed only while the submission is draft or returned.")}
        )
    return int(locked.lock_version)


def _stored_values(submission: Submission) -> dict[str, Value]:
    values = submission.values.select_related("variable", "updated_by")
    return {value.variable.code: value for value in values}


def _version_of(value: Value | None) -> int | None:
    return None if value is None else value.version


def _check_versions(
    submission: Submission,
    rows: Sequence[ValueRow],
    existing: Mapping[str, Value],
    *,
    expected_version: int,
    current: int,
) -> None:
    """Raise :class:`ConflictError` if something a row was based on changed since its author
    read it: the value itself when the row names the version seen, else (the submission-level
    rule) anything in the submission since ``expected_version``."""
    per_value = bool(rows) and all(row.gives_version for row in rows)
    if current != expected_version and not per_value:
        raise ConflictError(current_version=current, conflicts=_differing(submission, rows))
    stale = [
        row
        for row in rows
        if row.gives_version
        and row.expected_version != _version_of(existing.get(row.variable_code))
    ]
    if stale:
        raise ConflictError(
            current_version=current, conflicts=_conflicts(stale, _stored_values(submission))
        )


def _prepare_rows(
    rows: list[ValueRow],
    variables: Mapping[str, Variable],
    existing: Mapping[str, Value],
    submission: Submission,
) -> list[tuple[ValueRow, Value]]:
    errors: dict[str, list[str]] = {}
    prepared: list[tuple[ValueRow, Value]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        variable = variables.get(row.variable_code)
        if variable is None:
            errors.setdefault(f"rows.{index}", []).append(
                _("Unknown variable “%(code)s”.") % {"code": str(row.variable_code)[:60]}
            )
            continue
        if row.variable_code in seen:
            errors.setdefault(f"rows.{index}", []).append(_("This variable is given twice."))
            continue
        seen.add(row.variable_code)
        try:
            value = _value_from_row(row, variable, existing.get(row.variable_code), submission)
            value.full_clean(exclude=["submission", "variable", "updated_by"])
        except ValidationError as error:
            for name, messages in _message_dict(error).items():
                errors.setdefault(f"{row.variable_code}.{name}", []).extend(messages)
            continue
        prepared.append((row, value))
    if errors:
        raise ValidationError(errors)
    return prepared


def _message_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("value" if k == NON_FIELD_ERRORS else k): v for k, v in error.message_dict.items()}
    return {"value": error.messages}


def _value_from_row(
    row: ValueRow, variable: Variable, current: Value | None, submission: Submission
) -> Value:
    if row.status not in Value.Status.values:
        raise ValidationError(
            {"status": _("Unknown status “%(s)s”.") % {"s": str(row.status)[:30]}}
        )
    try:
        number = validation.parse_number(row.value)
        validation.check_type(variable, number)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
    if number is not None and row.status in (
        Value.Status.NOT_AVAILABLE,
        Value.Status.NOT_APPLICABLE,
    ):
        raise ValidationError({"value": _("Leave the value empty when there is none.")})
    value = current or Value(submission=submission, variable=variable)
    value.value = number
    value.status = row.status
    value.evidence_url = (row.evidence_url or "").strip()
    value.comment = row.comment or ""
    if row.evidence_file is not None:
        value.evidence_file = row.evidence_file
    return value


def _lock(
    submission: Submission,
    expected_version: int,
    rows: Sequence[ValueRow] = (),
    state: str | None = None,
    new_state: str | None = None,
) -> None:
    """Take the submission from ``expected_version`` to the next in one conditional UPDATE;
    raise :class:`ConflictError` if someone else moved it first (the submission-level rule of
    the workflow steps; value saves call it with the version they read ``FOR UPDATE``)."""
    changes: dict[str, Any] = {"lock_version": F("lock_version") + 1, "updated_at": timezone.now()}
    if new_state is not None:
        changes["state"] = new_state
    matching = Submission.objects.filter(pk=submission.pk, lock_version=expected_version)
    if state is not None:
        matching = matching.filter(state=state)
    if matching.update(**changes) == 1:
        submission.lock_version = expected_version + 1
        if new_state is not None:
            submission.state = new_state
        return
    stored = Submission.objects.filter(pk=submission.pk).values_list("lock_version", flat=True)
    raise ConflictError(current_version=stored.first() or 0, conflicts=_differing(submission, rows))


def _differing(submission: Submission, rows: Sequence[ValueRow]) -> list[ValueConflict]:
    """The rows whose stored value now differs from what this save tried to write."""
    if not rows:
        return []
    conflicts = _conflicts(rows, _stored_values(submission))
    return [item for item in conflicts if item.current != item.attempted]


def _conflicts(rows: Sequence[ValueRow], stored: Mapping[str, Value]) -> list[ValueConflict]:
    """Per row, what is stored now (by whom, at which version) and what this save tried."""
    conflicts = []
    for row in rows:
        now = stored.get(row.variable_code)
        current = _shown(now.value, now.status) if now else ""
        attempted = _shown(_safe_number(row.value), row.status)
        by = str(now.updated_by) if now and now.updated_by else ""
        conflicts.append(ValueConflict(row.variable_code, current, attempted, by, _version_of(now)))
    return conflicts


def _safe_number(raw: Any) -> Decimal | None:
    try:
        return validation.parse_number(raw)
    except ValidationError:
        return None


def _shown(number: Decimal | None, status: str) -> str:
    if status != Value.Status.REPORTED and status != Value.Status.CONFIDENTIAL:
        return str(Value.Status(status).label) if status in Value.Status.values else status
    return "" if number is None else format_decimal(number)


# Workflow ---------------------------------------------------------------------------------


@transaction.atomic
def submission_submit(
    *,
    actor: AnyUser,
    submission: Submission,
    justifications: Mapping[str, str] | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Submit for review: no validation error, and every warning justified in writing."""
    if not measurement_rules.is_round_open.test(actor, submission):
        raise ValidationError({"round": _("The round is not open.")})
    authorise(actor, "measurement.submit_submission", submission)
    report = selectors.submission_validation_report(submission)
    if report.errors:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _("Correct the errors before submitting."),
                **{f"values.{i.variable or i.rule}": i.message for i in report.errors},
            }
        )
    _record_justifications(actor, submission, report, justifications or {})
    return _transition(
        actor,
        submission,
        (State.DRAFT, State.RETURNED),
        State.SUBMITTED,
        reason="",
        expected_version=expected_version,
    )


def _record_justifications(
    actor: AnyUser,
    submission: Submission,
    report: validation.ValidationReport,
    given: Mapping[str, str],
) -> None:
    stored = {j.rule.code: j for j in submission.justifications.select_related("rule")}
    errors: dict[str, str] = {}
    rules = {r.code: r for r in submission.round.framework_version.rules.all()}
    for code in report.warning_rules:
        text = (given.get(code) or "").strip()
        if not text and code not in stored:
            errors[f"justifications.{code}"] = _("Explain why this warning is acceptable.")
        elif text:
            justification = stored.get(code) or Justification(
                submission=submission, rule=rules[code]
            )
            justification.text = text
            justification.author = _user_or_none(actor)
            save_validated(justification, actor)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submission_return(*, actor: AnyUser, submission: Submission, reason: str) -> Submission:
    authorise(actor, "measurement.return_submission", submission)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the country should change.")})
    return _transition(actor, submission, (State.SUBMITTED,), State.RETURNED, reason=reason)


@transaction.atomic
def submission_validate(*, actor: AnyUser, submission: Submission, reason: str = "") -> Submission:
    authorise(actor, "measurement.validate_submission", submission)
    return _transition(actor, submission, (State.SUBMITTED,), State.VALIDATED, reason=reason)


@transaction.atomic
def submission_publish(*, actor: AnyUser, submission: Submission) -> Submission:
    authorise(actor, "measurement.publish_submission", submission)
    return _transition(actor, submission, (State.VALIDATED,), State.PUBLISHED, reason="")


def _transition(
    actor: AnyUser,
    submission: Submission,
    allowed_from: Sequence[str],
    to_state: str,
    *,
    reason: str,
    expected_version: int | None = None,
) -> Submission:
    current = Submission.objects.get(pk=submission.pk)
    if current.state not in allowed_from:
        raise ValidationError(
            {"state": _("The submission is %(state)s.") % {"state": current.get_state_display()}}
        )
    version = current.lock_version if expected_version is None else expected_version
    _lock(submission, version, state=current.state, new_state=to_state)
    transition = Transition.objects.create(
        submission=submission,
        from_state=current.state,
        to_state=to_state,
        actor=_user_or_none(actor),
        reason=reason,
    )
    submission.refresh_from_db()
    notifications.transition_recorded(transition)
    return submission


# Comments ---------------------------------------------------------------------------------


@transaction.atomic
def comment_add(
    *, actor: AnyUser, value: Value, text: str, parent_id: int | None = None
) -> Comment:
    """A comment on a value, or a reply to comment ``parent_id`` of the same value's thread
    (any other id is refused, the page and the API alike)."""
    authorise(actor, "measurement.comment_submission", value.submission)
    parent = None
    if parent_id is not None:
        parent = selectors.value_comments(value).filter(pk=parent_id).first()
        if parent is None:
            raise ValidationError({"parent": _("No such comment on this value.")})
    comment = _create(
        Comment, actor, value=value, author=actor, text=(text or "").strip(), parent=parent
    )
    notifications.comment_added(comment)
    return comment


# Helpers ----------------------------------------------------------------------------------


def _create(model: type[Any], actor: AnyUser, **values: Any) -> Any:
    return save_validated(model(**values), actor)
