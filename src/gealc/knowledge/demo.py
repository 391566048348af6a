"""Demo knowledge hub: practices, public software, the common open-data sets with every
country's status, and open-data maturity self-assessments.

Everything is fictional, generated deterministically (the same on every machine), titled
"(demo)" and flagged ``is_demo``; it goes through the real services and sends no e-mail
(no replication request is made). Loading twice writes nothing: each part is skipped when
its demo rows exist.
"""

from __future__ import annotations

import datetime
import hashlib
from importlib import resources

import yaml
from django.contrib.auth.models import User
from django.utils.text import slugify

from gealc.core.demo_loading import DemoAccount
from gealc.knowledge import maturity, services
from gealc.knowledge.models import (
    Award,
    DatasetStatus,
    MaturityAssessment,
    OpenDataSet,
    Practice,
    SoftwareEntry,
    Tag,
)
from gealc.knowledge.services import LinkInput, MetricInput
from gealc.network.models import Country

WORKING_LINES = {
    "digital-identity": (
        "Identidad digital",
        "Identidade digital",
        "Digital identity",
        "Identité numérique",
    ),
    "interoperability": (
        "Interoperabilidad",
        "Interoperabilidade",
        "Interoperability",
        "Interopérabilité",
    ),
    "open-data": ("Datos abiertos", "Dados abertos", "Open data", "Données ouvertes"),
    "digital-services": (
        "Servicios digitales",
        "Serviços digitais",
        "Digital services",
        "Services numériques",
    ),
    "cybersecurity": ("Ciberseguridad", "Cibersegurança", "Cybersecurity", "Cybersécurité"),
    "digital-inclusion": (
        "Inclusión digital",
        "Inclusão digital",
        "Digital inclusion",
        "Inclusion numérique",
    ),
}
DIMENSIONS = {
    "services": ("Servicios en línea", "Serviços online", "Online services", "Services en ligne"),
    "institutions": ("Institucionalidad", "Institucionalidade", "Institutions", "Institutions"),
    "infrastructure": ("Infraestructura", "Infraestrutura", "Infrastructure", "Infrastructure"),
    "skills": ("Capacidades", "Capacidades", "Skills", "Compétences"),
}
CODES = ("es", "pt", "en", "fr")

# (country, Spanish title, English title, working line, dimension, start year, end year)
PRACTICES = [
    (
        "URY",
        "Firma digital en el teléfono",
        "Digital signature on the phone",
        "digital-identity",
        "services",
        2019,
        2023,
    ),
    (
        "BRA",
        "Portal único de servicios gov.br",
        "The gov.br single services portal",
        "digital-services",
        "services",
        2019,
        2024,
    ),
    (
        "CHL",
        "ClaveÚnica para todos los trámites",
        "One login for every procedure",
        "digital-identity",
        "institutions",
        2018,
        2022,
    ),
    (
        "MEX",
        "Compras públicas abiertas",
        "Open public procurement",
        "open-data",
        "institutions",
        2020,
        2024,
    ),
    (
        "COL",
        "Interoperabilidad con X-Road",
        "Interoperability with X-Road",
        "interoperability",
        "infrastructure",
        2017,
        2021,
    ),
    (
        "ARG",
        "Mi Argentina en la mano",
        "Citizen app for everyone",
        "digital-services",
        "services",
        2018,
        2023,
    ),
    (
        "PER",
        "Facilitadores digitales en zonas rurales",
        "Digital helpers in rural areas",
        "digital-inclusion",
        "skills",
        2021,
        2024,
    ),
    (
        "CRI",
        "Centro nacional de respuesta a incidentes",
        "National incident response centre",
        "cybersecurity",
        "infrastructure",
        2019,
        2022,
    ),
    (
        "PAN",
        "Panamá Digital: trámites sin papel",
        "Paperless procedures",
        "digital-services",
        "services",
        2020,
        2023,
    ),
    (
        "DOM",
        "Datos abiertos del presupuesto",
        "Open budget data",
        "open-data",
        "institutions",
        2021,
        2024,
    ),
    (
        "JAM",
        "Registro de empresas en un día",
        "One-day business registration",
        "digital-services",
        "services",
        2019,
        2021,
    ),
    (
        "ECU",
        "Historia clínica electrónica",
        "Electronic health records",
        "interoperability",
        "services",
        2020,
        2025,
    ),
    (
        "PRY",
        "Academia de habilidades digitales",
        "Digital skills academy",
        "digital-inclusion",
        "skills",
        2022,
        2025,
    ),
    (
        "GTM",
        "Catálogo nacional de trámites",
        "National catalogue of procedures",
        "open-data",
        "institutions",
        2021,
        2023,
    ),
    ("SLV", "Nube de gobierno", "Government cloud", "cybersecurity", "infrastructure", 2022, 2025),
]
IN_REVIEW = ("PRY", "SLV")
DRAFT = ("GTM",)
AWARDS = [
    ("URY", 2023, Award.Category.EXCELLENCE),
    ("BRA", 2024, Award.Category.EXCELLENCE),
    ("PER", 2024, Award.Category.INCLUSION),
    ("MEX", 2022, Award.Category.OPEN_GOVERNMENT),
    ("COL", 2021, Award.Category.COOPERATION),
]

SOFTWARE_FILES = [
    "participa.yml",
    "participa-caribe.yml",
    "firma-digital-movil.yml",
    "datos-abiertos-ckan.yml",
]
# Further entries written in the same shape: (name, category, type, licence, status, countries)
GENERATED_SOFTWARE = [
    (
        "Agenda de turnos (demo)",
        "appointment-scheduling",
        "standalone/web",
        "GPL-3.0-or-later",
        "stable",
        "CRI",
    ),
    (
        "Pasarela de pagos (demo)",
        "payment-gateway",
        "standalone/backend",
        "Apache-2.0",
        "beta",
        "PAN",
    ),
    (
        "Bus de interoperabilidad (demo)",
        "application-development",
        "standalone/backend",
        "MIT",
        "stable",
        "COL",
    ),
    (
        "Mesa de ayuda ciudadana (demo)",
        "help-desk",
        "standalone/web",
        "EUPL-1.2",
        "development",
        "DOM",
    ),
]
SOFTWARE_COUNTRY = {"firma-digital-movil.yml": "URY", "datos-abiertos-ckan.yml": "URY"}
USAGES = {
    "participa.yml": [
        ("ESP", "maintains"),
        ("MEX", "uses"),
        ("BRA", "uses"),
        ("COL", "uses"),
        ("URY", "uses"),
    ],
    "participa-caribe.yml": [("JAM", "adapted"), ("TTO", "maintains"), ("BRB", "uses")],
    "firma-digital-movil.yml": [("URY", "maintains"), ("PRY", "uses")],
    "datos-abiertos-ckan.yml": [
        ("URY", "maintains"),
        ("CHL", "uses"),
        ("PER", "uses"),
        ("DOM", "uses"),
    ],
}

DATASETS = [
    ("budget", ("Presupuesto", "Orçamento", "Budget", "Budget")),
    (
        "public-procurement",
        ("Compras públicas", "Compras públicas", "Public procurement", "Marchés publics"),
    ),
    (
        "public-officials",
        (
            "Directorio de funcionarios públicos",
            "Diretório de servidores públicos",
            "Directory of public officials",
            "Annuaire des agents publics",
        ),
    ),
    (
        "public-services",
        (
            "Catálogo de trámites y servicios",
            "Catálogo de serviços públicos",
            "Public services catalogue",
            "Catalogue des services publics",
        ),
    ),
    (
        "public-salaries",
        (
            "Salarios del sector público",
            "Salários do setor público",
            "Public-sector salaries",
            "Salaires du secteur public",
        ),
    ),
    (
        "company-register",
        (
            "Registro de empresas",
            "Registro de empresas",
            "Company register",
            "Registre des entreprises",
        ),
    ),
    (
        "access-to-information",
        (
            "Solicitudes de acceso a la información",
            "Pedidos de acesso à informação",
            "Access-to-information requests",
            "Demandes d'accès à l'information",
        ),
    ),
]
FORMATS = ("CSV", "JSON", "XLSX", "PDF", "CSV")
LICENCES = ("CC-BY-4.0", "CC0-1.0", "ODbL-1.0", "CC-BY-4.0")
FREQUENCIES = ("monthly", "quarterly", "yearly", "irregular")
MATURITY_YEAR = 2025
MATURITY_COUNTRIES = 20


def load() -> list[DemoAccount]:
    admin = User.objects.get(username="admin")
    tags = _tags(admin)
    countries = {c.iso3: c for c in Country.objects.all()}
    if not Practice.objects.filter(is_demo=True).exists():
        _practices(admin, tags, countries)
    if not SoftwareEntry.objects.filter(is_demo=True).exists():
        _software(admin, countries)
    _datasets(admin, countries)
    if not MaturityAssessment.objects.filter(is_demo=True).exists():
        _maturity(admin, countries)
    return []


def _number(*parts: str) -> int:
    """A stable pseudo-random number from the parts (the same on every run)."""
    return int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:8], 16)


def _tags(admin: User) -> dict[str, Tag]:
    tags: dict[str, Tag] = {}
    for kind, table in ((Tag.Kind.WORKING_LINE, WORKING_LINES), (Tag.Kind.DIMENSION, DIMENSIONS)):
        for order, (slug, names) in enumerate(table.items()):
            existing = Tag.objects.filter(kind=kind, slug=slug).first()
            tags[slug] = existing or services.tag_create(
                actor=admin,
                kind=kind,
                slug=slug,
                order=order,
                names=dict(zip(CODES, names, strict=True)),
            )
    return tags


def _practice_texts(title_es: str, title_en: str, country: Country) -> dict[str, object]:
    name = country.name_es or country.name
    return {
        "title_es": f"{title_es} (demo)",
        "title_en": f"{title_en} (demo)",
        "summary_es": f"Práctica de demostración de {name}: {title_es.lower()}.",
        "summary_en": f"Demo practice of {country.name_en or name}: {title_en.lower()}.",
        "problem_es": "Las personas tenían que acudir varias veces a oficinas distintas y "
        "los datos no circulaban entre instituciones.",
        "problem_en": "People had to visit several offices and data did not flow between "
        "institutions.",
        "solution_es": f"{title_es}, con estándares abiertos y diseño centrado en las personas.",
        "solution_en": f"{title_en}, built on open standards with user-centred design.",
        "results_es": "Menos tiempo, menos costo y más confianza (cifras de demostración).",
        "results_en": "Less time, lower cost and more trust (demo figures).",
        "replication_conditions_es": "Un marco legal habilitante, identidad digital y un "
        "equipo estable.",
        "replication_conditions_en": "An enabling legal framework, digital identity and a "
        "stable team.",
        "technologies": ["PostgreSQL", "Python", "X-Road"][: 1 + _number(name) % 3],
    }


def _practices(admin: User, tags: dict[str, Tag], countries: dict[str, Country]) -> None:
    secretariat = User.objects.get(username="secretariat")
    by_country: dict[str, Practice] = {}
    for iso3, title_es, title_en, line, dimension, start, end in PRACTICES:
        country = countries.get(iso3)
        if country is None:
            continue
        seed = _number(iso3, title_es)
        data = _practice_texts(title_es, title_en, country) | {
            "start_date": datetime.date(start, 1 + seed % 12, 1),
            "end_date": datetime.date(end, 12, 31),
            "cost_amount": str(50000 + seed % 950000),
            "cost_currency": "USD",
        }
        authority = country.institutions.filter(is_national_authority=True).first()
        practice = services.practice_propose(
            actor=admin,
            country=country,
            data=data,
            tags=[tags[line], tags[dimension]],
            institutions=[authority] if authority else [],
            metrics=[
                MetricInput("Trámites en línea (demo)", str(40 + seed % 55), "%", end),
                MetricInput("Personas usuarias (demo)", str(10000 + seed % 900000), "", end),
            ],
            links=[
                LinkInput("Sitio del proyecto (demo)", f"https://{slugify(title_en)}.example.org")
            ],
            is_demo=True,
        )
        if iso3 not in DRAFT:
            services.practice_submit_for_review(actor=admin, practice=practice)
        if iso3 not in DRAFT + IN_REVIEW:
            services.practice_publish(
                actor=secretariat, practice=practice, reason="Demo: reviewed."
            )
        by_country[iso3] = practice
    for iso3, year, category in AWARDS:
        if iso3 in by_country:
            label = Award.Category(category).label
            services.award_grant(
                actor=secretariat,
                practice=by_country[iso3],
                year=year,
                category=category,
                titles={
                    "es": f"Premio de la red {year}: {label} (demo)",
                    "en": f"Network award {year}: {label} (demo)",
                },
                is_demo=True,
            )


def _generated_publiccode(name: str, category: str, kind: str, licence: str, status: str) -> str:
    long_es = (
        f"{name} es un software público de demostración que varios países de la red "
        "desarrollan juntos; se publica aquí para mostrar el catálogo, los usos por país "
        "y la exportación en formato publiccode.yml."
    )
    document = {
        "publiccodeYmlVersion": "0.4",
        "name": name,
        "url": f"https://git.example.org/demo/{slugify(name)}",
        "softwareVersion": "1.0.0",
        "releaseDate": "2025-01-15",
        "platforms": ["web", "linux"],
        "categories": [category],
        "developmentStatus": status,
        "softwareType": kind,
        "description": {
            "es": {
                "shortDescription": f"{name}: software público de la red.",
                "longDescription": long_es,
                "features": ["Código abierto", "Multilingüe"],
            }
        },
        "legal": {"license": licence, "mainCopyrightOwner": "Red de demostración"},
        "maintenance": {
            "type": "community",
            "contacts": [{"name": "Comunidad (demo)", "email": "comunidad@example.org"}],
        },
        "localisation": {"localisationReady": True, "availableLanguages": ["es", "en"]},
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def _software(admin: User, countries: dict[str, Country]) -> None:
    folder = resources.files("gealc.knowledge").joinpath("data/publiccode")
    for name in SOFTWARE_FILES:
        entry = services.software_import_publiccode(
            actor=admin,
            text=folder.joinpath(name).read_text(encoding="utf-8"),
            country=countries.get(SOFTWARE_COUNTRY.get(name, "")),
            is_demo=True,
        ).instance
        services.software_publish(actor=admin, entry=entry)
        for iso3, relation in USAGES.get(name, []):
            if iso3 in countries:
                services.software_usage_set(
                    actor=admin,
                    entry=entry,
                    country=countries[iso3],
                    relation=relation,
                    is_demo=True,
                )
    for name, category, kind, licence, status, iso3 in GENERATED_SOFTWARE:
        entry = services.software_import_publiccode(
            actor=admin,
            text=_generated_publiccode(name, category, kind, licence, status),
            country=countries.get(iso3),
            is_demo=True,
        ).instance
        services.software_publish(actor=admin, entry=entry)
        if iso3 in countries:
            services.software_usage_set(
                actor=admin,
                entry=entry,
                country=countries[iso3],
                relation="maintains",
                is_demo=True,
            )


def _datasets(admin: User, countries: dict[str, Country]) -> None:
    for order, (slug, names) in enumerate(DATASETS, start=1):
        dataset = OpenDataSet.objects.filter(slug=slug).first()
        if dataset is None:
            dataset = services.dataset_create(
                actor=admin,
                slug=slug,
                order=order,
                is_demo=True,
                names={code: f"{name} (demo)" for code, name in zip(CODES, names, strict=True)},
                descriptions={
                    "es": f"Conjunto común acordado por el grupo de datos abiertos: "
                    f"{names[0].lower()}.",
                    "en": f"Common data set agreed by the open-data group: {names[2].lower()}.",
                },
            )
        done = set(
            DatasetStatus.objects.filter(dataset=dataset).values_list("country__iso3", flat=True)
        )
        for iso3, country in countries.items():
            if iso3 not in done and country.membership == Country.Membership.MEMBER:
                _status(admin, dataset, country)


def _status(admin: User, dataset: OpenDataSet, country: Country) -> None:
    seed = _number(country.iso3, dataset.slug)
    published = seed % 100 < 70 - 5 * dataset.order
    data: dict[str, object] = {"published": published, "notes": "Demo status."}
    if published:
        file_format = FORMATS[seed % len(FORMATS)]
        data |= {
            "url": f"https://datos.{country.iso3.lower()}.example.org/{dataset.slug}",
            "format": file_format,
            "licence": LICENCES[seed % len(LICENCES)],
            "update_frequency": FREQUENCIES[seed % len(FREQUENCIES)],
            "machine_readable": file_format != "PDF",
            "last_checked": datetime.date(2025, 1 + seed % 9, 1 + seed % 28),
        }
    services.dataset_status_update(
        actor=admin, dataset=dataset, country=country, data=data, is_demo=True
    )


def _maturity(admin: User, countries: dict[str, Country]) -> None:
    members = sorted(
        iso3 for iso3, c in countries.items() if c.membership == Country.Membership.MEMBER
    )
    for iso3 in members[:MATURITY_COUNTRIES]:
        level = _number(iso3, "maturity") % 3
        answers = {
            q.key: min(3, max(0, level + (_number(iso3, q.key) % 3) - 1))
            for q in maturity.questions()
        }
        services.maturity_submit(
            actor=admin, country=countries[iso3], answers=answers, year=MATURITY_YEAR, is_demo=True
        )
