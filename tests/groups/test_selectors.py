"""Reads of the working groups that other apps use: the course editions still to come."""

from __future__ import annotations

import datetime

import pytest

from gealc.groups import selectors, services
from gealc.knowledge import services as knowledge_services

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


def test_shared_work_lists_published_practices_once_and_no_draft(
    secretariat, plan_2025, group_ury, uruguay, member_ury
):
    """Two commitments link the same published practice, and a draft: the group page lists
    the published one once."""
    published, draft = (
        knowledge_services.practice_propose(
            actor=member_ury, country=uruguay, data={"title_es": title, "summary_es": title}
        )
        for title in ("Ventanilla única (test)", "Borrador (test)")
    )
    knowledge_services.practice_publish(actor=secretariat, practice=published)
    for title in ("Primer compromiso (test)", "Segundo compromiso (test)"):
        services.commitment_create(
            actor=secretariat,
            plan=plan_2025,
            group=group_ury,
            lead_country=uruguay,
            data={
                "title_es": title,
                "start": datetime.date(2025, 1, 1),
                "end": datetime.date(2025, 12, 31),
            },
            practices=[published, draft],
        )

    shared = selectors.shared_work(selectors.commitments(secretariat, group=group_ury))

    assert (shared.practices, shared.software, shared.datasets) == ([published], [], [])
