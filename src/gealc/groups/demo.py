"""Demo working groups: five groups with their members, the work plans of the last two years
with commitments at every completion level and explicit year-end outcomes (completed, carried
over, dropped, replaced), past meetings with minutes and actions and upcoming ones carrying the
open actions, and three courses with editions, completions and certificates.

Everything is fictional, titled "(demo)" and flagged ``is_demo``; it is generated through the
real services, deterministically (fixed names, dates and codes; only the upcoming meetings are
placed after the day the demo is loaded, so there is always something ahead in the calendar),
and notifies nobody. Loading twice writes nothing: it is skipped when demo groups exist.
"""

from __future__ import annotations

import datetime
import hashlib
import zoneinfo

from django.contrib.auth.models import User
from django.utils import timezone

from gealc.core.demo_loading import DemoAccount
from gealc.groups import services
from gealc.groups.models import Action, Meeting, Membership, WorkingGroup, WorkingLine, WorkPlan
from gealc.groups.services import (
    ActionInput,
    AgendaInput,
    DecisionInput,
    MilestoneInput,
)
from gealc.measurement.models import Indicator
from gealc.network.models import Appointment, Country, Person
from gealc.notifications.services import muted

# slug of the working line, coordinating country, co-coordinator, members, names (es, en)
GROUPS = [
    (
        "interoperability",
        "URY",
        "BRA",
        ("ARG", "CHL", "COL", "MEX"),
        "Grupo de interoperabilidad (demo)",
        "Interoperability group (demo)",
    ),
    (
        "open-data",
        "BRA",
        None,
        ("URY", "CRI", "PER", "PRY"),
        "Grupo de datos abiertos (demo)",
        "Open data group (demo)",
    ),
    (
        "digital-identity",
        "CHL",
        "ECU",
        ("URY", "DOM", "PAN"),
        "Grupo de identidad y firma digital (demo)",
        "Digital identity and signature group (demo)",
    ),
    (
        "measurement",
        "COL",
        None,
        ("URY", "BRA", "CHL", "MEX"),
        "Grupo de medición (demo)",
        "Measurement group (demo)",
    ),
    (
        "cybersecurity",
        "MEX",
        "CRI",
        ("GTM", "SLV", "HND"),
        "Grupo de ciberseguridad (demo)",
        "Cybersecurity group (demo)",
    ),
]
# The first demo accounts coordinate the first two groups, so they can try every workflow.
COORDINATOR_ACCOUNTS = {"URY": "delegate-ury", "BRA": "focal-bra"}
LEVELS = ("not_started", "limited", "substantial", "complete")
INDICATOR_OF_LINE = {
    "interoperability": "institutions_connected_share",
    "digital-identity": "digital_identities",
    "open-data": "",
    "measurement": "",
    "cybersecurity": "",
}
COURSES = [
    (
        "interoperability",
        "Fundamentos de interoperabilidad (demo)",
        "Interoperability fundamentals (demo)",
        "online_course",
        2,
    ),
    (
        "digital-identity",
        "Taller de identidad digital (demo)",
        "Digital identity workshop (demo)",
        "workshop",
        None,
    ),
    (
        "open-data",
        "Webinario de datos abiertos (demo)",
        "Open data webinar (demo)",
        "webinar",
        None,
    ),
]
CODE_ALPHABET = services.CODE_ALPHABET


def load() -> list[DemoAccount]:
    if WorkingGroup.objects.filter(is_demo=True).exists():
        return []
    admin = User.objects.get(username="admin")
    with muted():
        groups = _groups(admin)
        plans = _plans(admin, groups)
        _meetings(admin, groups, plans)
        _training(admin)
    return []


def _number(*parts: object) -> int:
    """A stable pseudo-random number from the parts (the same on every run)."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _representative(iso3: str) -> Person | None:
    """Who represents the country: its coordinator account's person, else a current delegate."""
    username = COORDINATOR_ACCOUNTS.get(iso3)
    if username:
        person = Person.objects.filter(user__username=username).first()
        if person:
            return person
    appointment = (
        Appointment.objects.current()
        .filter(institution__country__iso3=iso3)
        .order_by("role", "person__family_name", "pk")
        .first()
    )
    return appointment.person if appointment else None


def _groups(admin: User) -> list[WorkingGroup]:
    countries = {c.iso3: c for c in Country.objects.all()}
    groups = []
    for line_slug, lead, co_lead, members, name_es, name_en in GROUPS:
        if lead not in countries:
            continue
        group = services.group_create(
            actor=admin,
            data={
                "name_es": name_es,
                "name_en": name_en,
                "mandate_es": f"Comunidad de práctica de demostración: {name_es}.",
                "mandate_en": f"Demonstration community of practice: {name_en}.",
                "start": datetime.date(2024, 3, 1),
            },
            working_line=WorkingLine.objects.get(slug=line_slug),
            coordinating_country=countries[lead],
            co_coordinating_country=countries.get(co_lead) if co_lead else None,
            is_demo=True,
        )
        for index, iso3 in enumerate((lead, *members)):
            person = _representative(iso3) if iso3 in countries else None
            if person is None:
                continue
            services.membership_add(
                actor=admin,
                group=group,
                person=person,
                role=Membership.Role.COORDINATOR if index == 0 else Membership.Role.MEMBER,
                country=countries[iso3],
                start=datetime.date(2024, 3, 1),
                is_demo=True,
            )
        groups.append(group)
    return groups


def _plans(admin: User, groups: list[WorkingGroup]) -> dict[int, WorkPlan]:
    this_year = timezone.localdate().year
    years = (this_year - 1, this_year)
    plans = {year: services.plan_create(actor=admin, year=year, is_demo=True) for year in years}
    for group in groups:
        _group_commitments(admin, group, plans, years)
    return plans


def _group_commitments(
    admin: User, group: WorkingGroup, plans: dict[int, WorkPlan], years: tuple[int, int]
) -> None:
    previous, current = years
    members = list(group.memberships.exclude(country=None).values_list("country", flat=True))
    lead = group.coordinating_country
    others = Country.objects.filter(pk__in=members).exclude(pk=lead.pk).order_by("iso3")
    code = INDICATOR_OF_LINE.get(group.working_line.slug, "")
    indicators = Indicator.objects.filter(code=code).order_by("-pk")[:1] if code else []
    outcomes = ("completed", "carried_over", "dropped", "replaced")
    for index, outcome in enumerate(outcomes):
        if _number(group.slug, outcome) % 5 == 0 and outcome not in ("carried_over", "completed"):
            continue
        commitment = _commitment(
            admin, plans[previous], group, lead, others, indicators, previous, index
        )
        level = "complete" if outcome == "completed" else LEVELS[1 + index % 2]
        _progress(admin, commitment, lead, level, previous)
        replacement = None
        if outcome == "replaced":
            replacement = {
                "title_es": f"{commitment.title_es}: nuevo enfoque (demo)",
                "title_en": f"{commitment.title_en}: new approach (demo)",
                "start": datetime.date(current, 1, 1),
                "end": datetime.date(current, 12, 31),
            }
        services.commitment_close(
            actor=admin,
            commitment=commitment,
            outcome=outcome,
            reason="" if outcome != "dropped" else "Sin presupuesto en el año (demo).",
            next_plan=plans[current],
            replacement=replacement,
        )
    for index, level in enumerate(LEVELS):
        commitment = _commitment(
            admin, plans[current], group, lead, others, indicators, current, 10 + index
        )
        if level != "not_started":
            _progress(admin, commitment, lead, level, current)


TOPICS = [
    ("Catálogo regional de servicios", "Regional service catalogue"),
    ("Guía de buenas prácticas", "Good-practice guide"),
    ("Piloto entre dos países", "Two-country pilot"),
    ("Capacitación de equipos técnicos", "Training of technical teams"),
]


def _commitment(admin, plan, group, lead, others, indicators, year, index):
    es, en = TOPICS[index % len(TOPICS)]
    number = index + 1
    return services.commitment_create(
        actor=admin,
        plan=plan,
        group=group,
        lead_country=lead,
        countries=list(others[: 1 + index % 3]),
        indicators=indicators,
        data={
            "title_es": f"{es} {number} (demo)",
            "title_en": f"{en} {number} (demo)",
            "description_es": "Compromiso de demostración, con datos ficticios.",
            "description_en": "Demonstration commitment, with fictional data.",
            "start": datetime.date(year, 1, 1),
            "end": datetime.date(year, 12, 31),
        },
        milestones=[
            MilestoneInput("Diagnóstico (demo)", datetime.date(year, 4, 30)),
            MilestoneInput("Borrador (demo)", datetime.date(year, 8, 31)),
            MilestoneInput("Entrega final (demo)", datetime.date(year, 11, 30)),
        ],
        is_demo=True,
    )


def _progress(admin, commitment, lead, level, year) -> None:
    steps = LEVELS[1 : LEVELS.index(level) + 1]
    done = commitment.milestones.order_by("due")
    for step, (stage, milestone) in enumerate(zip(steps, done, strict=False), start=1):
        update = services.progress_report(
            actor=admin,
            commitment=commitment,
            country=lead,
            level=stage,
            date=datetime.date(year, 2 + 3 * step, 15),
            evidence=f"Avance de demostración: nivel {stage} (demo).",
            evidence_url="https://example.org/demo/evidencia",
            is_demo=True,
        )
        services.progress_review(actor=admin, update=update, accept=True)
        # Never a day still to come (the service refuses it), early in the year included.
        done_on = min(milestone.due, update.date, timezone.localdate())
        services.milestone_mark_done(actor=admin, milestone=milestone, done_on=done_on)


def _at(day: datetime.date, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=zoneinfo.ZoneInfo(zone))


def _meeting(admin, *, group, kind, title, day, zone, hours=2, place="", link="", agenda=()):
    start = _at(day, 10, zone)
    return services.meeting_schedule(
        actor=admin,
        group=group,
        data={
            "kind": kind,
            "title": title,
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=hours),
            "time_zone": zone,
            "place": place,
            "online_link": link,
        },
        agenda=[AgendaInput(*item) for item in agenda],
        is_demo=True,
    )


def _meetings(admin: User, groups: list[WorkingGroup], plans: dict[int, WorkPlan]) -> None:
    _assemblies(admin, plans)
    for index, group in enumerate(groups):
        _group_meetings(admin, group, index, min(plans))
    _meeting(
        admin,
        group=None,
        kind=Meeting.Kind.WEBINAR,
        title="Webinario abierto: datos abiertos útiles (demo)",
        day=timezone.localdate() + datetime.timedelta(days=30),
        zone="America/Sao_Paulo",
        hours=1,
        link="https://webinar.example.org/demo",
    )


def _assemblies(admin: User, plans: dict[int, WorkPlan]) -> None:
    """A yearly assembly that adopts the year's work plan."""
    for year, plan in sorted(plans.items()):
        assembly = _meeting(
            admin,
            group=None,
            kind=Meeting.Kind.ASSEMBLY,
            title=f"Asamblea anual {year} (demo)",
            day=datetime.date(year, 3, 12),
            zone="America/Montevideo",
            hours=6,
            place="Montevideo",
            agenda=[
                ("Informe de la secretaría", "Secretaría técnica", 30),
                (f"Plan de trabajo {year}", "Presidencia", 90),
            ],
        )
        services.minutes_record(
            actor=admin,
            meeting=assembly,
            decisions=[DecisionInput(f"Se adopta el plan de trabajo {year}.", plan, True)],
        )


def _group_meetings(admin: User, group: WorkingGroup, index: int, last_year: int) -> None:
    """A past follow-up meeting with its minutes (one of its two actions done) and the next."""
    members = [m.person for m in group.memberships.order_by("pk")]
    past = _meeting(
        admin,
        group=group,
        kind=Meeting.Kind.GROUP_MEETING,
        title=f"{group.name_es}: reunión de seguimiento",
        day=datetime.date(last_year + 1, 5 + index, 10),
        zone="America/Bogota",
        link="https://meet.example.org/demo",
        agenda=[("Avance de los compromisos", "", 45)],
    )
    services.minutes_record(
        actor=admin,
        meeting=past,
        decisions=[DecisionInput("Se aprueba el informe de avance (demo).")],
        actions=[
            ActionInput(
                "Enviar el borrador al grupo (demo)",
                members[0],
                datetime.date(last_year + 1, 7 + index, 1),
            ),
            ActionInput(
                "Recopilar ejemplos nacionales (demo)",
                members[-1],
                datetime.date(last_year + 1, 8 + index, 1),
            ),
        ],
    )
    actions = list(past.actions.order_by("pk"))
    services.action_set_status(actor=admin, action=actions[0], status=Action.Status.DONE)
    _meeting(
        admin,
        group=group,
        kind=Meeting.Kind.GROUP_MEETING,
        title=f"{group.name_es}: próxima reunión",
        day=timezone.localdate() + datetime.timedelta(days=14 + 7 * index),
        zone="America/Mexico_City",
        link="https://meet.example.org/demo",
        agenda=[("Plan del próximo año", "", 60)],
    )


def _training(admin: User) -> None:
    year = timezone.localdate().year - 1
    countries = list(Country.objects.order_by("iso3")[:12])
    for course_index, (line, title_es, title_en, modality, valid_years) in enumerate(COURSES):
        course = services.course_create(
            actor=admin,
            working_line=WorkingLine.objects.get(slug=line),
            data={
                "title_es": title_es,
                "title_en": title_en,
                "description_es": "Curso de demostración.",
                "description_en": "Demonstration course.",
                "provider": "Secretaría técnica (demo)",
                "modality": modality,
                "language": "es",
                "link": "https://cursos.example.org/demo" if modality == "online_course" else "",
                "certificate_valid_years": valid_years,
            },
            is_demo=True,
        )
        for edition_index in range(2):
            start = datetime.date(year + edition_index, 3 + 3 * course_index, 1)
            edition = services.edition_create(
                actor=admin,
                course=course,
                start=start,
                end=start + datetime.timedelta(days=30),
                place="" if modality != "workshop" else "Santiago",
                is_demo=True,
            )
            _enrolments(admin, edition, countries, course_index, edition_index)


def _enrolments(admin, edition, countries, course_index, edition_index) -> None:
    for person_index in range(6):
        country = countries[(course_index * 3 + edition_index * 2 + person_index) % len(countries)]
        seed = _number(edition.course.slug, edition_index, person_index)
        given = GIVEN[(person_index + course_index) % len(GIVEN)]
        name = f"{given} {FAMILY[seed % len(FAMILY)]} (demo)"
        enrolment = services.enrol(
            actor=admin,
            edition=edition,
            country=country,
            name=name,
            email=f"participant{seed % 10000}@example.org",
            is_demo=True,
        )
        completed = edition.end if seed % 4 else None
        services.enrolment_record(
            actor=admin,
            enrolment=enrolment,
            attended=bool(seed % 5),
            completed_on=completed if seed % 5 else None,
        )
        enrolment.refresh_from_db()
        if enrolment.completed_on:
            code = "".join(CODE_ALPHABET[(seed >> (5 * i)) % len(CODE_ALPHABET)] for i in range(6))
            code = f"DEMO-{code[:4]}-{code[4:]}{course_index}{edition_index}"
            services.certificate_issue(actor=admin, enrolment=enrolment, code=code)


GIVEN = ("Ana", "Bruno", "Carla", "Diego", "Elena", "Fabio", "Gabriela", "Hugo", "Inés", "Joana")
FAMILY = ("Pérez", "Silva", "Gómez", "Rocha", "Díaz", "Costa", "Ramos", "Lima", "Vega", "Soto")
