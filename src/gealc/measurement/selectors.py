"""Reads for measurement pages, the API and services: who sees which round, submission and
value, the validation report of a submission and the previous year's values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from gealc.core.types import AnyUser
from gealc.measurement import formulas, validation
from gealc.measurement import rules as measurement_rules
from gealc.measurement.models import (
    Comment,
    Dimension,
    FrameworkVersion,
    Round,
    Submission,
    Transition,
    Value,
)
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Country


def countries_of(user: AnyUser) -> QuerySet[Country]:
    if not user.is_authenticated:
        return Country.objects.none()
    return network_selectors.countries_of_user(user)


# Frameworks -------------------------------------------------------------------------------


def framework_list() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.order_by("code", "-version")


def framework_version_list(
    *, code: str | None = None, status: str | None = None
) -> QuerySet[FrameworkVersion]:
    """Every framework version, newest first within a code; optionally of one code (any
    case) or one status."""
    versions = FrameworkVersion.objects.order_by("code", "-created_at")
    if code:
        versions = versions.filter(code__iexact=code)
    if status:
        versions = versions.filter(status=status)
    return versions


def framework_get(code: str, version: str) -> FrameworkVersion:
    found = FrameworkVersion.objects.filter(code__iexact=code, version=version).first()
    if found is None:
        raise Http404("No such framework version.")
    return found


# Rounds and submissions -------------------------------------------------------------------


def round_list(
    *, year: int | None = None, status: str | None = None, framework: str | None = None
) -> QuerySet[Round]:
    """Rounds newest first; optionally of one reference year, status or framework code."""
    rounds = Round.objects.select_related("framework_version").order_by("-reference_year")
    if year is not None:
        rounds = rounds.filter(reference_year=year)
    if status:
        rounds = rounds.filter(status=status)
    if framework:
        rounds = rounds.filter(framework_version__code__iexact=framework)
    return rounds


def round_get(pk: int) -> Round:
    found = round_list().filter(pk=pk).first()
    if found is None:
        raise Http404("No such round.")
    return found


def submissions_visible_to(
    user: AnyUser,
    measurement_round: Round,
    *,
    state: str | None = None,
    country: str | None = None,
) -> list[Submission]:
    """The round's submissions the user may read (the dashboard rows); optionally only those
    in one state or of one country (alpha-3)."""
    submissions = measurement_round.submissions.all()
    if state:
        submissions = submissions.filter(state=state)
    if country:
        submissions = submissions.filter(country__iso3=country.upper())
    submissions = (
        submissions.select_related("country", "round")
        .prefetch_related("assignments__reviewer")
        .annotate(value_count=Count("values"))
        .order_by("country__name")
    )
    return [s for s in submissions if user.has_perm("measurement.view_submission", s)]


def submission_get_visible(user: AnyUser, round_pk: int, iso3: str) -> Submission:
    """The submission, or 404 when it does not exist or the user may not read it."""
    submission = (
        Submission.objects.select_related("round__framework_version", "country")
        .filter(round_id=round_pk, country__iso3=(iso3 or "").upper())
        .first()
    )
    if submission is None or not user.has_perm("measurement.view_submission", submission):
        raise Http404("No such submission.")
    return submission


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


def round_progress(measurement_round: Round) -> list[StateCount]:
    """How many submissions are in each state (for the dashboard)."""
    counts = dict(
        measurement_round.submissions.values_list("state").annotate(n=Count("pk")).order_by()
    )
    return [
        StateCount(state.value, str(state.label), counts.get(state.value, 0))
        for state in Submission.State
    ]


def submission_values(submission: Submission) -> QuerySet[Value]:
    return submission.values.select_related("variable", "updated_by").order_by(
        "variable__order", "variable__code"
    )


def value_find(submission: Submission, variable_code: str) -> Value | None:
    return submission_values(submission).filter(variable__code=variable_code).first()


def value_get(submission: Submission, variable_code: str) -> Value:
    value = value_find(submission, variable_code)
    if value is None:
        raise Http404("No such value.")
    return value


def submission_transitions(submission: Submission) -> QuerySet[Transition]:
    return submission.transitions.select_related("actor").order_by("at", "pk")


def value_comments(value: Value) -> QuerySet[Comment]:
    return value.comments.select_related("author").order_by("created_at", "pk")


def submission_comments(submission: Submission) -> QuerySet[Comment]:
    return Comment.objects.filter(value__submission=submission).select_related(
        "value__variable", "author"
    )


def value_threads(values: Iterable[Value]) -> dict[int, list[Comment]]:
    """Root comments per value id, oldest first, each with ``replies_list`` (its answers)."""
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


def submission_value_records(submission: Submission) -> list[Any]:
    """Every historical record of the submission's values (simple-history rows)."""
    return list(
        Value.history.filter(submission_id=submission.pk).select_related(  # type: ignore[attr-defined]
            "history_user", "variable"
        )
    )


def variable_dimensions(framework: FrameworkVersion) -> dict[str, Dimension]:
    """Each variable's dimension: the first (in order) of the indicators whose formula uses it."""
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


def submissions_to_work_on(user: AnyUser) -> list[Submission]:
    """The user's countries' submissions in open rounds, and the reviews assigned to them
    that are not published yet; newest round first, then by country."""
    own = Submission.objects.filter(
        country__in=countries_of(user), round__status=Round.Status.OPEN
    ).select_related("round", "country")
    reviews = reviewer_assignments(user).exclude(state=Submission.State.PUBLISHED)
    found = {submission.pk: submission for submission in [*own, *reviews]}
    return sorted(found.values(), key=lambda s: (-s.round.reference_year, s.country.name))


def reviewer_choices() -> list[User]:
    return list(User.objects.filter(groups__name=network_rules.REVIEWER).order_by("username"))


def round_has_validated(measurement_round: Round) -> bool:
    return measurement_round.submissions.filter(state=Submission.State.VALIDATED).exists()


def value_history(submission: Submission, variable_code: str) -> QuerySet:
    return (
        Value.history.filter(  # type: ignore[attr-defined]
            submission_id=submission.pk, variable__code=variable_code
        )
        .select_related("history_user")
        .order_by("-history_date")
    )


def reviewer_assignments(user: AnyUser) -> QuerySet[Submission]:
    if not user.is_authenticated:
        return Submission.objects.none()
    return Submission.objects.filter(assignments__reviewer=user).select_related("round", "country")


# Validation -------------------------------------------------------------------------------


def previous_submission(submission: Submission) -> Submission | None:
    """The country's published submission of the latest earlier round of the same framework."""
    return (
        Submission.objects.filter(
            country_id=submission.country_id,
            state=Submission.State.PUBLISHED,
            round__framework_version__code=submission.round.framework_version.code,
            round__reference_year__lt=submission.round.reference_year,
        )
        .order_by("-round__reference_year")
        .first()
    )


def previous_values(submission: Submission) -> dict[str, Decimal]:
    """The country's published values of the latest earlier round of the same framework."""
    earlier = previous_submission(submission)
    if earlier is None:
        return {}
    reported = earlier.values.filter(
        Q(status=Value.Status.REPORTED) | Q(status=Value.Status.CONFIDENTIAL),
        value__isnull=False,
    )
    return dict(reported.values_list("variable__code", "value"))


def entered_values(values: Iterable[Value]) -> dict[str, validation.EnteredValue]:
    return {
        value.variable.code: validation.EnteredValue(
            status=value.status,
            value=value.value,
            has_evidence=bool(value.evidence_url or value.evidence_file),
        )
        for value in values
    }


def submission_validation_report(submission: Submission) -> validation.ValidationReport:
    """Errors and warnings of the submission as it is stored now."""
    framework = submission.round.framework_version
    return validation.validate(
        variables=framework.variables.all(),
        indicators=framework.indicators.all(),
        rules=framework.rules.all(),
        entered=entered_values(submission.values.select_related("variable")),
        previous=previous_values(submission),
    )


def confidential_codes(user: AnyUser, submission: Submission | None) -> set[str]:
    """The variables whose numbers, evidence and comment this user may not see here."""
    if submission is None:
        return set()
    confidential = submission.values.filter(status=Value.Status.CONFIDENTIAL).select_related(
        "variable", "submission"
    )
    return {
        value.variable.code
        for value in confidential
        if measurement_rules.is_confidential_to(user, value)
    }


def submission_validation_report_for(
    user: AnyUser, submission: Submission
) -> validation.ValidationReport:
    """The report as this user may read it: no number of a value confidential to them, of
    this round or of the previous one."""
    report = submission_validation_report(submission)
    return report.without_numbers_of(
        confidential_codes(user, submission),
        confidential_codes(user, previous_submission(submission)),
    )


def round_validation_reports(
    measurement_round: Round,
) -> dict[str, validation.ValidationReport]:
    """Every submission's report, by ISO3 code, with a fixed number of queries."""
    framework = measurement_round.framework_version
    variables = list(framework.variables.all())
    indicators = list(framework.indicators.all())
    rules = list(framework.rules.all())
    values: dict[int, list[Value]] = {}
    for value in Value.objects.filter(submission__round=measurement_round).select_related(
        "variable"
    ):
        values.setdefault(value.submission_id, []).append(value)
    previous = _previous_round_values(measurement_round)
    return {
        submission.country.iso3: validation.validate(
            variables=variables,
            indicators=indicators,
            rules=rules,
            entered=entered_values(values.get(submission.pk, [])),
            previous=previous.get(submission.country_id, {}),
        )
        for submission in measurement_round.submissions.select_related("country")
    }


def _previous_round_values(measurement_round: Round) -> dict[int, dict[str, Decimal]]:
    rows = (
        Value.objects.filter(
            submission__state=Submission.State.PUBLISHED,
            submission__round__framework_version__code=measurement_round.framework_version.code,
            submission__round__reference_year=measurement_round.reference_year - 1,
            value__isnull=False,
        )
        .filter(Q(status=Value.Status.REPORTED) | Q(status=Value.Status.CONFIDENTIAL))
        .values_list("submission__country_id", "variable__code", "value")
    )
    by_country: dict[int, dict[str, Decimal]] = {}
    for country_id, code, number in rows:
        by_country.setdefault(country_id, {})[code] = number
    return by_country


__all__ = ["measurement_rules"]
