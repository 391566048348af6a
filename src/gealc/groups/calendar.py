"""The network's meetings as iCalendar (RFC 5545) feeds, written with the ``icalendar``
library: whole network, per group, and a personal feed of what someone registered for.

Each event carries a stable UID and a SEQUENCE bumped at every change, so Outlook, Google
Calendar and Thunderbird replace the event they hold rather than add a second one. Times are
written in UTC (``Z``), which every client reads the same way whatever its time zone support;
the meeting's own time zone is named in the description. A cancelled meeting stays in the
feed as ``STATUS:CANCELLED`` so subscribed calendars remove it.

The personal feed is fetched by calendar programs that cannot sign in: its address carries a
signed token of the user (``personal_token``), which the person can see on the calendar page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from gealc.core import l10n
from gealc.groups.models import Meeting

PRODUCT_ID = "-//GEALC Hub//Working groups calendar//EN"
TOKEN_SALT = "gealc.groups.personal-calendar"


def feed(meetings: Iterable[Meeting], *, name: str, address: str, domain: str) -> bytes:
    """An iCalendar document of the meetings (a valid, empty calendar when there are none).

    ``address`` makes each meeting's URL absolute; ``domain`` makes UIDs globally unique.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, address, domain))
    return calendar.to_ical()


def _event(meeting: Meeting, address: str, domain: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
    event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("categories", [str(meeting.get_kind_display())])
    url = address.rstrip("/") + f"/{meeting.pk}/"
    event.add("url", url)
    location = meeting.place or meeting.online_link
    if location:
        event.add("location", location)
    lines = [
        _("Local time: %(start)s to %(end)s (%(zone)s)")
        % {
            "start": l10n.format_datetime(meeting.starts_at, meeting.time_zone),
            "end": l10n.format_time(meeting.ends_at, meeting.time_zone),
            "zone": meeting.time_zone,
        }
    ]
    if meeting.online_link:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_link})
    if meeting.description:
        lines.append(meeting.description)
    lines.append(url)
    event.add("description", "\n".join(lines))
    return event


def personal_token(user_pk: int) -> str:
    return signing.dumps(user_pk, salt=TOKEN_SALT)


def user_of_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=TOKEN_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
