"""Working-group fixtures, built through the real services; reuse them in any groups test.

The network fixtures of ``tests/network/conftest.py`` are available too (``uruguay``,
``brazil``, ``secretariat``, ``member_ury``, ``member_bra``, ``users_by_role`` …).

``line_interop`` — the seeded "interoperability" working line.
``group_ury`` — "Interoperability group (test)", coordinated by Uruguay; ``member_ury``'s
    person is its coordinator (for Uruguay) and ``member_bra``'s person a member (for Brazil).
``group_bra`` — "Open data group (test)", coordinated by Brazil; ``member_bra`` coordinates it.
``plan_2025`` (adopted 2025-03-10), ``plan_2026`` (draft) — work plans.
``commitment_ury`` — group_ury's 2025 commitment led by Uruguay with Brazil taking part,
    running 2025-01-01 to 2025-12-31, two milestones (2025-06-30 and 2025-11-30).
``meeting_ury`` — an upcoming public online meeting of group_ury (in ten days, one hour,
    America/Montevideo) with one agenda item.
``course`` — "Interoperability basics (test)", online, certificates valid two years, with
    ``edition`` (2025-05-01 to 2025-06-30) and ``enrolment_done`` (Ana Pérez of Uruguay,
    completed 2025-06-30) — ``certificate`` is hers, code ``ABCD-EFGH-JK23``.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from gealc.groups import services as group_services
from gealc.groups.models import (
    Certificate,
    Commitment,
    Course,
    Edition,
    Enrolment,
    Meeting,
    WorkingGroup,
    WorkingLine,
    WorkPlan,
)
from gealc.groups.services import AgendaInput, MilestoneInput
from gealc.network.models import Country
from tests.network.conftest import *  # noqa: F403  (network fixtures for groups tests)

CERTIFICATE_CODE = "ABCD-EFGH-JK23"


@pytest.fixture
def line_interop(db: None) -> WorkingLine:
    return WorkingLine.objects.get(slug="interoperability")


def _group(actor: User, name: str, line: WorkingLine, country: Country) -> WorkingGroup:
    return group_services.group_create(
        actor=actor,
        data={
            "name_es": name,
            "name_en": name,
            "mandate_es": f"Mandato de {name}",
            "start": datetime.date(2024, 1, 1),
        },
        working_line=line,
        coordinating_country=country,
    )


@pytest.fixture
def group_ury(
    secretariat: User,
    line_interop: WorkingLine,
    uruguay: Country,
    brazil: Country,
    member_ury: User,
    member_bra: User,
) -> WorkingGroup:
    group = _group(secretariat, "Interoperability group (test)", line_interop, uruguay)
    start = datetime.date(2024, 1, 1)
    group_services.membership_add(
        actor=secretariat,
        group=group,
        person=member_ury.person,
        role="coordinator",
        country=uruguay,
        start=start,
    )
    group_services.membership_add(
        actor=secretariat,
        group=group,
        person=member_bra.person,
        role="member",
        country=brazil,
        start=start,
    )
    return group


@pytest.fixture
def group_bra(secretariat: User, brazil: Country, member_bra: User) -> WorkingGroup:
    line = WorkingLine.objects.get(slug="open-data")
    group = _group(secretariat, "Open data group (test)", line, brazil)
    group_services.membership_add(
        actor=secretariat,
        group=group,
        person=member_bra.person,
        role="coordinator",
        country=brazil,
        start=datetime.date(2024, 1, 1),
    )
    return group


@pytest.fixture
def plan_2025(secretariat: User) -> WorkPlan:
    plan = group_services.plan_create(actor=secretariat, year=2025)
    plan.adopted_on = datetime.date(2025, 3, 10)
    plan.save()
    return plan


@pytest.fixture
def plan_2026(secretariat: User) -> WorkPlan:
    return group_services.plan_create(actor=secretariat, year=2026)


@pytest.fixture
def commitment_ury(
    secretariat: User,
    plan_2025: WorkPlan,
    group_ury: WorkingGroup,
    uruguay: Country,
    brazil: Country,
) -> Commitment:
    return group_services.commitment_create(
        actor=secretariat,
        plan=plan_2025,
        group=group_ury,
        lead_country=uruguay,
        countries=[brazil],
        data={
            "title_es": "Catálogo regional de servicios de interoperabilidad",
            "title_en": "Regional catalogue of interoperability services",
            "start": datetime.date(2025, 1, 1),
            "end": datetime.date(2025, 12, 31),
        },
        milestones=[
            MilestoneInput("Inventario", datetime.date(2025, 6, 30)),
            MilestoneInput("Catálogo publicado", datetime.date(2025, 11, 30)),
        ],
    )


@pytest.fixture
def meeting_ury(secretariat: User, group_ury: WorkingGroup) -> Meeting:
    start = (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)
    return group_services.meeting_schedule(
        actor=secretariat,
        group=group_ury,
        data={
            "kind": "group_meeting",
            "title": "Interoperability group meeting (test)",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=1),
            "time_zone": "America/Montevideo",
            "online_link": "https://meet.example.org/interop",
        },
        agenda=[AgendaInput("Welcome", "Chair", 10)],
    )


@pytest.fixture
def course(secretariat: User, line_interop: WorkingLine) -> Course:
    return group_services.course_create(
        actor=secretariat,
        working_line=line_interop,
        data={
            "title_es": "Interoperability basics (test)",
            "title_en": "Interoperability basics (test)",
            "provider": "Network secretariat",
            "modality": "online_course",
            "language": "es",
            "certificate_valid_years": 2,
        },
    )


@pytest.fixture
def edition(secretariat: User, course: Course) -> Edition:
    return group_services.edition_create(
        actor=secretariat,
        course=course,
        start=datetime.date(2025, 5, 1),
        end=datetime.date(2025, 6, 30),
    )


@pytest.fixture
def enrolment_done(secretariat: User, edition: Edition, uruguay: Country) -> Enrolment:
    enrolment = group_services.enrol(
        actor=secretariat,
        edition=edition,
        country=uruguay,
        name="Ana Pérez",
        email="ana.perez@example.org",
    )
    return group_services.enrolment_record(
        actor=secretariat,
        enrolment=enrolment,
        attended=True,
        completed_on=datetime.date(2025, 6, 30),
    )


@pytest.fixture
def certificate(secretariat: User, enrolment_done: Enrolment) -> Certificate:
    return group_services.certificate_issue(
        actor=secretariat, enrolment=enrolment_done, code=CERTIFICATE_CODE
    )
