"""Demo network: the real member countries with fictional institutions, people, appointments
and governance mandates (2019 to 2025), and the six demo accounts.

Everything is written by the network's services, as the demo administrator, so the demo
passes the same checks as data typed in. Idempotent: every row is looked up by a natural key
and a service is called only for what differs, so a second load changes nothing (not even the
history). Everything fictional has ``is_demo=True``; countries and the partner organisations'
names are real reference data.
"""

import datetime
import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction

from gealc.core.demo_loading import DemoAccount
from gealc.network import services
from gealc.network.models import (
    LANGUAGE_CODES,
    Appointment,
    Country,
    GovernanceBody,
    Institution,
    Mandate,
    Organisation,
    Person,
)
from gealc.network.rules import REVIEWER, SECRETARIAT, STAKEHOLDER

ModelT = TypeVar("ModelT", bound=models.Model)
PASSWORD = "demo-password"
FIRST_TERM = datetime.date(2019, 3, 1)
Role = Appointment.Role

# Fictional changes of government: the old team ends the day before, a new one starts.
TRANSITIONS = {
    "ARG": datetime.date(2023, 12, 10),
    "COL": datetime.date(2022, 8, 7),
    "GTM": datetime.date(2024, 1, 14),
}

GIVEN_NAMES = {
    "es": ["Ana", "Carlos", "Lucía", "Jorge", "María", "Andrés", "Sofía", "Martín", "Valeria"],
    "pt": ["João", "Mariana", "Rafael", "Beatriz", "Tiago", "Camila", "Gustavo", "Lívia"],
    "en": ["Alicia", "Brandon", "Claudette", "Desmond", "Keisha", "Marcus", "Natalie", "Trevor"],
    "fr": ["Jean", "Marie", "Pierre", "Nadège", "Ricardo", "Fabienne", "Wilner", "Esther"],
}
FAMILY_NAMES = {
    "es": ["Gómez", "Rodríguez", "Fernández", "Núñez", "Martínez", "Peña", "Ibáñez", "Rojas"],
    "pt": ["Silva", "Souza", "Oliveira", "Conceição", "Araújo", "Gonçalves", "Brandão"],
    "en": ["Campbell", "Williams", "Joseph", "Thompson", "Baptiste", "Charles", "Greene"],
    "fr": ["Pierre-Louis", "Jean-Baptiste", "Étienne", "Désir", "Augustin", "Célestin"],
}
LANGUAGE_OF = {"BRA": "pt", "PRT": "pt", "HTI": "fr"} | dict.fromkeys(
    ["ATG", "BHS", "BRB", "BLZ", "DMA", "GRD", "GUY", "JAM", "KNA", "LCA", "VCT", "SUR", "TTO"],
    "en",
)
AUTHORITY_NAMES = {
    "es": "Agencia de Gobierno Digital — {name} (demo)",
    "pt": "Agência de Governo Digital — {name} (demo)",
    "en": "Digital Government Agency — {name} (demo)",
    "fr": "Agence du gouvernement numérique — {name} (démo)",
}


@transaction.atomic
def load() -> list[DemoAccount]:
    countries = load_countries()
    users = {spec.username: _user(spec) for spec in ACCOUNTS}
    admin = users["admin"]
    authorities = {iso3: _authority(admin, country) for iso3, country in countries.items()}
    for iso3, authority in authorities.items():
        _government(admin, authority, LANGUAGE_OF.get(iso3, "es"))
    organisations = _organisations(admin, countries)
    accounts = _accounts(admin, users, authorities, organisations)
    _governance(admin, countries, organisations)
    return accounts


def _ensure(
    model: type[ModelT],
    lookup: dict[str, Any],
    values: dict[str, Any],
    create: Callable[[], ModelT],
    update: Callable[[ModelT, dict[str, Any]], ModelT],
) -> ModelT:
    """The row with this natural key: ``create`` makes it when missing, then ``update`` gets
    the ``values`` it does not hold yet, if any (so a second load writes nothing)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = create()
    changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
    return update(instance, changed) if changed else instance


def load_countries() -> dict[str, Country]:
    """The real member and observer countries from ``data/countries.csv`` (ISO 3166-1),
    through the same service as ``gealc manage network_load``, without its authorities: the
    demo gives every country a fictional one (``_authority``)."""
    return services.countries_load(with_authorities=False).countries


def _translations(field: str, template: dict[str, str], country: Country) -> dict[str, str]:
    values = {
        f"{field}_{code}": text.format(name=getattr(country, f"name_{code}"))
        for code, text in template.items()
    }
    return values | {field: values[f"{field}_es"]}


def _authority(admin: User, country: Country) -> Institution:
    names = _translations("name", AUTHORITY_NAMES, country)
    values = names | {
        "acronym": "AGD",
        "kind": Institution.Kind.DIGITAL_GOVERNMENT_AUTHORITY,
        "website": f"https://agd-{country.iso3.lower()}.example.org",
    }
    return _ensure(
        Institution,
        {"country": country, "is_national_authority": True},
        values,
        create=lambda: services.institution_create(
            actor=admin,
            country=country,
            name=names["name"],
            acronym=values["acronym"],
            kind=values["kind"],
            website=values["website"],
            is_national_authority=True,
            is_demo=True,
        ),
        update=lambda institution, changed: services.institution_update(
            actor=admin, institution=institution, expected_version=institution.version, data=changed
        ),
    )


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-"))


@dataclass(frozen=True)
class FictionalName:
    given: str
    family: str

    def email(self, country: Country, tag: str) -> str:
        local = _ascii(f"{self.given}.{self.family}.{tag}")
        return f"{local}.{country.iso3.lower()}@example.org"


def _names(country: Country, language: str) -> list[FictionalName]:
    """Eight distinct fictional names per country, the same on every load (seeded)."""
    generator = random.Random(f"gealc-demo-{country.iso3}")
    given = generator.sample(GIVEN_NAMES[language], k=len(GIVEN_NAMES[language]))
    family = generator.sample(FAMILY_NAMES[language], k=len(FAMILY_NAMES[language]))
    return [FictionalName(given[i % len(given)], family[(i * 3) % len(family)]) for i in range(8)]


def _person(admin: User, name: FictionalName, email: str, **values: Any) -> Person:
    return _ensure(
        Person,
        {"email": email},
        {"given_name": name.given, "family_name": name.family} | values,
        create=lambda: services.person_create(
            actor=admin, given_name=name.given, family_name=name.family, email=email, is_demo=True
        ),
        update=lambda person, changed: services.person_update(
            actor=admin, person=person, data=changed
        ),
    )


def _appoint(
    admin: User,
    person: Person,
    authority: Institution,
    role: str,
    start: datetime.date,
    end: datetime.date | None = None,
    end_reason: str = "",
) -> Appointment:
    """An appointment from ``start``, ended on ``end`` when given. Appointments only end, once:
    one another loader or a user has ended meanwhile (a change of government) stays so."""
    return _ensure(
        Appointment,
        {"person": person, "institution": authority, "role": role, "start": start},
        {"end": end} if end else {},
        create=lambda: services.appointment_start(
            actor=admin,
            person=person,
            institution=authority,
            role=role,
            start=start,
            working_line="measurement" if role == Role.FOCAL_POINT else "",
            is_demo=True,
        ),
        update=lambda appointment, _changed: (
            appointment
            if appointment.end
            else services.appointment_end(
                actor=admin, appointment=appointment, end=end, reason=end_reason
            )
        ),
    )


def _government(admin: User, authority: Institution, language: str) -> None:
    """Head, delegate, alternate and focal point since 2019; after a change of government
    (``TRANSITIONS``) the first team has ended and a second one serves."""
    country = authority.country
    names = _names(country, language)
    roles = [Role.HEAD_OF_AUTHORITY, Role.DELEGATE, Role.ALTERNATE, Role.FOCAL_POINT]
    change = TRANSITIONS.get(country.iso3)
    for index, role in enumerate(roles):
        name = names[index]
        person = _person(
            admin,
            name,
            name.email(country, "1"),
            public_profile=role == Role.HEAD_OF_AUTHORITY,
            languages=[language],
        )
        if change is None:
            _appoint(admin, person, authority, role, FIRST_TERM)
            continue
        ended = change - datetime.timedelta(days=1)
        _appoint(admin, person, authority, role, FIRST_TERM, ended, "Change of government")
        successor = names[index + 4]
        new_person = _person(admin, successor, successor.email(country, "2"), languages=[language])
        _appoint(admin, new_person, authority, role, change)


# A key, the acronym and the name in es, pt, en and fr (an acronym follows its language: the
# OAS is the OEA in Spanish, Portuguese and French), the kind.
PARTNERS = [
    (
        "IDB",
        ("BID", "BID", "IDB", "BID"),
        (
            "Banco Interamericano de Desarrollo",
            "Banco Interamericano de Desenvolvimento",
            "Inter-American Development Bank",
            "Banque interaméricaine de développement",
        ),
        "donor",
    ),
    (
        "OAS",
        ("OEA", "OEA", "OAS", "OEA"),
        (
            "Organización de los Estados Americanos",
            "Organização dos Estados Americanos",
            "Organization of American States",
            "Organisation des États américains",
        ),
        "multilateral",
    ),
]
FICTIONAL_ORGANISATIONS = [
    (
        "OCD",
        ("OCD", "OCD", "CDO", "OCN"),
        (
            "Observatorio Ciudadano Digital (demo)",
            "Observatório Cidadão Digital (demo)",
            "Citizens' Digital Observatory (demo)",
            "Observatoire citoyen du numérique (démo)",
        ),
        "civil_society",
    ),
    (
        "URGA",
        ("URGA", "URGA", "RUOG", "URGO"),
        (
            "Universidad Regional de Gobierno Abierto (demo)",
            "Universidade Regional de Governo Aberto (demo)",
            "Regional University of Open Government (demo)",
            "Université régionale du gouvernement ouvert (démo)",
        ),
        "academia",
    ),
    (
        "TCSA",
        ("TCSA", "TCSA", "CTL", "TCSA"),
        (
            "Tecnologías Cívicas S.A. (demo)",
            "Tecnologias Cívicas S.A. (demo)",
            "Civic Technologies Ltd. (demo)",
            "Technologies civiques SA (démo)",
        ),
        "private_sector",
    ),
    (
        "CDA",
        ("CDA", "CDA", "ODC", "CDO"),
        (
            "Comunidad de Datos Abiertos (demo)",
            "Comunidade de Dados Abertos (demo)",
            "Open Data Community (demo)",
            "Communauté des données ouvertes (démo)",
        ),
        "technical_community",
    ),
]


def _per_language(field: str, texts: tuple[str, ...]) -> dict[str, str]:
    """``("OEA", "OEA", "OAS", "OEA")`` → ``{"acronym_es": "OEA", …}`` (es, pt, en, fr)."""
    return {f"{field}_{code}": text for code, text in zip(LANGUAGE_CODES, texts, strict=True)}


def _organisation(admin: User, texts: dict[str, str], kind: str, is_demo: bool) -> Organisation:
    """Found by its Spanish name (its acronym in each language is among what may change)."""
    return _ensure(
        Organisation,
        {"name_es": texts["name_es"]},
        texts | {"kind": kind},
        create=lambda: services.organisation_create(
            actor=admin,
            name=texts["name_es"],
            kind=kind,
            acronym=texts["acronym_es"],
            is_demo=is_demo,
        ),
        update=lambda organisation, changed: services.organisation_update(
            actor=admin, organisation=organisation, data=changed
        ),
    )


def _organisations(admin: User, countries: dict[str, Country]) -> dict[str, Organisation]:
    organisations = {}
    for is_demo, rows in ((False, PARTNERS), (True, FICTIONAL_ORGANISATIONS)):
        for key, acronyms, names, kind in rows:
            texts = _per_language("acronym", acronyms) | _per_language("name", names)
            organisations[key] = _organisation(admin, texts, kind, is_demo)
    observatory, where = organisations["OCD"], {countries["URY"], countries["CHL"]}
    if set(observatory.countries.all()) != where:
        services.organisation_update(
            actor=admin, organisation=observatory, data={}, countries=where
        )
    return organisations


@dataclass(frozen=True)
class AccountSpec:
    username: str
    role: str
    description: str
    group: str | None = None
    superuser: bool = False


ACCOUNTS = [
    AccountSpec(
        "admin", "administrator", "Administrator: everything, with the admin site.", superuser=True
    ),
    AccountSpec(
        "secretariat",
        "secretariat",
        "Technical secretariat: edits every country, manages governance.",
        SECRETARIAT,
    ),
    AccountSpec(
        "reviewer",
        "reviewer",
        "Reviewer of the measurement working group, from Chile (its focal point).",
        REVIEWER,
    ),
    AccountSpec(
        "delegate-ury",
        "country member",
        "Delegate of Uruguay: keeps Uruguay's entries current, nothing else.",
    ),
    AccountSpec(
        "focal-bra",
        "country member",
        "Focal point of Brazil for measurement: edits Brazil's entries only.",
    ),
    AccountSpec(
        "stakeholder",
        "stakeholder",
        "Member of a civil-society organisation: reads and comments.",
        STAKEHOLDER,
    ),
]


def _user(spec: AccountSpec) -> User:
    """The account; its role (a group) is granted in ``_accounts``, by the administrator."""
    return services.demo_account_ensure(
        username=spec.username,
        email=f"{spec.username}@example.org",
        password=PASSWORD,
        superuser=spec.superuser,
    )


def _serving(authority: Institution, role: str) -> Person:
    return Appointment.objects.current().get(institution=authority, role=role).person


def _accounts(
    admin: User,
    users: dict[str, User],
    authorities: dict[str, Institution],
    organisations: dict[str, Organisation],
) -> list[DemoAccount]:
    for spec in ACCOUNTS:
        if spec.group:
            services.role_grant(actor=admin, user=users[spec.username], role=spec.group)
    people = {
        "reviewer": _serving(authorities["CHL"], Role.FOCAL_POINT),
        "delegate-ury": _serving(authorities["URY"], Role.DELEGATE),
        "focal-bra": _serving(authorities["BRA"], Role.FOCAL_POINT),
        "secretariat": _person(
            admin,
            FictionalName("Elena", "Secretaría"),
            "secretariat.demo@example.org",
            biography="Technical secretariat of the network (demo contact).",
        ),
        "stakeholder": _person(
            admin,
            FictionalName("Pablo", "Sociedad"),
            "stakeholder.demo@example.org",
            biography=f"Member of the {organisations['OCD'].name_en}.",
        ),
    }
    for username, person in people.items():
        if person.user_id != users[username].pk:
            services.person_update(actor=admin, person=person, data={"user": users[username]})
    return [DemoAccount(spec.username, PASSWORD, spec.role, spec.description) for spec in ACCOUNTS]


BODIES = [
    (
        "members_assembly",
        "Asamblea de miembros",
        "Assembleia de membros",
        "Members' Assembly",
        "Assemblée des membres",
    ),
    (
        "executive_committee",
        "Comité Ejecutivo",
        "Comitê Executivo",
        "Executive Committee",
        "Comité exécutif",
    ),
    ("presidency", "Presidencia", "Presidência", "Presidency", "Présidence"),
    (
        "technical_secretariat",
        "Secretaría Técnica",
        "Secretaria Técnica",
        "Technical Secretariat",
        "Secrétariat technique",
    ),
]
# Fictional two-year terms: who presided, and who sat on the executive committee (the first
# country as vice-president).
TERMS = [
    datetime.date(2019, 3, 1),
    datetime.date(2021, 3, 1),
    datetime.date(2023, 3, 1),
    datetime.date(2025, 3, 1),
]
PRESIDENCIES = ["URY", "CHL", "MEX", "BRA"]
COMMITTEES = [
    ["ARG", "CRI", "JAM", "PER"],
    ["COL", "DOM", "PAN", "TTO"],
    ["URY", "ECU", "HND", "BRB"],
    ["CHL", "GTM", "PRY", "LCA"],
]


def _bodies(admin: User) -> dict[str, GovernanceBody]:
    bodies = {}
    for position, (code, *names) in enumerate(BODIES, start=1):
        translated = dict(zip(("name_es", "name_pt", "name_en", "name_fr"), names, strict=True))
        values = translated | {"position": position}
        bodies[code] = _ensure(
            GovernanceBody,
            {"code": code},
            values,
            create=lambda code=code, values=values: services.governance_body_create(
                actor=admin, code=code, data=values
            ),
            update=lambda body, changed: services.governance_body_update(
                actor=admin, body=body, data=changed
            ),
        )
    return bodies


def _mandate(
    admin: User, body: GovernanceBody, seat: str, start: datetime.date, **holder: Any
) -> Mandate:
    """A mandate from ``start`` (``holder``: country or organisation, person, end); like an
    appointment it only ends, once."""
    end = holder.pop("end", None)
    person = holder.pop("person", None)
    lookup = {"body": body, "seat": seat, "start": start} | {
        "country": holder.get("country"),
        "organisation": holder.get("organisation"),
    }
    return _ensure(
        Mandate,
        lookup,
        {"end": end} if end else {},
        create=lambda: services.mandate_start(
            actor=admin,
            body=body,
            seat=seat,
            start=start,
            end=end,
            person=person,
            is_demo=True,
            **holder,
        ),
        update=lambda mandate, _changed: (
            mandate if mandate.end else services.mandate_end(actor=admin, mandate=mandate, end=end)
        ),
    )


def _term_end(index: int) -> datetime.date | None:
    if index + 1 == len(TERMS):
        return None
    return TERMS[index + 1] - datetime.timedelta(days=1)


def _head_on(country: Country, day: datetime.date) -> Person | None:
    appointment = (
        Appointment.objects.current(day)
        .filter(institution__country=country, role=Role.HEAD_OF_AUTHORITY)
        .first()
    )
    return appointment.person if appointment else None


def _governance(
    admin: User, countries: dict[str, Country], organisations: dict[str, Organisation]
) -> None:
    bodies = _bodies(admin)
    for country in countries.values():
        if country.membership == Country.Membership.MEMBER:
            _mandate(
                admin, bodies["members_assembly"], Mandate.Seat.MEMBER, TERMS[0], country=country
            )
    for index, start in enumerate(TERMS):
        end = _term_end(index)
        president = countries[PRESIDENCIES[index]]
        _mandate(
            admin,
            bodies["presidency"],
            Mandate.Seat.PRESIDENT,
            start,
            country=president,
            end=end,
            person=_head_on(president, start),
        )
        for position, iso3 in enumerate(COMMITTEES[index]):
            seat = Mandate.Seat.VICE_PRESIDENT if position == 0 else Mandate.Seat.MEMBER
            _mandate(
                admin,
                bodies["executive_committee"],
                seat,
                start,
                country=countries[iso3],
                end=end,
                person=_head_on(countries[iso3], start),
            )
    _mandate(
        admin,
        bodies["technical_secretariat"],
        Mandate.Seat.SECRETARIAT,
        TERMS[0],
        organisation=organisations["OAS"],
        person=Person.objects.get(email="secretariat.demo@example.org"),
    )
