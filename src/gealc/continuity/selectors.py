"""The welcome dossier of a country, read from live data every time it is shown.

Each section says where its data comes from and when it was read, and holds plain tables
(caption, column headings, rows of text), so the page and the PDF render it alike and its
fingerprint (``dossier_fingerprint``) changes exactly when the data shown changes. Sections
marked ``members_only`` are read only for the country's members and the secretariat; anyone
else sees that they exist and who may read them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gealc.accounts.models import Invitation
from gealc.continuity.models import Welcome, WelcomeStep
from gealc.cooperation import selectors as cooperation_selectors
from gealc.core import l10n
from gealc.core.types import AnyUser
from gealc.knowledge import selectors as knowledge_selectors
from gealc.knowledge.models import DatasetStatus
from gealc.measurement.models import Round, Submission
from gealc.network import selectors as network_selectors
from gealc.network.models import Appointment, Country
from gealc.network.rules import SECRETARIAT
from gealc.observatory import selectors as observatory_selectors

HORIZON_DAYS = 90
WELCOMED_ROLES = (Appointment.Role.HEAD_OF_AUTHORITY, Appointment.Role.DELEGATE)


@dataclass(frozen=True)
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    empty: str


@dataclass
class Section:
    key: str
    title: str
    source: str
    tables: list[Table] = field(default_factory=list)
    note: str = ""
    members_only: bool = False
    hidden: bool = False  # members only, and the reader is not one


@dataclass
class Dossier:
    country: Country
    members_view: bool
    read_at: datetime.datetime
    welcome: Welcome | None
    sections: list[Section]

    def fingerprint(self) -> str:
        return dossier_fingerprint(self)


def sees_members_only(viewer: AnyUser, country: Country) -> bool:
    return bool(viewer.has_perm("continuity.view_members_dossier", country))


def dossier(country: Country, viewer: AnyUser, *, today: datetime.date | None = None) -> Dossier:
    """The dossier of ``country`` as ``viewer`` may read it, on ``today`` (default: today)."""
    today = today or timezone.localdate()
    members_view = sees_members_only(viewer, country)
    builders: list[tuple[bool, Callable[..., Section]]] = [
        (False, _people),
        (True, _groups),
        (False, _index),
        (True, _cooperation),
        (False, _contributions),
        (True, _round),
        (False, _calendar),
        (True, _contacts),
        (True, _first_days),
    ]
    sections = []
    for members_only, build in builders:
        if members_only and not members_view:
            section = build(country, viewer, today, skeleton=True)
            section.tables, section.note, section.hidden = [], "", True
        else:
            section = build(country, viewer, today, skeleton=False)
        section.members_only = members_only
        sections.append(section)
    return Dossier(
        country=country,
        members_view=members_view,
        read_at=timezone.now(),
        welcome=latest_welcome(country),
        sections=sections,
    )


def dossier_fingerprint(dossier: Dossier) -> str:
    """A hash of everything the dossier shows (not the moment it was read)."""
    content = {
        "country": dossier.country.iso3,
        "members": dossier.members_view,
        "sections": [asdict(section) for section in dossier.sections],
        "welcome": welcome_summary(dossier.welcome),
    }
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _text(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return l10n.format_datetime(value)
    if isinstance(value, datetime.date):
        return l10n.format_date(value)
    if isinstance(value, float):
        return l10n.format_number(value, 1)
    return str(value)


def _row(*values: object) -> list[str]:
    return [_text(value) for value in values]


def _heading(*labels: str | Promise) -> list[str]:
    return [str(label) for label in labels]


# The sections ------------------------------------------------------------------------------


def _people(country: Country, viewer: AnyUser, today: datetime.date, **options: bool) -> Section:
    appointments = network_selectors.country_current_appointments(country)
    rows = []
    for appointment in appointments:
        person = appointment.person
        visible = viewer.has_perm("network.view_person", person)
        rows.append(
            _row(
                appointment.get_role_display(),
                person.full_name if visible else _("(not public)"),
                appointment.institution.name,
                appointment.start,
            )
        )
    seats = [
        _row(mandate.body.name, mandate.get_seat_display(), mandate.start, mandate.end)
        for mandate in network_selectors.country_seats(country).order_by("body__position")
    ]
    return Section(
        key="people",
        title=_("Current appointments and seats"),
        source=_("Network directory: appointments and governance mandates"),
        tables=[
            Table(
                _("Current appointments"),
                _heading(_("Role"), _("Person"), _("Institution"), _("Since")),
                rows,
                _("No current appointment is recorded yet."),
            ),
            Table(
                _("Seats in governance bodies"),
                _heading(_("Body"), _("Seat"), _("Since"), _("Until")),
                seats,
                _("The country holds no seat in a governance body."),
            ),
        ],
    )


def _groups_installed() -> bool:
    return apps.is_installed("gealc.groups")


def _not_available(key: str, title: str, source: str) -> Section:
    return Section(
        key=key,
        title=title,
        source=source,
        note=_("This information is not available yet: working groups are not set up."),
    )


def _groups(country: Country, viewer: AnyUser, today: datetime.date, skeleton: bool) -> Section:
    title = _("Working groups and open commitments")
    source = _("Working groups: memberships, work plans and their commitments")
    if not _groups_installed():
        return _not_available("groups", title, source)
    if skeleton:
        return Section(key="groups", title=title, source=source)
    from gealc.groups import selectors as groups_selectors
    from gealc.groups.models import Commitment, Membership

    memberships = (
        Membership.objects.current()
        .filter(country=country)
        .select_related("group", "person")
        .order_by("group__name", "person__family_name")
    )
    members = [
        _row(m.group.name, m.person.full_name, m.get_role_display(), m.start) for m in memberships
    ]
    commitments = []
    for commitment in groups_selectors.commitments(viewer, country=country):
        if commitment.outcome != Commitment.Outcome.OPEN or commitment.end < today:
            continue
        upcoming = [m for m in commitment.milestones.all() if m.done_on is None]
        next_milestone = f"{upcoming[0].title} ({_text(upcoming[0].due)})" if upcoming else ""
        commitments.append(
            _row(
                commitment.title,
                commitment.group.name,
                commitment.plan.year,
                _level_label(groups_selectors.level_of(commitment)),
                next_milestone,
            )
        )
    return Section(
        key="groups",
        title=title,
        source=source,
        tables=[
            Table(
                _("Memberships"),
                _heading(_("Group"), _("Person"), _("Role"), _("Since")),
                members,
                _("The country is not a member of any working group yet."),
            ),
            Table(
                _("Open commitments"),
                _heading(
                    _("Commitment"), _("Group"), _("Plan"), _("Progress"), _("Next milestone")
                ),
                commitments,
                _("The country has no open commitment."),
            ),
        ],
    )


def _level_label(level: str) -> str:
    from gealc.groups.models import ProgressUpdate

    return str(dict(ProgressUpdate.Level.choices).get(level, level))


def _index(country: Country, viewer: AnyUser, today: datetime.date, **options: bool) -> Section:
    rows = []
    for run in observatory_selectors.current_runs():
        scores = {row.node: row for row in run.scores.filter(country=country)}
        if not scores:
            continue
        means = {
            (average.group, average.node): average.mean
            for average in observatory_selectors.regional_averages(run)
        }
        root = observatory_selectors.root_code(run)
        nodes = [node for node in observatory_selectors.run_nodes(run) if node.level > 1]
        for node in sorted(nodes, key=lambda n: (n.code != root, n.code)):
            score = scores.get(node.code)
            if score is None:
                continue
            interval = (
                f"{score.rank_q05:.0f}\u2013{score.rank_q95:.0f}"
                if score.rank_q05 is not None and score.rank_q95 is not None
                else None
            )
            rows.append(
                _row(
                    run.round.reference_year,
                    node.name,
                    score.score,
                    score.rank,
                    interval,
                    means.get(("region", node.code)),
                    means.get((country.subregion, node.code)),
                )
            )
    return Section(
        key="index",
        title=_("Position in the index over the years"),
        source=_("The network in numbers: the published index runs (demo data is labelled)"),
        tables=[
            Table(
                _("Score and rank per dimension, with the rank interval (5th to 95th percentile)"),
                _heading(
                    _("Year"),
                    _("Component"),
                    _("Score"),
                    _("Rank"),
                    _("Rank interval"),
                    _("Region mean"),
                    _("Subregion mean (%(subregion)s)")
                    % {"subregion": country.get_subregion_display()},
                ),
                rows,
                _("No index including this country has been published yet."),
            )
        ],
    )


def _cooperation(
    country: Country, viewer: AnyUser, today: datetime.date, **options: bool
) -> Section:
    asked = [
        _row(
            r.created_at,
            r.title,
            r.provider_country.name if r.provider_country else None,
            r.get_state_display(),
        )
        for r in cooperation_selectors.requests_of_country(country, viewer)
    ]
    given = [
        _row(r.created_at, r.title, r.requesting_country.name, r.get_state_display())
        for r in cooperation_selectors.requests_provided_by(country, viewer)
    ]
    offers = [
        _row(o.start, o.title, o.working_line.name)
        for o in cooperation_selectors.current_offers(country=country.iso3)
    ]
    return Section(
        key="cooperation",
        title=_("Cooperation requests and offers"),
        source=_("Horizontal cooperation: requests, their providers and standing offers"),
        tables=[
            Table(
                _("Cooperation the country asked for"),
                _heading(_("Filed"), _("Request"), _("Provider"), _("State")),
                asked,
                _("The country has not asked for cooperation."),
            ),
            Table(
                _("Cooperation the country gave"),
                _heading(_("Filed"), _("Request"), _("From"), _("State")),
                given,
                _("The country has not been matched as a provider yet."),
            ),
            Table(
                _("The country's standing offers"),
                _heading(_("Since"), _("Offer"), _("Working line")),
                offers,
                _("The country has no standing offer."),
            ),
        ],
    )


def _contributions(
    country: Country, viewer: AnyUser, today: datetime.date, **options: bool
) -> Section:
    practices = [
        _row(p.title, p.get_state_display())
        for p in knowledge_selectors.practice_list({"country": country.iso3}, viewer)
    ]
    software = [
        _row(s.name, s.get_state_display())
        for s in knowledge_selectors.software_list({"country": country.iso3}, viewer)
    ]
    datasets = [
        _row(status.dataset.name, status.url)
        for status in DatasetStatus.objects.filter(country=country, published=True)
        .select_related("dataset")
        .order_by("dataset__order")
    ]
    return Section(
        key="contributions",
        title=_("Practices, public software and data sets contributed"),
        source=_("Knowledge hub: practices, the public software catalogue and open data"),
        tables=[
            Table(
                _("Practices"),
                _heading(_("Practice"), _("State")),
                practices,
                _("No practice of the country yet."),
            ),
            Table(
                _("Public software"),
                _heading(_("Software"), _("State")),
                software,
                _("No public software of the country yet."),
            ),
            Table(
                _("Common open-data sets published"),
                _heading(_("Data set"), _("Address")),
                datasets,
                _("The country has not reported publishing a common data set yet."),
            ),
        ],
    )


def _open_submissions(country: Country) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(country=country, round__status=Round.Status.OPEN)
        .select_related("round")
        .order_by("round__closes_on")
    )


def _round(country: Country, viewer: AnyUser, today: datetime.date, **options: bool) -> Section:
    rows = [
        _row(
            submission.round.reference_year,
            submission.get_state_display(),
            submission.round.closes_on,
            (submission.round.closes_on - today).days,
        )
        for submission in _open_submissions(country)
    ]
    return Section(
        key="round",
        title=_("Pending submissions and deadlines"),
        source=_("Measurement rounds: the country's submissions to open rounds"),
        tables=[
            Table(
                _("Submissions to open rounds"),
                _heading(_("Round"), _("State"), _("Closes on"), _("Days left")),
                rows,
                _("No measurement round is open for the country."),
            )
        ],
    )


def _upcoming_meetings(viewer: AnyUser, country: Country, today: datetime.date) -> list:
    from gealc.groups import selectors as groups_selectors

    # The reader's day begins at midnight of the site's time zone, not of UTC: a meeting that
    # ends at 00:30 UTC ended the evening before in the region.
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=HORIZON_DAYS)
    meetings = groups_selectors.calendar(viewer, country=country)
    return list(meetings.filter(ends_at__gte=start, starts_at__lt=end))


def _calendar(country: Country, viewer: AnyUser, today: datetime.date, **options: bool) -> Section:
    title = _("The network's calendar for the next 90 days")
    source = _("Working groups: meetings and events")
    if not _groups_installed():
        return _not_available("calendar", title, source)
    rows = [
        _row(meeting.starts_at, meeting.title, meeting.group.name if meeting.group else None)
        for meeting in _upcoming_meetings(viewer, country, today)
    ]
    return Section(
        key="calendar",
        title=title,
        source=source,
        tables=[
            Table(
                _("Meetings and events"),
                _heading(_("Starts"), _("Meeting"), _("Group")),
                rows,
                _("Nothing is scheduled in the next 90 days."),
            )
        ],
    )


def _contacts(country: Country, viewer: AnyUser, today: datetime.date, skeleton: bool) -> Section:
    secretariat = User.objects.filter(groups__name=SECRETARIAT, is_active=True).select_related(
        "person"
    )
    people = [
        _row(
            _("Technical secretariat"),
            _person_name(user),
            user.email,
        )
        for user in secretariat.order_by("last_name", "username")
    ]
    if _groups_installed() and not skeleton:
        people += _coordinators(country)
    return Section(
        key="contacts",
        title=_("People to contact"),
        source=_("Accounts of the secretariat; coordinators of the country's working groups"),
        tables=[
            Table(
                _("The secretariat and the group coordinators"),
                _heading(_("Who"), _("Name"), _("E-mail")),
                people,
                _("No contact is recorded yet."),
            )
        ],
    )


def _person_name(user: User) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person else (user.get_full_name() or user.get_username())


def _coordinators(country: Country) -> list[list[str]]:
    from gealc.groups.models import Membership

    groups = Membership.objects.current().filter(country=country).values("group")
    coordinators = (
        Membership.objects.current()
        .filter(group__in=groups, role=Membership.Role.COORDINATOR)
        .select_related("group", "person")
        .order_by("group__name")
    )
    return [
        _row(
            _("Coordinator of %(group)s") % {"group": m.group.name},
            m.person.full_name,
            m.person.email,
        )
        for m in coordinators
    ]


def _first_days(
    country: Country, viewer: AnyUser, today: datetime.date, **options: bool
) -> Section:
    """What falls due in the newcomer's first 90 days, in date order."""
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    items: list[tuple[datetime.date, str, str]] = []
    for submission in _open_submissions(country):
        if today <= submission.round.closes_on <= horizon:
            items.append(
                (
                    submission.round.closes_on,
                    _("Deadline of measurement round %(year)s")
                    % {"year": submission.round.reference_year},
                    submission.get_state_display(),
                )
            )
    if _groups_installed():
        items += _milestones_due(country, viewer, today, horizon)
        for meeting in _upcoming_meetings(viewer, country, today):
            items.append(
                (timezone.localtime(meeting.starts_at).date(), meeting.title, _("Meeting"))
            )
    items.sort(key=lambda item: (item[0], item[1]))
    return Section(
        key="first_days",
        title=_("The first 90 days"),
        source=_("Deadlines, milestones and meetings from the sections above"),
        tables=[
            Table(
                _("What falls due by %(date)s") % {"date": _text(horizon)},
                _heading(_("Date"), _("What"), _("Kind")),
                [_row(*item) for item in items],
                _("Nothing falls due in the next 90 days."),
            )
        ],
    )


def _milestones_due(
    country: Country, viewer: AnyUser, today: datetime.date, horizon: datetime.date
) -> list[tuple[datetime.date, str, str]]:
    from gealc.groups import selectors as groups_selectors

    items = []
    for commitment in groups_selectors.commitments(viewer, country=country):
        for milestone in commitment.milestones.all():
            if milestone.done_on is None and today <= milestone.due <= horizon:
                items.append(
                    (milestone.due, f"{commitment.title}: {milestone.title}", _("Milestone"))
                )
    return items


# Welcomes ----------------------------------------------------------------------------------


def latest_welcome(country: Country) -> Welcome | None:
    return (
        Welcome.objects.filter(appointment__institution__country=country)
        .select_related("appointment__person", "appointment__institution")
        .prefetch_related("steps")
        .order_by("-appointment__start", "-pk")
        .first()
    )


@dataclass(frozen=True)
class StepStatus:
    step: str
    label: str
    done: WelcomeStep | None


def welcome_checklist(welcome: Welcome | None) -> list[StepStatus]:
    done = {step.step: step for step in welcome.steps.all()} if welcome else {}
    return [
        StepStatus(step=value, label=str(label), done=done.get(value))
        for value, label in WelcomeStep.Step.choices
    ]


def welcome_summary(welcome: Welcome | None) -> list[list[str]]:
    return [
        [status.step, _text(status.done.done_on) if status.done else ""]
        for status in welcome_checklist(welcome)
    ]


def welcome_list() -> QuerySet[Welcome]:
    return Welcome.objects.select_related(
        "appointment__person", "appointment__institution__country"
    ).prefetch_related("steps")


def arrivals_without_welcome(since: datetime.date) -> QuerySet[Appointment]:
    """Heads of authority and delegates appointed since ``since`` with no welcome yet."""
    return (
        Appointment.objects.current()
        .filter(role__in=WELCOMED_ROLES, start__gte=since, welcome__isnull=True)
        .select_related("person", "institution__country")
        .order_by("-start")
    )


# The first 90 days of a newcomer -----------------------------------------------------------


@dataclass(frozen=True)
class NewcomerTask:
    """One thing the new head or delegate does in their first days, and whether it is done
    (read from live data: their account, their invitations, the secretariat's checklist)."""

    key: str
    label: str
    done: bool
    link: str = ""


@dataclass
class FirstDays:
    country: Country
    welcome: Welcome | None
    read_at: datetime.datetime
    tasks: list[NewcomerTask]
    sections: list[Section]


def newcomer_appointment(user: AnyUser, today: datetime.date | None = None) -> Appointment | None:
    """The user's appointment as head of authority or delegate, if it started in the last
    90 days: who sees the first-90-days view from their home."""
    if not user.is_authenticated:
        return None
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=HORIZON_DAYS)
    return (
        Appointment.objects.current(today)
        .filter(person__user=user, role__in=WELCOMED_ROLES, start__gte=since)
        .select_related("institution__country")
        .order_by("-start")
        .first()
    )


def first_days(
    country: Country, viewer: AnyUser, *, today: datetime.date | None = None
) -> FirstDays:
    """The first-90-days view of ``country``'s newcomer (the person of its latest welcome):
    their tasks, what falls due, the current round, the calendar and whom to contact. For the
    country's members and the secretariat (the caller checks)."""
    today = today or timezone.localdate()
    welcome = latest_welcome(country)
    sections = [
        build(country, viewer, today, skeleton=False)
        for build in (_first_days, _round, _calendar, _contacts)
    ]
    return FirstDays(
        country=country,
        welcome=welcome,
        read_at=timezone.now(),
        tasks=_newcomer_tasks(country, welcome),
        sections=sections,
    )


def _newcomer_tasks(country: Country, welcome: Welcome | None) -> list[NewcomerTask]:
    if welcome is None:
        return []
    account = welcome.appointment.person.user
    steps = {step.step for step in welcome.steps.all()}
    invited = Invitation.objects.filter(country=country, created__gte=welcome.opened_at)
    return [
        NewcomerTask("account", _("Accept your invitation and sign in"), account is not None),
        NewcomerTask(
            "second_factor",
            _("Protect your account with a second factor"),
            account is not None and is_mfa_enabled(account),
            reverse("mfa_index"),
        ),
        NewcomerTask(
            "team",
            _("Invite your team to the platform"),
            WelcomeStep.Step.INVITE_TEAM in steps or invited.exists(),
            reverse("invitation_list"),
        ),
        NewcomerTask(
            "submission",
            _("Complete your country's submissions to the open rounds"),
            not _open_submissions(country).filter(state__in=Submission.EDITABLE_STATES).exists(),
        ),
        NewcomerTask(
            "coordinators",
            _("Meet the coordinators of your working groups"),
            WelcomeStep.Step.INTRODUCE in steps,
        ),
        NewcomerTask(
            "first_meeting",
            _("Take part in your first meeting of the network"),
            WelcomeStep.Step.FIRST_MEETING in steps,
        ),
    ]
