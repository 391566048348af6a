"""The working-group sections of the dossier against hand-built groups data: memberships,
open commitments with their progress and next milestone, the 90 days' calendar, the group
coordinators to contact and the first-90-days view."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User

from gealc.continuity import selectors
from gealc.continuity.selectors import Section
from gealc.groups.models import Commitment, Meeting
from gealc.network.models import Country
from tests.groups.conftest import (
    commitment_ury,
    group_ury,
    line_interop,
    meeting_ury,
    plan_2025,
)

__all__ = ["commitment_ury", "group_ury", "line_interop", "meeting_ury", "plan_2025"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _sections(country: Country, viewer: User, today: datetime.date | None = None) -> dict:
    return {s.key: s for s in selectors.dossier(country, viewer, today=today).sections}


def _cells(section: Section, table: int = 0) -> list[str]:
    return [cell for row in section.tables[table].rows for cell in row]


def test_memberships_open_commitments_and_milestones_due(
    uruguay: Country, member_ury: User, commitment_ury: Commitment
) -> None:
    sections = _sections(uruguay, member_ury, today=datetime.date(2025, 5, 1))
    groups = sections["groups"]
    assert "Interoperability group (test)" in _cells(groups, 0)
    assert "Coordinator" in _cells(groups, 0)
    [row] = groups.tables[1].rows
    assert row[0] == "Regional catalogue of interoperability services"
    assert row[3] == "Not started"
    assert row[4].startswith("Inventario")
    first_days = _cells(sections["first_days"])
    assert any("Inventario" in cell for cell in first_days)  # due 2025-06-30
    assert not any("Catálogo publicado" in cell for cell in first_days)  # beyond 90 days
    contacts = " ".join(_cells(sections["contacts"]))
    assert "Coordinator of Interoperability group (test)" in contacts


def test_a_commitment_that_ended_is_not_open(
    uruguay: Country, member_ury: User, commitment_ury: Commitment
) -> None:
    groups = _sections(uruguay, member_ury, today=datetime.date(2026, 1, 15))["groups"]
    assert groups.tables[1].rows == []
    assert groups.tables[1].empty == "The country has no open commitment."


def test_the_calendar_shows_the_next_90_days(
    uruguay: Country, brazil: Country, stakeholder: User, meeting_ury: Meeting
) -> None:
    calendar = _sections(uruguay, stakeholder)["calendar"]
    assert "Interoperability group meeting (test)" in _cells(calendar)
    later = meeting_ury.starts_at.date() + datetime.timedelta(days=1)
    assert _cells(_sections(uruguay, stakeholder, today=later)["calendar"]) == []
    early = meeting_ury.starts_at.date() - datetime.timedelta(days=120)
    assert _cells(_sections(uruguay, stakeholder, today=early)["calendar"]) == []
