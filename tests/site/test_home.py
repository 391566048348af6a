"""The home page's "what comes next": the open rounds' deadlines and the next events (the
meetings a reader may see, the course editions not yet over), soonest first, with dates and
titles in the reader's language."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.utils import timezone, translation

from gealc.core import l10n
from gealc.groups import services as group_services
from gealc.groups.models import Course, Edition, Meeting, WorkingGroup, WorkingLine
from gealc.measurement.models import FrameworkVersion, Round
from gealc.network.models import Country
from gealc.site import selectors
from tests.groups.conftest import course, group_ury, line_interop, meeting_ury
from tests.measurement.conftest import *  # noqa: F403  (network and measurement fixtures)
from tests.measurement.conftest import _open

__all__ = ["course", "group_ury", "line_interop", "meeting_ury"]


def _meeting(actor: User, group: WorkingGroup, title: str, days: int, **data: object) -> Meeting:
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return group_services.meeting_schedule(
        actor=actor,
        group=group,
        data={
            "kind": "webinar",
            "title": title,
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "time_zone": "America/Bogota",
            "online_link": "https://meet.example.org/home",
            **data,
        },
        agenda=[],
    )


def _edition(actor: User, course: Course, start_in_days: int) -> Edition:
    start = timezone.localdate() + datetime.timedelta(days=start_in_days)
    return group_services.edition_create(
        actor=actor, course=course, start=start, end=start + datetime.timedelta(days=20)
    )


@pytest.fixture
def translated_course(secretariat: User, line_interop: WorkingLine) -> Course:
    return group_services.course_create(
        actor=secretariat,
        working_line=line_interop,
        data={
            "title_es": "Firma digital para todos (prueba)",
            "title_pt": "Assinatura digital para todos (teste)",
            "title_en": "Digital signature for everyone (test)",
            "title_fr": "La signature numérique pour tous (test)",
            "provider": "Network secretariat",
            "modality": "workshop",
            "language": "es",
        },
    )


@pytest.fixture
def events(
    secretariat: User,
    group_ury: WorkingGroup,
    meeting_ury: Meeting,
    translated_course: Course,
    course: Course,
) -> dict[str, object]:
    """meeting_ury in ten days; an edition from tomorrow and one that ended a week ago; a
    webinar in three days that is cancelled, one in five days that is members-only."""
    cancelled = _meeting(secretariat, group_ury, "Cancelled webinar (test)", 3)
    group_services.meeting_update(actor=secretariat, meeting=cancelled, data={"cancelled": True})
    private = _meeting(secretariat, group_ury, "Members-only webinar (test)", 5, is_public=False)
    return {
        "meeting": meeting_ury,
        "next_edition": _edition(secretariat, translated_course, 1),
        "past_edition": _edition(secretariat, course, -28),
        "private": private,
    }


def test_next_events_are_the_visible_ones_soonest_first(
    events: dict[str, object], secretariat: User
) -> None:
    anonymous = selectors.next_events(AnonymousUser())
    assert [(e.edition, e.meeting) for e in anonymous] == [
        (events["next_edition"], None),
        (None, events["meeting"]),
    ]
    seen_by_secretariat = [e.meeting for e in selectors.next_events(secretariat) if e.meeting]
    assert seen_by_secretariat == [events["private"], events["meeting"]]
    assert len(selectors.next_events(secretariat, limit=2)) == 2


@pytest.mark.parametrize("language", ["es", "pt", "fr", "en"])
def test_the_home_page_lists_the_next_events_in_the_readers_language(
    events: dict[str, object], client: Client, language: str
) -> None:
    page = client.get(f"/{language}/").content.decode()

    meeting: Meeting = events["meeting"]  # type: ignore[assignment]
    edition: Edition = events["next_edition"]  # type: ignore[assignment]
    with translation.override(language):
        when = l10n.format_datetime(meeting.starts_at, meeting.time_zone)
        first_day = l10n.format_date(edition.start)
        title = getattr(edition.course, f"title_{language}")
    assert 'id="events-heading"' in page
    assert f"{when} (America/Montevideo)" in page
    with translation.override(language):
        kind = str(meeting.get_kind_display())
    # The meeting is named by its kind and its group's name, both in the reader's language
    # (its title is free text in whatever language it was written in).
    assert f"{kind}: " in page
    assert "Interoperability group meeting (test)" not in page
    assert f"{first_day} \N{EN DASH} " in page
    assert title in page
    assert "Interoperability basics (test)" not in page  # its only edition is over
    assert "Cancelled webinar" not in page
    assert "Members-only webinar" not in page


def test_the_home_page_says_when_nothing_is_coming_up(db: None, client: Client) -> None:
    page = client.get("/en/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No meeting or course is coming up." in page
    assert "No measurement round is open." in page


def test_the_next_deadlines_are_the_open_rounds_closing_soonest(
    framework: FrameworkVersion, secretariat: User, uruguay: Country, client: Client
) -> None:
    # Opened for last year's data: it closes on the last day of this year.
    open_round = _open(secretariat, framework, timezone.localdate().year - 1, [uruguay])
    assert selectors.next_deadlines() == [open_round]
    assert selectors.next_deadlines(today=open_round.closes_on + datetime.timedelta(days=1)) == []
    page = client.get("/pt/").content.decode()
    with translation.override("pt"):
        closes = l10n.format_date(open_round.closes_on)
    assert f'<time datetime="{open_round.closes_on.isoformat()}">{closes}</time>' in page
    assert Round.objects.get().status == Round.Status.OPEN
