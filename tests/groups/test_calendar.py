"""The iCalendar feeds parse with the library that writes them and with a second parser."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gealc.groups import services

pytestmark = pytest.mark.django_db


def _get(name: str, *args: object) -> bytes:
    with translation.override("en"):
        response = Client().get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_the_network_feed_parses_with_both_parsers(meeting_ury, secretariat) -> None:
    services.meeting_update(actor=secretariat, meeting=meeting_ury, data={"place": "Montevideo"})
    body = _get("calendar_feed")
    parsed = icalendar.Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Interoperability group meeting (test)"
    assert event.decoded("dtstart") == meeting_ury.starts_at
    assert int(event["sequence"]) == 1
    assert str(event["location"]) == "Montevideo"

    second = vobject.readOne(body.decode())
    vevent = second.vevent
    assert vevent.summary.value == "Interoperability group meeting (test)"
    assert vevent.dtstart.value == meeting_ury.starts_at
    assert vevent.dtend.value - vevent.dtstart.value == datetime.timedelta(hours=1)
    assert vevent.uid.value.startswith(f"meeting-{meeting_ury.pk}@")


def test_the_group_feed_holds_only_the_groups_meetings(meeting_ury, group_bra, secretariat):
    start = meeting_ury.starts_at + datetime.timedelta(days=1)
    services.meeting_schedule(
        actor=secretariat,
        group=group_bra,
        data={
            "kind": "group_meeting",
            "title": "Open data meeting",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "time_zone": "America/Sao_Paulo",
            "place": "Brasília",
        },
    )
    body = _get("calendar_group_feed", group_bra.slug)
    summaries = [str(e["summary"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]
    assert summaries == ["Open data meeting"]
    assert len(list(vobject.readComponents(body.decode()))) == 1


def test_members_only_meetings_stay_out_of_the_public_feed(meeting_ury, secretariat) -> None:
    services.meeting_update(actor=secretariat, meeting=meeting_ury, data={"is_public": False})
    with translation.override("en"):
        response = Client().get(reverse("calendar_feed"))
    assert response.status_code == 404  # nothing public left
