"""Demo cooperation: three years of requests at every state of the workflow, standing offers
of the countries that lead the demo scores, a roster of experts with missions, the fund's
yearly budgets with approvals and spending, and evaluations of the exchanges carried out.

Everything is fictional, titled "(demo)" and flagged ``is_demo``; it is made through the
real services by the demo administrator, deterministically (fixed countries, titles and
dates counted back from the day it is loaded), and notifies nobody. The partner suggestions
are not stored: they follow from the demo scores the observatory published. Loading twice
writes nothing: it is skipped when demo requests exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.utils import timezone

from gealc.cooperation import services
from gealc.cooperation.models import WORKFLOW, Expert, FundBudget, Request, State
from gealc.core.demo_loading import DemoAccount
from gealc.groups.models import WorkingLine
from gealc.network.models import Appointment, Country
from gealc.notifications.services import muted

STEP = datetime.timedelta(days=21)
CURRENCY = "USD"
BUDGETS = {0: Decimal("60000"), 1: Decimal("50000"), 2: Decimal("40000")}  # years ago: amount


class Spec(NamedTuple):
    years_ago: int
    requester: str
    provider: str
    line: str
    modality: str
    title_es: str
    title_en: str
    state: str
    fund: int  # USD approved (and, once carried out, spent)


REQUESTS = [
    Spec(
        2,
        "PRY",
        "URY",
        "interoperability",
        "expert_mission",
        "Plataforma de interoperabilidad",
        "Interoperability platform",
        State.CLOSED,
        8000,
    ),
    Spec(
        2,
        "HND",
        "CHL",
        "digital-identity",
        "study_visit",
        "Firma digital en trámites",
        "Digital signature in procedures",
        State.CLOSED,
        9000,
    ),
    Spec(
        2,
        "GTM",
        "BRA",
        "open-data",
        "virtual_session",
        "Portal de datos abiertos",
        "Open data portal",
        State.EVALUATED,
        0,
    ),
    Spec(
        2,
        "SLV",
        "MEX",
        "cybersecurity",
        "workshop",
        "Equipo de respuesta a incidentes",
        "Incident response team",
        State.DECLINED,
        0,
    ),
    Spec(
        1,
        "ECU",
        "URY",
        "interoperability",
        "study_visit",
        "Visita al bus de interoperabilidad",
        "Visit to the interoperability bus",
        State.REPORTED,
        7500,
    ),
    Spec(
        1,
        "DOM",
        "COL",
        "measurement",
        "virtual_session",
        "Medición de servicios digitales",
        "Measuring digital services",
        State.CARRIED_OUT,
        3000,
    ),
    Spec(
        1,
        "PAN",
        "CHL",
        "digital-identity",
        "expert_mission",
        "Identidad digital móvil",
        "Mobile digital identity",
        State.PLANNED,
        6000,
    ),
    Spec(
        1,
        "PER",
        "BRA",
        "public-software",
        "document_exchange",
        "Catálogo de software público",
        "Public software catalogue",
        State.WITHDRAWN,
        0,
    ),
    Spec(
        0,
        "BRA",
        "URY",
        "interoperability",
        "virtual_session",
        "Interoperabilidad transfronteriza",
        "Cross-border interoperability",
        State.MATCHED,
        4000,
    ),
    Spec(
        0,
        "CRI",
        "",
        "open-data",
        "workshop",
        "Datos abiertos municipales",
        "Municipal open data",
        State.ACCEPTED,
        0,
    ),
    Spec(
        0,
        "ARG",
        "",
        "emerging-technologies",
        "virtual_session",
        "Inteligencia artificial",
        "Artificial intelligence in government",
        State.SUBMITTED,
        0,
    ),
    Spec(
        0,
        "URY",
        "",
        "cybersecurity",
        "expert_mission",
        "Ciberseguridad en salud",
        "Cybersecurity in health",
        State.RETURNED,
        0,
    ),
    Spec(
        0,
        "URY",
        "",
        "innovation",
        "study_visit",
        "Laboratorio de innovación",
        "Innovation lab",
        State.DRAFT,
        0,
    ),
]
OFFERS = [
    (
        "URY",
        "interoperability",
        "Compartimos nuestra plataforma de interoperabilidad",
        "We share our interoperability platform",
    ),
    (
        "CHL",
        "digital-identity",
        "Acompañamos la adopción de la firma digital",
        "We support the adoption of digital signature",
    ),
    (
        "BRA",
        "open-data",
        "Mostramos cómo gestionamos el portal de datos abiertos",
        "We show how we run our open data portal",
    ),
]


def load() -> list[DemoAccount]:
    if Request.objects.filter(is_demo=True).exists():
        return []
    admin = User.objects.get(username="admin")
    countries = {country.iso3: country for country in Country.objects.all()}
    if not all(spec.requester in countries for spec in REQUESTS):
        return []  # a network without the demo countries: nothing to attach requests to
    with muted():
        net = Network(admin, countries, _fund(admin), _experts(admin, countries))
        _offers(admin, countries)
        for spec in REQUESTS:
            _request(net, spec)
    return []


def _fund(admin: User) -> dict[int, FundBudget]:
    year = timezone.localdate().year
    return {
        ago: services.fund_budget_set(
            actor=admin, year=year - ago, currency=CURRENCY, amount=amount, is_demo=True
        )
        for ago, amount in BUDGETS.items()
    }


def _experts(admin: User, countries: dict[str, Country]) -> dict[str, Expert]:
    """One expert per providing country: its current delegate (or any official serving it)."""
    experts: dict[str, Expert] = {}
    for iso3 in sorted({spec.provider for spec in REQUESTS if spec.provider}):
        serving = Appointment.objects.current().filter(institution__country=countries[iso3])
        appointment = serving.select_related("person").order_by("role", "pk").first()
        if appointment is None:
            continue
        line = WorkingLine.objects.get(
            slug=next(spec.line for spec in REQUESTS if spec.provider == iso3)
        )
        experts[iso3] = services.expert_add(
            actor=admin,
            person=appointment.person,
            working_lines=[line],
            languages=["es", "en"],
            availability="Dos semanas por semestre (demo)",
            is_demo=True,
        )
    return experts


def _offers(admin: User, countries: dict[str, Country]) -> None:
    start = datetime.date(timezone.localdate().year - 2, 1, 1)
    for iso3, line, title_es, title_en in OFFERS:
        services.offer_create(
            actor=admin,
            country=countries[iso3],
            working_line=WorkingLine.objects.get(slug=line),
            data={
                "title_es": f"{title_es} (demo)",
                "title_en": f"{title_en} (demo)",
                "modalities": ["virtual_session", "study_visit"],
                "start": start,
            },
            is_demo=True,
        )


@dataclass(frozen=True)
class Network:
    """What every demo request is made with: who acts, the countries, budgets and experts."""

    admin: User
    countries: dict[str, Country]
    budgets: dict[int, FundBudget]
    experts: dict[str, Expert]


def _request(net: Network, spec: Spec) -> None:
    admin, countries = net.admin, net.countries
    request = services.request_create(
        actor=admin,
        country=countries[spec.requester],
        working_line=WorkingLine.objects.get(slug=spec.line),
        data={
            "title_es": f"{spec.title_es} (demo)",
            "title_en": f"{spec.title_en} (demo)",
            "need_es": f"Necesitamos aprender de otros países: {spec.title_es.lower()} (demo).",
            "need_en": f"We need to learn from other countries: {spec.title_en.lower()} (demo).",
            "modality": spec.modality,
            "languages": ["es"],
        },
        is_demo=True,
    )
    _advance(net, request, spec)
    filed = timezone.now() - datetime.timedelta(days=365 * spec.years_ago + 200)
    services.request_date_past(actor=admin, request=request, filed_at=filed, step=STEP)


def _advance(net: Network, request: Request, spec: Spec) -> None:
    admin = net.admin
    if spec.state == State.DRAFT:
        return
    if spec.state == State.RETURNED:
        services.request_submit(actor=admin, request=request)
        services.request_return(
            actor=admin, request=request, reason="Precise qué servicios de salud (demo)."
        )
        return
    final = spec.state
    if final in (State.WITHDRAWN, State.DECLINED):
        final = State.PLANNED if final == State.WITHDRAWN else State.ACCEPTED
    for state in WORKFLOW[1 : WORKFLOW.index(final) + 1]:
        _step(net, request, state, spec)
    if spec.state == State.WITHDRAWN:
        services.request_withdraw(
            actor=admin, request=request, reason="Lo resolvimos con recursos propios (demo)."
        )
    elif spec.state == State.DECLINED:
        services.request_decline(
            actor=admin, request=request, reason="Fuera del alcance del fondo este año (demo)."
        )


def _step(net: Network, request: Request, state: str, spec: Spec) -> None:
    admin, budget = net.admin, net.budgets[spec.years_ago]
    if state == State.SUBMITTED:
        services.request_submit(actor=admin, request=request)
    elif state == State.ACCEPTED:
        services.request_accept(actor=admin, request=request)
        if spec.fund:
            services.fund_approve(
                actor=admin,
                request=request,
                budget=budget,
                amount=Decimal(spec.fund),
                note="Pasajes y viáticos (demo)",
                is_demo=True,
            )
    elif state == State.MATCHED:
        expert = net.experts.get(spec.provider)
        services.request_match(
            actor=admin,
            request=request,
            provider=net.countries[spec.provider],
            experts=[expert] if expert else [],
        )
    elif state == State.PLANNED:
        _plan(net, request, spec)
    elif state == State.CARRIED_OUT:
        services.request_carry_out(actor=admin, request=request)
        if spec.fund:
            services.fund_spend(
                actor=admin,
                request=request,
                budget=budget,
                amount=Decimal(spec.fund) * Decimal("0.9"),
                note="Gasto rendido (demo)",
                is_demo=True,
            )
    elif state == State.REPORTED:
        services.request_report(
            actor=admin, request=request, report="Se compartieron arquitectura y normas (demo)."
        )
    elif state == State.EVALUATED:
        services.evaluation_answer(
            actor=admin,
            request=request,
            data={"goals_met": 4, "knowledge_gained": 5, "satisfaction": 5},
            is_demo=True,
        )
    elif state == State.CLOSED:
        services.request_close(actor=admin, request=request)


def _plan(net: Network, request: Request, spec: Spec) -> None:
    admin, budget = net.admin, net.budgets[spec.years_ago]
    start = timezone.localdate() - datetime.timedelta(days=365 * spec.years_ago + 100)
    end = start + datetime.timedelta(days=2)
    services.request_plan(
        actor=admin,
        request=request,
        start=start,
        end=end,
        agenda="Día 1: arquitectura. Día 2: gobernanza. Día 3: hoja de ruta (demo).",
    )
    expert = net.experts.get(spec.provider)
    if expert is not None:
        services.mission_create(
            actor=admin,
            request=request,
            expert=expert,
            data={
                "from_institution": f"Autoridad digital de {request.provider_country.name}",
                "to_institution": f"Autoridad digital de {request.requesting_country.name}",
                "start": start,
                "end": end,
                "agenda": "Reuniones técnicas (demo)",
                "currency": CURRENCY,
                "travel_cost": Decimal(spec.fund or 1000) * Decimal("0.6"),
                "per_diem": Decimal(spec.fund or 1000) * Decimal("0.4"),
                "fund_share": Decimal(spec.fund),
                "co_financing": Decimal(0),
            },
            budget_line=budget,
            is_demo=True,
        )
