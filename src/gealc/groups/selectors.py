"""Reads of the working groups for pages, feeds and the API; what a viewer may see is decided
here with the rules, so every caller gets the same answer."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.core.types import AnyUser
from gealc.groups.models import (
    Action,
    AgendaItem,
    Certificate,
    Commitment,
    Course,
    Document,
    Edition,
    Enrolment,
    Meeting,
    Membership,
    Milestone,
    ProgressUpdate,
    Registration,
    WorkingGroup,
    WorkingLine,
    WorkPlan,
)
from gealc.knowledge import selectors as knowledge_selectors
from gealc.knowledge.models import OpenDataSet, Practice, SoftwareEntry
from gealc.network import rules as network_rules
from gealc.network.models import Appointment, Country, Person


def _sees_drafts(user: AnyUser) -> bool:
    return bool(network_rules.is_network_member(user))


def working_lines() -> QuerySet[WorkingLine]:
    return WorkingLine.objects.all()


def group_list(*, status: str = "", line: str = "") -> QuerySet[WorkingGroup]:
    groups = WorkingGroup.objects.select_related(
        "working_line", "coordinating_country", "co_coordinating_country"
    )
    if status:
        groups = groups.filter(status=status)
    if line:
        groups = groups.filter(working_line__slug=line)
    return groups


def group_get(slug: str) -> WorkingGroup:
    try:
        return group_list().get(slug=slug)
    except WorkingGroup.DoesNotExist:
        raise Http404(_("No working group has this address.")) from None


def group_members(group: WorkingGroup, *, current: bool = True) -> QuerySet[Membership]:
    """The current members, or (``current=False``) those whose membership has ended."""
    memberships = group.memberships.select_related("person", "country")
    if current:
        return memberships.current()
    return memberships.filter(end__isnull=False).order_by("-start")


def documents_visible(group: WorkingGroup, user: AnyUser) -> list[Document]:
    return [d for d in group.documents.all() if user.has_perm("groups.view_document", d)]


@dataclass(frozen=True)
class SharedWork:
    """What a group's commitments build on: published practices and software, data sets."""

    practices: list[Practice]
    software: list[SoftwareEntry]
    datasets: list[OpenDataSet]


def shared_work(commitments: QuerySet[Commitment]) -> SharedWork:
    """The published practices and software and the data sets ``commitments`` link to, each
    once, by name."""
    linked = {"commitments__in": commitments.order_by().values("pk")}
    return SharedWork(
        practices=list(
            knowledge_selectors.practices_published().filter(**linked).distinct().order_by("title")
        ),
        software=list(
            knowledge_selectors.software_published().filter(**linked).distinct().order_by("name")
        ),
        datasets=list(OpenDataSet.objects.filter(**linked).distinct().order_by("name")),
    )


def plans_visible(user: AnyUser) -> QuerySet[WorkPlan]:
    plans = WorkPlan.objects.all()
    return plans if _sees_drafts(user) else plans.filter(adopted_on__isnull=False)


def plan_get(year: int, user: AnyUser) -> WorkPlan:
    if not 1 <= year <= 9999:  # no date holds it (and the database may not either)
        raise Http404(_("There is no work plan of this year to show."))
    try:
        return plans_visible(user).get(year=year)
    except WorkPlan.DoesNotExist:
        raise Http404(_("There is no work plan of this year to show.")) from None


def commitments(
    user: AnyUser,
    *,
    year: int | None = None,
    group: WorkingGroup | None = None,
    country: Country | None = None,
    indicator: str = "",
) -> QuerySet[Commitment]:
    """Commitments of visible plans, by year, group, country (lead or participating) or the
    code of an indicator they are meant to move."""
    found = Commitment.objects.filter(plan__in=plans_visible(user))
    if year is not None:
        found = found.filter(plan__year=year)
    if group is not None:
        found = found.filter(group=group)
    if country is not None:
        found = found.filter(Q(lead_country=country) | Q(countries=country))
    if indicator:
        found = found.filter(indicators__code=indicator)
    accepted = ProgressUpdate.objects.filter(review_state=ProgressUpdate.Review.ACCEPTED)
    return (
        found.distinct()
        .select_related("plan", "group", "lead_country")
        .prefetch_related(
            "countries",
            "indicators",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due")),
            Prefetch("progress_updates", queryset=accepted, to_attr="accepted_updates"),
        )
        .order_by("-plan__year", "group__name", "title")
    )


def commitment_get(pk: int, user: AnyUser) -> Commitment:
    try:
        return (
            commitments(user)
            .prefetch_related("practices", "software", "datasets", "carried_to")
            .get(pk=pk)
        )
    except Commitment.DoesNotExist:
        raise Http404(_("No commitment to show here.")) from None


def level_of(commitment: Commitment) -> ProgressUpdate.Level:
    """The latest accepted level, from the prefetched updates when there are."""
    updates = getattr(commitment, "accepted_updates", None)
    if updates is None:
        return commitment.level
    return updates[0].level_choice if updates else ProgressUpdate.Level.NOT_STARTED


def overdue_milestones(on: datetime.date | None = None) -> QuerySet[Milestone]:
    day = on or timezone.localdate()
    return Milestone.objects.filter(done_on__isnull=True, due__lt=day).select_related(
        "commitment__group"
    )


@dataclass
class YearEndReport:
    group: WorkingGroup
    year: int
    commitments: list[Commitment]
    levels: dict[str, int]
    outcomes: dict[str, int]
    overdue: list[Milestone]
    meetings: list[Meeting]
    decisions: int
    actions_open: int
    actions_done: int
    level_labels: list[tuple[str, str, int]] = field(default_factory=list)


def year_end_report(group: WorkingGroup, year: int, user: AnyUser) -> YearEndReport:
    """What the group committed to in the year's plan and how far it got, computed from the
    data: completion levels, year-end outcomes, overdue milestones, meetings and actions."""
    items = list(commitments(user, year=year, group=group))
    levels = Counter(level_of(c) for c in items)
    meetings = list(
        meetings_visible(user).filter(group=group, starts_at__year=year).order_by("starts_at")
    )
    actions = [a for m in meetings for a in m.actions.all()]
    report = YearEndReport(
        group=group,
        year=year,
        commitments=items,
        levels=dict(levels),
        outcomes=dict(Counter(c.outcome for c in items)),
        overdue=[m for c in items for m in c.milestones.all() if m.is_overdue()],
        meetings=meetings,
        decisions=sum(m.decisions.count() for m in meetings),
        actions_open=sum(1 for a in actions if a.status == Action.Status.OPEN),
        actions_done=sum(1 for a in actions if a.status == Action.Status.DONE),
    )
    report.level_labels = [
        (value, str(label), levels.get(value, 0)) for value, label in ProgressUpdate.Level.choices
    ]
    return report


def meetings_visible(user: AnyUser) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("group")
    return meetings if _sees_drafts(user) else meetings.filter(is_public=True)


def meeting_get(pk: int, user: AnyUser) -> Meeting:
    try:
        return meetings_visible(user).get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No meeting to show here.")) from None


def calendar(
    user: AnyUser,
    *,
    group: WorkingGroup | None = None,
    country: Country | None = None,
    kind: str = "",
    upcoming_only: bool = False,
) -> QuerySet[Meeting]:
    """Meetings of the calendar, filtered by group, kind, or a country (its groups' meetings
    and the network's own)."""
    meetings = meetings_visible(user).filter(cancelled=False)
    if group is not None:
        meetings = meetings.filter(group=group)
    if country is not None:
        groups = Membership.objects.current().filter(country=country).values("group")
        meetings = meetings.filter(Q(group__isnull=True) | Q(group__in=groups))
    if kind:
        meetings = meetings.filter(kind=kind)
    if upcoming_only:
        meetings = meetings.filter(ends_at__gte=timezone.now())
    return meetings.order_by("starts_at")


def personal_calendar(user: AnyUser) -> QuerySet[Meeting]:
    person = getattr(user, "person", None)
    if person is None:
        return Meeting.objects.none()
    return Meeting.objects.filter(registrations__person=person, cancelled=False).order_by(
        "starts_at"
    )


def action_owners(meeting: Meeting) -> QuerySet[Person]:
    """Who can own an action: the group's current members and the people registered (for a
    network meeting: everyone currently serving a country, and the registered)."""
    registered = Q(registrations__meeting=meeting)
    if meeting.group is not None:
        members = Q(group_memberships__in=meeting.group.memberships.current())
    else:
        members = Q(appointments__in=Appointment.objects.current())
    return (
        Person.objects.filter(registered | members).distinct().order_by("family_name", "given_name")
    )


def carried_agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda items that carry an open action of an earlier meeting."""
    items = meeting.agenda.filter(carried_action__isnull=False)
    return list(items.select_related("carried_action"))


def registrations(meeting: Meeting) -> QuerySet[Registration]:
    return meeting.registrations.select_related("person", "country")


def course_list() -> QuerySet[Course]:
    return Course.objects.select_related("working_line").prefetch_related("editions")


def editions_upcoming(today: datetime.date | None = None) -> QuerySet[Edition]:
    """Course editions running or to come (not yet ended on ``today``), soonest first."""
    day = today or timezone.localdate()
    return Edition.objects.filter(end__gte=day).select_related("course").order_by("start", "pk")


def course_get(slug: str) -> Course:
    try:
        return course_list().get(slug=slug)
    except Course.DoesNotExist:
        raise Http404(_("No course has this address.")) from None


def certificate_find(code: str) -> Certificate | None:
    """The certificate of a verification code typed in any case, with or without dashes."""
    compact = "".join(char for char in code.upper() if char.isalnum())
    if len(compact) != 12:
        return None
    formatted = f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"
    return (
        Certificate.objects.select_related("enrolment__edition__course")
        .filter(code=formatted)
        .first()
    )


@dataclass(frozen=True)
class TrainedRow:
    country: str
    year: int
    course: str
    working_line: str
    trained: int


def officials_trained(
    *, year: int | None = None, country: Country | None = None, line: str = ""
) -> list[TrainedRow]:
    """People who completed a course, counted per country, year, course and working line."""
    enrolments = Enrolment.objects.filter(completed_on__isnull=False).select_related(
        "country", "edition__course__working_line"
    )
    if year is not None:
        enrolments = enrolments.filter(completed_on__year=year)
    if country is not None:
        enrolments = enrolments.filter(country=country)
    if line:
        enrolments = enrolments.filter(edition__course__working_line__slug=line)
    counts: Counter[tuple[str, int, str, str]] = Counter(
        (
            e.country.name,
            e.completed_on.year,
            str(e.edition.course.title),
            str(e.edition.course.working_line.name),
        )
        for e in enrolments
    )
    return [TrainedRow(*key, trained=n) for key, n in sorted(counts.items())]


def trained_by(rows: list[TrainedRow], attribute: str) -> list[tuple[str, int]]:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[str(getattr(row, attribute))] += row.trained
    return sorted(totals.items())


@dataclass(frozen=True)
class TrainingGap:
    dimension: str
    score: float | None
    trained: int


def training_gaps(country: Country) -> tuple[Any, list[TrainingGap]]:
    """The country's score per dimension in the latest published index run, beside how many
    of its officials completed a course of the working line on that dimension ("weak in
    interoperability, nobody trained in it"); ``WorkingLine.dimension_code`` pairs them."""
    from gealc.observatory import selectors as observatory

    run = observatory.latest_published_run()
    if run is None:
        return None, []
    scores = observatory.scores_by_country(run).get(country.iso3, {})
    names = {node.code: node.name for node in observatory.run_nodes(run)}
    trained = Counter(
        Enrolment.objects.filter(country=country, completed_on__isnull=False)
        .exclude(edition__course__working_line__dimension_code="")
        .values_list("edition__course__working_line__dimension_code", flat=True)
    )
    gaps = [
        TrainingGap(str(names.get(code, code)), scores.get(code), trained.get(code, 0))
        for code in observatory.dimension_codes(run)
    ]
    gaps.sort(key=lambda gap: (gap.score is None, gap.score or 0))
    return run, gaps


def groups_editable(user: AnyUser, permission: str = "groups.change_workinggroup") -> Any:
    """The active groups whose work ``user`` may change (a coordinator's own groups; every group
    for the secretariat), decided by the rules as for one group."""
    active = group_list(status=WorkingGroup.Status.ACTIVE)
    allowed = [group.pk for group in active if user.has_perm(permission, group)]
    return active.filter(pk__in=allowed)


def later_plans(commitment: Commitment) -> QuerySet[WorkPlan]:
    """The plans a commitment can be carried over to, or replaced in."""
    return WorkPlan.objects.filter(year__gt=commitment.plan.year).order_by("year")


def edition_get(pk: int) -> Edition:
    try:
        return Edition.objects.select_related("course").get(pk=pk)
    except Edition.DoesNotExist:
        raise Http404(_("No course edition to show here.")) from None


def enrolments(edition: Edition) -> QuerySet[Enrolment]:
    return edition.enrolments.select_related("country", "person", "certificate")
