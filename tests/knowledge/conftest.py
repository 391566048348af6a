"""Knowledge fixtures, built through the real services; reuse them in any knowledge test.

The network fixtures of ``tests/network/conftest.py`` are available too (imported below):
``uruguay``, ``brazil``, ``chile``, ``administrator``, ``secretariat``, ``reviewer``,
``stakeholder``, ``member_ury`` (delegate of Uruguay, e-mail ``delegate.ury@example.org``),
``member_bra`` (focal point of Brazil), ``public``, ``users_by_role`` (keys "public",
"stakeholder", "member_own" = member_ury, "member_other" = member_bra, "reviewer",
"secretariat", "administrator"), ``make_user``, ``authority_ury``, ``authority_bra`` …

Tags: ``working_line_tag`` (working line "open-data"), ``dimension_tag`` (dimension
    "services").
Practices of Uruguay (by ``member_ury``, with ``authority_ury``, both tags, 2 metrics, 1 link):
    ``practice_draft`` — "Ventanilla única de trámites (demo)", state draft.
    ``practice_in_review`` — "Historia clínica electrónica (demo)", submitted for review.
    ``practice_published`` — "Educación digital en escuelas rurales (demo)", published by the
        secretariat, with an award (2024, excellence) — ``award``.
``practice_published_bra`` — a published practice of Brazil ("Gov.br identidade (demo)").
Software (``PUBLICCODE_DIR`` holds the shipped examples; ``publiccode_text(name)`` reads one):
    ``software_participa`` — participa.yml imported by the secretariat and published;
    ``software_regional`` — participa-caribe.yml (isBasedOn participa) imported by the
        secretariat for no country, published; ``software_draft_ury`` — firma-digital-movil.yml
        imported by ``member_ury`` (Uruguay, draft).
Open data: ``dataset_budget`` ("budget"), ``dataset_procurement`` ("public-procurement") —
    ``datasets`` is both; ``status_ury_budget`` — Uruguay publishes its budget (CSV, CC-BY-4.0).
Maturity: ``MATURITY_ANSWERS`` every question at level 2; ``assessment_ury`` — submitted by
    ``member_ury`` for 2025 with those answers.
``english`` — use it (``pytestmark = pytest.mark.usefixtures("english")``) to read service
    messages in English outside requests (the site's default language is Spanish).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from gealc.knowledge import maturity
from gealc.knowledge import services as knowledge_services
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    OpenDataSet,
    Practice,
    SoftwareEntry,
    Tag,
)
from gealc.knowledge.services import LinkInput, MaturityResult, MetricInput
from gealc.network.models import Country, Institution
from tests.network.conftest import *  # noqa: F403  (network fixtures for knowledge tests)

PUBLICCODE_DIR = Path(__file__).parents[2] / "src" / "gealc" / "knowledge" / "data" / "publiccode"
MATURITY_ANSWERS = {question.key: 2 for question in maturity.questions()}


def publiccode_text(name: str) -> str:
    return (PUBLICCODE_DIR / name).read_text(encoding="utf-8")


@pytest.fixture
def working_line_tag(administrator: User) -> Tag:
    return knowledge_services.tag_create(
        actor=administrator,
        kind=Tag.Kind.WORKING_LINE,
        slug="open-data",
        names={
            "es": "Datos abiertos",
            "pt": "Dados abertos",
            "en": "Open data",
            "fr": "Données ouvertes",
        },
    )


@pytest.fixture
def dimension_tag(administrator: User) -> Tag:
    return knowledge_services.tag_create(
        actor=administrator,
        kind=Tag.Kind.DIMENSION,
        slug="services",
        names={"es": "Servicios", "pt": "Serviços", "en": "Services", "fr": "Services"},
    )


def _practice(
    actor: User, country: Country, title: str, institution: Institution | None, tags: list[Tag]
) -> Practice:
    return knowledge_services.practice_propose(
        actor=actor,
        country=country,
        data={
            "title_es": title,
            "summary_es": f"Resumen de {title}",
            "problem_es": "Los trámites exigían ir varias veces a la oficina.",
            "solution_es": "Una plataforma en línea con firma digital.",
            "results_es": "Menos tiempo y costo para las personas.",
            "replication_conditions_es": "Una identidad digital nacional.",
            "cost_amount": "250000.00",
            "cost_currency": "USD",
            "start_date": datetime.date(2021, 1, 1),
            "end_date": datetime.date(2023, 6, 30),
            "technologies": ["Python", "PostgreSQL"],
        },
        tags=tags,
        institutions=[institution] if institution else [],
        metrics=[
            MetricInput("Trámites en línea", "85", "%", 2023),
            MetricInput("Horas ahorradas", "120000", "h", 2023),
        ],
        links=[LinkInput("Sitio del proyecto", "https://proyecto.example.org")],
        is_demo=True,
    )


@pytest.fixture
def practice_draft(
    member_ury: User,
    uruguay: Country,
    authority_ury: Institution,
    working_line_tag: Tag,
    dimension_tag: Tag,
) -> Practice:
    return _practice(
        member_ury,
        uruguay,
        "Ventanilla única de trámites (demo)",
        authority_ury,
        [working_line_tag, dimension_tag],
    )


@pytest.fixture
def practice_in_review(
    member_ury: User, uruguay: Country, authority_ury: Institution, working_line_tag: Tag
) -> Practice:
    practice = _practice(
        member_ury,
        uruguay,
        "Historia clínica electrónica (demo)",
        authority_ury,
        [working_line_tag],
    )
    return knowledge_services.practice_submit_for_review(actor=member_ury, practice=practice)


@pytest.fixture
def practice_published(
    member_ury: User,
    secretariat: User,
    uruguay: Country,
    authority_ury: Institution,
    working_line_tag: Tag,
    dimension_tag: Tag,
) -> Practice:
    practice = _practice(
        member_ury,
        uruguay,
        "Educación digital en escuelas rurales (demo)",
        authority_ury,
        [working_line_tag, dimension_tag],
    )
    knowledge_services.practice_submit_for_review(actor=member_ury, practice=practice)
    return knowledge_services.practice_publish(actor=secretariat, practice=practice)


@pytest.fixture
def award(secretariat: User, practice_published: Practice) -> Award:
    return knowledge_services.award_grant(
        actor=secretariat,
        practice=practice_published,
        year=2024,
        category=Award.Category.EXCELLENCE,
        titles={"es": "Premio excelencia 2024 (demo)", "en": "Excellence award 2024 (demo)"},
    )


@pytest.fixture
def practice_published_bra(
    member_bra: User, secretariat: User, brazil: Country, authority_bra: Institution
) -> Practice:
    practice = _practice(member_bra, brazil, "Gov.br identidade (demo)", authority_bra, [])
    knowledge_services.practice_submit_for_review(actor=member_bra, practice=practice)
    return knowledge_services.practice_publish(actor=secretariat, practice=practice)


@pytest.fixture
def software_participa(secretariat: User) -> SoftwareEntry:
    entry = knowledge_services.software_import_publiccode(
        actor=secretariat, text=publiccode_text("participa.yml"), is_demo=True
    ).instance
    return knowledge_services.software_publish(actor=secretariat, entry=entry)


@pytest.fixture
def software_regional(secretariat: User, software_participa: SoftwareEntry) -> SoftwareEntry:
    entry = knowledge_services.software_import_publiccode(
        actor=secretariat, text=publiccode_text("participa-caribe.yml"), is_demo=True
    ).instance
    return knowledge_services.software_publish(actor=secretariat, entry=entry)


@pytest.fixture
def software_draft_ury(member_ury: User) -> SoftwareEntry:
    return knowledge_services.software_import_publiccode(
        actor=member_ury, text=publiccode_text("firma-digital-movil.yml"), is_demo=True
    ).instance


@pytest.fixture
def dataset_budget(secretariat: User) -> OpenDataSet:
    return knowledge_services.dataset_create(
        actor=secretariat,
        slug="budget",
        order=1,
        names={"es": "Presupuesto", "pt": "Orçamento", "en": "Budget", "fr": "Budget"},
        descriptions={
            "es": "Presupuesto aprobado y ejecutado.",
            "en": "Approved and executed budget.",
        },
    )


@pytest.fixture
def dataset_procurement(secretariat: User) -> OpenDataSet:
    return knowledge_services.dataset_create(
        actor=secretariat,
        slug="public-procurement",
        order=2,
        names={
            "es": "Compras públicas",
            "pt": "Compras públicas",
            "en": "Public procurement",
            "fr": "Marchés publics",
        },
    )


@pytest.fixture
def datasets(dataset_budget: OpenDataSet, dataset_procurement: OpenDataSet) -> list[OpenDataSet]:
    return [dataset_budget, dataset_procurement]


@pytest.fixture
def status_ury_budget(
    member_ury: User, uruguay: Country, dataset_budget: OpenDataSet
) -> DatasetStatus:
    return knowledge_services.dataset_status_update(
        actor=member_ury,
        dataset=dataset_budget,
        country=uruguay,
        data={
            "published": True,
            "url": "https://catalogodatos.example.org/presupuesto",
            "format": "CSV",
            "licence": "CC-BY-4.0",
            "update_frequency": "yearly",
            "machine_readable": True,
            "last_checked": datetime.date(2025, 3, 1),
        },
    )


@pytest.fixture
def assessment_ury(member_ury: User, uruguay: Country) -> MaturityResult:
    return knowledge_services.maturity_submit(
        actor=member_ury, country=uruguay, answers=MATURITY_ANSWERS, year=2025
    )
