"""What the home page reads from the apps: the next deadlines and the next events of the
network, each app's own rows through its selectors (the site may read every app)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from gealc.core.types import AnyUser
from gealc.groups import selectors as groups_selectors
from gealc.groups.models import Edition, Meeting
from gealc.measurement import selectors as measurement_selectors
from gealc.measurement.models import Round

HOME_DEADLINES = 3
HOME_EVENTS = 4


def next_deadlines(
    *, today: datetime.date | None = None, limit: int = HOME_DEADLINES
) -> list[Round]:
    """The open measurement rounds that close soonest, from today on."""
    today = today or timezone.localdate()
    rounds = measurement_selectors.round_list(status=Round.Status.OPEN)
    return list(rounds.filter(closes_on__gte=today).order_by("closes_on", "pk")[:limit])


@dataclass(frozen=True)
class HomeEvent:
    """A meeting or a course edition as the home page lists it: ``day`` sorts them (a
    meeting's first day in its own time zone, an edition's first day)."""

    url: str
    day: datetime.date
    meeting: Meeting | None = None
    edition: Edition | None = None


def next_events(
    user: AnyUser, *, today: datetime.date | None = None, limit: int = HOME_EVENTS
) -> list[HomeEvent]:
    """The next meetings the reader may see (not cancelled, not yet over) and the course
    editions not yet ended, soonest first."""
    today = today or timezone.localdate()
    meetings = [
        HomeEvent(
            url=reverse("meeting_detail", args=[meeting.pk]),
            day=meeting.local_start.date(),
            meeting=meeting,
        )
        for meeting in groups_selectors.calendar(user, upcoming_only=True)[:limit]
    ]
    editions = [
        HomeEvent(
            url=reverse("course_detail", args=[edition.course.slug]),
            day=edition.start,
            edition=edition,
        )
        for edition in groups_selectors.editions_upcoming(today)[:limit]
    ]
    return sorted(meetings + editions, key=lambda event: event.day)[:limit]
