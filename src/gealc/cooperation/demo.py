"""Demo cooperation: three years of requests at every state of the workflow, standing offers
of the countries that lead the demo scores, a roster of experts with missions, the fund's
yearly budgets with approvals and spending, and evaluations of the exchanges carried out.

Everything is fictional, labelled "(demo)" ("(démo)" in French) and flagged ``is_demo``; its
translated texts (titles, needs, offers' descriptions) are written in the site's four languages,
so a visitor reads the demo in theirs. It is made through the real services by the demo
administrator, deterministically (fixed countries, texts and dates counted back from the day it
is loaded), and notifies nobody. The partner suggestions are not stored: they follow from the
demo scores the observatory published. Loading twice writes nothing: it is skipped when demo
requests exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.utils import timezone

from gealc.cooperation import services
from gealc.cooperation.models import (
    LANGUAGE_CODES,
    WORKFLOW,
    Expert,
    FundBudget,
    Request,
    State,
)
from gealc.core.demo_loading import DemoAccount
from gealc.groups.models import WorkingLine
from gealc.network.models import Appointment, Country
from gealc.notifications.services import muted

STEP = datetime.timedelta(days=21)
CURRENCY = "USD"
BUDGETS = {0: Decimal("60000"), 1: Decimal("50000"), 2: Decimal("40000")}  # years ago: amount


class Texts(NamedTuple):
    """One text in each language of the site, in the order of ``LANGUAGE_CODES``."""

    es: str
    pt: str
    en: str
    fr: str


class Spec(NamedTuple):
    years_ago: int
    requester: str
    provider: str
    line: str
    modality: str
    title: Texts
    state: str
    fund: int  # USD approved (and, once carried out, spent)


REQUESTS = [
    Spec(
        2,
        "PRY",
        "URY",
        "interoperability",
        "expert_mission",
        Texts(
            "Plataforma de interoperabilidad",
            "Plataforma de interoperabilidade",
            "Interoperability platform",
            "Plateforme d'interopérabilité",
        ),
        State.CLOSED,
        8000,
    ),
    Spec(
        2,
        "HND",
        "CHL",
        "digital-identity",
        "study_visit",
        Texts(
            "Firma digital en trámites",
            "Assinatura digital nos serviços públicos",
            "Digital signature in procedures",
            "Signature numérique dans les démarches",
        ),
        State.CLOSED,
        9000,
    ),
    Spec(
        2,
        "GTM",
        "BRA",
        "open-data",
        "virtual_session",
        Texts(
            "Portal de datos abiertos",
            "Portal de dados abertos",
            "Open data portal",
            "Portail de données ouvertes",
        ),
        State.EVALUATED,
        0,
    ),
    Spec(
        2,
        "SLV",
        "MEX",
        "cybersecurity",
        "workshop",
        Texts(
            "Equipo de respuesta a incidentes",
            "Equipe de resposta a incidentes",
            "Incident response team",
            "Équipe de réponse aux incidents",
        ),
        State.DECLINED,
        0,
    ),
    Spec(
        1,
        "ECU",
        "URY",
        "interoperability",
        "study_visit",
        Texts(
            "Visita al bus de interoperabilidad",
            "Visita ao barramento de interoperabilidade",
            "Visit to the interoperability bus",
            "Visite du bus d'interopérabilité",
        ),
        State.REPORTED,
        7500,
    ),
    Spec(
        1,
        "DOM",
        "COL",
        "measurement",
        "virtual_session",
        Texts(
            "Medición de servicios digitales",
            "Medição de serviços digitais",
            "Measuring digital services",
            "Mesure des services numériques",
        ),
        State.CARRIED_OUT,
        3000,
    ),
    Spec(
        1,
        "PAN",
        "CHL",
        "digital-identity",
        "expert_mission",
        Texts(
            "Identidad digital móvil",
            "Identidade digital móvel",
            "Mobile digital identity",
            "Identité numérique mobile",
        ),
        State.PLANNED,
        6000,
    ),
    Spec(
        1,
        "PER",
        "BRA",
        "public-software",
        "document_exchange",
        Texts(
            "Catálogo de software público",
            "Catálogo de software público",
            "Public software catalogue",
            "Catalogue de logiciels publics",
        ),
        State.WITHDRAWN,
        0,
    ),
    Spec(
        0,
        "BRA",
        "URY",
        "interoperability",
        "virtual_session",
        Texts(
            "Interoperabilidad transfronteriza",
            "Interoperabilidade transfronteiriça",
            "Cross-border interoperability",
            "Interopérabilité transfrontalière",
        ),
        State.MATCHED,
        4000,
    ),
    Spec(
        0,
        "CRI",
        "",
        "open-data",
        "workshop",
        Texts(
            "Datos abiertos municipales",
            "Dados abertos municipais",
            "Municipal open data",
            "Données ouvertes municipales",
        ),
        State.ACCEPTED,
        0,
    ),
    Spec(
        0,
        "ARG",
        "",
        "emerging-technologies",
        "virtual_session",
        Texts(
            "Inteligencia artificial en el gobierno",
            "Inteligência artificial no governo",
            "Artificial intelligence in government",
            "Intelligence artificielle dans l'administration",
        ),
        State.SUBMITTED,
        0,
    ),
    Spec(
        0,
        "URY",
        "",
        "cybersecurity",
        "expert_mission",
        Texts(
            "Ciberseguridad en salud",
            "Cibersegurança na saúde",
            "Cybersecurity in health",
            "Cybersécurité dans la santé",
        ),
        State.RETURNED,
        0,
    ),
    Spec(
        0,
        "URY",
        "",
        "innovation",
        "study_visit",
        Texts(
            "Laboratorio de innovación",
            "Laboratório de inovação",
            "Innovation lab",
            "Laboratoire d'innovation",
        ),
        State.DRAFT,
        0,
    ),
]
# (country, working line, title) of the standing offers
OFFERS = [
    (
        "URY",
        "interoperability",
        Texts(
            "Compartimos nuestra plataforma de interoperabilidad",
            "Compartilhamos nossa plataforma de interoperabilidade",
            "We share our interoperability platform",
            "Nous partageons notre plateforme d'interopérabilité",
        ),
    ),
    (
        "CHL",
        "digital-identity",
        Texts(
            "Acompañamos la adopción de la firma digital",
            "Apoiamos a adoção da assinatura digital",
            "We support the adoption of digital signature",
            "Nous accompagnons l'adoption de la signature numérique",
        ),
    ),
    (
        "BRA",
        "open-data",
        Texts(
            "Mostramos cómo gestionamos el portal de datos abiertos",
            "Mostramos como gerenciamos o portal de dados abertos",
            "We show how we run our open data portal",
            "Nous montrons comment nous gérons notre portail de données ouvertes",
        ),
    ),
]
# The need of a request and the description of an offer: its title in its words, labelled.
NEED = Texts(
    "Necesitamos aprender de otros países: {text} {demo}.",
    "Precisamos aprender com outros países: {text} {demo}.",
    "We need to learn from other countries: {text} {demo}.",
    "Nous devons apprendre d'autres pays : {text} {demo}.",
)
OFFER_DESCRIPTION = Texts(
    "{text}: sesiones virtuales y visitas de estudio con quienes lo gestionan {demo}.",
    "{text}: sessões virtuais e visitas de estudo com quem o gerencia {demo}.",
    "{text}: virtual sessions and study visits with the people who run it {demo}.",
    "{text} : sessions virtuelles et visites d'étude avec ceux qui le gèrent {demo}.",
)
TITLE = Texts(*["{text} {demo}"] * 4)
# How each language says "demo", the label of every demo text.
DEMO = Texts("(demo)", "(demo)", "(demo)", "(démo)")


def _translated(field: str, texts: Texts, template: Texts = TITLE) -> dict[str, str]:
    """The field's column in each language: ``{"title_es": "… (demo)", "title_pt": …}``."""
    return {
        f"{field}_{code}": pattern.format(text=text, demo=demo)
        for code, text, pattern, demo in zip(LANGUAGE_CODES, texts, template, DEMO, strict=True)
    }


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
    for iso3, line, title in OFFERS:
        services.offer_create(
            actor=admin,
            country=countries[iso3],
            working_line=WorkingLine.objects.get(slug=line),
            data={
                **_translated("title", title),
                **_translated("description", title, OFFER_DESCRIPTION),
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
            **_translated("title", spec.title),
            **_translated("need", Texts(*map(str.lower, spec.title)), NEED),
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
