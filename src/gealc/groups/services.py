"""Every change to working groups, plans, meetings and training goes through these functions.

Each one checks the actor's permission (``PermissionDenied``), validates the whole object and
the database constraints (``ValidationError`` naming the field) and runs in one transaction,
so a refused or invalid call changes nothing: minutes with one bad action record no decision.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gealc.core.records import unique_slug
from gealc.core.services import (
    apply_changes,
    authorise,
    locked_unchanged,
    save_validated,
    translated_fields,
)
from gealc.core.types import AnyUser
from gealc.groups import lines, notifications
from gealc.groups import rules as groups_rules
from gealc.groups.models import (
    Action,
    AgendaItem,
    Certificate,
    Commitment,
    Course,
    Decision,
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
from gealc.network import rules as network_rules
from gealc.network import selectors as network_selectors
from gealc.network.models import Country, Person

GROUP_FIELDS = translated_fields("name", "mandate") | {"start", "end", "status"}
GROUP_RELATIONS = frozenset({"working_line", "coordinating_country", "co_coordinating_country"})
COMMITMENT_FIELDS = translated_fields("title", "description") | {
    "start",
    "end",
    "budget",
    "budget_currency",
}
MEETING_FIELDS = frozenset(
    {
        "kind",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "time_zone",
        "place",
        "online_link",
        "is_public",
        "cancelled",
    }
)
COURSE_FIELDS = translated_fields("title", "description") | {
    "provider",
    "modality",
    "language",
    "link",
    "certificate_valid_years",
}
EDITION_FIELDS = frozenset({"start", "end", "place"})
# A model with an optimistic-concurrency ``version`` (groups, courses, editions).
# Unambiguous characters for verification codes read aloud or typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


# The fixed words of the addresses a group's or a course's slug goes into.
RESERVED_SLUGS = frozenset({"new", "report", "verify"})


# Groups and membership -------------------------------------------------------------------


@transaction.atomic
def group_create(
    *,
    actor: AnyUser,
    data: Mapping[str, Any],
    working_line: WorkingLine,
    coordinating_country: Country,
    co_coordinating_country: Country | None = None,
    is_demo: bool = False,
) -> WorkingGroup:
    authorise(actor, "groups.add_workinggroup")
    group = apply_changes(WorkingGroup(), data, GROUP_FIELDS)
    group.working_line = working_line
    group.coordinating_country = coordinating_country
    group.co_coordinating_country = co_coordinating_country
    group.is_demo = is_demo
    group.slug = unique_slug(
        WorkingGroup,
        group.name_en or group.name or group.name_es or "",
        reserved=RESERVED_SLUGS,
    )
    return save_validated(group, actor)


@transaction.atomic
def group_update(
    *, actor: AnyUser, group: WorkingGroup, data: Mapping[str, Any], expected_version: int
) -> WorkingGroup:
    """Change a group's details, its working line and its coordinating countries (the
    secretariat's), unless someone else changed them since ``expected_version``."""
    authorise(actor, "groups.manage_groups", group)
    current = apply_changes(
        locked_unchanged(group, expected_version), data, GROUP_FIELDS | GROUP_RELATIONS
    )
    save_validated(current, actor)
    group.refresh_from_db()
    return group


@transaction.atomic
def membership_add(
    *,
    actor: AnyUser,
    group: WorkingGroup,
    person: Person,
    role: str,
    country: Country | None,
    start: datetime.date,
    is_demo: bool = False,
) -> Membership:
    authorise(actor, "groups.add_membership", group)
    membership = Membership(
        group=group, person=person, role=role, country=country, start=start, is_demo=is_demo
    )
    return save_validated(membership, actor)


@transaction.atomic
def membership_end(
    *, actor: AnyUser, membership: Membership, end: datetime.date, reason: str
) -> Membership:
    """End a membership (never delete it), so who served when stays in the history."""
    authorise(actor, "groups.add_membership", membership.group)
    if membership.end is not None:
        raise ValidationError({"end": _("This membership has already ended.")})
    if not reason.strip():
        raise ValidationError({"end_reason": _("Say why the membership ends.")})
    membership.end, membership.end_reason = end, reason.strip()
    return save_validated(membership, actor)


@transaction.atomic
def document_add(
    *,
    actor: AnyUser,
    title: str,
    file: File,
    is_public: bool,
    group: WorkingGroup | None = None,
    meeting: Meeting | None = None,
    is_demo: bool = False,
) -> Document:
    """A document in a group's space or a meeting's papers, checked like evidence files."""
    if (group is None) == (meeting is None):
        raise ValidationError(_("A document belongs to a group or to a meeting."))
    if group is not None:
        authorise(actor, "groups.add_document", group)
    else:
        authorise(actor, "groups.change_meeting", meeting)
    document = Document(
        group=group, meeting=meeting, title=title, file=file, is_public=is_public, is_demo=is_demo
    )
    return save_validated(document, actor)


# Plans, commitments, milestones and progress ----------------------------------------------


@transaction.atomic
def plan_create(*, actor: AnyUser, year: int, is_demo: bool = False) -> WorkPlan:
    authorise(actor, "groups.change_workplan")
    return save_validated(WorkPlan(year=year, is_demo=is_demo), actor)


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due: datetime.date


@transaction.atomic
def commitment_create(
    *,
    actor: AnyUser,
    plan: WorkPlan,
    group: WorkingGroup,
    lead_country: Country,
    data: Mapping[str, Any],
    countries: Iterable[Country] = (),
    milestones: Sequence[MilestoneInput] = (),
    indicators: Iterable[Any] = (),
    practices: Iterable[Any] = (),
    software: Iterable[Any] = (),
    datasets: Iterable[Any] = (),
    carried_from: Commitment | None = None,
    is_demo: bool = False,
) -> Commitment:
    """A commitment of a group in a year's plan, with its milestones and what it links to."""
    authorise(actor, "groups.add_commitment", group)
    commitment = apply_changes(Commitment(), data, COMMITMENT_FIELDS)
    commitment.plan, commitment.group, commitment.lead_country = plan, group, lead_country
    commitment.carried_from, commitment.is_demo = carried_from, is_demo
    save_validated(commitment, actor)
    commitment.countries.set(list(countries))
    commitment.indicators.set(list(indicators))
    commitment.practices.set(list(practices))
    commitment.software.set(list(software))
    commitment.datasets.set(list(datasets))
    for index, milestone in enumerate(milestones, start=1):
        try:
            _milestone_save(actor, commitment, milestone)
        except ValidationError as error:
            raise ValidationError(
                {
                    "milestones": _("Milestone %(number)s: %(problem)s")
                    % {"number": index, "problem": " ".join(error.messages)}
                }
            ) from error
    return commitment


def _milestone_save(actor: AnyUser, commitment: Commitment, milestone: MilestoneInput) -> Milestone:
    return save_validated(
        Milestone(commitment=commitment, title=milestone.title, due=milestone.due), actor
    )


def _locked(commitment: Commitment) -> Commitment:
    """``commitment`` as it is now, its row locked until the caller's transaction ends, so
    that closing it waits for a report or a milestone in progress (and the other way round)
    and a second close sees the first."""
    commitment.refresh_from_db(from_queryset=Commitment.objects.select_for_update())
    return commitment


@transaction.atomic
def milestone_mark_done(
    *, actor: AnyUser, milestone: Milestone, done_on: datetime.date
) -> Milestone:
    """Record the day ``milestone`` was reached, while its commitment is open (a commitment
    closed at its year's end keeps the milestones as they stood)."""
    authorise(actor, "groups.report_progress", milestone.commitment)
    if not groups_rules.is_open_commitment.test(actor, _locked(milestone.commitment)):
        raise ValidationError(
            {
                "done_on": _(
                    "This commitment was closed at the end of its year: its milestones stay "
                    "as they were."
                )
            }
        )
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be done on a day still to come.")})
    milestone.done_on = done_on
    return save_validated(milestone, actor)


@transaction.atomic
def progress_report(
    *,
    actor: AnyUser,
    commitment: Commitment,
    country: Country,
    level: str,
    evidence: str,
    date: datetime.date | None = None,
    evidence_url: str = "",
    evidence_file: File | None = None,
    is_demo: bool = False,
) -> ProgressUpdate:
    """A country reports how far a commitment got; the group's coordinator reviews it."""
    authorise(actor, "groups.report_progress", commitment)
    committed = {commitment.lead_country_id, *commitment.countries.values_list("pk", flat=True)}
    if country.pk not in committed:
        raise ValidationError(
            {
                "country": _("%(country)s does not take part in this commitment.")
                % {"country": country}
            }
        )
    if not actor.has_perm("groups.review_progress", commitment) and not (
        network_selectors.countries_of_user(actor).filter(pk=country.pk).exists()
    ):
        raise ValidationError({"country": _("You can only report for your own country.")})
    if not groups_rules.is_open_commitment.test(actor, _locked(commitment)):
        raise ValidationError(
            _("This commitment was closed at the end of its year: report on the plan it went to.")
        )
    update = ProgressUpdate(
        commitment=commitment,
        country=country,
        level=level,
        evidence=evidence.strip(),
        date=date or timezone.localdate(),
        evidence_url=evidence_url,
        author=actor if actor.is_authenticated else None,
        is_demo=is_demo,
    )
    if evidence_file is not None:
        update.evidence_file = evidence_file
    return save_validated(update, actor)


@transaction.atomic
def progress_review(
    *, actor: AnyUser, update: ProgressUpdate, accept: bool, note: str = ""
) -> ProgressUpdate:
    authorise(actor, "groups.review_progress", update.commitment)
    if update.review_state != ProgressUpdate.Review.PENDING:
        raise ValidationError(_("This update has already been reviewed."))
    if not accept and not note.strip():
        raise ValidationError({"review_note": _("Say why the update is returned.")})
    update.review_state = (
        ProgressUpdate.Review.ACCEPTED if accept else ProgressUpdate.Review.RETURNED
    )
    update.review_note, update.reviewed_at = note.strip(), timezone.now()
    return save_validated(update, actor)


@transaction.atomic
def commitment_close(
    *,
    actor: AnyUser,
    commitment: Commitment,
    outcome: str,
    reason: str = "",
    next_plan: WorkPlan | None = None,
    replacement: Mapping[str, Any] | None = None,
) -> Commitment | None:
    """Close a commitment at the end of its year, explicitly.

    Complete: only when its latest accepted level is complete. Carried over: a copy (same
    group, countries, links and the milestones not done, moved into the next year) goes into
    ``next_plan`` and is returned. Dropped: needs a reason. Replaced: ``replacement`` holds the
    new commitment's fields, created in ``next_plan`` and returned.
    """
    authorise(actor, "groups.close_commitment", commitment)
    if not groups_rules.is_open_commitment.test(actor, _locked(commitment)):
        raise ValidationError({"outcome": _("This commitment has already been closed.")})
    follow_up = None
    if outcome == Commitment.Outcome.COMPLETED:
        if commitment.level != ProgressUpdate.Level.COMPLETE:
            raise ValidationError(
                {
                    "outcome": _(
                        "Only a commitment whose accepted progress is complete is completed."
                    )
                }
            )
    elif outcome == Commitment.Outcome.DROPPED:
        if not reason.strip():
            raise ValidationError({"outcome_reason": _("Say why the commitment is dropped.")})
    elif outcome in (Commitment.Outcome.CARRIED_OVER, Commitment.Outcome.REPLACED):
        follow_up = _follow_up(actor, commitment, outcome, next_plan, replacement)
    else:
        raise ValidationError({"outcome": _("Choose how the commitment ends its year.")})
    commitment.outcome, commitment.outcome_reason = outcome, reason.strip()
    save_validated(commitment, actor)
    return follow_up


def _follow_up(
    actor: AnyUser,
    commitment: Commitment,
    outcome: str,
    next_plan: WorkPlan | None,
    replacement: Mapping[str, Any] | None,
) -> Commitment:
    if next_plan is None or next_plan.year <= commitment.plan.year:
        raise ValidationError({"next_plan": _("Choose the plan of a later year.")})
    shift = datetime.date(next_plan.year, 1, 1) - datetime.date(commitment.plan.year, 1, 1)
    if outcome == Commitment.Outcome.REPLACED:
        if not replacement:
            raise ValidationError({"replacement": _("Describe the commitment that replaces it.")})
        data, milestones = dict(replacement), []
    else:
        data = {
            name: getattr(commitment, name)
            for name in translated_fields("title", "description")
            if hasattr(commitment, name)
        }
        data.update(start=datetime.date(next_plan.year, 1, 1), end=commitment.end + shift)
        data.update(budget=commitment.budget, budget_currency=commitment.budget_currency)
        milestones = [
            MilestoneInput(m.title, max(m.due + shift, data["start"]))
            for m in commitment.milestones.filter(done_on__isnull=True)
        ]
    return commitment_create(
        actor=actor,
        plan=next_plan,
        group=commitment.group,
        lead_country=commitment.lead_country,
        data=data,
        countries=commitment.countries.all(),
        milestones=milestones,
        indicators=commitment.indicators.all(),
        practices=commitment.practices.all(),
        software=commitment.software.all(),
        datasets=commitment.datasets.all(),
        carried_from=commitment,
        is_demo=commitment.is_demo,
    )


# Meetings and minutes ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaInput:
    title: str
    presenter: str = ""
    duration_minutes: int | None = None


def _authorise_meeting(actor: AnyUser, group: WorkingGroup | None) -> None:
    if group is None:
        authorise(actor, "groups.change_workplan")  # network-wide meetings: the secretariat
    else:
        authorise(actor, "groups.change_workinggroup", group)


@transaction.atomic
def meeting_schedule(
    *,
    actor: AnyUser,
    data: Mapping[str, Any],
    group: WorkingGroup | None = None,
    agenda: Sequence[AgendaInput] = (),
    is_demo: bool = False,
) -> Meeting:
    """Schedule a meeting with its agenda; the open actions of the group's (or the
    network's) earlier meetings are put on the agenda after the items given."""
    _authorise_meeting(actor, group)
    meeting = apply_changes(Meeting(group=group, is_demo=is_demo), data, MEETING_FIELDS)
    save_validated(meeting, actor)
    for order, item in enumerate(agenda, start=1):
        save_validated(
            AgendaItem(
                meeting=meeting,
                order=order,
                title=item.title,
                presenter=item.presenter,
                duration_minutes=item.duration_minutes,
            ),
            actor,
        )
    _carry_open_actions(actor, meeting, first_order=len(agenda) + 1)
    notifications.meeting_changed(meeting, created=True)
    return meeting


def _carry_open_actions(actor: AnyUser, meeting: Meeting, first_order: int) -> None:
    open_actions = Action.objects.filter(
        meeting__group=meeting.group,
        meeting__starts_at__lt=meeting.starts_at,
        status=Action.Status.OPEN,
    ).select_related("owner")
    for order, action in enumerate(open_actions, start=first_order):
        # The owner's name stays off the agenda, which the public may read.
        title = _("Open action: %(action)s (due %(due)s)") % {
            "action": action.title,
            "due": action.due.isoformat(),
        }
        save_validated(
            AgendaItem(meeting=meeting, order=order, title=title[:300], carried_action=action),
            actor,
        )


@transaction.atomic
def meeting_update(*, actor: AnyUser, meeting: Meeting, data: Mapping[str, Any]) -> Meeting:
    authorise(actor, "groups.change_meeting", meeting)
    apply_changes(meeting, data, MEETING_FIELDS)
    meeting.sequence += 1  # calendar programs replace the event they hold
    save_validated(meeting, actor)
    notifications.meeting_changed(meeting, created=False)
    return meeting


@transaction.atomic
def meeting_register(
    *, actor: AnyUser, meeting: Meeting, person: Person | None = None
) -> Registration:
    """Register for a meeting: oneself, or (a coordinator or the secretariat) someone else."""
    target = person or getattr(actor, "person", None)
    if target is None or (target != getattr(actor, "person", None)):
        authorise(actor, "groups.change_meeting", meeting)
    else:
        authorise(actor, "groups.register_meeting")
    if not actor.has_perm("groups.view_meeting", meeting):
        authorise(actor, "groups.view_meeting", meeting)
    if meeting.cancelled or meeting.is_past:
        raise ValidationError(_("Registration is closed for this meeting."))
    country = Country.objects.filter(pk__in=network_rules.countries_of_object(target)).first()
    registration = Registration(meeting=meeting, person=target, country=country)
    return save_validated(registration, actor)


@transaction.atomic
def attendance_record(
    *, actor: AnyUser, meeting: Meeting, attended: Mapping[int, bool]
) -> list[Registration]:
    """Who of the registered attended (by registration id); unknown ids refuse them all."""
    authorise(actor, "groups.change_meeting", meeting)
    registrations = {r.pk: r for r in meeting.registrations.all()}
    unknown = sorted(set(attended) - set(registrations))
    if unknown:
        raise ValidationError({"attended": _("These people are not registered for this meeting.")})
    for pk, present in attended.items():
        registrations[pk].attended = present
        save_validated(registrations[pk], actor)
    return list(registrations.values())


@dataclass(frozen=True)
class DecisionInput:
    text: str
    plan: WorkPlan | None = None
    adopts_plan: bool = False


@dataclass(frozen=True)
class ActionInput:
    title: str
    owner: Person | None
    due: datetime.date | None


@transaction.atomic
def minutes_record(
    *,
    actor: AnyUser,
    meeting: Meeting,
    decisions: Sequence[DecisionInput] = (),
    actions: Sequence[ActionInput] = (),
    reviewed_actions: Mapping[int, str] | None = None,
) -> tuple[list[Decision], list[Action]]:
    """Record a meeting's minutes, all or nothing.

    Decisions are numbered after the meeting's earlier ones and dated on the meeting's day; a
    decision that adopts a plan marks it adopted on that date at this meeting. Each action
    needs one owner and a due date. ``reviewed_actions`` sets the status of open actions
    carried onto this meeting's agenda (by action id).
    """
    authorise(actor, "groups.change_meeting", meeting)
    if not decisions and not actions and not reviewed_actions:
        raise ValidationError(_("The minutes need at least one decision or action."))
    day = meeting.local_start.date()
    number = (meeting.decisions.aggregate(last=Max("number"))["last"] or 0) + 1
    recorded_decisions = [
        _decision_save(actor, meeting, item, number + index, day)
        for index, item in enumerate(decisions)
    ]
    recorded_actions = [
        _action_save(actor, meeting, item, index) for index, item in enumerate(actions, start=1)
    ]
    _review_carried_actions(actor, meeting, reviewed_actions or {})
    for action in recorded_actions:
        notifications.action_assigned(action)
    return recorded_decisions, recorded_actions


def _decision_save(
    actor: AnyUser, meeting: Meeting, item: DecisionInput, number: int, day: datetime.date
) -> Decision:
    if not item.text.strip():
        raise ValidationError(
            {"decisions": _("Decision %(number)s has no text.") % {"number": number}}
        )
    if item.adopts_plan and item.plan is None:
        raise ValidationError({"decisions": _("Say which plan the decision adopts.")})
    decision = save_validated(
        Decision(meeting=meeting, number=number, date=day, text=item.text.strip(), plan=item.plan),
        actor,
    )
    if item.adopts_plan and item.plan is not None:
        if item.plan.is_adopted:
            raise ValidationError({"decisions": _("This plan has already been adopted.")})
        item.plan.adopted_on, item.plan.adopted_at_meeting = day, meeting
        save_validated(item.plan, actor)
    return decision


def _action_save(actor: AnyUser, meeting: Meeting, item: ActionInput, index: int) -> Action:
    problems = []
    if not item.title.strip():
        problems.append(_("it has no description"))
    if item.owner is None:
        problems.append(_("it has no owner: give each action one person who answers for it"))
    if item.due is None:
        problems.append(_("it has no due date"))
    if problems:
        raise ValidationError(
            {
                "actions": _("Action %(number)s: %(problems)s.")
                % {"number": index, "problems": "; ".join(problems)}
            }
        )
    return save_validated(
        Action(meeting=meeting, title=item.title.strip(), owner=item.owner, due=item.due), actor
    )


def _review_carried_actions(actor: AnyUser, meeting: Meeting, statuses: Mapping[int, str]) -> None:
    carried = {
        item.carried_action_id: item.carried_action
        for item in meeting.agenda.filter(carried_action__isnull=False).select_related(
            "carried_action"
        )
    }
    for pk, status in statuses.items():
        action = carried.get(pk)
        if action is None:
            raise ValidationError(
                {"actions": _("Only actions on this meeting's agenda are reviewed here.")}
            )
        if status not in Action.Status.values:
            raise ValidationError({"actions": _("Unknown action status.")})
        action.status = status
        save_validated(action, actor)


@transaction.atomic
def action_set_status(*, actor: AnyUser, action: Action, status: str) -> Action:
    authorise(actor, "groups.change_meeting", action.meeting)
    action.status = status
    return save_validated(action, actor)


# Training ---------------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    actor: AnyUser,
    data: Mapping[str, Any],
    working_line: WorkingLine,
    is_demo: bool = False,
) -> Course:
    authorise(actor, "groups.manage_training")
    course = apply_changes(Course(working_line=working_line, is_demo=is_demo), data, COURSE_FIELDS)
    course.slug = unique_slug(
        Course,
        course.title_en or course.title or course.title_es or "",
        reserved=RESERVED_SLUGS,
    )
    return save_validated(course, actor)


@transaction.atomic
def course_update(
    *, actor: AnyUser, course: Course, data: Mapping[str, Any], expected_version: int
) -> Course:
    """Change a course (its address stays), unless someone else changed it since
    ``expected_version``."""
    authorise(actor, "groups.manage_training")
    allowed = COURSE_FIELDS | {"working_line"}
    save_validated(apply_changes(locked_unchanged(course, expected_version), data, allowed), actor)
    course.refresh_from_db()
    return course


@transaction.atomic
def edition_create(
    *,
    actor: AnyUser,
    course: Course,
    start: datetime.date,
    end: datetime.date,
    place: str = "",
    is_demo: bool = False,
) -> Edition:
    authorise(actor, "groups.manage_training")
    return save_validated(
        Edition(course=course, start=start, end=end, place=place, is_demo=is_demo), actor
    )


@transaction.atomic
def edition_update(
    *, actor: AnyUser, edition: Edition, data: Mapping[str, Any], expected_version: int
) -> Edition:
    """Move an edition's dates or place, unless someone else changed it since
    ``expected_version``; completions already recorded stay on or after its start."""
    authorise(actor, "groups.manage_training")
    current = apply_changes(locked_unchanged(edition, expected_version), data, EDITION_FIELDS)
    started = current.start  # None is refused by the validation below
    if started and edition.enrolments.filter(completed_on__lt=started).exists():
        raise ValidationError(
            {"start": _("Someone completed this edition before that day: keep an earlier start.")}
        )
    save_validated(current, actor)
    edition.refresh_from_db()
    return edition


@transaction.atomic
def enrol(
    *,
    actor: AnyUser,
    edition: Edition,
    country: Country,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    is_demo: bool = False,
) -> Enrolment:
    """Enrol a person of the directory, or someone invited by name and e-mail."""
    authorise(actor, "groups.manage_training")
    if person is None and not (name.strip() and email.strip()):
        raise ValidationError(
            {"person": _("Choose a person of the directory, or give a name and an e-mail.")}
        )
    enrolment = Enrolment(
        edition=edition,
        person=person,
        name=person.full_name if person else name.strip(),
        email=(person.email if person else email.strip()),
        country=country,
        is_demo=is_demo,
    )
    duplicate = edition.enrolments.filter(
        person=person if person else None, email=enrolment.email, name=enrolment.name
    )
    if duplicate.exists():
        raise ValidationError({"person": _("This person is already enrolled in this edition.")})
    return save_validated(enrolment, actor)


@transaction.atomic
def enrolment_record(
    *,
    actor: AnyUser,
    enrolment: Enrolment,
    attended: bool,
    completed_on: datetime.date | None,
) -> Enrolment:
    authorise(actor, "groups.manage_training")
    if completed_on is not None and not attended:
        raise ValidationError({"completed_on": _("Only someone who attended can complete.")})
    if completed_on is not None and completed_on < enrolment.edition.start:
        raise ValidationError(
            {"completed_on": _("The completion date is before the edition starts.")}
        )
    enrolment.attended, enrolment.completed_on = attended, completed_on
    return save_validated(enrolment, actor)


def _new_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Certificate.objects.filter(code=code).exists():
            return code


@transaction.atomic
def certificate_issue(
    *, actor: AnyUser, enrolment: Enrolment, code: str | None = None
) -> Certificate:
    """A certificate for a completed enrolment; ``code`` only for deterministic demo data."""
    authorise(actor, "groups.manage_training")
    if enrolment.completed_on is None:
        raise ValidationError(_("Only a completed enrolment gets a certificate."))
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("This enrolment already has a certificate."))
    years = enrolment.edition.course.certificate_valid_years
    issued = enrolment.completed_on
    expires = issued.replace(year=issued.year + years) if years else None
    certificate = Certificate(
        enrolment=enrolment,
        code=code or _new_code(),
        issued_on=issued,
        expires_on=expires,
        is_demo=enrolment.is_demo,
    )
    return save_validated(certificate, actor)


@transaction.atomic
def certificate_revoke(
    *, actor: AnyUser, certificate: Certificate, reason: str, on: datetime.date | None = None
) -> Certificate:
    authorise(actor, "groups.manage_training")
    if certificate.revoked_on is not None:
        raise ValidationError(_("This certificate has already been revoked."))
    if not reason.strip():
        raise ValidationError({"revocation_reason": _("Say why the certificate is revoked.")})
    certificate.revoked_on = on or timezone.localdate()
    certificate.revocation_reason = reason.strip()
    return save_validated(certificate, actor)


def working_lines_sync(*, model: Any, using: str = "default") -> None:
    """Create or update the working lines of ``lines.WORKING_LINES`` with ``model`` (the app's
    or a migration's historical one). Idempotent; part of the installation, so no actor."""
    for order, (slug, names) in enumerate(lines.WORKING_LINES, start=1):
        fields = {f"name_{code}": name for code, name in names.items()}
        model.objects.using(using).update_or_create(
            slug=slug,
            defaults={
                "order": order,
                "name": names["es"],
                "dimension_code": lines.DIMENSIONS.get(slug, ""),
                **fields,
            },
        )
