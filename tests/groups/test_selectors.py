"""Reads of the working groups that other apps use: the course editions still to come."""

from __future__ import annotations

import datetime

import pytest

from gealc.groups import selectors, services

pytestmark = pytest.mark.django_db


def test_upcoming_editions_are_those_not_yet_ended_soonest_first(secretariat, course, edition):
    later = services.edition_create(
        actor=secretariat,
        course=course,
        start=datetime.date(2025, 9, 1),
        end=datetime.date(2025, 9, 30),
    )

    assert list(selectors.editions_upcoming(datetime.date(2025, 6, 30))) == [edition, later]
    assert list(selectors.editions_upcoming(datetime.date(2025, 7, 1))) == [later]
    assert not selectors.editions_upcoming(datetime.date(2025, 10, 1)).exists()
